// `npm run bench` runs every benchmark; `npm run bench -- <name> [...]` runs some.
import { benchAttribution } from "./attribution";
import { benchExtensionSize } from "./extension-size";
import { benchForecast } from "./forecast";
import { benchContent } from "./content";
import { benchRecs } from "./recs";
import { benchSentiment } from "./sentiment";
import { benchRecsScale } from "./recs-scale";
import { benchRecsUpdate } from "./recs-update";
import { benchRecsWorker } from "./recs-worker";
import { benchSync } from "./sync";
import { benchWebhooks } from "./webhooks";

const BENCHES: Record<string, () => Promise<unknown>> = {
  webhooks: benchWebhooks,
  sync: benchSync,
  recs: benchRecs,
  sentiment: benchSentiment,
  attribution: benchAttribution,
  "extension-size": benchExtensionSize,
  forecast: benchForecast,
  content: benchContent,
  "recs-scale": benchRecsScale,
  "recs-update": benchRecsUpdate,
  "recs-worker": benchRecsWorker,
};

const names = process.argv.slice(2).filter((a) => !a.startsWith("-"));
if (process.argv.includes("--help")) {
  console.log(`Usage: npm run bench [-- ${Object.keys(BENCHES).join("|")} ...]\nEach prints its figures and writes bench/results/<name>.json.`);
  process.exit(0);
}
const unknown = names.filter((n) => !BENCHES[n]);
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Known: ${Object.keys(BENCHES).join(", ")}`);
  process.exit(2);
}
let failed = false;
for (const name of names.length ? names : Object.keys(BENCHES)) {
  console.log(`\n== ${name}`);
  try {
    await BENCHES[name]();
  } catch (error) {
    failed = true;
    console.error(`${name} failed: ${error instanceof Error ? error.message : error}`);
  }
}
process.exit(failed ? 1 : 0);
