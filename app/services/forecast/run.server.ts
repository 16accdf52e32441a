// Forecasting a shop: its order history becomes one daily series per
// variant, the core (./core) trains on all of them and forecasts each, and
// each variant's stock gets a replenishment plan. Runs nightly and on demand
// in the worker (workers/processors/forecast.ts).

import type { Logger } from "../../lib/logger.server";
import { stockByVariant } from "../../models/inventory-items.server";
import { replaceVariantForecasts, replenishmentOverrides, startForecastRun, updateForecastRun, type VariantForecastRow } from "../../models/forecasts.server";
import { variantSalesSince } from "../../models/orders.server";
import { variantsForReplenishment } from "../../models/products.server";
import { incomingFromPurchaseOrders } from "../../models/purchase-orders.server";
import { getShop } from "../../models/shops.server";
import { pruneStockDays, stockDaysSince } from "../../models/stock-history.server";
import { stripHtml } from "../recommendations/core/text";
import { readSettings } from "../settings.server";
import { demandOverDays, forecastVariant, trainForecaster, type SimilarVariant, type VariantForecast } from "./core/forecaster";
import { stockOutDays, type DemandHistory } from "./core/history";
import { demandSample, gainForServiceLevel, planLeadTime, planReplenishment } from "./core/replenishment";
import { similarProducts } from "./similar.server";

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 365;
/** Days of history the page's chart shows before the forecast. */
const CHART_HISTORY_DAYS = 56;
const PROGRESS_EVERY_MS = 500;

/** Similar products a new variant borrows from, at most. */
const SIMILAR_PRODUCTS = 5;

export const weekdayOfEpochDay = (day: number) => (((day + 3) % 7) + 7) % 7;

export interface ForecastRunResult {
  variants: number;
  atRisk: number;
  deadStock: number;
  toOrder: number;
  methods: Record<string, string>;
}

