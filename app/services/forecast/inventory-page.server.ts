// What the Inventory page shows and does: the latest forecast run, variants
// at risk, dead stock, purchase-order suggestions per vendor, and the
// replenishment settings.

import { z } from "zod";
import {
  atRiskVariants,
  deadStockVariants,
  latestForecastRun,
  saveReplenishmentOverride,
  variantForecast,
  variantsToOrder,
} from "../../models/forecasts.server";
import { createOrderedPurchaseOrder, openPurchaseOrders } from "../../models/purchase-orders.server";
import { updateShopSettings } from "../../models/shops.server";
import { enqueueForecast } from "../../queues/forecast.server";
import { readSettings, type ShopSettings } from "../settings.server";
import type { ReplenishmentPlan } from "./core/replenishment";

type PlanView = ReplenishmentPlan & { unitCost: number | null; price: number; available: number | null; inactiveLocations: number };

const planOf = (json: string) => JSON.parse(json) as PlanView;

export async function inventoryPage(shop: { id: string; settings: string }, selected: string | null) {
  const [run, atRisk, dead, toOrder, ordered] = await Promise.all([
    latestForecastRun(shop.id),
    atRiskVariants(shop.id),
    deadStockVariants(shop.id),
    variantsToOrder(shop.id),
    openPurchaseOrders(shop.id),
  ]);
  const chosenId = selected ?? atRisk[0]?.variantShopifyId ?? null;
  const chosen = chosenId ? await variantForecast(shop.id, chosenId) : null;
  const vendors = new Map<
    string,
    { vendor: string; lines: { variantShopifyId: string; title: string; sku: string | null; quantity: number; unitCost: number | null }[] }
  >();
  for (const v of toOrder) {
    const key = v.vendor || "No vendor";
    if (!vendors.has(key)) vendors.set(key, { vendor: key, lines: [] });
    vendors
      .get(key)!
      .lines.push({ variantShopifyId: v.variantShopifyId, title: v.title, sku: v.sku, quantity: v.suggestedQuantity, unitCost: planOf(v.plan).unitCost });
  }
  const row = (v: (typeof atRisk)[number]) => ({ ...v, plan: planOf(v.plan) });
  return {
    run: run && { ...run, methods: JSON.parse(run.methods) as { methodByClass?: Record<string, string> } },
    atRisk: atRisk.map(row),
    deadStock: dead.map(row),
    purchaseOrders: [...vendors.values()],
    ordered,
    chosen: chosen && { ...chosen, plan: planOf(chosen.plan), series: JSON.parse(chosen.series) as ForecastSeries },
    settings: readSettings(shop.settings).replenishment,
  };
}

export interface ForecastSeries {
  firstDay: number;
  history: number[];
  mean: number[];
  p10: number[];
  p50: number[];
  p90: number[];
  notes: string[];
}

export async function requestForecast(shopId: string) {
  await enqueueForecast(shopId, "manual");
}

