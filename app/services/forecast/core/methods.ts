// Point forecasts: the expected units per day for the next `horizon` days.
//
// The shipped methods forecast weekly totals and spread them over the days by
// a weekday profile. Aggregating to weeks (Nikolopoulos et al. 2011, "ADIDA")
// turns a series that sells on one day in five into one that sells most
// weeks, where smoothing works, and the weekday profile, borrowed from the
// whole store for sparse variants, keeps the weekly rhythm (closed on
// Saturdays, busy on Mondays) without fitting noise.
//
//   ses      simple exponential smoothing of weekly totals, alpha fitted on
//            the variant's own one-step errors
//   holt     damped-trend exponential smoothing (Gardner & McKenzie 1985) of
//            weekly totals, for variants that are ramping up or winding down
//   tsb      Teunter-Syntetos-Babai (2011): the chance of a selling week and
//            the size of a selling week smoothed apart; the probability decays
//            through weeks without sales, so dead variants fade to zero
//   mean13   the mean of the last 13 weeks: the steadiest level for lumpy series
//   ensemble the mean of ses, holt and tsb
//
// The baselines the evaluation compares against (`moving_average_30`,
// `seasonal_naive`, `ses_daily`) work on the raw daily series, as the tools
// merchants used do.

import type { CleanHistory } from "./history";

export type ShippedMethod = "ses" | "holt" | "tsb" | "mean13" | "ensemble";
export type BaselineMethod = "moving_average_30" | "seasonal_naive" | "ses_daily";
export type MethodName = ShippedMethod | BaselineMethod;

export const SHIPPED_METHODS: readonly ShippedMethod[] = ["ses", "holt", "tsb", "mean13", "ensemble"];

/** Weekday weights (index 0 = Monday) averaging 1; a flat profile is all ones. */
export type WeekdayProfile = Float64Array;

export const flatProfile = (): WeekdayProfile => new Float64Array(7).fill(1);

const PROFILE_WINDOW_DAYS = 182;
/** Selling days at which a variant's own weekday profile gets half the weight. */
const PROFILE_PRIOR_DAYS = 30;

/** Units per weekday over the recent window (index 0 = Monday), and the known days per weekday. */
export function weekdayTotals(clean: CleanHistory, windowDays = PROFILE_WINDOW_DAYS): { sums: Float64Array; days: Float64Array; selling: number } {
  const sums = new Float64Array(7);
  const days = new Float64Array(7);
  let selling = 0;
  const { y } = clean;
  for (let i = Math.max(0, y.length - windowDays); i < y.length; i++) {
    const v = y[i];
    if (Number.isNaN(v)) continue;
    const d = (clean.firstWeekday + i) % 7;
    sums[d] += v;
    days[d]++;
    if (v > 0) selling++;
  }
  return { sums, days, selling };
}

/** Normalises per-weekday means to average 1 (flat when there are no sales). */
export function profileFromTotals(sums: ArrayLike<number>, days: ArrayLike<number>): WeekdayProfile {
  const means = new Float64Array(7);
  let total = 0;
  let weekdays = 0;
  for (let d = 0; d < 7; d++) {
    if (days[d] > 0) {
      means[d] = sums[d] / days[d];
      total += means[d];
      weekdays++;
    }
  }
  if (total <= 0) return flatProfile();
  const mean = total / weekdays;
  for (let d = 0; d < 7; d++) means[d] = days[d] > 0 ? means[d] / mean : 1;
  return means;
}

/** The variant's weekday profile, shrunk towards the store's as its selling days get fewer. */
export function variantProfile(clean: CleanHistory, store: WeekdayProfile): WeekdayProfile {
  const { sums, days, selling } = weekdayTotals(clean);
  const own = profileFromTotals(sums, days);
  const w = selling / (selling + PROFILE_PRIOR_DAYS);
  const out = new Float64Array(7);
  let total = 0;
  for (let d = 0; d < 7; d++) {
    out[d] = w * own[d] + (1 - w) * store[d];
    total += out[d];
  }
  for (let d = 0; d < 7; d++) out[d] = total > 0 ? (out[d] * 7) / total : 1;
  return out;
}

/**
 * Weekly totals ending at the end of the history (last entry = the most recent
 * 7 days). A week with unknown days is scaled up by the profile weight of its
 * known days; a week with less than two days' weight known is NaN.
 */
export function weeklyTotals(clean: CleanHistory, profile: WeekdayProfile): Float64Array {
  const { y } = clean;
  const weeks = Math.floor(y.length / 7);
  const out = new Float64Array(weeks);
  const start = y.length - weeks * 7;
  for (let w = 0; w < weeks; w++) {
    let sum = 0;
    let weight = 0;
    for (let k = 0; k < 7; k++) {
      const i = start + w * 7 + k;
      const v = y[i];
      if (Number.isNaN(v)) continue;
      sum += v;
      weight += profile[(clean.firstWeekday + i) % 7];
    }
    out[w] = weight >= 2 ? (sum * 7) / weight : NaN;
  }
  return out;
}

const SES_ALPHAS = [0.05, 0.1, 0.2, 0.3, 0.5];

function firstLevel(w: Float64Array, count = 4): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < w.length && n < count; i++) {
    if (!Number.isNaN(w[i])) {
      s += w[i];
      n++;
    }
  }
  return n ? s / n : 0;
}

function sesRun(w: Float64Array, alpha: number, init: number): { level: number; sse: number } {
  let level = init;
  let sse = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i];
    if (Number.isNaN(v)) continue;
    const e = v - level;
    sse += e * e;
    level += alpha * e;
  }
  return { level, sse };
}

