// Training and applying a shop's forecaster: series in, forecasts out.
//
// Training runs a rolling-origin backtest on the shop's own history: at each
// of the last `origins` weekly origins that leave a full `backtestDays`
// horizon, every candidate method forecasts from the history before the
// origin and is scored on the 28-day total that followed (WAPE, the error a
// reorder decision rests on). Each demand class gets the method with the
// lowest error on its own series (a class with too few series takes the
// method that is best overall), and the class's prediction intervals are
// calibrated on that method's backtest errors. Nothing is tuned to one
// dataset: whatever sells in this shop chooses.

import { calibrateHorizon, demandQuantile, spreadOver, weeklySpread, type Calibration } from "./intervals";
import { DEMAND_CLASSES, classify, cleanHistory, type CleanNote, type DemandClass, type DemandHistory } from "./history";
import {
  SHIPPED_METHODS,
  baselineDaily,
  dailyFromWeekly,
  profileFromTotals,
  variantProfile,
  weekdayTotals,
  weeklyPath,
  weeklyTotals,
  type MethodName,
  type ShippedMethod,
  type WeekdayProfile,
} from "./methods";

export const FORECAST_DAYS = 56;
export const BACKTEST_DAYS = 28;
const CALIBRATION_HORIZONS = [1, 7, 14, 28];
const MIN_HISTORY_DAYS = 14;
const MIN_CLASS_PAIRS = 30;

export interface TrainOptions {
  /** Candidate methods (default: the shipped ones). */
  methods?: readonly MethodName[];
  /** Weekly backtest origins (default 6). */
  origins?: number;
}

export interface MethodScore {
  method: MethodName;
  /** Backtest WAPE of the 28-day total. */
  wape: number;
  /** Series × origins scored. */
  pairs: number;
}

export interface ForecastModel {
  storeProfile: number[];
  methodByClass: Record<DemandClass, MethodName>;
  /** Backtest scores of every candidate, per class, best first. */
  scores: Record<DemandClass, MethodScore[]>;
  calibration: Record<DemandClass, Calibration>;
}

export interface VariantForecast {
  cls: DemandClass;
  method: MethodName;
  notes: CleanNote[];
  /** Expected units per day, day 0 = the day after the history. */
  mean: Float64Array;
  p10: Float64Array;
  p50: Float64Array;
  p90: Float64Array;
  /** Backtest WAPE (28-day total) of the method on this variant's class, or null when it was not measured. */
  backtestWape: number | null;
  /** The variant's weekly spread, which scales its intervals. */
  weeklySpread: number;
  /** For a new variant that borrowed from similar ones: how much, and from how many. */
  borrowed: Borrowed | null;
}

const isBaseline = (m: MethodName): m is "moving_average_30" | "seasonal_naive" | "ses_daily" =>
  m === "moving_average_30" || m === "seasonal_naive" || m === "ses_daily";

function storeProfileOf(histories: readonly DemandHistory[]): WeekdayProfile {
  const sums = new Float64Array(7);
  const days = new Float64Array(7);
  for (const h of histories) {
    const t = weekdayTotals(cleanHistory(h), 364);
    for (let d = 0; d < 7; d++) {
      sums[d] += t.sums[d];
      days[d] += t.days[d];
    }
  }
  return profileFromTotals(sums, days);
}

/** Expected daily demand for `horizon` days by one method. */
export function pointForecast(method: MethodName, history: DemandHistory, store: WeekdayProfile, horizon: number): Float64Array {
  const clean = cleanHistory(history);
  return pointFromClean(method, history, clean, store, horizon);
}

function pointFromClean(
  method: MethodName,
  history: DemandHistory,
  clean: ReturnType<typeof cleanHistory>,
  store: WeekdayProfile,
  horizon: number,
): Float64Array {
  const n = history.sales.length;
  if (isBaseline(method)) {
    const raw = Float64Array.from({ length: n }, (_, i) => (history.stockedOut?.[i] ? NaN : Number(history.sales[i])));
    return baselineDaily(method, raw, horizon);
  }
  const profile = variantProfile(clean, store);
  const weekly = weeklyTotals(clean, profile);
  const path = weeklyPath(method as ShippedMethod, weekly, Math.ceil(horizon / 7));
  return dailyFromWeekly(path, horizon, (clean.firstWeekday + n) % 7, profile);
}

