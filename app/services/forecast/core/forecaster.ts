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
  /** The similar variant's expected units per day. */
  dailyRate: number;
  /** Similarity weight, > 0. */
  weight: number;
}

/** Days of own history at which a new variant's own rate gets half the weight against similar products. */
const BORROW_HALF_DAYS = 28;

/**
 * Forecast one variant. A new variant (less than eight weeks of known
 * history) blends its own rate with the similarity-weighted rate of similar
 * products, its own weight growing with its history.
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
  const similar = options.similar?.filter((s) => s.weight > 0 && Number.isFinite(s.dailyRate)) ?? [];
  if (cls === "new" && similar.length) {
    const totalWeight = similar.reduce((s, x) => s + x.weight, 0);
    const borrowed = similar.reduce((s, x) => s + x.weight * Math.max(0, x.dailyRate), 0) / totalWeight;
    const own = clean.knownDays / (clean.knownDays + BORROW_HALF_DAYS);
    const profile = variantProfile(clean, store);
    const next = (clean.firstWeekday + history.sales.length) % 7;
    for (let d = 0; d < horizon; d++) mean[d] = own * mean[d] + (1 - own) * borrowed * profile[(next + d) % 7];
  }
  const cal = model.calibration[cls];
  const spread = weeklySpread(history.sales, history.stockedOut);
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
