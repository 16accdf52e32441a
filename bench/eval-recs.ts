// Offline evaluation of the recommendation models on a purchase log.
// `npm run eval:recs -- --help` lists the options.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { recommendContent, trainContent, type ContentParams, type ProductText } from "../app/services/recommendations/core/content";
import { complementsForCart, trainCopurchase, type CopurchaseParams } from "../app/services/recommendations/core/copurchase";
import { easeNeighbours, recommendEase, trainEase, type EaseParams } from "../app/services/recommendations/core/ease";
import {
  purchaseHistoryOfUser,
  recommendForCustomer,
  recommendFromLists,
  servingLists,
  trainHybrid,
  type BlendParams,
} from "../app/services/recommendations/core/hybrid";
import { buildInteractions, profileOfUser } from "../app/services/recommendations/core/interactions";
import { recommendItemKnn, trainItemKnn, type ItemKnnParams } from "../app/services/recommendations/core/itemknn";
import { scoreThroughNeighbours } from "../app/services/recommendations/core/neighbours";
import { evaluate, timeSplit, type EvalSplit, type RankingFunction } from "../app/services/recommendations/core/metrics";
import { recommendPopular, trainPopularity, type PopularityParams } from "../app/services/recommendations/core/popularity";
import type { Interactions } from "../app/services/recommendations/core/types";
import { OrderImportError } from "../app/services/recommendations/import/order-lines-csv";
import { parseOrderDate } from "../app/services/recommendations/import/order-dates";
import { loadRetailLog } from "./lib/online-retail";

const repo = path.resolve(import.meta.dirname, "..");
const HELP = `Usage: npm run eval:recs -- [options]

Trains each model on purchases before --split-date and scores it on every
customer's later purchases (full ranking over the catalog, items the customer
already bought excluded). Prints a side-by-side table and writes JSON.

  --file <path>            order-lines CSV, plain or .gz
                           (default: <repo>/../shared/data/online-retail.csv.gz)
  --order-col <name>       order / invoice column            (default InvoiceNo)
  --customer-col <name>    customer column                   (default CustomerID)
  --product-col <name>     product column                    (default StockCode)
  --date-col <name>        order date column                 (default InvoiceDate)
  --quantity-col <name>    quantity column                   (default Quantity)
  --title-col <name>       product title column, for content (default Description)
  --split-date <date>      train before, test from this date (default 2011-11-09)
  --end-date <date>        ignore purchases from this date on (for a validation
                           split, e.g. --split-date 2011-10-09 --end-date 2011-11-09)
  --k <list>               cut-offs                           (default 10,20)
  --models <list>          popularity,itemknn,ease,shipped (default); also
                           copurchase, content, ease_lists (EASE truncated to
                           --ease-list-length weights per item, as stored lists),
                           shipped_lists (the shipped blend served from such lists)
  --out <path>             JSON results        (default bench/results/eval-recs.json)
  --ease-lambda <n>        EASE lambda (default 300)
  --ease-items <n>         EASE item cap (default 2500)
  --ease-list-length <n>   weights kept per item by ease_lists (default 100)
  --blend <json>           overrides of the shipped blend, e.g. '{"trendWeight":0.2}'
  --params <json>          model parameters, e.g. '{"itemknn":{"k":200},"copurchase":{"alpha":0.7}}'
                           (keys: ease, itemknn, copurchase, content, popularity)
  --limit-users <n>        score only the first n test customers (quick runs)
  --no-full-train          skip timing a training run on the full history
  -h, --help               this text
`;

function fail(message: string): never {
  process.stderr.write(`eval:recs: ${message}\n`);
  process.exit(1);
}

