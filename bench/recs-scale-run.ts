// One scale run of the recommendations training (bench/recs-scale.ts), in its
// own process so its peak memory is its own: a generated store of --products
// products and --lines order lines (fixed seed), streamed into the
// interaction matrix, the live model's lists trained on it, then personal
// requests ranked from the lists with their CPU time measured. Prints one
// JSON line.
import { parseArgs } from "node:util";
import { InteractionsBuilder } from "../app/services/recommendations/core/interactions";
import { catalogProducts, DEFAULT_PARAMS, historyOf, precomputeLists, rankModelOf, trainLists } from "../app/services/recommendations/pipeline";
import { NO_RULES, rank } from "../app/services/recommendations/serve";
import { generateStore, rng } from "./lib/synthetic-store";

const { values } = parseArgs({ options: { products: { type: "string" }, lines: { type: "string" }, requests: { type: "string", default: "2000" } } });
const products = Number(values.products);
const lines = Number(values.lines);
if (!(products > 0) || !(lines > 0)) throw new Error("--products and --lines must be positive numbers");

const started = performance.now();
const builder = new InteractionsBuilder();
const store = generateStore({
  products,
  lines,
  shape: "taste",
  seed: 11,
  onEvent: (userKey, itemKey, timestamp, basketKey) => builder.add({ userKey, itemKey, timestamp, basketKey }),
});
for (const c of store.catalog) builder.addItem(c.id); // products nobody bought keep their place
const generatedSeconds = (performance.now() - started) / 1000;

const t = performance.now();
const data = builder.build();
const lists = await trainLists(data, store.catalog, DEFAULT_PARAMS);
const rows = precomputeLists({ lists });
const trainSeconds = (performance.now() - t) / 1000;
// What the trained model and its data hold once training's scratch space is
// collected (with --expose-gc): the figure that must grow linearly.
(globalThis as { gc?: () => void }).gc?.();
const memory = process.memoryUsage();
const retainedMb = (memory.heapUsed + memory.arrayBuffers) / 1024 ** 2;

// Every product with buyers has collaborative neighbours (EASE or item-kNN), not only EASE's share.
let withBuyers = 0;
let withNeighbours = 0;
const buyers = new Uint8Array(data.nItems);
for (let p = 0; p < data.userItems.length; p++) buyers[data.userItems[p]] = 1;
for (let i = 0; i < data.nItems; i++) {
  if (!buyers[i]) continue;
  withBuyers++;
  if (lists.neighbours.has(data.items.keys[i])) withNeighbours++;
}

// Personal requests: random customers' histories, ranked as the storefront does.
const model = rankModelOf(lists, catalogProducts(store.catalog), DEFAULT_PARAMS);
const random = rng(5);
const cpu: number[] = [];
const now = store.end;
for (let n = 0; n < Number(values.requests); n++) {
  const u = Math.floor(random() * data.nUsers);
  const history = historyOf(data, u);
  const before = process.cpuUsage();
  rank(model, { context: "home", strategy: "auto", limit: 8, history, now }, NO_RULES);
  const used = process.cpuUsage(before);
  cpu.push((used.user + used.system) / 1000);
}
cpu.sort((a, b) => a - b);
const pct = (p: number) => cpu[Math.min(cpu.length - 1, Math.floor((p / 100) * cpu.length))];

console.log(
  JSON.stringify({
    products,
    lines: data.nEvents,
    customers: data.nUsers,
    generate_seconds: Math.round(generatedSeconds * 100) / 100,
    train_seconds: Math.round(trainSeconds * 100) / 100,
    peak_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    retained_mb: Math.round(retainedMb * 10) / 10,
    serve_cpu_ms_p50: Math.round(pct(50) * 1000) / 1000,
    serve_cpu_ms_p99: Math.round(pct(99) * 1000) / 1000,
    list_rows: rows.length,
    products_with_buyers: withBuyers,
    with_collaborative_neighbours: withNeighbours,
    parts_seconds: Object.fromEntries(Object.entries(lists.timings).map(([k, v]) => [k, Math.round(v * 100) / 100])),
  }),
);
