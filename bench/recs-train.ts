// One training run on a share of the Online Retail history, in its own
// process so its peak memory is its own. Used by bench/recs.ts; prints one
// JSON line.
import path from "node:path";
import { parseArgs } from "node:util";
import { loadRetailLog, ONLINE_RETAIL_COLUMNS } from "./lib/online-retail";
import { precomputeLists, trainRecommendationModel, trainingInputOf, type CatalogItem } from "../app/services/recommendations/pipeline";

const { values } = parseArgs({ options: { fraction: { type: "string", default: "1" }, file: { type: "string" } } });
const fraction = Number(values.fraction);
const file = values.file ?? path.resolve(import.meta.dirname, "..", "..", "shared", "data", "online-retail.csv.gz");

const log = await loadRetailLog(file, ONLINE_RETAIL_COLUMNS);
const events = [...log.events].sort((a, b) => +a.timestamp - +b.timestamp);
const kept = events.slice(0, Math.round(events.length * fraction));
const catalog: CatalogItem[] = log.catalog.map((id) => ({ id, text: { title: log.titles.get(id) ?? id }, groups: [] }));

const started = performance.now();
const trained = await trainRecommendationModel(trainingInputOf(catalog, kept));
const lists = precomputeLists(trained);
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    fraction,
    seconds: Math.round(seconds * 100) / 100,
    peak_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    events: kept.length,
    customers: trained.data.nUsers,
    items: trained.data.nItems,
    lists: lists.length,
    model_timings: trained.lists.timings,
    params: trained.tuning.chosen,
    holdout_recall20: trained.evaluation?.shipped["recall@20"] ?? null,
  }),
);