function truncate(h: DemandHistory, days: number): DemandHistory {
  return {
    sales: Array.prototype.slice.call(h.sales, 0, days) as number[],
    firstWeekday: h.firstWeekday,
    stockedOut: h.stockedOut ? (Array.prototype.slice.call(h.stockedOut, 0, days) as boolean[]) : undefined,
  };
}

/** Actual units over [from, from+days), or NaN when a day is unknown or stocked out. */
function actualTotal(h: DemandHistory, from: number, days: number): number {
  let s = 0;
  for (let i = from; i < from + days; i++) {
    const v = Number(h.sales[i]);
    if (h.stockedOut?.[i] || !Number.isFinite(v)) return NaN;
    s += Math.max(0, v);
  }
  return s;
}

interface Pairs {
  f: number[][];
  a: number[][];
  s: number[][];
  absErr: number;
  actual: number;
  count: number;
}

const emptyPairs = (): Pairs => ({
  f: CALIBRATION_HORIZONS.map(() => []),
  a: CALIBRATION_HORIZONS.map(() => []),
  s: CALIBRATION_HORIZONS.map(() => []),
  absErr: 0,
  actual: 0,
  count: 0,
});

export function trainForecaster(histories: readonly DemandHistory[], options: TrainOptions = {}): ForecastModel {
  const methods = options.methods ?? SHIPPED_METHODS;
  const origins = options.origins ?? 6;
  const store = storeProfileOf(histories);
  const byClass = new Map<DemandClass, Map<MethodName, Pairs>>();
  const overall = new Map<MethodName, Pairs>();
  for (const m of methods) overall.set(m, emptyPairs());
  for (const c of DEMAND_CLASSES) byClass.set(c, new Map(methods.map((m) => [m, emptyPairs()])));

  for (const h of histories) {
    const n = h.sales.length;
    for (let j = 0; j < origins; j++) {
      const origin = n - BACKTEST_DAYS - 7 * j;
      if (origin < MIN_HISTORY_DAYS) break;
      const actuals = CALIBRATION_HORIZONS.map((d) => actualTotal(h, origin, d));
      if (Number.isNaN(actuals[0])) continue;
      const past = truncate(h, origin);
      const clean = cleanHistory(past);
      if (clean.knownDays === 0) continue;
      const cls = classify(clean).cls;
      const spread = weeklySpread(past.sales, past.stockedOut);
      for (const m of methods) {
        const path = pointFromClean(m, past, clean, store, BACKTEST_DAYS);
        const targets = [byClass.get(cls)!.get(m)!, overall.get(m)!];
        let cum = 0;
        let k = 0;
        for (let d = 0; d < BACKTEST_DAYS; d++) {
          cum += path[d];
          if (d + 1 === CALIBRATION_HORIZONS[k]) {
            if (!Number.isNaN(actuals[k])) {
              for (const t of targets) {
                t.f[k].push(cum);
                t.a[k].push(actuals[k]);
                t.s[k].push(spreadOver(spread, CALIBRATION_HORIZONS[k]));
              }
            }
            k++;
          }
        }
        const a28 = actuals[actuals.length - 1];
        if (!Number.isNaN(a28)) {
          for (const t of targets) {
            t.absErr += Math.abs(a28 - cum);
            t.actual += a28;
            t.count++;
          }
        }
      }
    }
  }

  const score = (p: Pairs) => (p.actual > 0 ? p.absErr / p.actual : p.absErr > 0 ? Infinity : 0);
  const rank = (pairs: Map<MethodName, Pairs>): MethodScore[] =>
    methods
      .map((m) => ({ method: m, wape: score(pairs.get(m)!), pairs: pairs.get(m)!.count }))
      .sort((a, b) => a.wape - b.wape || methods.indexOf(a.method) - methods.indexOf(b.method));
  const overallRank = rank(overall);
  const methodByClass = {} as Record<DemandClass, MethodName>;
  const scores = {} as Record<DemandClass, MethodScore[]>;
  const calibration = {} as Record<DemandClass, Calibration>;
  for (const c of DEMAND_CLASSES) {
    const ranked = rank(byClass.get(c)!);
    scores[c] = ranked;
    const own = ranked[0]?.pairs >= MIN_CLASS_PAIRS;
    const method = own ? ranked[0].method : overallRank[0].method;
    methodByClass[c] = method;
    const pairs = own ? byClass.get(c)!.get(method)! : overall.get(method)!;
    const source = pairs.f[pairs.f.length - 1].length >= MIN_CLASS_PAIRS ? pairs : overall.get(method)!;
    calibration[c] = CALIBRATION_HORIZONS.map((d, k) => calibrateHorizon(d, source.f[k], source.a[k], source.s[k]));
  }
  return { storeProfile: Array.from(store), methodByClass, scores, calibration };
}

