// What to reorder, when, and what is stuck: one variant's stock against its
// forecast. Pure: numbers in, a plan out.
//
// - Order-up-to level (a periodic-review policy: the next chance to order is
//   one review away), from the forecast's calibrated quantiles of demand over
//   the lead time and over lead time + review: the level where one more unit
//   prevents no more than the shop's marginal gain in expected lost units per
//   review period (`gainCurve`). The gain is the same for every variant, so
//   each unit of stock goes where it prevents the most lost sales, and set
//   per run so the shop loses the units it would at the merchant's service
//   level (every variant at that quantile of lead time + review demand) with
//   less stock (`gainForServiceLevel`; see docs/decisions/0012). Without a
//   gain, the service-level quantile itself. Safety stock is what the level
//   adds to the expected demand, so it grows with the forecast's measured
//   uncertainty, not a fixed number of days.
// - Reorder point = the service-level quantile over the lead time alone (at
//   most the order-up-to level): below it, a delivery ordered now arrives too
//   late for the service level.
// - Suggested quantity = order-up-to − (available + incoming), raised to the
//   minimum order quantity and rounded up to whole packs, when the inventory
//   position is at or below the reorder point.
// - Revenue at risk = expected units short before a delivery ordered today
//   could arrive, E[(D_lead − position)+], from the forecast quantiles, times
//   the price.
// - Overstock = available units beyond the P90 demand of the forecast horizon
//   plus one lead time; dead stock = stock without a sale in `deadStockDays`.
//   Both valued at cost.

export type PlanState = "ok" | "not_tracked" | "no_stock_data";

export type PlanWarning =
  | "missing_cost"
  | "missing_price"
  | "lead_time_raised_to_one_day"
  | "lead_time_capped"
  | "lead_time_beyond_forecast"
  | "negative_stock"
  | "no_sales_history"
  | "single_sale"
  | "inactive_locations";

export interface ReplenishmentInput {
  /** p-quantile of demand over the next `days` days. */
  demand: (days: number, p: number) => number;
  /** Expected units per day from tomorrow (the forecast's mean path). */
  meanDaily: ArrayLike<number>;
  tracked: boolean;
  /** Available units across active locations; null when unknown. */
  available: number | null;
  /** Units ordered and not yet received. */
  incoming: number;
  unitCost: number | null;
  unitPrice: number | null;
  leadTimeDays: number;
  reviewPeriodDays: number;
  /** 0.5..0.999 */
  serviceLevel: number;
  /**
   * The shop's marginal gain (`gainForServiceLevel`): order up to the level
   * where one more unit prevents this many expected lost units per review.
   * Without it, up to the service-level quantile of lead time + review.
   */
  gain?: number;
  minOrderQuantity?: number;
  packSize?: number;
  deadStockDays: number;
  /** Days since the last sale, or null when it never sold. */
  daysSinceLastSale: number | null;
  /** Days of the history with a sale (one: the forecast rests on a single sale). */
  saleDays?: number;
  /** Locations that were deactivated but still hold this variant's stock, which is not counted as sellable. */
  inactiveLocations?: number;
}

export interface ReplenishmentPlan {
  state: PlanState;
  warnings: PlanWarning[];
  leadTimeDays: number;
  /** Days the available stock lasts at the expected rate (Infinity when nothing is expected to sell). */
  daysOfCover: number | null;
  /** Days from today to the projected stock-out, or null when none within the horizon. */
  stockOutInDays: number | null;
  /** Runs out before a delivery ordered today could arrive. */
  atRisk: boolean;
  reorderPoint: number;
  safetyStock: number;
  orderUpTo: number;
  suggestedQuantity: number;
  unitsAtRisk: number;
  revenueAtRisk: number | null;
  overstockUnits: number;
  overstockValue: number | null;
  deadStock: boolean;
  deadStockValue: number | null;
}

export const MAX_LEAD_TIME_DAYS = 365;
const POINTS = 40;
/** Probabilities at which a demand distribution is sampled: the midpoints of 40 equal steps. */
const MIDPOINTS = Array.from({ length: POINTS }, (_, i) => (i + 0.5) / POINTS);

/** Demand at 40 evenly spaced probabilities (ascending), from a quantile function. */
export function demandSample(quantile: (p: number) => number): Float64Array {
  const q = Float64Array.from(MIDPOINTS, (p) => Math.max(0, quantile(p)));
  for (let i = 1; i < q.length; i++) if (q[i] < q[i - 1]) q[i] = q[i - 1];
  return q;
}

/** Expected units short, E[(D - stock)+], from a demand sample. */
export function expectedShortfall(sample: ArrayLike<number>, stock: number): number {
  let s = 0;
  for (let i = 0; i < sample.length; i++) s += Math.max(0, sample[i] - stock);
  return sample.length ? s / sample.length : 0;
}

/** `quantity` raised to the minimum order and rounded up to whole packs (0 stays 0). */
export function roundOrder(quantity: number, minOrderQuantity = 1, packSize = 1): number {
  if (!(quantity > 0)) return 0;
  const pack = Math.max(1, Math.round(packSize || 1));
  const q = Math.max(Math.ceil(quantity - 1e-9), Math.max(0, Math.ceil(minOrderQuantity || 0)));
  return Math.ceil(q / pack) * pack;
}

