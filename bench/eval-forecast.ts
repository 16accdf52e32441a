// Backtest of the demand forecaster against the baselines merchants used.
// `npm run eval:forecast -- --help` lists the options.

import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { SHIPPED_METHODS, type MethodName } from "../app/services/forecast/core/methods";
import { demandOverDays, forecastVariant, trainForecaster } from "../app/services/forecast/core/forecaster";
import { demandSample, gainCurve, levelAtGain } from "../app/services/forecast/core/replenishment";
import { simulateOrderUpTo, tuneToFillRate, type SimulatedVariant } from "../app/services/forecast/core/simulate";
import { OrderImportError } from "../app/services/recommendations/import/order-lines-csv";
import { loadDailySales, weekdayOfEpochDay } from "./lib/daily-sales";
import { repo, round, writeResult } from "./lib/harness";

const HELP = `Usage: npm run eval:forecast -- [options]

Rolling-origin backtest: weekly origins over the last --weeks weeks of the
history, each forecasting --horizon days from the history before it. Scores
the shipped forecaster and three baselines in the same run, then replays the
same weeks with each method's reorder policy (weekly review, --lead-days lead
time), each tuned to the same --fill-rate, and compares the stock they hold.

  --file <path>          order-lines or daily-sales CSV, plain or .gz
                         (default: <repo>/../shared/data/online-retail.csv.gz)
  --product-col <name>   product / SKU column          (default StockCode)
  --date-col <name>      date column                   (default InvoiceDate)
  --quantity-col <name>  units column                  (default Quantity)
  --order-col <name>     order id column, "" for a daily-sales file
                         (default InvoiceNo; ids starting with C are cancellations)
  --price-col <name>     unit price or cost column, values stock; "" for none
                         (default UnitPrice)
  --day-first            read 01/02/2011 as 1 February
  --month-first          read 01/02/2011 as January 2
                         (default: as the file's first date that reads only one
                         way says, else month first)
  --weeks <n>            weekly origins                (default 12)
  --horizon <n>          days forecast at each origin  (default 28)
  --lead-days <n>        simulation lead time          (default 7)
  --review-days <n>      simulation review period      (default 7)
  --fill-rate <x>        fill rate each policy is tuned to (default 0.95)
  --keep-all-codes       keep fee/postage codes (POST, M, DOT, ...)
  --out <path>           JSON results (default bench/results/eval-forecast.json)
  -h, --help             this text
`;

function fail(message: string): never {
  process.stderr.write(`eval:forecast: ${message}\n`);
  process.exit(1);
}