export interface SimilarVariant {
  /** Similarity weight, > 0. */
  weight: number;
  /** The similar variant's expected units per day from the same day on (its forecast's mean path). */
  mean: ArrayLike<number>;
  /**
   * Its units sold per day on the same dates as the new variant's history
   * (same length, NaN where unknown), to scale the borrowed demand to the new
   * variant's own level. Without it, the similar variant is taken to have
   * sold at its forecast rate.
   */
  sales?: ArrayLike<number>;
}

/** Days of own history at which a new variant's own forecast gets half the weight against similar products. */
const BORROW_HALF_DAYS = 28;

export interface Borrowed {
  /** The share of the forecast that is borrowed (0..1). */
  share: number;
  /** Own units against what the similar variants sold over the same days, shrunk towards 1. */
  scale: number;
  /** Similar variants used. */
  variants: number;
}

const pathAt = (mean: ArrayLike<number>, d: number) => {
  if (d < mean.length) return Math.max(0, mean[d]);
  let lastWeek = 0;
  const from = Math.max(0, mean.length - 7);
  for (let i = from; i < mean.length; i++) lastWeek += Math.max(0, mean[i]);
  return mean.length ? lastWeek / (mean.length - from) : 0;
};

/**
 * The demand a new variant borrows from similar established variants: their
 * similarity-weighted mean path (their level, weekday rhythm and trend),
 * scaled by how the new variant sold against them on the same days, that
 * ratio shrunk towards 1 by `BORROW_HALF_DAYS` days of their demand (a week
 * of its own sales says little; two months say a lot). `between` is the
 * variance of the borrowed weekly level for a new member of the group: how
 * much similar products differ from each other is how much this one may
 * differ from them. Their weighted variance is shrunk towards the square of
 * the rate itself by one pseudo-observation (one or two similar products
 * that agree say little about a third), and grown by 1 + 1/n for a new
 * member of a group of n.
 */
