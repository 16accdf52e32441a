// Offline evaluation of the recommendation models on a purchase log.
// `npm run eval:recs -- --help` lists the options.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { trainEase, easeNeighbours } from "../app/services/recommendations/core/ease";
import { productFamilies } from "../app/services/recommendations/core/families";
import { trainItemKnn } from "../app/services/recommendations/core/itemknn";
import { timeSplit, type EvalSplit } from "../app/services/recommendations/core/metrics";
import type { NeighbourLists } from "../app/services/recommendations/core/neighbours";
import { recommendPopular, trainPopularity } from "../app/services/recommendations/core/popularity";
import type { InteractionEvent, Interactions } from "../app/services/recommendations/core/types";
import {
  catalogProducts,
  DEFAULT_PARAMS,
  EASE_MAX_ITEMS,
  evaluateRanked,
  NEIGHBOUR_LENGTH,
  rankModelOf,
  trainLists,
  trainingInputOf,
  tuneParams,
  type CatalogItem,
  type ModelParams,
  type Tuning,
} from "../app/services/recommendations/pipeline";
import { NO_RULES, type RankModel, type RankRules } from "../app/services/recommendations/serve";
import { OrderImportError } from "../app/services/recommendations/import/order-lines-csv";
import { parseOrderDate } from "../app/services/recommendations/import/order-dates";
import { loadRetailLog } from "./lib/online-retail";
import { generateStore } from "./lib/synthetic-store";

const repo = path.resolve(import.meta.dirname, "..");
const HELP = `Usage: npm run eval:recs -- [options]

Trains each model on purchases before --split-date and scores it on every
customer's later purchases (full ranking over the catalog, items the customer
already bought excluded). Every model's list comes from the ranking function
the storefront serves with (app/services/recommendations/serve.ts rank), with
the default shop settings. The shipped model's parameters are tuned on the
last 30 days before the split (the values chosen are written as
shipped_params). Prints a side-by-side table and writes JSON.

  --file <path>            order-lines CSV, plain or .gz
                           (default: <repo>/../shared/data/online-retail.csv.gz)
  --generate <shape>       instead of a file: a generated store, "taste" or
                           "trend" (bench/lib/synthetic-store.ts, fixed seed)
  --products <n>           generated store: products (default 3000)
  --lines <n>              generated store: order lines (default 200000)
  --order-col <name>       order / invoice column            (default InvoiceNo)
  --customer-col <name>    customer column                   (default CustomerID)
  --product-col <name>     product column                    (default StockCode)
  --date-col <name>        order date column                 (default InvoiceDate)
  --quantity-col <name>    quantity column                   (default Quantity)
  --title-col <name>       product title column, for content (default Description)
  --split-date <date>      train before, test from this date (default 2011-11-09;
                           generated stores: their last 30 days)
  --end-date <date>        ignore purchases from this date on
  --k <list>               cut-offs                           (default 10,20)
  --models <list>          popularity,recent_popularity,itemknn,ease,shipped (default)
  --params <json>          fixed shipped parameters instead of tuning, e.g. '{"trendWeight":0.2}'
  --out <path>             JSON results        (default bench/results/eval-recs.json)
  --limit-users <n>        score only the first n test customers (quick runs)
  -h, --help               this text
`;

function fail(message: string): never {
  process.stderr.write(`eval:recs: ${message}\n`);
  process.exit(1);
}

