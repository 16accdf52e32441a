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
import { readSettings } from "../settings.server";
import { demandOverDays, forecastVariant, trainForecaster, type SimilarVariant } from "./core/forecaster";
import { stockOutDays, type DemandHistory } from "./core/history";
import { planReplenishment } from "./core/replenishment";

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 365;
/** Days of history the page's chart shows before the forecast. */
const CHART_HISTORY_DAYS = 56;

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
    const firstSale = sales.map((s) => s.findIndex((v) => v > 0));
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

    // New variants borrow the rate of products of the same type from the same vendor.
    const rateByGroup = new Map<string, { units: number; variants: number }>();
    const group = (i: number) => `${variants[i].product.vendor}\u0000${variants[i].product.productType}`;
    sales.forEach((s, i) => {
      let units = 0;
      for (let d = HISTORY_DAYS - 56; d < HISTORY_DAYS; d++) units += Math.max(0, s[d]);
      const g = rateByGroup.get(group(i)) ?? { units: 0, variants: 0 };
      g.units += units / 56;
      g.variants++;
      rateByGroup.set(group(i), g);
    });

    const rows: VariantForecastRow[] = [];
    let done = 0;
    for (let i = 0; i < variants.length; i++) {
      const v = variants[i];
      const g = rateByGroup.get(group(i))!;
      const similar: SimilarVariant[] = g.variants > 1 ? [{ dailyRate: g.units / g.variants, weight: 1 }] : [];
      const forecast = forecastVariant(model, histories[i], { similar });
      const s = stock.get(v.shopifyId);
      const o = overrides.get(v.shopifyId);
      const leadTimeDays = o?.leadTimeDays ?? settings.vendorLeadTimes[v.product.vendor] ?? settings.defaultLeadTimeDays;
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
        minOrderQuantity: o?.minOrderQuantity,
        packSize: o?.packSize,
        deadStockDays: settings.deadStockDays,
        daysSinceLastSale: Number.isNaN(lastSale[i]) ? null : HISTORY_DAYS - lastSale[i],
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
          notes: forecast.notes,
        }),
        plan: JSON.stringify({ ...plan, unitCost: s?.unitCost ?? null, price, available: s?.available ?? null, inactiveLocations: s?.inactiveLocations ?? 0 }),
        state: plan.state,
        atRisk: plan.atRisk,
        deadStock: plan.deadStock,
        revenueAtRisk: plan.revenueAtRisk ?? 0,
        suggestedQuantity: plan.suggestedQuantity,
      });
      if (++done % 1000 === 0) await updateForecastRun(shopId, run.id, { done });
    }
    await replaceVariantForecasts(shopId, rows);
    const methods = Object.fromEntries(Object.entries(model.methodByClass));
    await updateForecastRun(shopId, run.id, { done, status: "succeeded", methods: JSON.stringify({ methodByClass: methods, scores: model.scores }) });
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