function emptyPlan(state: PlanState, warnings: PlanWarning[], leadTimeDays: number): ReplenishmentPlan {
  return {
    state,
    warnings,
    leadTimeDays,
    daysOfCover: null,
    stockOutInDays: null,
    atRisk: false,
    reorderPoint: 0,
    safetyStock: 0,
    orderUpTo: 0,
    suggestedQuantity: 0,
    unitsAtRisk: 0,
    revenueAtRisk: null,
    overstockUnits: 0,
    overstockValue: null,
    deadStock: false,
    deadStockValue: null,
  };
}

/** The lead time a plan uses: whole days, at least 1, at most `MAX_LEAD_TIME_DAYS`. */
export function planLeadTime(days: number): number {
  const lead = Math.round(Number.isFinite(days) ? days : 1);
  return Math.min(MAX_LEAD_TIME_DAYS, Math.max(1, lead));
}

export function planReplenishment(input: ReplenishmentInput): ReplenishmentPlan {
  const warnings: PlanWarning[] = [];
  const asked = Math.round(Number.isFinite(input.leadTimeDays) ? input.leadTimeDays : 1);
  const lead = planLeadTime(input.leadTimeDays);
  if (asked < 1) warnings.push("lead_time_raised_to_one_day");
  else if (asked > MAX_LEAD_TIME_DAYS) warnings.push("lead_time_capped");
  if (lead > input.meanDaily.length) warnings.push("lead_time_beyond_forecast");
  if (input.saleDays === 1) warnings.push("single_sale");
  if (!input.tracked) return emptyPlan("not_tracked", warnings, lead);
  if ((input.inactiveLocations ?? 0) > 0) warnings.push("inactive_locations");
  if (input.available === null || !Number.isFinite(input.available)) return emptyPlan("no_stock_data", warnings, lead);
  if (input.unitCost === null || !(input.unitCost >= 0)) warnings.push("missing_cost");
  if (input.unitPrice === null || !(input.unitPrice >= 0)) warnings.push("missing_price");
  if (input.daysSinceLastSale === null) warnings.push("no_sales_history");
  let available = input.available;
  if (available < 0) {
    warnings.push("negative_stock");
    available = 0;
  }
  const incoming = Math.max(0, input.incoming || 0);
  const position = available + incoming;
  const sl = Math.min(0.999, Math.max(0.5, input.serviceLevel));
  const review = Math.max(1, Math.round(input.reviewPeriodDays || 7));

  let cum = 0;
  let stockOut: number | null = null;
  for (let d = 0; d < input.meanDaily.length; d++) {
    cum += input.meanDaily[d];
    if (stockOut === null && cum > available + 1e-9) stockOut = d;
  }
  const rate = input.meanDaily.length ? cum / input.meanDaily.length : 0;
  const daysOfCover = rate > 0 ? available / rate : Infinity;

  const leadSample = demandSample((p) => input.demand(lead, p));
  let reorderPoint = input.demand(lead, sl);
  let orderUpTo = Math.max(reorderPoint, input.demand(lead + review, sl));
  if (input.gain !== undefined && Number.isFinite(input.gain) && input.gain > 0) {
    const curve = gainCurve(
      leadSample,
      demandSample((p) => input.demand(lead + review, p)),
    );
    orderUpTo = levelAtGain(curve, input.gain).level;
    reorderPoint = Math.min(reorderPoint, orderUpTo);
  }
  const safetyStock = Math.max(0, orderUpTo - expectedOver(input.meanDaily, lead + review));
  const suggestedQuantity = position <= reorderPoint ? roundOrder(orderUpTo - position, input.minOrderQuantity, input.packSize) : 0;
  const unitsAtRisk = expectedShortfall(leadSample, position);
  const price = input.unitPrice !== null && input.unitPrice >= 0 ? input.unitPrice : null;
  const cost = input.unitCost !== null && input.unitCost >= 0 ? input.unitCost : null;
  const keep = input.demand(input.meanDaily.length + lead, 0.9);
  const overstockUnits = Math.max(0, available - keep);
  const deadStock = available > 0 && (input.daysSinceLastSale === null || input.daysSinceLastSale >= input.deadStockDays);

  return {
    state: "ok",
    warnings,
    leadTimeDays: lead,
    daysOfCover,
    stockOutInDays: stockOut,
    atRisk: stockOut !== null && stockOut < lead,
    reorderPoint,
    safetyStock,
    orderUpTo,
    suggestedQuantity,
    unitsAtRisk,
    revenueAtRisk: price === null ? null : unitsAtRisk * price,
    overstockUnits,
    overstockValue: cost === null ? null : overstockUnits * cost,
    deadStock,
    deadStockValue: deadStock && cost !== null ? available * cost : deadStock ? null : 0,
  };
}

