// Replaying a reorder policy against what actually sold: periodic review
// (order up to a level every `reviewDays`), deliveries after `leadDays`, and
// lost sales when the shelf is empty (shoppers buy elsewhere; nothing is
// backordered). Used by the evaluation to compare policies at the same fill
// rate, which is the fair comparison: any policy reaches any fill rate with
// enough stock.

export interface SimulatedVariant {
  /** Demand per simulated day. */
  actual: ArrayLike<number>;
  /** Order-up-to level at each review (review k happens on day k × reviewDays). */
  orderUpTo: ArrayLike<number>;
  /** Value of one unit (cost, or price when the cost is unknown). */
  unitValue: number;
}

export interface SimulationResult {
  /** Units served / units demanded, over all variants. */
  fillRate: number;
  /** Mean end-of-day stock, summed over variants. */
  avgStockUnits: number;
  avgStockValue: number;
}

export function simulateOrderUpTo(variants: readonly SimulatedVariant[], options: { leadDays: number; reviewDays: number }): SimulationResult {
  const { leadDays, reviewDays } = options;
  let served = 0;
  let demanded = 0;
  let stockUnits = 0;
  let stockValue = 0;
  let days = 0;
  for (const v of variants) {
    const n = v.actual.length;
    days = Math.max(days, n);
    const arrivals = new Float64Array(n + leadDays + 1);
    let onHand = Math.max(0, Math.round(v.orderUpTo[0] ?? 0));
    let onOrder = 0;
    for (let d = 0; d < n; d++) {
      onHand += arrivals[d];
      onOrder -= arrivals[d];
      if (d % reviewDays === 0) {
        const k = d / reviewDays;
        const level = Math.round(v.orderUpTo[Math.min(k, v.orderUpTo.length - 1)] ?? 0);
        const order = Math.max(0, level - onHand - onOrder);
        if (order > 0) {
          if (leadDays === 0) onHand += order;
          else {
            arrivals[d + leadDays] += order;
            onOrder += order;
          }
        }
      }
      const want = Math.max(0, v.actual[d]);
      const sold = Math.min(onHand, want);
      onHand -= sold;
      served += sold;
      demanded += want;
      stockUnits += onHand;
      stockValue += onHand * v.unitValue;
    }
  }
  return {
    fillRate: demanded > 0 ? served / demanded : 1,
    avgStockUnits: days ? stockUnits / days : 0,
    avgStockValue: days ? stockValue / days : 0,
  };
}

/**
 * The smallest policy setting in [lo, hi] whose fill rate reaches `target`
 * (bisection; fill rate grows with the setting), and its result.
 */
export function tuneToFillRate(
  run: (setting: number) => SimulationResult,
  target: number,
  lo: number,
  hi: number,
  steps = 30,
): { setting: number; result: SimulationResult } {
  let best = { setting: hi, result: run(hi) };
  if (best.result.fillRate < target) return best;
  for (let i = 0; i < steps; i++) {
    const mid = (lo + hi) / 2;
    const r = run(mid);
    if (r.fillRate >= target) {
      hi = mid;
      best = { setting: mid, result: r };
    } else lo = mid;
  }
  return best;
}
