import prisma from "../db.server";
import { sql } from "../lib/sql.server";

const shopSummary = {
  id: true,
  domain: true,
  name: true,
  currencyCode: true,
  moneyFormat: true,
  settings: true,
  uninstalledAt: true,
  syncStatus: true,
  syncStartedAt: true,
  syncFinishedAt: true,
  syncError: true,
  lastWebhookAt: true,
} as const;

/** The few facts the webhook and storefront hot paths need, by plain SQL. */
export async function findShopForRequest(domain: string): Promise<{ id: string; uninstalled: boolean; shopifyId: string | null } | null> {
  const db = await sql();
  const row = await db.get<{ id: string; uninstalledAt: unknown; shopifyId: string | null }>(
    `SELECT "id", "uninstalledAt", "shopifyId" FROM "Shop" WHERE "domain" = ?`,
    [domain],
  );
  return row ? { id: row.id, uninstalled: row.uninstalledAt !== null, shopifyId: row.shopifyId } : null;
}

/** The shop's settings JSON and money format (plain SQL, for the storefront's serving state), or null when the shop does not exist. */
export async function shopServingFacts(shopId: string): Promise<{ settings: string; moneyFormat: string } | null> {
  const db = await sql();
  return (await db.get<{ settings: string; moneyFormat: string }>(`SELECT "settings", "moneyFormat" FROM "Shop" WHERE "id" = ?`, [shopId])) ?? null;
}

/** The shop's settings JSON (plain SQL, for the webhook apply path), or null when the shop does not exist. */
export async function shopSettingsJson(shopId: string): Promise<string | null> {
  const db = await sql();
  return (await db.get<{ settings: string }>(`SELECT "settings" FROM "Shop" WHERE "id" = ?`, [shopId]))?.settings ?? null;
}

export function findShopByDomain(domain: string) {
  return prisma.shop.findUnique({ where: { domain }, select: shopSummary });
}

export function getShop(shopId: string) {
  return prisma.shop.findUniqueOrThrow({ where: { id: shopId }, select: shopSummary });
}

/** The shop, or null when it no longer exists (deleted, or a job from before a fresh database). */
export function findShop(shopId: string) {
  return prisma.shop.findUnique({ where: { id: shopId }, select: shopSummary });
}

/**
 * Across shops, for the worker's start-up: installed shops whose first import
 * has finished, i.e. those that retrain on a schedule.
 */
export function listShopsToRetrain() {
  return prisma.shop.findMany({ where: { uninstalledAt: null, syncFinishedAt: { not: null } }, select: { id: true, settings: true } });
}

/** Across shops: those whose import is marked as running (for finding interrupted ones). */
export function listShopsSyncing() {
  return prisma.shop.findMany({ where: { syncStatus: "running" }, select: { id: true } });
}

export function upsertInstalledShop(
  domain: string,
  data: { shopifyId?: string; name?: string | null; currencyCode?: string; moneyFormat?: string; scopes?: string },
) {
  return prisma.shop.upsert({
    where: { domain },
    create: { domain, ...data },
    update: { ...data, uninstalledAt: null, installedAt: new Date() },
    select: shopSummary,
  });
}

export async function markShopUninstalled(shopId: string, at: Date) {
  await prisma.shop.update({ where: { id: shopId }, data: { uninstalledAt: at } });
}

export async function updateShopScopes(shopId: string, scopes: string) {
  await prisma.shop.update({ where: { id: shopId }, data: { scopes } });
}

export async function updateShopSettings(shopId: string, settings: string) {
  await prisma.shop.update({ where: { id: shopId }, data: { settings } });
}

/** Marks the shop's import failed if it is still marked running (a run a stopped worker left behind). */
export async function failRunningSync(shopId: string, error: string) {
  await prisma.shop.updateMany({ where: { id: shopId, syncStatus: "running" }, data: { syncStatus: "failed", syncError: error, syncFinishedAt: new Date() } });
}

export async function setSyncState(shopId: string, state: { syncStatus: "running" | "succeeded" | "failed"; syncError?: string | null }) {
  const now = new Date();
  await prisma.shop.update({
    where: { id: shopId },
    data: {
      syncStatus: state.syncStatus,
      syncError: state.syncError ?? null,
      ...(state.syncStatus === "running" ? { syncStartedAt: now, syncFinishedAt: null } : { syncFinishedAt: now }),
    },
  });
}

/** shop/redact: everything Aisle holds for the shop goes (rows cascade). */
export async function eraseShop(domain: string) {
  const shop = await prisma.shop.findUnique({ where: { domain }, select: { id: true } });
  await prisma.$transaction(async (tx) => {
    if (shop) await tx.shop.delete({ where: { id: shop.id } });
    await tx.session.deleteMany({ where: { shop: domain } });
    await tx.webhookDelivery.deleteMany({ where: { shopDomain: domain } });
  });
  return Boolean(shop);
}

export async function deleteSessions(domain: string) {
  await prisma.session.deleteMany({ where: { shop: domain } });
}

/** Every shop's settings, for work that runs across shops (payload retention). */
export function listShopSettings() {
  return prisma.shop.findMany({ select: { id: true, settings: true } });
}

/** Across shops: those installed now. */
export function listInstalledShops() {
  return prisma.shop.findMany({ where: { uninstalledAt: null }, select: { id: true } });
}
