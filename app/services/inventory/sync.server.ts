// Inventory sync: locations, inventory items (unit cost, tracked) and their
// quantities per location, paged through Admin GraphQL. Webhooks keep them
// current afterwards (./webhooks.server.ts); a sync repairs whatever a
// missed webhook left behind, and brings items a webhook named before we
// knew them.

import { InventoryItemsQuery } from "../../graphql/inventory-items";
import { LocationsQuery } from "../../graphql/locations";
import { writeInventoryItem, writeInventoryLevel } from "../../models/inventory-items.server";
import { writeLocations } from "../../models/locations.server";
import { legacyId } from "../../models/records";
import type { InventoryItemsQuery as InventoryItemsPage, LocationsQuery as LocationsPage } from "../../types/admin.generated";
import type { ShopifyAdmin } from "../shopify-admin.server";

// Items per page: with up to 10 locations each, a page stays under Shopify's
// 1,000-point single-query cost limit (https://shopify.dev/docs/api/usage/limits).
const PAGE = 25;

export interface InventorySyncResult {
  locations: number;
  items: number;
  levels: number;
  refused: number;
}

export async function syncInventory(shopId: string, admin: ShopifyAdmin): Promise<InventorySyncResult> {
  const result: InventorySyncResult = { locations: 0, items: 0, levels: 0, refused: 0 };
  for (let after: string | null = null; ;) {
    const { locations }: LocationsPage = await admin.request(LocationsQuery, { first: PAGE, after });
    await writeLocations(
      shopId,
      locations.nodes.map((l) => ({ shopifyId: legacyId(l.id), name: l.name, isActive: l.isActive })),
    );
    result.locations += locations.nodes.length;
    if (!locations.pageInfo.hasNextPage) break;
    after = locations.pageInfo.endCursor ?? null;
  }
  for (let after: string | null = null; ;) {
    const { inventoryItems }: InventoryItemsPage = await admin.request(InventoryItemsQuery, { first: PAGE, after });
    for (const node of inventoryItems.nodes) {
      const shopifyId = legacyId(node.id);
      const written = await writeInventoryItem(shopId, {
        shopifyId,
        variantShopifyId: legacyId(node.variant.id),
        sku: node.sku ?? null,
        tracked: node.tracked,
        unitCost: node.unitCost ? String(node.unitCost.amount) : null,
        updatedAt: null,
      });
      if (written === "refused") {
        result.refused++;
        continue;
      }
      result.items++;
      for (const level of node.inventoryLevels.nodes) {
        const q = Object.fromEntries(level.quantities.map((x) => [x.name, x.quantity]));
        const outcome = await writeInventoryLevel(shopId, {
          itemShopifyId: shopifyId,
          locationShopifyId: legacyId(level.location.id),
          available: q.available ?? 0,
          onHand: q.on_hand ?? 0,
          committed: q.committed ?? 0,
          incoming: q.incoming ?? 0,
          updatedAt: new Date(level.updatedAt as string),
        });
        if (outcome === "updated" || outcome === "inactive_location") result.levels++;
      }
    }
    if (!inventoryItems.pageInfo.hasNextPage) break;
    after = inventoryItems.pageInfo.endCursor ?? null;
  }
  return result;
}
