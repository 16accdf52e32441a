import prisma from "../db.server";

// The daily stock history of inventory items: sellable units (available,
// summed over active locations) at the end of each UTC day. A row is written
// whenever one of the item's levels is (the inventory sync and the
// inventory_levels/update webhook); a day without a row kept the previous
// row's quantity. Every function takes the shop and filters by it.

const DAY_MS = 86_400_000;

export const epochDay = (at: Date) => Math.floor(at.getTime() / DAY_MS);

/**
 * Records the item's current sellable stock as its closing stock on the day
 * of its newest level change (today when Shopify gave no time): the current
 * total is true from the latest change of any of its levels on.
 */
export async function recordClosingStock(shopId: string, itemId: string, now = new Date()): Promise<void> {
  const [levels, inactive] = await Promise.all([
    prisma.inventoryLevel.findMany({ where: { shopId, itemId }, select: { locationShopifyId: true, available: true, shopifyUpdatedAt: true } }),
    prisma.location.findMany({ where: { shopId, isActive: false }, select: { shopifyId: true } }),
  ]);
  const off = new Set(inactive.map((l) => l.shopifyId));
  let available = 0;
  let latest = -Infinity;
  for (const l of levels) {
    if (!off.has(l.locationShopifyId)) available += l.available;
    latest = Math.max(latest, (l.shopifyUpdatedAt ?? now).getTime());
  }
  const day = epochDay(new Date(Number.isFinite(latest) ? latest : now.getTime()));
  await prisma.stockDay.upsert({
    where: { itemId_day: { itemId, day } },
    create: { shopId, itemId, day, available },
    update: { available },
  });
}

export interface VariantStockDays {
  variantShopifyId: string;
  /** Closing stock by day, oldest first; the first row may be before `fromDay` (the quantity the window opened with). */
  closings: { day: number; available: number }[];
}

/** Each variant's closing stock rows from `fromDay` on, with the last row before it. */
export async function stockDaysSince(shopId: string, fromDay: number): Promise<VariantStockDays[]> {
  const [recent, before] = await Promise.all([
    prisma.stockDay.findMany({
      where: { shopId, day: { gte: fromDay }, item: { deletedAt: null, variantShopifyId: { not: null } } },
      select: { itemId: true, day: true, available: true, item: { select: { variantShopifyId: true } } },
      orderBy: [{ itemId: "asc" }, { day: "asc" }],
    }),
    prisma.stockDay.groupBy({ by: ["itemId"], where: { shopId, day: { lt: fromDay } }, _max: { day: true } }),
  ]);
  const opening = [];
  // In chunks: one condition per item, and databases cap the parameters of a query.
  for (let i = 0; i < before.length; i += 500) {
    opening.push(
      ...(await prisma.stockDay.findMany({
        where: {
          shopId,
          OR: before.slice(i, i + 500).map((b) => ({ itemId: b.itemId, day: b._max.day! })),
          item: { deletedAt: null, variantShopifyId: { not: null } },
        },
        select: { itemId: true, day: true, available: true, item: { select: { variantShopifyId: true } } },
      })),
    );
  }
  const byItem = new Map<string, VariantStockDays>();
  for (const row of [...opening, ...recent]) {
    let v = byItem.get(row.itemId);
    if (!v) byItem.set(row.itemId, (v = { variantShopifyId: row.item.variantShopifyId!, closings: [] }));
    v.closings.push({ day: row.day, available: row.available });
  }
  return [...byItem.values()];
}

/**
 * Deletes rows before `beforeDay`, keeping each item's last one before it
 * (the quantity later days carried on from). Returns the rows deleted.
 */
export async function pruneStockDays(shopId: string, beforeDay: number): Promise<number> {
  const keep = await prisma.stockDay.groupBy({
    by: ["itemId"],
    where: { shopId, day: { lt: beforeDay } },
    having: { day: { _count: { gt: 1 } } },
    _max: { day: true },
  });
  let deleted = 0;
  for (const k of keep) {
    const { count } = await prisma.stockDay.deleteMany({ where: { shopId, itemId: k.itemId, day: { lt: k._max.day! } } });
    deleted += count;
  }
  return deleted;
}
