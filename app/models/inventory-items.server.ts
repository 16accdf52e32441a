import prisma from "../db.server";
import { recordClosingStock } from "./stock-history.server";

// Inventory items (one per variant) and their levels per location. Every
// function takes the shop and filters by it. Shopify ids are global: an item
// id another shop holds is refused, not written.

export interface InventoryItemRecord {
  shopifyId: string;
  variantShopifyId?: string | null;
  sku?: string | null;
  tracked: boolean;
  /** Decimal string, or null when the merchant has not entered a cost. */
  unitCost: string | null;
  updatedAt: Date | null;
}

export interface InventoryLevelRecord {
  itemShopifyId: string;
  locationShopifyId: string;
  available: number;
  onHand?: number;
  committed?: number;
  incoming?: number;
  updatedAt: Date | null;
}

export type ItemWrite = "created" | "updated" | "stale" | "refused";
/** "inactive_location": written, but the location is deactivated, so its units are not sellable stock. */
export type LevelWrite = "updated" | "inactive_location" | "stale" | "unknown_item" | "refused";

async function heldElsewhere(shopId: string, shopifyId: string): Promise<boolean> {
  return (await prisma.inventoryItem.count({ where: { shopifyId, shopId: { not: shopId } } })) > 0;
}

/** Writes an item unless a newer version is stored (version guard on Shopify's updated_at). */
export async function writeInventoryItem(shopId: string, r: InventoryItemRecord): Promise<ItemWrite> {
  const existing = await prisma.inventoryItem.findUnique({
    where: { shopId_shopifyId: { shopId, shopifyId: r.shopifyId } },
    select: { id: true, shopifyUpdatedAt: true },
  });
  if (!existing) {
    if (await heldElsewhere(shopId, r.shopifyId)) return "refused";
    await prisma.inventoryItem.create({
      data: {
        shopId,
        shopifyId: r.shopifyId,
        variantShopifyId: r.variantShopifyId ?? null,
        sku: r.sku ?? null,
        tracked: r.tracked,
        unitCost: r.unitCost,
        shopifyUpdatedAt: r.updatedAt,
      },
    });
    return "created";
  }
  if (existing.shopifyUpdatedAt && r.updatedAt && existing.shopifyUpdatedAt > r.updatedAt) return "stale";
  await prisma.inventoryItem.update({
    where: { id: existing.id },
    data: {
      ...(r.variantShopifyId !== undefined ? { variantShopifyId: r.variantShopifyId } : {}),
      ...(r.sku !== undefined ? { sku: r.sku } : {}),
      tracked: r.tracked,
      unitCost: r.unitCost,
      shopifyUpdatedAt: r.updatedAt ?? existing.shopifyUpdatedAt,
      deletedAt: null,
      syncedAt: new Date(),
    },
  });
  return "updated";
}

export async function markInventoryItemDeleted(shopId: string, shopifyId: string): Promise<"deleted" | "unknown_item"> {
  const { count } = await prisma.inventoryItem.updateMany({ where: { shopId, shopifyId }, data: { deletedAt: new Date() } });
  return count ? "deleted" : "unknown_item";
}

/**
 * Writes one level and the item's closing stock for the day (the stock
 * history the forecast reads). A level for an item this shop does not have
 * is not written ("unknown_item"): its variant arrives with the next sync.
 */
export async function writeInventoryLevel(shopId: string, r: InventoryLevelRecord): Promise<LevelWrite> {
  const item = await prisma.inventoryItem.findUnique({ where: { shopId_shopifyId: { shopId, shopifyId: r.itemShopifyId } }, select: { id: true } });
  if (!item) return (await heldElsewhere(shopId, r.itemShopifyId)) ? "refused" : "unknown_item";
  const key = { itemId_locationShopifyId: { itemId: item.id, locationShopifyId: r.locationShopifyId } };
  const existing = await prisma.inventoryLevel.findUnique({ where: key, select: { shopifyUpdatedAt: true } });
  if (existing?.shopifyUpdatedAt && r.updatedAt && existing.shopifyUpdatedAt > r.updatedAt) return "stale";
  const quantities = {
    available: r.available,
    ...(r.onHand !== undefined ? { onHand: r.onHand } : {}),
    ...(r.committed !== undefined ? { committed: r.committed } : {}),
    ...(r.incoming !== undefined ? { incoming: r.incoming } : {}),
    shopifyUpdatedAt: r.updatedAt,
  };
  await prisma.inventoryLevel.upsert({
    where: key,
    create: { shopId, itemId: item.id, locationShopifyId: r.locationShopifyId, ...quantities },
    update: quantities,
  });
  await recordClosingStock(shopId, item.id);
  const location = await prisma.location.findUnique({ where: { shopId_shopifyId: { shopId, shopifyId: r.locationShopifyId } }, select: { isActive: true } });
  return location && !location.isActive ? "inactive_location" : "updated";
}

export interface VariantStock {
  variantShopifyId: string;
  tracked: boolean;
  unitCost: number | null;
  /** Summed over active locations. */
  available: number;
  onHand: number;
  committed: number;
  incoming: number;
  /** Locations with stock that are deactivated (not counted). */
  inactiveLocations: number;
}

/** Stock per variant, summed over the shop's active locations. */
export async function stockByVariant(shopId: string): Promise<Map<string, VariantStock>> {
  const [items, locations] = await Promise.all([
    prisma.inventoryItem.findMany({
      where: { shopId, deletedAt: null, variantShopifyId: { not: null } },
      select: {
        variantShopifyId: true,
        tracked: true,
        unitCost: true,
        levels: { select: { locationShopifyId: true, available: true, onHand: true, committed: true, incoming: true } },
      },
    }),
    prisma.location.findMany({ where: { shopId }, select: { shopifyId: true, isActive: true } }),
  ]);
  const inactive = new Set(locations.filter((l) => !l.isActive).map((l) => l.shopifyId));
  const out = new Map<string, VariantStock>();
  for (const item of items) {
    const cost = item.unitCost === null ? NaN : Number(item.unitCost);
    const s: VariantStock = {
      variantShopifyId: item.variantShopifyId!,
      tracked: item.tracked,
      unitCost: Number.isFinite(cost) && cost >= 0 ? cost : null,
      available: 0,
      onHand: 0,
      committed: 0,
      incoming: 0,
      inactiveLocations: 0,
    };
    for (const l of item.levels) {
      if (inactive.has(l.locationShopifyId)) {
        if (l.available !== 0 || l.onHand !== 0) s.inactiveLocations++;
        continue;
      }
      s.available += l.available;
      s.onHand += l.onHand;
      s.committed += l.committed;
      s.incoming += l.incoming;
    }
    out.set(s.variantShopifyId, s);
  }
  return out;
}
