// One scale run of the recommendations training (bench/recs-scale.ts), in its
// own process so its peak memory is its own: a generated store of --products
// products and --lines order lines (fixed seed), streamed into the
// interaction matrix, the live model's lists trained on it, then personal
// requests ranked from the lists with their CPU time measured. Prints one
// JSON line.
import { parseArgs } from "node:util";
import { interactionsOf } from "../app/services/recommendations/core/interactions";
import { catalogProducts, DEFAULT_PARAMS, historyOf, precomputeLists, rankModelOf, trainLists } from "../app/services/recommendations/pipeline";
import { NO_RULES, rank } from "../app/services/recommendations/serve";
import { generateStoreLog, rng } from "./lib/synthetic-store";

const { values } = parseArgs({ options: { products: { type: "string" }, lines: { type: "string" }, requests: { type: "string", default: "2000" } } });
const products = Number(values.products);
const lines = Number(values.lines);
const requests = Number(values.requests);
if (!(products > 0) || !(lines > 0)) throw new Error("--products and --lines must be positive numbers");
/**
 * Requests ranked before the measured ones. A storefront process has served
 * many requests before: during its first few hundred, V8 compiles and
 * re-optimises the ranking code on background threads (about 300 ms of CPU,
 * once per process), which process.cpuUsage, counting every thread, would
 * charge to those requests.
 */
const WARM_UP = 1_000;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** Trains, measures what training holds, and hands serving only what a storefront process holds. */
async function train() {
  const started = performance.now();
  const { store, log } = generateStoreLog({ products, lines, shape: "taste", seed: 11 });
  const generatedSeconds = (performance.now() - started) / 1000;
  const t = performance.now();
  const data = interactionsOf(log);
  const lists = await trainLists(data, store.catalog, DEFAULT_PARAMS);
  const rows = precomputeLists({ lists });
  const trainSeconds = (performance.now() - t) / 1000;
  // What the trained model and its data hold once training's scratch space is
  // collected (with --expose-gc): the figure that must grow linearly.
  gc();
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

  // Random customers' histories, taken before training's data is let go.
  const random = rng(5);
  const histories = Array.from({ length: WARM_UP + requests }, () => historyOf(data, Math.floor(random() * data.nUsers)));
  return {
    model: rankModelOf(lists, catalogProducts(store.catalog), DEFAULT_PARAMS),
    histories,
    stats: {
      lines: data.nEvents,
      customers: data.nUsers,
      generate_seconds: Math.round(generatedSeconds * 100) / 100,
      end: store.end,
      train_seconds: Math.round(trainSeconds * 100) / 100,
      retained_mb: Math.round(retainedMb * 10) / 10,
      list_rows: rows.length,
      products_with_buyers: withBuyers,
      with_collaborative_neighbours: withNeighbours,
      parts_seconds: Object.fromEntries(Object.entries(lists.timings).map(([k, v]) => [k, Math.round(v * 100) / 100])),
    },
  };
}

// Personal requests, ranked as the storefront does. A storefront process holds
// the live model's served lists, not training's data, counts and rows (those
// live in the worker), so those are collected first: a major collection of a
// training-sized heap inside a measured request would be the worker's cost,
// not serving's. The first requests warm the ranking code up and are not counted.
const { model, histories, stats } = await train();
gc();
const now = stats.end;
const cpu: number[] = [];
histories.forEach((history, n) => {
  const before = process.cpuUsage();
  rank(model, { context: "home", strategy: "auto", limit: 8, history, now }, NO_RULES);
  const used = process.cpuUsage(before);
  if (n >= WARM_UP) cpu.push((used.user + used.system) / 1000);
});
cpu.sort((a, b) => a - b);
const pct = (p: number) => cpu[Math.min(cpu.length - 1, Math.floor((p / 100) * cpu.length))];

console.log(
  JSON.stringify({
    products,
    lines: stats.lines,
    customers: stats.customers,
    generate_seconds: stats.generate_seconds,
    train_seconds: stats.train_seconds,
    peak_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    retained_mb: stats.retained_mb,
    serve_cpu_ms_p50: Math.round(pct(50) * 1000) / 1000,
    serve_cpu_ms_p99: Math.round(pct(99) * 1000) / 1000,
    list_rows: stats.list_rows,
    products_with_buyers: stats.products_with_buyers,
    with_collaborative_neighbours: stats.with_collaborative_neighbours,
    parts_seconds: stats.parts_seconds,
  }),
);
