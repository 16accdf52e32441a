// The whole training job at catalog scale (bench/recs-scale.ts), in its own
// process under the same 3,800 MB heap: what the worker runs, from an event
// log filled as the worker fills it (an event at a time, never all of them as
// objects), through tuning, the evaluation on recent purchases and the final
// lists (pipeline.ts trainRecommendationModel). The peak includes the log,
// which the worker's job holds as well. Prints one JSON line.
import { parseArgs } from "node:util";
import { trainRecommendationModel } from "../app/services/recommendations/pipeline";
import { generateStoreLog } from "./lib/synthetic-store";

const { values } = parseArgs({ options: { products: { type: "string" }, lines: { type: "string" } } });
const products = Number(values.products);
const lines = Number(values.lines);
if (!(products > 0) || !(lines > 0)) throw new Error("--products and --lines must be positive numbers");

const { store, log } = generateStoreLog({ products, lines, shape: "taste", seed: 11 });
const started = performance.now();
const trained = await trainRecommendationModel({ catalog: store.catalog, events: log });
console.log(
  JSON.stringify({
    job_seconds: Math.round((performance.now() - started) / 10) / 100,
    job_peak_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    tuning: trained.tuning.status,
    trials: trained.tuning.trials,
  }),
);