/** SES with alpha chosen by the series' own one-step squared error. */
export function sesLevel(w: Float64Array, alphas: readonly number[] = SES_ALPHAS): number {
  const init = firstLevel(w);
  let best = { level: init, sse: Infinity };
  for (const a of alphas) {
    const r = sesRun(w, a, init);
    if (r.sse < best.sse) best = r;
  }
  return Math.max(0, best.level);
}

const HOLT_PARAMS: readonly [number, number][] = [
  [0.1, 0.05],
  [0.2, 0.05],
  [0.3, 0.1],
  [0.2, 0.15],
];
const HOLT_PHI = 0.8;

/** Damped-trend smoothing of weekly totals: forecast of each of the next `weeks` weeks. */
export function holtPath(w: Float64Array, weeks: number): Float64Array {
  const init = firstLevel(w);
  let best = { level: init, trend: 0, sse: Infinity };
  for (const [alpha, beta] of HOLT_PARAMS) {
    let level = init;
    let trend = 0;
    let sse = 0;
    for (let i = 0; i < w.length; i++) {
      const v = w[i];
      const f = level + HOLT_PHI * trend;
      if (Number.isNaN(v)) {
        level = f;
        trend *= HOLT_PHI;
        continue;
      }
      const e = v - f;
      sse += e * e;
      const prev = level;
      level = f + alpha * e;
      trend = HOLT_PHI * trend + beta * (level - prev - HOLT_PHI * trend);
    }
    if (sse < best.sse) best = { level, trend, sse };
  }
  const out = new Float64Array(weeks);
  let damp = 0;
  let phiK = 1;
  for (let k = 0; k < weeks; k++) {
    phiK *= HOLT_PHI;
    damp += phiK;
    out[k] = Math.max(0, best.level + damp * best.trend);
  }
  return out;
}

const TSB_PARAMS: readonly [number, number][] = [
  [0.1, 0.05],
  [0.2, 0.1],
  [0.3, 0.2],
];

/** TSB on weekly totals: P(selling week) × size of a selling week, parameters by one-step error. */
export function tsbLevel(w: Float64Array): number {
  let firstSize = 0;
  let nz = 0;
  let known = 0;
  for (let i = 0; i < w.length; i++) {
    if (Number.isNaN(w[i])) continue;
    known++;
    if (w[i] > 0) {
      if (nz < 4) firstSize += w[i];
      nz++;
    }
  }
  if (nz === 0) return 0;
  const size0 = firstSize / Math.min(nz, 4);
  const p0 = nz / known;
  let best = { f: p0 * size0, sse: Infinity };
  for (const [alpha, beta] of TSB_PARAMS) {
    let p = p0;
    let z = size0;
    let sse = 0;
    for (let i = 0; i < w.length; i++) {
      const v = w[i];
      if (Number.isNaN(v)) continue;
      const e = v - p * z;
      sse += e * e;
      if (v > 0) {
        p += beta * (1 - p);
        z += alpha * (v - z);
      } else p -= beta * p;
    }
    if (sse < best.sse) best = { f: p * z, sse };
  }
  return Math.max(0, best.f);
}

export function meanOfLast(w: Float64Array, count: number): number {
  let s = 0;
  let n = 0;
  for (let i = w.length - 1; i >= 0 && n < count; i--) {
    if (Number.isNaN(w[i])) continue;
    s += w[i];
    n++;
  }
  return n ? s / n : 0;
}

/** Expected units per week for each of the next `weeks` weeks. */
export function weeklyPath(method: ShippedMethod, w: Float64Array, weeks: number): Float64Array {
  switch (method) {
    case "ses":
      return new Float64Array(weeks).fill(sesLevel(w));
    case "tsb":
      return new Float64Array(weeks).fill(tsbLevel(w));
    case "mean13":
      return new Float64Array(weeks).fill(meanOfLast(w, 13));
    case "holt":
      return holtPath(w, weeks);
    case "ensemble": {
      const s = sesLevel(w);
      const t = tsbLevel(w);
      const h = holtPath(w, weeks);
      return h.map((v) => (v + s + t) / 3);
    }
  }
}

/** Spreads weekly totals over days by the weekday profile; day 0 follows the last day of history. */
export function dailyFromWeekly(weekly: Float64Array, horizon: number, nextWeekday: number, profile: WeekdayProfile): Float64Array {
  const out = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    const week = weekly[Math.min(Math.floor(h / 7), weekly.length - 1)] ?? 0;
    out[h] = (week / 7) * profile[(nextWeekday + h) % 7];
  }
  return out;
}

/** A baseline's daily forecast from the raw daily series (NaN days skipped). */
export function baselineDaily(method: BaselineMethod, y: ArrayLike<number>, horizon: number): Float64Array {
  const out = new Float64Array(horizon);
  const n = y.length;
  if (method === "moving_average_30") {
    let s = 0;
    let k = 0;
    for (let i = Math.max(0, n - 30); i < n; i++) {
      if (Number.isNaN(y[i])) continue;
      s += Math.max(0, y[i]);
      k++;
    }
    return out.fill(k ? s / k : 0);
  }
  if (method === "seasonal_naive") {
    for (let h = 0; h < horizon; h++) {
      const i = n - 7 + (h % 7);
      const v = i >= 0 ? y[i] : NaN;
      out[h] = Number.isNaN(v) ? 0 : Math.max(0, v);
    }
    return out;
  }
  const daily = Float64Array.from({ length: n }, (_, i) => (Number.isNaN(y[i]) ? NaN : Math.max(0, y[i])));
  return out.fill(sesLevel(daily));
}