export async function runForecasts(shopId: string, log: Logger, trigger: "nightly" | "manual", now = new Date()): Promise<ForecastRunResult> {
  const shop = await getShop(shopId);
  const settings = readSettings(shop.settings).replenishment;
  const variants = await variantsForReplenishment(shopId);
  const run = await startForecastRun(shopId, trigger, variants.length);
  // The admin's bar reads done / variants: `done` is the share of the run's
  // work, in variants (reading sales 10 %, training and forecasting 30 %,
  // planning each variant 50 %, saving 10 %), written at most twice a second.
  let reportedAt = 0;
  const progress = async (share: number, force = false) => {
    if (!force && Date.now() - reportedAt < PROGRESS_EVERY_MS) return;
    reportedAt = Date.now();
    await updateForecastRun(shopId, run.id, { done: Math.round(variants.length * Math.min(1, share)) });
  };
  try {
    const today = Math.floor(now.getTime() / DAY_MS);
    const firstDay = today - HISTORY_DAYS;
    const index = new Map(variants.map((v, i) => [v.shopifyId, i]));
    const sales = variants.map(() => new Float64Array(HISTORY_DAYS));
    const lastSale = new Float64Array(variants.length).fill(NaN);
    for (const line of await variantSalesSince(shopId, new Date(firstDay * DAY_MS))) {
      const i = index.get(line.variantShopifyId!);
      if (i === undefined) continue;
      const day = Math.floor(line.order.processedAt.getTime() / DAY_MS) - firstDay;
      if (day < 0 || day >= HISTORY_DAYS) continue;
      sales[i][day] += line.quantity;
      if (line.quantity > 0 && !(lastSale[i] >= day)) lastSale[i] = day;
    }
    // Days before a variant's first sale are not zero demand: it was not on sale yet (or not yet sold here).
    // One that never sold has known days of no demand, from its product's creation when that is in the window.
    const firstSale = sales.map((s, i) => {
      const sold = s.findIndex((v) => v > 0);
      if (sold >= 0) return sold;
      const created = variants[i].product.shopifyCreatedAt;
      return created ? Math.min(HISTORY_DAYS, Math.max(0, Math.floor(created.getTime() / DAY_MS) - firstDay)) : 0;
    });
    await progress(0.1, true);
    // Nor are days it had no stock: the stock history marks them, and the core treats their demand as unknown.
    await pruneStockDays(shopId, firstDay);
    const stockedOut = new Map<string, boolean[]>();
    for (const v of await stockDaysSince(shopId, firstDay)) {
      const flags = stockOutDays(v.closings, firstDay, HISTORY_DAYS);
      if (flags) stockedOut.set(v.variantShopifyId, flags);
    }
    const histories: DemandHistory[] = sales.map((s, i) => ({
      sales: firstSale[i] > 0 ? Float64Array.from(s, (v, d) => (d < firstSale[i] ? NaN : v)) : s,
      firstWeekday: weekdayOfEpochDay(firstDay),
      stockedOut: stockedOut.get(variants[i].shopifyId),
    }));
    const model = trainForecaster(histories);
    const [stock, ordered] = await Promise.all([stockByVariant(shopId), incomingFromPurchaseOrders(shopId)]);
    const overrides = new Map((await replenishmentOverrides(shopId)).map((o) => [o.variantShopifyId, o]));

    const forecasts = histories.map((h) => forecastVariant(model, h));
    const borrowedFrom = await borrowForNewVariants(shopId, variants, histories, forecasts, (i, similar) => forecastVariant(model, histories[i], { similar }));

    await progress(0.4, true);
    const leadTimes = variants.map(
      (v) => overrides.get(v.shopifyId)?.leadTimeDays ?? settings.vendorLeadTimes[v.product.vendor] ?? settings.defaultLeadTimeDays,
    );
    // One marginal gain for the shop: the lost sales of the service level, with the least stock.
    const review = Math.max(1, Math.round(settings.reviewPeriodDays || 7));
    const planned = variants.map((_, i) => i).filter((i) => stock.get(variants[i].shopifyId)?.tracked);
    const gain = gainForServiceLevel(
      planned.map((i) => {
        const lead = planLeadTime(leadTimes[i]);
        return {
          lead: demandSample((p) => demandOverDays(model, forecasts[i], lead, p)),
          leadReview: demandSample((p) => demandOverDays(model, forecasts[i], lead + review, p)),
        };
      }),
      Math.min(0.999, Math.max(0.5, settings.serviceLevel)),
    );

    const rows: VariantForecastRow[] = [];
    let done = 0;
    for (let i = 0; i < variants.length; i++) {
      const v = variants[i];
      const forecast = forecasts[i];
      const s = stock.get(v.shopifyId);
      const o = overrides.get(v.shopifyId);
      const leadTimeDays = leadTimes[i];
      const price = Number(v.price);
      const plan = planReplenishment({
        demand: (days, p) => demandOverDays(model, forecast, days, p),
        meanDaily: forecast.mean,
        tracked: s ? s.tracked : v.product.tracksInventory,
        available: s ? s.available : null,
        incoming: (s?.incoming ?? 0) + (ordered.get(v.shopifyId) ?? 0),
        unitCost: s?.unitCost ?? null,
        unitPrice: Number.isFinite(price) && price >= 0 ? price : null,
        leadTimeDays,
        reviewPeriodDays: settings.reviewPeriodDays,
        serviceLevel: settings.serviceLevel,
        gain,
        minOrderQuantity: o?.minOrderQuantity,
        packSize: o?.packSize,
        deadStockDays: settings.deadStockDays,
        daysSinceLastSale: Number.isNaN(lastSale[i]) ? null : HISTORY_DAYS - lastSale[i],
        saleDays: sales[i].reduce((n, q) => n + (q > 0 ? 1 : 0), 0),
        inactiveLocations: s?.inactiveLocations ?? 0,
      });
      const round = (a: ArrayLike<number>) => Array.from(a, (x) => Math.round(x * 100) / 100);
      rows.push({
        variantShopifyId: v.shopifyId,
        productShopifyId: v.product.shopifyId,
        title: v.title && v.title !== "Default Title" ? `${v.product.title} – ${v.title}` : v.product.title,
        sku: v.sku,
        vendor: v.product.vendor,
        method: forecast.method,
        demandClass: forecast.cls,
        backtestWape: forecast.backtestWape,
        series: JSON.stringify({
          firstDay: (today - CHART_HISTORY_DAYS) * DAY_MS,
          history: round(sales[i].subarray(HISTORY_DAYS - CHART_HISTORY_DAYS)),
          mean: round(forecast.mean),
          p10: round(forecast.p10),
          p50: round(forecast.p50),
          p90: round(forecast.p90),
          notes: borrowedFrom.has(i) ? [...forecast.notes, borrowedFrom.get(i)] : forecast.notes,
        }),
        plan: JSON.stringify({ ...plan, unitCost: s?.unitCost ?? null, price, available: s?.available ?? null, inactiveLocations: s?.inactiveLocations ?? 0 }),
        state: plan.state,
        atRisk: plan.atRisk,
        deadStock: plan.deadStock,
        revenueAtRisk: plan.revenueAtRisk ?? 0,
        suggestedQuantity: plan.suggestedQuantity,
      });
      done++;
      await progress(0.4 + (0.5 * done) / variants.length);
    }
    await progress(0.9, true);
    await replaceVariantForecasts(shopId, rows);
    const methods = Object.fromEntries(Object.entries(model.methodByClass));
    await updateForecastRun(shopId, run.id, {
      done,
      status: "succeeded",
      methods: JSON.stringify({ methodByClass: methods, scores: model.scores, orderUpToGain: gain }),
    });
    const result = {
      variants: rows.length,
      atRisk: rows.filter((r) => r.atRisk).length,
      deadStock: rows.filter((r) => r.deadStock).length,
      toOrder: rows.filter((r) => r.suggestedQuantity > 0).length,
      methods,
    };
    log.info(result, "forecasts computed");
    return result;
  } catch (error) {
    await updateForecastRun(shopId, run.id, { status: "failed", error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

type ReplenishedVariant = Awaited<ReturnType<typeof variantsForReplenishment>>[number];
type BorrowNote = "borrowed_from_similar_products" | "borrowed_from_vendor_and_type";

/**
 * Re-forecasts each new variant with the demand of established variants
 * (not new themselves) like it, replacing `forecasts[i]`: the established
 * variants of its own product, then those of its most similar products by
 * the recommendations' similarity (each product weighing its similarity,
 * shared among its variants), or, when no similar product is established,
 * those of the same vendor and product type. Returns the note per variant
 * that borrowed.
 */
async function borrowForNewVariants(
  shopId: string,
  variants: readonly ReplenishedVariant[],
  histories: readonly DemandHistory[],
  forecasts: VariantForecast[],
  reforecast: (i: number, similar: SimilarVariant[]) => VariantForecast,
): Promise<Map<number, BorrowNote>> {
  const notes = new Map<number, BorrowNote>();
  const fresh = variants.map((_, i) => i).filter((i) => forecasts[i].cls === "new");
  if (!fresh.length) return notes;
  const established = new Map<string, number[]>();
  const byGroup = new Map<string, number[]>();
  const group = (v: ReplenishedVariant) => `${v.product.vendor}\u0000${v.product.productType}`;
  variants.forEach((v, i) => {
    if (forecasts[i].cls === "new") return;
    established.set(v.product.shopifyId, [...(established.get(v.product.shopifyId) ?? []), i]);
    byGroup.set(group(v), [...(byGroup.get(group(v)) ?? []), i]);
  });
  const catalog = new Map(
    variants.map((v) => {
      let tags: string[] = [];
      try {
        const parsed: unknown = JSON.parse(v.product.tags);
        if (Array.isArray(parsed)) tags = parsed.filter((t): t is string => typeof t === "string");
      } catch {
        // Unreadable tags: the rest of the text still counts.
      }
      const text = {
        title: v.product.title,
        productType: v.product.productType,
        vendor: v.product.vendor,
        tags,
        description: stripHtml(v.product.descriptionHtml),
      };
      return [v.product.shopifyId, text];
    }),
  );
  const similar = await similarProducts(shopId, catalog, new Set(fresh.map((i) => variants[i].product.shopifyId)));
  // Their sales on the same dates, stock-out days unknown.
  const known = (j: number) => Float64Array.from(histories[j].sales, (v, d) => (histories[j].stockedOut?.[d] ? NaN : Number(v)));
  const like = (j: number, weight: number): SimilarVariant => ({ weight, mean: forecasts[j].mean, sales: known(j) });

  for (const i of fresh) {
    const product = variants[i].product.shopifyId;
    const from: SimilarVariant[] = [];
    const add = (ids: readonly number[], similarity: number) => {
      for (const j of ids) from.push(like(j, similarity / ids.length));
    };
    add(established.get(product) ?? [], 1);
    let taken = 0;
    for (const [other, score] of similar.get(product)?.items ?? []) {
      if (taken >= SIMILAR_PRODUCTS) break;
      const ids = established.get(other);
      if (!ids) continue;
      add(ids, score);
      taken++;
    }
    let note: BorrowNote = "borrowed_from_similar_products";
    if (!from.length) {
      add(byGroup.get(group(variants[i])) ?? [], 1);
      note = "borrowed_from_vendor_and_type";
    }
    if (!from.length) continue;
    forecasts[i] = reforecast(i, from);
    notes.set(i, note);
  }
  return notes;
}