const int = (min: number, max: number, what: string) =>
  z.coerce
    .number({ invalid_type_error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what}: at least ${min}`)
    .max(max, `${what}: at most ${max}`);

export const replenishmentFormSchema = z.object({
  serviceLevel: z.coerce.number().min(50, "Service level: at least 50%").max(99.9, "Service level: at most 99.9%"),
  reviewPeriodDays: int(1, 90, "Review period"),
  deadStockDays: int(7, 730, "Dead-stock threshold"),
  defaultLeadTimeDays: int(0, 365, "Lead time"),
  // One "Vendor: days" per line.
  vendorLeadTimes: z.string().max(20_000),
});

export function parseVendorLeadTimes(text: string): { ok: true; value: Record<string, number> } | { ok: false; error: string } {
  const value: Record<string, number> = {};
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(.{1,255}?)\s*[:=]\s*(\d{1,3})\s*(days?)?$/i.exec(line);
    if (!m || Number(m[2]) > 365)
      return { ok: false, error: `Line ${i + 1}: write "Vendor: days" with 0 to 365 days (got ${JSON.stringify(line.slice(0, 60))}).` };
    value[m[1].trim()] = Number(m[2]);
  }
  return { ok: true, value };
}

export async function saveReplenishmentSettings(shop: { id: string; settings: string }, form: Record<string, unknown>) {
  const parsed = replenishmentFormSchema.safeParse(form);
  if (!parsed.success) return { ok: false as const, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
  const vendors = parseVendorLeadTimes(parsed.data.vendorLeadTimes);
  if (!vendors.ok) return { ok: false as const, errors: { vendorLeadTimes: vendors.error } };
  const settings: ShopSettings = {
    ...readSettings(shop.settings),
    replenishment: {
      serviceLevel: parsed.data.serviceLevel / 100,
      reviewPeriodDays: parsed.data.reviewPeriodDays,
      deadStockDays: parsed.data.deadStockDays,
      defaultLeadTimeDays: parsed.data.defaultLeadTimeDays,
      vendorLeadTimes: vendors.value,
    },
  };
  await updateShopSettings(shop.id, JSON.stringify(settings));
  return { ok: true as const };
}

/** A purchase order as posted by the page: the vendor and, per variant, the (edited) quantity. */
export const purchaseOrderFormSchema = z.object({
  vendor: z.string().min(1).max(255),
  lines: z
    .array(
      z.object({
        variantShopifyId: z.string().regex(/^\d{1,20}$/, "unknown variant"),
        quantity: z.coerce.number().int("quantities are whole numbers").min(0, "quantities cannot be negative").max(1_000_000, "quantity too large"),
      }),
    )
    .min(1)
    .max(2000),
});

/** The posted order's lines, checked against this shop's suggestions (titles, SKUs and costs come from there). */
async function linesOf(shopId: string, form: z.infer<typeof purchaseOrderFormSchema>) {
  const suggestions = new Map((await variantsToOrder(shopId)).map((v) => [v.variantShopifyId, v]));
  const lines = [];
  for (const l of form.lines) {
    const s = suggestions.get(l.variantShopifyId);
    if (!s) throw new Error(`variant ${l.variantShopifyId} has no suggestion to order`);
    if (l.quantity > 0)
      lines.push({ variantShopifyId: l.variantShopifyId, sku: s.sku, title: s.title, quantity: l.quantity, unitCost: planOf(s.plan).unitCost });
  }
  return lines;
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export async function purchaseOrderCsv(shopId: string, form: z.infer<typeof purchaseOrderFormSchema>): Promise<string> {
  const lines = await linesOf(shopId, form);
  const rows = [["Vendor", "SKU", "Product", "Quantity", "Unit cost", "Line cost"]];
  for (const l of lines)
    rows.push([
      form.vendor,
      l.sku ?? "",
      l.title,
      String(l.quantity),
      l.unitCost === null ? "" : l.unitCost.toFixed(2),
      l.unitCost === null ? "" : (l.unitCost * l.quantity).toFixed(2),
    ]);
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export async function markPurchaseOrderOrdered(shopId: string, form: z.infer<typeof purchaseOrderFormSchema>) {
  const lines = await linesOf(shopId, form);
  if (!lines.length) return { ok: false as const, error: "Nothing to order: every quantity is 0." };
  await createOrderedPurchaseOrder(
    shopId,
    form.vendor,
    lines.map((l) => ({ ...l, unitCost: l.unitCost === null ? null : l.unitCost.toFixed(2) })),
  );
  // The ordered units count as incoming from the next run: start it now.
  await enqueueForecast(shopId, "manual").catch(() => undefined);
  return { ok: true as const };
}

/** Reads `vendor`, `variant[]` and `quantity[]` fields of a posted purchase order. */
export function purchaseOrderFromForm(form: FormData) {
  const ids = form.getAll("variant").map(String);
  const quantities = form.getAll("quantity").map(String);
  return purchaseOrderFormSchema.safeParse({
    vendor: String(form.get("vendor") ?? ""),
    lines: ids.map((variantShopifyId, i) => ({ variantShopifyId, quantity: quantities[i] ?? "" })),
  });
}

export const overrideFormSchema = z.object({
  variant: z.string().regex(/^\d{1,20}$/, "unknown variant"),
  // Empty: the vendor's (or the default) lead time applies.
  leadTimeDays: z.union([z.literal(""), int(0, 365, "Lead time")]),
  minOrderQuantity: int(1, 1_000_000, "Minimum order"),
  packSize: int(1, 100_000, "Pack size"),
});

/** Saves a variant's own lead time, minimum order quantity and pack size. */
export async function saveVariantOverride(shopId: string, form: Record<string, unknown>) {
  const parsed = overrideFormSchema.safeParse(form);
  if (!parsed.success) return { ok: false as const, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
  const { variant, leadTimeDays, minOrderQuantity, packSize } = parsed.data;
  if (!(await variantForecast(shopId, variant))) return { ok: false as const, errors: { variant: "No such variant in this shop." } };
  await saveReplenishmentOverride(shopId, variant, { leadTimeDays: leadTimeDays === "" ? null : leadTimeDays, minOrderQuantity, packSize });
  return { ok: true as const };
}
