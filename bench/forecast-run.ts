// One forecasting run for `npm run bench -- forecast`, in its own process so
// its peak memory is its own: trains the forecaster on N synthetic variants
// with a year of daily history each, forecasts every variant 8 weeks ahead
// and plans its replenishment. Prints one JSON line.

import { parseArgs } from "node:util";
import type { DemandHistory } from "../app/services/forecast/core/history";
import { demandOverDays, forecastVariant, trainForecaster } from "../app/services/forecast/core/forecaster";
import { demandSample, gainForServiceLevel, planReplenishment } from "../app/services/forecast/core/replenishment";

const { values } = parseArgs({ options: { variants: { type: "string", default: "10000" }, days: { type: "string", default: "365" } } });
const variants = Number(values.variants);
const days = Number(values.days);

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(2026);
function poisson(lambda: number): number {
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * (random() + random() + random() - 1.5) * 2));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= random();
  } while (p > l);
  return k - 1;
}

// A store-like mix: steady sellers with a weekly rhythm and a trend, intermittent and
// lumpy long-tail items, new variants, stock-outs, returns and the odd bulk order.
const WEEK = [1.2, 1, 1, 1, 1.1, 0.6, 1.1];
const histories: DemandHistory[] = [];
for (let v = 0; v < variants; v++) {
  const kind = random();
  const level = kind < 0.3 ? 1 + random() * 20 : 0.05 + random() * 0.6;
  const trend = (random() - 0.5) * 0.004;
  const start = kind > 0.9 ? days - 14 - Math.floor(random() * 60) : 0;
  const sales = new Float64Array(days);
  const stockedOut: boolean[] = new Array(days).fill(false);
  const outFrom = random() < 0.1 ? Math.floor(random() * (days - 20)) : -1;
  for (let d = 0; d < days; d++) {
    if (d < start) continue;
    const rate = Math.max(0, level * WEEK[d % 7] * (1 + trend * (d - days / 2)));
    let q = kind < 0.3 ? poisson(rate) : kind < 0.7 ? (random() < rate / 2 ? 1 + poisson(1) : 0) : random() < rate / 6 ? poisson(6) : 0;
    if (random() < 0.002) q += 50 + Math.floor(random() * 200);
    if (random() < 0.01) q -= 1;
    if (d >= outFrom && d < outFrom + 15) {
      q = 0;
      stockedOut[d] = true;
    }
    sales[d] = q;
  }
  histories.push({ sales, firstWeekday: 0, stockedOut: outFrom >= 0 ? stockedOut : undefined });
}

const started = performance.now();
const model = trainForecaster(histories);
const trained = performance.now();
let atRisk = 0;
let suggested = 0;
const forecasts = histories.map((h) => forecastVariant(model, h));
// The shop's marginal gain, as the run sets it (14-day lead time, 7-day review).
const gain = gainForServiceLevel(
  forecasts.map((f) => ({
    lead: demandSample((p) => demandOverDays(model, f, 14, p)),
    leadReview: demandSample((p) => demandOverDays(model, f, 21, p)),
  })),
  0.95,
);
for (let v = 0; v < variants; v++) {
  const forecast = forecasts[v];
  const plan = planReplenishment({
    demand: (d, p) => demandOverDays(model, forecast, d, p),
    meanDaily: forecast.mean,
    tracked: true,
    available: v % 50,
    incoming: 0,
    unitCost: 4,
    unitPrice: 10,
    leadTimeDays: 14,
    reviewPeriodDays: 7,
    serviceLevel: 0.95,
    gain,
    deadStockDays: 90,
    daysSinceLastSale: 3,
  });
  if (plan.atRisk) atRisk++;
  suggested += plan.suggestedQuantity;
}
const done = performance.now();
console.log(
  JSON.stringify({
    variants,
    days,
    seconds: Math.round((done - started) / 10) / 100,
    train_seconds: Math.round((trained - started) / 10) / 100,
    forecast_and_plan_seconds: Math.round((done - trained) / 10) / 100,
    peak_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    methods_by_class: model.methodByClass,
    at_risk: atRisk,
    suggested_units: suggested,
  }),
);