const { values: args } = parseArgs({
  options: {
    file: { type: "string", default: path.resolve(repo, "..", "shared", "data", "online-retail.csv.gz") },
    "product-col": { type: "string", default: "StockCode" },
    "date-col": { type: "string", default: "InvoiceDate" },
    "quantity-col": { type: "string", default: "Quantity" },
    "order-col": { type: "string", default: "InvoiceNo" },
    "price-col": { type: "string", default: "UnitPrice" },
    "day-first": { type: "boolean" },
    "month-first": { type: "boolean" },
    weeks: { type: "string", default: "12" },
    horizon: { type: "string", default: "28" },
    "lead-days": { type: "string", default: "7" },
    "review-days": { type: "string", default: "7" },
    "fill-rate": { type: "string", default: "0.95" },
    "keep-all-codes": { type: "boolean", default: false },
    out: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const int = (name: string, value: string, min: number, max: number) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)}).`);
  return n;
};
const weeks = int("weeks", args.weeks, 1, 52);
const horizon = int("horizon", args.horizon, 7, 56);
const leadDays = int("lead-days", args["lead-days"], 0, 90);
const reviewDays = int("review-days", args["review-days"], 1, 28);
const targetFill = Number(args["fill-rate"]);
if (!(targetFill > 0.5 && targetFill < 1)) fail(`--fill-rate must be between 0.5 and 1 (got ${args["fill-rate"]}).`);
if (!existsSync(args.file)) fail(`no file at ${args.file} (pass --file <path>).`);

const started = Date.now();
let data;
try {
  data = await loadDailySales(
    args.file,
    {
      product: args["product-col"],
      date: args["date-col"],
      quantity: args["quantity-col"],
      order: args["order-col"] || undefined,
      price: args["price-col"] || undefined,
    },
    { dayFirst: args["day-first"] ? true : args["month-first"] ? false : undefined, keepAllCodes: args["keep-all-codes"] },
  );
} catch (error) {
  if (error instanceof OrderImportError) fail(error.message);
  throw error;
}
const { report } = data;
console.log(
  `read ${report.records} lines: ${report.accepted} sales, ${report.rejected.length ? `${Object.values(report.counts).reduce((a, b) => a + (b ?? 0), 0) - (report.counts.cancelled ?? 0) - (report.counts.non_positive_quantity ?? 0)} rejected, ` : ""}` +
    `${report.counts.cancelled ?? 0} cancellations and ${report.counts.non_positive_quantity ?? 0} returns/adjustments skipped; ` +
    `${data.products.length} products over ${data.days} days`,
);
for (const issue of report.rejected.slice(0, 3)) console.log(`  ${issue.reason}`);

const leadReview = leadDays + reviewDays;
const SAMPLE = demandSample(() => 0).length;
const lastOrigin = data.days - horizon;
const origins = Array.from({ length: weeks }, (_, k) => lastOrigin - 7 * (weeks - 1 - k));
if (origins[0] < 56)
  fail(`the history (${data.days} days) is too short for ${weeks} weekly origins with a ${horizon}-day horizon and 8 weeks of history before the first.`);

// Products that sold before the first origin: the catalog a merchant would be forecasting.
const items = data.products.map((_, i) => i).filter((i) => data.sales[i].subarray(0, origins[0]).some((v) => v > 0));
const unitValue = (i: number) => (Number.isFinite(data.unitValue[i]) ? data.unitValue[i] : 1);
console.log(`${items.length} products sold before the first origin; origins every 7 days over the last ${weeks} weeks, ${horizon}-day horizon`);

type EvalMethod = "shipped" | "moving_average_30" | "seasonal_naive" | "ses";
const METHODS: { name: EvalMethod; candidates: readonly MethodName[] }[] = [
  { name: "shipped", candidates: SHIPPED_METHODS },
  { name: "moving_average_30", candidates: ["moving_average_30"] },
  { name: "seasonal_naive", candidates: ["seasonal_naive"] },
  { name: "ses", candidates: ["ses_daily"] },
];

interface Accumulator {
  absErr: number;
  signedErr: number;
  actual: number;
  maseSum: number;
  maseCount: number;
  covered: number;
  pairs: number;
  pinball: [number, number, number];
  /** Per item, per origin: expected units per day over the horizon, and samples of (lead + review)-day and lead-time demand. */
  rate: Float64Array;
  cover: Float32Array;
  lead: Float32Array;
  chosen: Map<string, number>;
}

const actualSum = (s: Float64Array, from: number, days: number) => {
  let t = 0;
  for (let d = from; d < from + days; d++) t += s[d];
  return t;
};

const results: Record<string, unknown> = {};
const perMethod = new Map<EvalMethod, Accumulator>();
for (const method of METHODS) {
  const t0 = Date.now();
  const acc: Accumulator = {
    absErr: 0,
    signedErr: 0,
    actual: 0,
    maseSum: 0,
    maseCount: 0,
    covered: 0,
    pairs: 0,
    pinball: [0, 0, 0],
    rate: new Float64Array(items.length * weeks),
    cover: new Float32Array(items.length * weeks * SAMPLE),
    lead: new Float32Array(items.length * weeks * SAMPLE),
    chosen: new Map(),
  };
  for (let k = 0; k < weeks; k++) {
    const origin = origins[k];
    const firstWeekday = weekdayOfEpochDay(data.firstDay);
    const histories = items.map((i) => ({ sales: data.sales[i].subarray(0, origin), firstWeekday }));
    const model = trainForecaster(histories, { methods: method.candidates });
    items.forEach((item, j) => {
      const f = forecastVariant(model, histories[j], { horizon });
      acc.chosen.set(f.method, (acc.chosen.get(f.method) ?? 0) + 1);
      const s = data.sales[item];
      let forecastTotal = 0;
      let absDaily = 0;
      for (let d = 0; d < horizon; d++) {
        forecastTotal += f.mean[d];
        absDaily += Math.abs(s[origin + d] - f.mean[d]);
      }
      const actual = actualSum(s, origin, horizon);
      acc.absErr += Math.abs(actual - forecastTotal);
      acc.signedErr += forecastTotal - actual;
      acc.actual += actual;
      // Daily MASE scaled by the in-sample error of the same-weekday-last-week forecast.
      let scale = 0;
      for (let d = 7; d < origin; d++) scale += Math.abs(s[d] - s[d - 7]);
      scale /= Math.max(1, origin - 7);
      if (scale > 0) {
        acc.maseSum += absDaily / horizon / scale;
        acc.maseCount++;
      }
      const q = [0.1, 0.5, 0.9].map((p) => demandOverDays(model, f, horizon, p));
      if (actual >= q[0] && actual <= q[2]) acc.covered++;
      [0.1, 0.5, 0.9].forEach((p, i) => {
        const e = actual - q[i];
        acc.pinball[i] += e >= 0 ? p * e : (p - 1) * e;
      });
      acc.pairs++;
      const at = j * weeks + k;
      acc.rate[at] = forecastTotal / horizon;
      acc.cover.set(
        demandSample((p) => demandOverDays(model, f, leadReview, p)),
        at * SAMPLE,
      );
      acc.lead.set(
        demandSample((p) => demandOverDays(model, f, leadDays, p)),
        at * SAMPLE,
      );
    });
  }
  perMethod.set(method.name, acc);
  console.log(`  ${method.name}: backtested in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