function borrow(similar: readonly SimilarVariant[], clean: ReturnType<typeof cleanHistory>, horizon: number) {
  const totalWeight = similar.reduce((s, x) => s + x.weight, 0);
  const path = new Float64Array(horizon);
  for (const x of similar) for (let d = 0; d < horizon; d++) path[d] += (x.weight * pathAt(x.mean, d)) / totalWeight;
  const firstMonth = Math.min(horizon, BACKTEST_DAYS);
  const rate = (m: ArrayLike<number>) => {
    let t = 0;
    for (let d = 0; d < firstMonth; d++) t += pathAt(m, d);
    return firstMonth ? t / firstMonth : 0;
  };
  const borrowedRate = rate(path);
  // Own units against theirs on the same known days.
  let own = 0;
  let theirs = 0;
  const y = clean.y;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue;
    own += y[i];
    for (const x of similar) {
      const v = x.sales ? Number(x.sales[i]) : NaN;
      theirs += (x.weight * (Number.isFinite(v) ? Math.max(0, v) : rate(x.mean))) / totalWeight;
    }
  }
  const prior = BORROW_HALF_DAYS * borrowedRate;
  const scale = prior > 0 ? (own + prior) / (theirs + prior) : 1;
  for (let d = 0; d < horizon; d++) path[d] *= scale;
  const weekly = similar.map((x) => 7 * scale * rate(x.mean));
  const meanWeekly = 7 * scale * borrowedRate;
  // n similar variants (effective number, by weight): the spread of their rates, with one pseudo-observation
  // of a spread as large as the rate itself (a few that agree say little), for a new member of the group.
  const n = totalWeight ** 2 / similar.reduce((s, x) => s + x.weight * x.weight, 0);
  const spreadOfRates = similar.reduce((s, x, i) => s + (x.weight * (weekly[i] - meanWeekly) ** 2) / totalWeight, 0);
  const between = (spreadOfRates + (meanWeekly * meanWeekly) / n) * (1 + 1 / n);
  return { path, scale, between };
}

/**
 * Forecast one variant. A new variant (less than eight weeks of known
 * history) blends its own forecast with the demand borrowed from similar
 * variants (see `borrow`), its own weight growing with its history, and its
 * intervals widen with the borrowed part's spread.
 */
export function forecastVariant(
  model: ForecastModel,
  history: DemandHistory,
  options: { horizon?: number; similar?: readonly SimilarVariant[] } = {},
): VariantForecast {
  const horizon = options.horizon ?? FORECAST_DAYS;
  const clean = cleanHistory(history);
  const { cls } = classify(clean);
  const method = model.methodByClass[cls];
  const store = Float64Array.from(model.storeProfile);
  const mean = clean.knownDays > 0 ? pointFromClean(method, history, clean, store, horizon) : new Float64Array(horizon);
  const similar = options.similar?.filter((s) => s.weight > 0 && s.mean.length > 0) ?? [];
  let spread = weeklySpread(history.sales, history.stockedOut);
  let borrowed: Borrowed | null = null;
  if (cls === "new" && similar.length) {
    const b = borrow(similar, clean, horizon);
    const own = clean.knownDays / (clean.knownDays + BORROW_HALF_DAYS);
    for (let d = 0; d < horizon; d++) mean[d] = own * mean[d] + (1 - own) * b.path[d];
    // The week-to-week noise of the blended rate (at least Poisson), plus the uncertainty of the borrowed level.
    let week = 0;
    for (let d = 0; d < Math.min(7, horizon); d++) week += mean[d];
    spread = Math.sqrt(Math.max(spread * spread, week + 0.25) + (1 - own) ** 2 * b.between);
    borrowed = { share: 1 - own, scale: b.scale, variants: similar.length };
  }
  const cal = model.calibration[cls];
  const q = (p: number) => mean.map((m) => demandQuantile(cal, m, 1, p, spread));
  const score = model.scores[cls].find((s) => s.method === method);
  return {
    cls,
    method,
    notes: clean.notes,
    mean,
    p10: q(0.1),
    p50: q(0.5),
    p90: q(0.9),
    backtestWape: score && score.pairs > 0 && Number.isFinite(score.wape) ? score.wape : null,
    weeklySpread: spread,
    borrowed,
  };
}

/**
 * The p-quantile of a variant's demand over the next `days` days (beyond the
 * forecast horizon, its last week's rate continues).
 */
export function demandOverDays(model: ForecastModel, forecast: VariantForecast, days: number, p: number): number {
  if (days <= 0) return 0;
  const mean = forecast.mean;
  let total = 0;
  for (let d = 0; d < Math.min(days, mean.length); d++) total += mean[d];
  if (days > mean.length) {
    let lastWeek = 0;
    for (let d = Math.max(0, mean.length - 7); d < mean.length; d++) lastWeek += mean[d];
    total += (lastWeek / 7) * (days - mean.length);
  }
  return demandQuantile(model.calibration[forecast.cls], total, days, p, forecast.weeklySpread);
}
