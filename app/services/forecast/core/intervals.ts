// Prediction intervals calibrated on the forecaster's own backtest errors.
//
// For each horizon the backtest measured (1, 7, 14 and 28 days), the pairs
// (forecast total, actual total) are binned by the size of the forecast and
// each bin keeps the quantiles of actual / forecast. A quantile of a new
// forecast is the forecast times the ratio quantile of its bin, interpolated
// between measured horizons in log-days. Forecasts of zero keep the
// quantiles of what actually sold instead. No distribution is assumed: the
// intervals are as wide as the errors were on this shop's own history, so
// their coverage holds where the history resembles the future.

export const QUANTILE_GRID = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.975, 0.99] as const;

const MIN_PAIRS_PER_BIN = 60;
const MAX_BINS = 6;
const ZERO = 1e-9;

export interface HorizonTable {
  horizon: number;
  /** Upper forecast edge of every bin but the last. */
  edges: number[];
  /** Per bin, actual/forecast at each QUANTILE_GRID point. */
  ratios: number[][];
  /** Actual totals at each QUANTILE_GRID point when the forecast was zero. */
  zero: number[];
}

export type Calibration = HorizonTable[];

function gridQuantiles(sorted: ArrayLike<number>): number[] {
  const n = sorted.length;
  return QUANTILE_GRID.map((p) => {
    if (n === 0) return 0;
    const x = p * (n - 1);
    const lo = Math.floor(x);
    const hi = Math.min(lo + 1, n - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (x - lo);
  });
}

/** One horizon's table from backtest pairs. */
export function calibrateHorizon(horizon: number, forecasts: ArrayLike<number>, actuals: ArrayLike<number>): HorizonTable {
  const positive: { f: number; r: number }[] = [];
  const zeros: number[] = [];
  for (let i = 0; i < forecasts.length; i++) {
    const f = forecasts[i];
    const a = Math.max(0, actuals[i]);
    if (!Number.isFinite(f) || !Number.isFinite(a)) continue;
    if (f > ZERO) positive.push({ f, r: a / f });
    else zeros.push(a);
  }
  positive.sort((a, b) => a.f - b.f);
  const bins = Math.max(1, Math.min(MAX_BINS, Math.floor(positive.length / MIN_PAIRS_PER_BIN)));
  const edges: number[] = [];
  const ratios: number[][] = [];
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * positive.length) / bins);
    const to = Math.floor(((b + 1) * positive.length) / bins);
    const slice = positive.slice(from, to);
    if (b < bins - 1) edges.push(slice.length ? slice[slice.length - 1].f : Infinity);
    ratios.push(gridQuantiles(Float64Array.from(slice, (x) => x.r).sort()));
  }
  if (positive.length === 0) ratios[0] = QUANTILE_GRID.map(() => 1);
  return { horizon, edges, ratios, zero: gridQuantiles(Float64Array.from(zeros).sort()) };
}

function onGrid(values: number[], p: number): number {
  const g = QUANTILE_GRID;
  if (p <= g[0]) return values[0];
  if (p >= g[g.length - 1]) return values[g.length - 1];
  let i = 1;
  while (g[i] < p) i++;
  const t = (p - g[i - 1]) / (g[i] - g[i - 1]);
  return values[i - 1] + t * (values[i] - values[i - 1]);
}

function tableQuantile(t: HorizonTable, total: number, days: number, p: number): number {
  if (total <= ZERO) return onGrid(t.zero, p) * (days / t.horizon);
  // Bin by the forecast this table's horizon would have seen at the same daily rate.
  const atHorizon = (total * t.horizon) / days;
  let b = 0;
  while (b < t.edges.length && atHorizon > t.edges[b]) b++;
  return total * onGrid(t.ratios[b], p);
}

/**
 * The p-quantile of demand over `days` days whose expected total is `total`.
 * Monotone in p. Without a calibration it returns the expected total.
 */
export function demandQuantile(calibration: Calibration, total: number, days: number, p: number): number {
  if (!calibration.length || days <= 0) return Math.max(0, total);
  const tables = calibration;
  if (days <= tables[0].horizon) return Math.max(0, tableQuantile(tables[0], total, days, p));
  const last = tables[tables.length - 1];
  if (days >= last.horizon) return Math.max(0, tableQuantile(last, total, days, p));
  let i = 1;
  while (tables[i].horizon < days) i++;
  const lo = tables[i - 1];
  const hi = tables[i];
  const t = (Math.log(days) - Math.log(lo.horizon)) / (Math.log(hi.horizon) - Math.log(lo.horizon));
  return Math.max(0, (1 - t) * tableQuantile(lo, total, days, p) + t * tableQuantile(hi, total, days, p));
}
