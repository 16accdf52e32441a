// Prediction intervals calibrated on the forecaster's own backtest errors.
//
// Each variant carries its own spread: the standard deviation of its recent
// weekly sales plus a Poisson term (see `weeklySpread`), grown with the
// square root of the horizon. For each horizon the backtest measured (1, 7,
// 14 and 28 days), the errors (actual − forecast) / spread are binned by the
// size of the forecast and each bin keeps their quantiles. A quantile of a
// new forecast is forecast + z × spread, interpolated between the measured
// horizons in log-days. So a steady seller gets a narrow band and a lumpy
// one a wide band, and the widths are whatever the errors were on this
// shop's own history: no distribution is assumed, and coverage holds where
// the history resembles the future.

export const QUANTILE_GRID = [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.975, 0.99] as const;

const MIN_PAIRS_PER_BIN = 60;
const MAX_BINS = 6;

export interface HorizonTable {
  horizon: number;
  /** Upper forecast edge of every bin but the last. */
  edges: number[];
  /** Per bin, the standardised error at each QUANTILE_GRID point. */
  z: number[][];
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

/** The spread of a total over `days` days from a weekly spread. */
export const spreadOver = (weeklySpread: number, days: number) => weeklySpread * Math.sqrt(days / 7);

/**
 * A variant's weekly spread: sqrt(variance of its last 13 weekly totals +
 * their mean + 1/4). The mean adds the Poisson noise a short or quiet
 * history understates; the quarter keeps a variant that never sold from
 * having no uncertainty at all.
 */
export function weeklySpread(sales: ArrayLike<number>, stockedOut?: ArrayLike<boolean>, weeks = 13): number {
  const totals: number[] = [];
  for (let end = sales.length; end - 7 >= 0 && totals.length < weeks; end -= 7) {
    let s = 0;
    let known = 0;
    for (let i = end - 7; i < end; i++) {
      const v = Number(sales[i]);
      if (stockedOut?.[i] || !Number.isFinite(v)) continue;
      s += Math.max(0, v);
      known++;
    }
    if (known >= 2) totals.push((s * 7) / known);
  }
  if (!totals.length) return 0.5;
  const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
  const variance = totals.reduce((a, b) => a + (b - mean) * (b - mean), 0) / totals.length;
  return Math.sqrt(variance + mean + 0.25);
}

/** One horizon's table from backtest triples (forecast total, actual total, spread at that horizon). */
export function calibrateHorizon(horizon: number, forecasts: ArrayLike<number>, actuals: ArrayLike<number>, spreads: ArrayLike<number>): HorizonTable {
  const pairs: { f: number; z: number }[] = [];
  for (let i = 0; i < forecasts.length; i++) {
    const f = forecasts[i];
    const a = Math.max(0, actuals[i]);
    const s = spreads[i];
    if (!Number.isFinite(f) || !Number.isFinite(a) || !(s > 0)) continue;
    pairs.push({ f, z: (a - f) / s });
  }
  pairs.sort((a, b) => a.f - b.f);
  const bins = Math.max(1, Math.min(MAX_BINS, Math.floor(pairs.length / MIN_PAIRS_PER_BIN)));
  const edges: number[] = [];
  const z: number[][] = [];
  for (let b = 0; b < bins; b++) {
    const slice = pairs.slice(Math.floor((b * pairs.length) / bins), Math.floor(((b + 1) * pairs.length) / bins));
    if (b < bins - 1) edges.push(slice.length ? slice[slice.length - 1].f : Infinity);
    z.push(gridQuantiles(Float64Array.from(slice, (x) => x.z).sort()));
  }
  return { horizon, edges, z };
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

function tableQuantile(t: HorizonTable, total: number, days: number, p: number, weekly: number): number {
  // Bin by the forecast this table's horizon would have seen at the same daily rate.
  const atHorizon = (total * t.horizon) / days;
  let b = 0;
  while (b < t.edges.length && atHorizon > t.edges[b]) b++;
  return total + onGrid(t.z[b], p) * spreadOver(weekly, days);
}

/**
 * The p-quantile of demand over `days` days whose expected total is `total`,
 * for a variant whose weekly spread is `weekly`. Monotone in p. Without a
 * calibration it returns the expected total.
 */
export function demandQuantile(calibration: Calibration, total: number, days: number, p: number, weekly: number): number {
  if (!calibration.length || days <= 0) return Math.max(0, total);
  const tables = calibration;
  if (days <= tables[0].horizon) return Math.max(0, tableQuantile(tables[0], total, days, p, weekly));
  const last = tables[tables.length - 1];
  if (days >= last.horizon) return Math.max(0, tableQuantile(last, total, days, p, weekly));
  let i = 1;
  while (tables[i].horizon < days) i++;
  const lo = tables[i - 1];
  const hi = tables[i];
  const t = (Math.log(days) - Math.log(lo.horizon)) / (Math.log(hi.horizon) - Math.log(lo.horizon));
  return Math.max(0, (1 - t) * tableQuantile(lo, total, days, p, weekly) + t * tableQuantile(hi, total, days, p, weekly));
}