const { values: args } = parseArgs({
  options: {
    file: { type: "string", default: path.resolve(repo, "..", "shared", "data", "online-retail.csv.gz") },
    generate: { type: "string" },
    products: { type: "string", default: "3000" },
    lines: { type: "string", default: "200000" },
    "order-col": { type: "string", default: "InvoiceNo" },
    "customer-col": { type: "string", default: "CustomerID" },
    "product-col": { type: "string", default: "StockCode" },
    "date-col": { type: "string", default: "InvoiceDate" },
    "quantity-col": { type: "string", default: "Quantity" },
    "title-col": { type: "string", default: "Description" },
    "split-date": { type: "string" },
    "end-date": { type: "string" },
    k: { type: "string", default: "10,20" },
    models: { type: "string", default: "popularity,recent_popularity,itemknn,ease,shipped" },
    params: { type: "string" },
    out: { type: "string", default: "bench/results/eval-recs.json" },
    "limit-users": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
  strict: true,
});

if (args.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const ks = args.k.split(",").map((s) => Number(s.trim()));
if (ks.some((k) => !Number.isInteger(k) || k < 1 || k > 50)) fail(`--k must be a list of integers from 1 to 50, got ${args.k}`);
const KNOWN = ["popularity", "recent_popularity", "itemknn", "ease", "shipped"];
const models = args.models
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
for (const m of models) if (!KNOWN.includes(m)) fail(`unknown model ${m}; choose from ${KNOWN.join(", ")}`);
let fixedParams: ModelParams | undefined;
if (args.params) {
  try {
    fixedParams = { ...DEFAULT_PARAMS, ...(JSON.parse(args.params) as Partial<ModelParams>) };
  } catch {
    fail(`--params is not JSON: ${args.params}`);
  }
}
const limitUsers = args["limit-users"] === undefined ? undefined : Number(args["limit-users"]);
if (limitUsers !== undefined && !(limitUsers > 0)) fail(`--limit-users must be a positive number`);
const endTime = args["end-date"] === undefined ? Number.POSITIVE_INFINITY : parseOrderDate(args["end-date"]);
if (endTime === null) fail(`--end-date ${JSON.stringify(args["end-date"])} is not a date`);

const t0 = performance.now();
let dataset: string;
let catalogItems: CatalogItem[];
let allEvents: InteractionEvent[];
let splitTime: number;
if (args.generate) {
  if (args.generate !== "taste" && args.generate !== "trend") fail(`--generate must be "taste" or "trend"`);
  const store = generateStore({ products: Number(args.products), lines: Number(args.lines), shape: args.generate });
  dataset = `generated:${args.generate}:${args.products}x${args.lines}`;
  catalogItems = store.catalog;
  allEvents = store.events;
  splitTime = args["split-date"] ? (parseOrderDate(args["split-date"]) ?? fail("--split-date is not a date")) : store.end - 30 * 86_400_000;
  process.stdout.write(`${dataset}: ${store.catalog.length} products, ${store.events.length} order lines\n`);
} else {
  const file = path.resolve(args.file);
  if (!existsSync(file)) fail(`no such file: ${file}\nPass --file <path> to an order-lines CSV (plain or .gz).`);
  let log;
  try {
    log = await loadRetailLog(file, {
      order: args["order-col"],
      customer: args["customer-col"],
      product: args["product-col"],
      date: args["date-col"],
      quantity: args["quantity-col"],
      title: args["title-col"],
    });
  } catch (error) {
    if (error instanceof OrderImportError) fail(`${path.basename(file)}: ${error.message}`);
    throw error;
  }
  dataset = path.basename(file);
  catalogItems = log.catalog.map((id) => ({ id, text: { title: log.titles.get(id) ?? id }, groups: [] }));
  allEvents = log.events;
  splitTime = parseOrderDate(args["split-date"] ?? "2011-11-09") ?? fail(`--split-date ${JSON.stringify(args["split-date"])} is not a date`);
  const { counts } = log.report;
  process.stdout.write(
    `${dataset}: ${log.report.records} lines read; ${log.events.length} purchase lines kept (skipped: ${counts.cancelled ?? 0} cancellations, ` +
      `${counts.non_positive_quantity ?? 0} quantity <= 0, ${log.dropped.noCustomer} without customer, ${log.dropped.nonProduct} non-product codes; ` +
      `rejected: ${log.report.rejected.length})\n`,
  );
}
const events = allEvents.filter((e) => (e.timestamp as number) < endTime);
const loadSeconds = (performance.now() - t0) / 1000;
const input = trainingInputOf(catalogItems, events);
const split: EvalSplit = timeSplit(input.events, splitTime);
const train: Interactions = split.train;
const catalog = catalogProducts(catalogItems);
const rules: RankRules = NO_RULES;
process.stdout.write(
  `loaded in ${loadSeconds.toFixed(1)} s; split ${new Date(splitTime).toISOString().slice(0, 10)}: ${train.nUsers} train customers, ` +
    `${train.nItems} items, ${train.nBaskets} train orders; ${split.users.length} test customers\n\n`,
);

interface ModelResult {
  metrics: Record<string, number>;
  train_seconds: number;
  eval_seconds: number;
}
const results: Record<string, ModelResult> = {};
const key = (i: number) => train.items.keys[i];

// The catalog's product families, as training finds them: every model is
// served with them, so a shop's "one per family" setting applies to the
// baselines' lists as it does to the shipped model's.
const servedFamilies = (() => {
  const byId = new Map(catalogItems.map((c) => [c.id, c]));
  const families = new Map<string, string>();
  productFamilies(
    train.items.keys.map((id) => {
      const c = byId.get(id);
      return { title: c?.text.title ?? id, handle: c?.handle, productType: c?.text.productType };
    }),
  ).forEach((f, i) => {
    if (f !== undefined) families.set(key(i), key(f));
  });
  return families;
})();

/** A model that is only neighbour lists (item-kNN, EASE), ranked by the served function with no trend term. */
function neighboursModel(lists: NeighbourLists): RankModel {
  const neighbours = new Map<string, [string, number][]>();
  for (let i = 0; i < lists.nItems; i++) {
    const row: [string, number][] = [];
    for (let p = lists.ptr[i]; p < lists.ptr[i + 1]; p++) row.push([key(lists.neighbours[p]), lists.similarity[p]]);
    if (row.length) neighbours.set(key(i), row);
  }
  const popular = recommendPopular(trainPopularity(train, { halfLifeDays: Number.POSITIVE_INFINITY }), 200).map((s): [string, number] => [
    key(s.item),
    s.score,
  ]);
  return {
    catalog,
    lists: { bought_together: new Map(), similar: new Map(), neighbours, trending: [], popular, recent: [] },
    families: servedFamilies,
    params: { trendWeight: 0, halfLifeDays: Number.POSITIVE_INFINITY, diversity: 0 },
  };
}

function popularityModel(halfLifeDays: number): RankModel {
  const popular = recommendPopular(trainPopularity(train, { halfLifeDays }), 200).map((s): [string, number] => [key(s.item), s.score]);
  return {
    catalog,
    lists: { bought_together: new Map(), similar: new Map(), neighbours: new Map(), trending: [], popular, recent: popular },
    families: servedFamilies,
    params: { trendWeight: 1, halfLifeDays: Number.POSITIVE_INFINITY, diversity: 0 },
  };
}

async function run(name: string, trainModel: () => RankModel | Promise<RankModel>) {
  const t = performance.now();
  const model = await trainModel();
  const trainSeconds = (performance.now() - t) / 1000;
  const r = evaluateRanked(model, split, rules, { ks, limitUsers });
  results[name] = { metrics: r.metrics, train_seconds: round(trainSeconds, 2), eval_seconds: round(r.seconds, 2) };
  process.stdout.write(`  ${name.padEnd(18)} trained in ${trainSeconds.toFixed(2)} s, scored ${r.users} customers in ${r.seconds.toFixed(2)} s\n`);
}

let tuning: Tuning | null = null;
for (const name of models) {
  switch (name) {
    case "popularity":
      await run(name, () => popularityModel(Number.POSITIVE_INFINITY));
      break;
    case "recent_popularity": {
      // The popularity model's own recency weighting, half-life chosen on the
      // same validation days the shipped model tunes on (14 or 30 days).
      const validation = timeSplit(input.events, splitTime - 30 * 86_400_000, { end: splitTime });
      let best = 30;
      let bestRecall = -1;
      for (const days of [14, 30]) {
        const popular = recommendPopular(trainPopularity(validation.train, { halfLifeDays: days }), 200).map((s): [string, number] => [
          validation.train.items.keys[s.item],
          s.score,
        ]);
        const m: RankModel = {
          catalog,
          lists: { bought_together: new Map(), similar: new Map(), neighbours: new Map(), trending: [], popular, recent: popular },
          families: servedFamilies,
          params: { trendWeight: 1, halfLifeDays: Number.POSITIVE_INFINITY, diversity: 0 },
        };
        const recall = evaluateRanked(m, validation, rules, { ks: [20] }).metrics["recall@20"];
        if (recall > bestRecall) [best, bestRecall] = [days, recall];
      }
      await run(name, () => popularityModel(best));
      break;
    }
    case "itemknn":
      await run(name, () => neighboursModel(trainItemKnn(train, { k: NEIGHBOUR_LENGTH }).lists));
      break;
    case "ease":
      await run(name, () => neighboursModel(easeNeighbours(trainEase(train, { lambda: 300, maxItems: EASE_MAX_ITEMS }), 100)));
      break;
    case "shipped":
      await run(name, async () => {
        tuning = fixedParams ? null : await tuneParams(input, rules, { end: splitTime });
        const params = fixedParams ?? tuning!.chosen;
        if (tuning) process.stdout.write(`  tuning: ${tuning.note}\n  chosen ${JSON.stringify(params)}\n`);
        return rankModelOf(await trainLists(train, catalogItems, params), catalog, params);
      });
      break;
  }
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

// Side-by-side table.
const columns = [...ks.map((k) => `recall@${k}`), ...ks.map((k) => `ndcg@${k}`), ...ks.map((k) => `hr@${k}`), "coverage"];
const header = ["model".padEnd(18), ...columns.map((c) => c.padStart(10)), "train s".padStart(9)].join(" ");
process.stdout.write(`\n${header}\n${"-".repeat(header.length)}\n`);
for (const [name, r] of Object.entries(results)) {
  process.stdout.write(
    [name.padEnd(18), ...columns.map((c) => (r.metrics[c] ?? 0).toFixed(4).padStart(10)), r.train_seconds.toFixed(2).padStart(9)].join(" ") + "\n",
  );
}

const finalTuning = tuning as Tuning | null;
const json = {
  dataset,
  split: {
    date: new Date(splitTime).toISOString().slice(0, 10),
    end: args["end-date"] ?? null,
    protocol:
      "train before date; test = train-known customers' later purchases; lists from serve.ts rank (home page, default shop settings); bought items excluded",
  },
  users: Math.min(split.users.length, limitUsers ?? Number.POSITIVE_INFINITY),
  items: train.nItems,
  models: Object.fromEntries(
    Object.entries(results).map(([name, r]) => [
      name,
      { ...Object.fromEntries(Object.entries(r.metrics).map(([k, v]) => [k, round(v)])), train_seconds: r.train_seconds, eval_seconds: r.eval_seconds },
    ]),
  ),
  shipped_params: fixedParams ?? finalTuning?.chosen ?? null,
  shipped_tuning: finalTuning
    ? { status: finalTuning.status, note: finalTuning.note, validation_users: finalTuning.validationUsers, trials: finalTuning.trials }
    : null,
};
const out = path.resolve(repo, args.out);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(json, null, 2) + "\n");
process.stdout.write(`\nwrote ${path.relative(process.cwd(), out)}\n`);