function expectedOver(meanDaily: ArrayLike<number>, days: number): number {
  let s = 0;
  const n = meanDaily.length;
  for (let d = 0; d < Math.min(days, n); d++) s += meanDaily[d];
  if (days > n && n > 0) {
    let lastWeek = 0;
    for (let d = Math.max(0, n - 7); d < n; d++) lastWeek += meanDaily[d];
    s += (lastWeek / Math.min(7, n)) * (days - n);
  }
  return s;
}

/** P(D > x) from a demand sample at evenly spaced probabilities (the quantile function linear between them). */
export function exceedance(sample: ArrayLike<number>, x: number): number {
  const n = sample.length;
  if (!n || x >= sample[n - 1]) return 0;
  if (x < sample[0]) return 1 - (0.5 / n) * (sample[0] > 0 ? Math.max(0, x) / sample[0] : 0);
  let i = 0;
  while (i + 1 < n && sample[i + 1] <= x) i++;
  const lo = sample[i];
  const hi = sample[i + 1];
  const t = hi > lo ? (x - lo) / (hi - lo) : 1;
  return 1 - (i + 0.5 + t) / n;
}

/**
 * A variant's order-up-to levels against their marginal value, for a
 * periodic review: units short in one review period with the position
 * raised to S are those of lead time + review beyond S less those already
 * short within the lead time, E[(D_{L+R} − S)+] − E[(D_L − S)+], and one
 * more unit of S prevents P(D_{L+R} > S) − P(D_L > S) of them.
 */
export interface GainCurve {
  /** Candidate levels, ascending, from 0 to the top of the lead + review demand. */
  levels: Float64Array;
  /** Expected units one more unit prevents at each level. */
  gain: Float64Array;
  /** Expected units short per review period at each level. */
  short: Float64Array;
}

const CURVE_STEPS = 100;

export function gainCurve(leadSample: ArrayLike<number>, leadReviewSample: ArrayLike<number>): GainCurve {
  const top = leadReviewSample[leadReviewSample.length - 1] ?? 0;
  const steps = top > 0 ? CURVE_STEPS : 0;
  const levels = Float64Array.from({ length: steps + 1 }, (_, k) => (steps ? (top * k) / steps : 0));
  const gain = levels.map((s) => Math.max(0, exceedance(leadReviewSample, s) - exceedance(leadSample, s)));
  const short = levels.map((s) => Math.max(0, expectedShortfall(leadReviewSample, s) - expectedShortfall(leadSample, s)));
  return { levels, gain, short };
}

/**
 * The level on a curve where one more unit prevents `gain` expected lost
 * units (the highest crossing, linear between the curve's points), and the
 * units short per review period there.
 */
export function levelAtGain(curve: GainCurve, gain: number): { level: number; short: number } {
  const { levels, short } = curve;
  for (let k = levels.length - 2; k >= 0; k--) {
    const g = curve.gain;
    if (g[k] > gain) {
      const t = g[k] > g[k + 1] ? Math.min(1, Math.max(0, (g[k] - gain) / (g[k] - g[k + 1]))) : 1;
      return { level: levels[k] + t * (levels[k + 1] - levels[k]), short: short[k] + t * (short[k + 1] - short[k]) };
    }
  }
  return { level: 0, short: short[0] ?? 0 };
}

/**
 * The marginal gain at which variants, each at its own level on its curve,
 * are short `targetShort` units per review period in total (bisection in
 * log scale; fewer units short as the gain falls). The same gain for every
 * variant puts each unit of stock where it prevents the most lost sales:
 * for the same expected lost sales, the least stock.
 */
function gainForShortfall(curves: readonly GainCurve[], targetShort: number): number {
  const shortAt = (g: number) => curves.reduce((s, c) => s + levelAtGain(c, g).short, 0);
  let lo = Math.log(1e-6);
  let hi = 0;
  if (shortAt(Math.exp(lo)) > targetShort) return Math.exp(lo);
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (shortAt(Math.exp(mid)) <= targetShort) lo = mid;
    else hi = mid;
  }
  return Math.exp(lo);
}

/** The p-quantile of a demand sample at evenly spaced probabilities. */
function sampleQuantile(sample: ArrayLike<number>, p: number): number {
  const n = sample.length;
  if (!n) return 0;
  const pos = Math.min(n - 1, Math.max(0, p * n - 0.5));
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sample[lo] + (pos - lo) * (sample[hi] - sample[lo]);
}

/**
 * The shop's marginal gain for a service level: with every variant at its
 * level for this gain, the expected units short per review period are those
 * of every variant at the service-level quantile of its lead time + review
 * demand, held with the least stock. `samples` are each variant's demand
 * samples (`demandSample`) over its lead time and lead time + review.
 */
export function gainForServiceLevel(samples: readonly { lead: ArrayLike<number>; leadReview: ArrayLike<number> }[], serviceLevel: number): number {
  let target = 0;
  const curves = samples.map(({ lead, leadReview }) => {
    const s = sampleQuantile(leadReview, serviceLevel);
    target += Math.max(0, expectedShortfall(leadReview, s) - expectedShortfall(lead, s));
    return gainCurve(lead, leadReview);
  });
  return gainForShortfall(curves, target);
}