// Replenishment simulation over the backtest weeks: order-up-to levels reviewed weekly.
const simDays = weeks * 7;
const actualWindow = items.map((i) => data.sales[i].subarray(origins[0], origins[0] + simDays));

const curves: ReturnType<typeof gainCurve>[] = [];
/** Order-up-to levels of every item under a policy setting. */
function levels(acc: Accumulator, method: EvalMethod, setting: number): SimulatedVariant[] {
  return items.map((item, j) => {
    const orderUpTo = new Float64Array(weeks);
    for (let k = 0; k < weeks; k++) {
      const at = j * weeks + k;
      if (method === "shipped") {
        // Setting x: every item at the level where one more unit prevents e^-x lost units per review
        // (the shipped policy, see gainCurve in app/services/forecast/core/replenishment.ts).
        const curve = (curves[at] ??= gainCurve(acc.lead.subarray(at * SAMPLE, (at + 1) * SAMPLE), acc.cover.subarray(at * SAMPLE, (at + 1) * SAMPLE)));
        orderUpTo[k] = levelAtGain(curve, Math.exp(-setting)).level;
      } else {
        // Velocity × (lead time + review period + safety days): Stocky's rule, with each method's velocity.
        orderUpTo[k] = acc.rate[at] * (leadReview + setting);
      }
    }
    return { actual: actualWindow[j], orderUpTo, unitValue: unitValue(item) };
  });
}

