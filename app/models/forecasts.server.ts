import prisma from "../db.server";

// Forecast runs and each variant's latest forecast and plan. Every function
// takes the shop and filters by it.

export function startForecastRun(shopId: string, trigger: "nightly" | "manual", variants: number) {
  return prisma.forecastRun.create({ data: { shopId, trigger, variants }, select: { id: true } });
}

export async function updateForecastRun(
  shopId: string,
  id: string,
  data: { done?: number; status?: "succeeded" | "failed"; methods?: string; error?: string | null },
) {
  await prisma.forecastRun.updateMany({ where: { id, shopId }, data: { ...data, ...(data.status ? { finishedAt: new Date() } : {}) } });
}

export function latestForecastRun(shopId: string) {
  return prisma.forecastRun.findFirst({
    where: { shopId },
    orderBy: { startedAt: "desc" },
    select: { id: true, status: true, trigger: true, variants: true, done: true, methods: true, error: true, startedAt: true, finishedAt: true },
  });
}

export interface VariantForecastRow {
  variantShopifyId: string;
  productShopifyId: string;
  title: string;
  sku: string | null;
  vendor: string;
  method: string;
  demandClass: string;
  backtestWape: number | null;
  series: string;
  plan: string;
  state: string;
  atRisk: boolean;
  deadStock: boolean;
  revenueAtRisk: number;
  suggestedQuantity: number;
}

/** Replaces the shop's forecasts with a new run's. */
export async function replaceVariantForecasts(shopId: string, rows: readonly VariantForecastRow[]) {
  const computedAt = new Date();
  await prisma.$transaction(async (tx) => {
    await tx.variantForecast.deleteMany({ where: { shopId } });
    for (let i = 0; i < rows.length; i += 500) {
      await tx.variantForecast.createMany({ data: rows.slice(i, i + 500).map((r) => ({ ...r, shopId, computedAt })) });
    }
  });
}

const LIST_FIELDS = {
  variantShopifyId: true,
  productShopifyId: true,
  title: true,
  sku: true,
  vendor: true,
  method: true,
  demandClass: true,
  backtestWape: true,
  plan: true,
  state: true,
  atRisk: true,
  deadStock: true,
  revenueAtRisk: true,
  suggestedQuantity: true,
  computedAt: true,
} as const;

/** Variants that run out before a delivery ordered today could arrive, most revenue at risk first. */
export function atRiskVariants(shopId: string, take = 100) {
  return prisma.variantForecast.findMany({
    where: { shopId, atRisk: true },
    orderBy: [{ revenueAtRisk: "desc" }, { title: "asc" }],
    take,
    select: LIST_FIELDS,
  });
}

export function deadStockVariants(shopId: string, take = 100) {
  return prisma.variantForecast.findMany({ where: { shopId, deadStock: true }, orderBy: { title: "asc" }, take, select: LIST_FIELDS });
}

/** Variants with a suggested order, for the purchase-order suggestions. */
export function variantsToOrder(shopId: string) {
  return prisma.variantForecast.findMany({
    where: { shopId, suggestedQuantity: { gt: 0 } },
    orderBy: [{ vendor: "asc" }, { title: "asc" }],
    select: LIST_FIELDS,
  });
}

export function variantForecast(shopId: string, variantShopifyId: string) {
  return prisma.variantForecast.findUnique({ where: { shopId_variantShopifyId: { shopId, variantShopifyId } }, select: { ...LIST_FIELDS, series: true } });
}

/** Per-variant lead time, minimum order and pack size overrides. */
export function replenishmentOverrides(shopId: string) {
  return prisma.variantReplenishment.findMany({
    where: { shopId },
    select: { variantShopifyId: true, leadTimeDays: true, minOrderQuantity: true, packSize: true },
  });
}

export async function saveReplenishmentOverride(
  shopId: string,
  variantShopifyId: string,
  o: { leadTimeDays: number | null; minOrderQuantity: number; packSize: number },
) {
  await prisma.variantReplenishment.upsert({
    where: { shopId_variantShopifyId: { shopId, variantShopifyId } },
    create: { shopId, variantShopifyId, ...o },
    update: o,
  });
}
