// What to reorder, when, and what is stuck: one variant's stock against its
// forecast. Pure: numbers in, a plan out.
//
// - Order-up-to level = the service-level quantile of demand over lead time
//   + review period (a periodic-review policy: the next chance to order is
//   one review away), from the forecast's calibrated quantiles. Safety stock
//   is what it adds to the expected demand, so it grows with the forecast's
//   measured uncertainty, not a fixed number of days. The same quantile for
//   every variant is also what holds the least stock for a store-wide fill
//   rate (each unit of stock goes where it prevents the most lost sales; see
//   docs/decisions/0012).
// - Reorder point = the same quantile over the lead time alone: below it, a
//   delivery ordered now arrives too late for the service level.
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
  "missing_cost" | "missing_price" | "lead_time_raised_to_one_day" | "lead_time_capped" | "lead_time_beyond_forecast" | "negative_stock" | "no_sales_history";

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
  minOrderQuantity?: number;
  packSize?: number;
  deadStockDays: number;
  /** Days since the last sale, or null when it never sold. */
  daysSinceLastSale: number | null;
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

export function planReplenishment(input: ReplenishmentInput): ReplenishmentPlan {
  const warnings: PlanWarning[] = [];
  let lead = Math.round(Number.isFinite(input.leadTimeDays) ? input.leadTimeDays : 1);
  if (lead < 1) {
    lead = 1;
    warnings.push("lead_time_raised_to_one_day");
  } else if (lead > MAX_LEAD_TIME_DAYS) {
    lead = MAX_LEAD_TIME_DAYS;
    warnings.push("lead_time_capped");
  }
  if (lead > input.meanDaily.length) warnings.push("lead_time_beyond_forecast");
  if (!input.tracked) return emptyPlan("not_tracked", warnings, lead);
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
  const reorderPoint = input.demand(lead, sl);
  const orderUpTo = Math.max(reorderPoint, input.demand(lead + review, sl));
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