const methodsOut: Record<string, unknown> = {};
for (const { name } of METHODS) {
  const acc = perMethod.get(name)!;
  const run = (setting: number) => simulateOrderUpTo(levels(acc, name, setting), { leadDays, reviewDays });
  const tuned = name === "shipped" ? tuneToFillRate(run, targetFill, 0, 14) : tuneToFillRate(run, targetFill, -leadReview, 120);
  methodsOut[name] = {
    wape_28d: round(acc.absErr / acc.actual, 4),
    bias: round(acc.signedErr / acc.actual, 4),
    mase: round(acc.maseSum / Math.max(1, acc.maseCount), 4),
    coverage_80: round(acc.covered / acc.pairs, 4),
    // Mean pinball loss of the horizon total per product and origin, in units.
    pinball: {
      p10: round(acc.pinball[0] / acc.pairs, 3),
      p50: round(acc.pinball[1] / acc.pairs, 3),
      p90: round(acc.pinball[2] / acc.pairs, 3),
      mean: round((acc.pinball[0] + acc.pinball[1] + acc.pinball[2]) / 3 / acc.pairs, 3),
    },
    simulation: {
      fill_rate: round(tuned.result.fillRate, 4),
      avg_stock_units: round(tuned.result.avgStockUnits, 1),
      avg_stock_value: round(tuned.result.avgStockValue, 2),
      policy:
        name === "shipped"
          ? "order up to the level where one more unit prevents the same expected lost sales per review for every item (from the forecast's lead-time and lead-time + review demand quantiles)"
          : "velocity × (lead time + review + safety days)",
      setting: round(tuned.setting, 3),
    },
    ...(name === "shipped" ? { methods_chosen: Object.fromEntries([...acc.chosen].sort((a, b) => b[1] - a[1])) } : {}),
  };
}

type Out = { wape_28d: number; coverage_80: number; simulation: { avg_stock_units: number; fill_rate: number } };
const shipped = methodsOut.shipped as Out;
const stocky = methodsOut.moving_average_30 as Out;
const aims = {
  wape_vs_moving_average_30: round(1 - shipped.wape_28d / stocky.wape_28d, 4),
  wape_aim_met: shipped.wape_28d <= 0.95 * stocky.wape_28d,
  coverage_aim_met: shipped.coverage_80 >= 0.75 && shipped.coverage_80 <= 0.85,
  stock_vs_stocky: round(1 - shipped.simulation.avg_stock_units / stocky.simulation.avg_stock_units, 4),
  stock_aim_met: shipped.simulation.avg_stock_units <= 0.85 * stocky.simulation.avg_stock_units && shipped.simulation.fill_rate >= targetFill,
};

console.log("\nmethod              WAPE28   bias     MASE   cov80  pinball  fill   stock units   stock value");
for (const { name } of METHODS) {
  const m = methodsOut[name] as Out & { bias: number; mase: number; pinball: { mean: number }; simulation: { avg_stock_value: number } };
  console.log(
    `${name.padEnd(18)} ${m.wape_28d.toFixed(3).padStart(7)} ${m.bias.toFixed(3).padStart(7)} ${m.mase.toFixed(3).padStart(7)} ${m.coverage_80.toFixed(3).padStart(7)} ${m.pinball.mean.toFixed(1).padStart(8)} ${m.simulation.fill_rate.toFixed(3).padStart(6)} ${m.simulation.avg_stock_units.toFixed(0).padStart(13)} ${m.simulation.avg_stock_value.toFixed(0).padStart(13)}`,
  );
}
console.log(
  `\nshipped vs 30-day moving average: WAPE ${(aims.wape_vs_moving_average_30 * 100).toFixed(1)}% lower (aim ≥ 5%: ${aims.wape_aim_met ? "met" : "not met"}); ` +
    `80% coverage ${(shipped.coverage_80 * 100).toFixed(1)}% (aim 75-85%: ${aims.coverage_aim_met ? "met" : "not met"}); ` +
    `stock at ${(targetFill * 100).toFixed(0)}% fill ${(aims.stock_vs_stocky * 100).toFixed(1)}% lower than Stocky's rule (aim ≥ 15%: ${aims.stock_aim_met ? "met" : "not met"})`,
);
results.methods = methodsOut;
results.aims = aims;
results.setup = {
  file: path.relative(repo, args.file),
  products: items.length,
  days: data.days,
  origins: weeks,
  horizon_days: horizon,
  lead_days: leadDays,
  review_days: reviewDays,
  target_fill_rate: targetFill,
  stock_valued_at: args["price-col"] ? `median ${args["price-col"]} per product` : "1 per unit",
  mase_scale: "in-sample mean absolute error of the same-weekday-last-week forecast",
  seconds: round((Date.now() - started) / 1000, 1),
};
writeResult("eval-forecast", results, args.out);