const { values: args } = parseArgs({
  options: {
    file: { type: "string", default: path.resolve(repo, "..", "shared", "data", "online-retail.csv.gz") },
    "order-col": { type: "string", default: "InvoiceNo" },
    "customer-col": { type: "string", default: "CustomerID" },
    "product-col": { type: "string", default: "StockCode" },
    "date-col": { type: "string", default: "InvoiceDate" },
    "quantity-col": { type: "string", default: "Quantity" },
    "title-col": { type: "string", default: "Description" },
    "split-date": { type: "string", default: "2011-11-09" },
    "end-date": { type: "string" },
    k: { type: "string", default: "10,20" },
    models: { type: "string", default: "popularity,itemknn,ease,shipped" },
    out: { type: "string", default: "bench/results/eval-recs.json" },
    "ease-lambda": { type: "string", default: "300" },
    "ease-items": { type: "string", default: "2500" },
    "ease-list-length": { type: "string", default: "100" },
    blend: { type: "string" },
    params: { type: "string" },
    "limit-users": { type: "string" },
    "no-full-train": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
  strict: true,
});

if (args.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const file = path.resolve(args.file);
if (!existsSync(file)) fail(`no such file: ${file}\nPass --file <path> to an order-lines CSV (plain or .gz).`);
const splitTime = parseOrderDate(args["split-date"]);
if (splitTime === null) fail(`--split-date ${JSON.stringify(args["split-date"])} is not a date`);
const endTime = args["end-date"] === undefined ? Number.POSITIVE_INFINITY : parseOrderDate(args["end-date"]);
if (endTime === null) fail(`--end-date ${JSON.stringify(args["end-date"])} is not a date`);
const ks = args.k.split(",").map((s) => Number(s.trim()));
if (ks.some((k) => !Number.isInteger(k) || k < 1)) fail(`--k must be a list of positive integers, got ${args.k}`);
const KNOWN = ["popularity", "itemknn", "ease", "shipped", "copurchase", "content", "ease_lists", "shipped_lists"];
const models = args.models
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
for (const m of models) if (!KNOWN.includes(m)) fail(`unknown model ${m}; choose from ${KNOWN.join(", ")}`);
const easeParams: EaseParams = { lambda: Number(args["ease-lambda"]), maxItems: Number(args["ease-items"]) };
let blend: Partial<BlendParams> = {};
if (args.blend) {
  try {
    blend = JSON.parse(args.blend) as Partial<BlendParams>;
  } catch {
    fail(`--blend is not JSON: ${args.blend}`);
  }
}
interface ModelParams {
  ease?: EaseParams;
  itemknn?: ItemKnnParams;
  copurchase?: CopurchaseParams;
  content?: ContentParams;
  popularity?: PopularityParams;
}
let modelParams: ModelParams = {};
if (args.params) {
  try {
    modelParams = JSON.parse(args.params) as ModelParams;
  } catch {
    fail(`--params is not JSON: ${args.params}`);
  }
}
Object.assign(easeParams, modelParams.ease);
const easeListLength = Number(args["ease-list-length"]);
const limitUsers = args["limit-users"] === undefined ? undefined : Number(args["limit-users"]);

const t0 = performance.now();
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
const events = log.events.filter((e) => (e.timestamp as number) < endTime);
const loadSeconds = (performance.now() - t0) / 1000;
const split: EvalSplit = timeSplit(events, splitTime, { catalog: log.catalog });
const train: Interactions = split.train;
const products: ProductText[] = train.items.keys.map((key) => ({ title: log.titles.get(key) ?? key }));

const { counts } = log.report;
process.stdout.write(
  `${path.basename(file)}: ${log.report.records} lines read in ${loadSeconds.toFixed(1)} s; ` +
    `${events.length} purchase lines kept (skipped: ${counts.cancelled ?? 0} cancellations, ${counts.non_positive_quantity ?? 0} quantity <= 0, ` +
    `${log.dropped.noCustomer} without customer, ${log.dropped.nonProduct} non-product codes; rejected: ${log.report.rejected.length})\n` +
    `split ${args["split-date"]}${args["end-date"] ? ` .. ${args["end-date"]}` : ""}: ${train.nUsers} train customers, ` +
    `${train.nItems} items, ${train.nBaskets} train orders; ${split.users.length} test customers\n\n`,
);

interface ModelResult {
  metrics: Record<string, number>;
  train_seconds: number;
  eval_seconds: number;
}
const results: Record<string, ModelResult> = {};
const history = (u: number) => purchaseHistoryOfUser(train, u);

function run(name: string, trainModel: () => RankingFunction): void {
  const t = performance.now();
  const rank = trainModel();
  const trainSeconds = (performance.now() - t) / 1000;
  const r = evaluate(rank, split, { ks, limitUsers });
  results[name] = { metrics: r.metrics, train_seconds: round(trainSeconds, 2), eval_seconds: round(r.seconds, 2) };
  process.stdout.write(`  ${name.padEnd(14)} trained in ${trainSeconds.toFixed(2)} s, scored ${r.users} customers in ${r.seconds.toFixed(2)} s\n`);
}

for (const name of models) {
  switch (name) {
    case "popularity":
      run(name, () => {
        const m = trainPopularity(train, { halfLifeDays: Number.POSITIVE_INFINITY, ...modelParams.popularity });
        return (_u, k, exclude) => recommendPopular(m, k, { exclude });
      });
      break;
    case "itemknn":
      run(name, () => {
        const m = trainItemKnn(train, modelParams.itemknn);
        return (u, k, exclude) => recommendItemKnn(m, profileOfUser(train, u), k, exclude);
      });
      break;
    case "ease":
      run(name, () => {
        const m = trainEase(train, easeParams);
        return (u, k, exclude) => recommendEase(m, profileOfUser(train, u), k, exclude);
      });
      break;
    case "shipped_lists":
      run(name, () => {
        const lists = servingLists(trainHybrid(train, { products }, { ...modelParams, ease: easeParams, blend }), easeListLength);
        return (u, k, exclude) => recommendFromLists(lists, history(u), k, { exclude, now: splitTime });
      });
      break;
    case "ease_lists":
      run(name, () => {
        const lists = easeNeighbours(trainEase(train, easeParams), easeListLength);
        return (u, k, exclude) => scoreThroughNeighbours(lists, profileOfUser(train, u), k, exclude, "ease");
      });
      break;
    case "copurchase":
      run(name, () => {
        const m = trainCopurchase(train, modelParams.copurchase);
        return (u, k, exclude) => complementsForCart(m, history(u).items, k, exclude);
      });
      break;
    case "content":
      run(name, () => {
        const m = trainContent(products, modelParams.content);
        return (u, k, exclude) => recommendContent(m, profileOfUser(train, u), k, exclude);
      });
      break;
    case "shipped":
      run(name, () => {
        const m = trainHybrid(train, { products }, { ...modelParams, ease: easeParams, blend });
        return (u, k, exclude) => recommendForCustomer(m, history(u), k, { exclude, now: splitTime });
      });
      break;
  }
}

// Training the shipped model on the whole history, as the nightly job does.
let fullHistory: Record<string, unknown> | undefined;
if (!args["no-full-train"] && models.includes("shipped")) {
  const all = buildInteractions(events, { items: log.catalog });
  const allProducts = all.items.keys.map((key) => ({ title: log.titles.get(key) ?? key }));
  const t = performance.now();
  const m = trainHybrid(all, { products: allProducts }, { ...modelParams, ease: easeParams, blend });
  const seconds = (performance.now() - t) / 1000;
  const rssMb = process.memoryUsage().rss / 1024 ** 2;
  fullHistory = {
    users: all.nUsers,
    items: all.nItems,
    orders: all.nBaskets,
    train_seconds: round(seconds, 2),
    parts_seconds: Object.fromEntries(Object.entries(m.timings).map(([k, v]) => [k, round(v, 2)])),
    ease_items: m.ease.n,
    ease_weights_mb: round(m.ease.stats.bytes / 1024 ** 2, 1),
    rss_mb: Math.round(rssMb),
  };
  process.stdout.write(
    `\nshipped model on the full history (${all.nUsers} customers, ${all.nItems} items): trained in ${seconds.toFixed(2)} s ` +
      `(${Object.entries(m.timings)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(", ")}); ` +
      `EASE over ${m.ease.n} items, B ${(m.ease.stats.bytes / 1024 ** 2).toFixed(0)} MB; process RSS ${rssMb.toFixed(0)} MB\n`,
  );
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

// Side-by-side table.
const columns = [...ks.map((k) => `recall@${k}`), ...ks.map((k) => `ndcg@${k}`), ...ks.map((k) => `hr@${k}`), "coverage"];
const header = ["model".padEnd(14), ...columns.map((c) => c.padStart(10)), "train s".padStart(9)].join(" ");
process.stdout.write(`\n${header}\n${"-".repeat(header.length)}\n`);
for (const [name, r] of Object.entries(results)) {
  process.stdout.write(
    [name.padEnd(14), ...columns.map((c) => (r.metrics[c] ?? 0).toFixed(4).padStart(10)), r.train_seconds.toFixed(2).padStart(9)].join(" ") + "\n",
  );
}

const json = {
  dataset: path.basename(file),
  split: {
    date: args["split-date"],
    end: args["end-date"] ?? null,
    protocol: "train before date; test = train-known customers' later purchases; full ranking; bought items excluded",
  },
  users: Math.min(split.users.length, limitUsers ?? Number.POSITIVE_INFINITY),
  items: train.nItems,
  params: { ...modelParams, ease: easeParams, blend },
  models: Object.fromEntries(
    Object.entries(results).map(([name, r]) => [
      name,
      { ...Object.fromEntries(Object.entries(r.metrics).map(([k, v]) => [k, round(v)])), train_seconds: r.train_seconds, eval_seconds: r.eval_seconds },
    ]),
  ),
  full_history: fullHistory ?? null,
};
const out = path.resolve(repo, args.out);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(json, null, 2) + "\n");
process.stdout.write(`\nwrote ${path.relative(process.cwd(), out)}\n`);
