// A variant's daily sales history, cleaned for forecasting, and its demand
// class.
//
// Cleaning (each change is reported as a note the merchant sees on the variant):
// - a missing or non-numeric day is a gap: unknown, not zero;
// - negative quantities (returns, refunds) count as no sale: the forecast is of
//   gross demand; returns go back to stock through the inventory levels;
// - a day the variant was out of stock is unknown, not a day of zero demand
//   (shoppers could not buy it);
// - a one-off bulk order is capped at a robust ceiling of the variant's usual
//   daily sales, so one wholesale order does not lift the forecast for months.
//   "One-off" matters: when big days are common (more than 5% of selling
//   days), they are the pattern and are kept.
//
// Classes follow Syntetos & Boylan (2005): the average interval between
// selling days (ADI) and the squared coefficient of variation of the non-zero
// quantities (CV²) split smooth / erratic / intermittent / lumpy series, which
// suit different methods. A variant with less than `NEW_VARIANT_DAYS` of
// known history is "new".

export type CleanNote = "gaps" | "returns_ignored" | "stock_out_days" | "bulk_orders_capped";

export type DemandClass = "smooth" | "erratic" | "intermittent" | "lumpy" | "new";

export const DEMAND_CLASSES: readonly DemandClass[] = ["smooth", "erratic", "intermittent", "lumpy", "new"];

export interface DemandHistory {
  /** Units sold per day, oldest first; the last entry is the day before the forecast starts. NaN = unknown. */
  sales: ArrayLike<number>;
  /** Weekday of sales[0]: 0 = Monday … 6 = Sunday. */
  firstWeekday: number;
  /** Per day, true when the variant had no stock (demand unknown). Optional. */
  stockedOut?: ArrayLike<boolean>;
}

export interface CleanHistory {
  /** Daily demand, NaN where unknown. */
  y: Float64Array;
  firstWeekday: number;
  notes: CleanNote[];
  /** Days with known demand. */
  knownDays: number;
  /** The ceiling bulk orders were capped at, or null when none was. */
  bulkCap: number | null;
}

export const NEW_VARIANT_DAYS = 56;
const CLASS_WINDOW_DAYS = 182;
const ADI_CUT = 1.32;
const CV2_CUT = 0.49;

export function median(values: ArrayLike<number>): number {
  const a = Float64Array.from(values).sort();
  if (a.length === 0) return NaN;
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

/** The ceiling above which a day counts as a one-off bulk order, or null when there is none. */
export function bulkOrderCap(y: ArrayLike<number>): number | null {
  const sizes: number[] = [];
  for (let i = 0; i < y.length; i++) if (y[i] > 0) sizes.push(y[i]);
  if (sizes.length < 5) return null;
  const m = median(sizes);
  const mad = median(sizes.map((s) => Math.abs(s - m))) * 1.4826;
  const cap = m + 6 * Math.max(mad, 0.5 * m, 1);
  let above = 0;
  for (const s of sizes) if (s > cap) above++;
  return above > 0 && above <= 0.05 * sizes.length ? cap : null;
}

export function cleanHistory(history: DemandHistory): CleanHistory {
  const n = history.sales.length;
  const y = new Float64Array(n);
  const notes = new Set<CleanNote>();
  let known = 0;
  for (let i = 0; i < n; i++) {
    const v = Number(history.sales[i]);
    if (history.stockedOut?.[i]) {
      y[i] = NaN;
      notes.add("stock_out_days");
    } else if (!Number.isFinite(v)) {
      y[i] = NaN;
      notes.add("gaps");
    } else if (v < 0) {
      y[i] = 0;
      notes.add("returns_ignored");
      known++;
    } else {
      y[i] = v;
      known++;
    }
  }
  const cap = bulkOrderCap(y);
  if (cap !== null) {
    for (let i = 0; i < n; i++) if (y[i] > cap) y[i] = cap;
    notes.add("bulk_orders_capped");
  }
  return { y, firstWeekday: ((history.firstWeekday % 7) + 7) % 7, notes: [...notes], knownDays: known, bulkCap: cap };
}

export interface ClassStats {
  cls: DemandClass;
  /** Average interval between selling days (known days / selling days); Infinity without sales. */
  adi: number;
  /** Squared coefficient of variation of the non-zero daily quantities. */
  cv2: number;
  sellingDays: number;
}

export function classify(clean: CleanHistory): ClassStats {
  const { y } = clean;
  const from = Math.max(0, y.length - CLASS_WINDOW_DAYS);
  let known = 0;
  let selling = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = from; i < y.length; i++) {
    const v = y[i];
    if (Number.isNaN(v)) continue;
    known++;
    if (v > 0) {
      selling++;
      sum += v;
      sumSq += v * v;
    }
  }
  const adi = selling ? known / selling : Infinity;
  const mean = selling ? sum / selling : 0;
  const cv2 = selling > 1 && mean > 0 ? Math.max(0, sumSq / selling - mean * mean) / (mean * mean) : 0;
  let cls: DemandClass;
  if (clean.knownDays < NEW_VARIANT_DAYS) cls = "new";
  else if (adi < ADI_CUT) cls = cv2 < CV2_CUT ? "smooth" : "erratic";
  else cls = cv2 < CV2_CUT ? "intermittent" : "lumpy";
  return { cls, adi, cv2, sellingDays: selling };
}

export interface StockClosing {
  /** Day number (same scale as `firstDay`). */
  day: number;
  /** Sellable units at the end of the day. */
  available: number;
}

/**
 * Stock-out flags for the days [firstDay, firstDay + days) from a variant's
 * closing stock rows (ascending by day; a day without a row kept the
 * previous row's quantity). A day is a stock-out when it opened or closed
 * with nothing to sell: shoppers could not buy for at least part of it, so
 * what sold is not its demand. Days before the first row are not known to be
 * stocked out. Returns undefined when no day is.
 */
export function stockOutDays(closings: readonly StockClosing[], firstDay: number, days: number): boolean[] | undefined {
  const out = new Array<boolean>(days).fill(false);
  let any = false;
  let k = 0;
  let last: number | null = null;
  for (let d = firstDay - 1; d < firstDay + days; d++) {
    const opening = last;
    while (k < closings.length && closings[k].day <= d) last = closings[k++].available;
    if (d < firstDay) continue;
    if ((opening !== null && opening <= 0) || (last !== null && last <= 0)) {
      out[d - firstDay] = true;
      any = true;
    }
  }
  return any ? out : undefined;
}
