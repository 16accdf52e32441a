import { markInventoryItemDeleted, writeInventoryItem, writeInventoryLevel } from "../../models/inventory-items.server";
import { PayloadError } from "../sync/mappers";
import { deletedItemFromWebhook, itemFromWebhook, levelFromWebhook } from "./payloads";

// Applying the inventory webhooks (called by app/services/webhooks/apply.server.ts).
// Each returns the outcome recorded on the delivery.

type ShopRef = { id: string } | null;

export async function applyInventoryLevelUpdate(shop: ShopRef, payload: unknown): Promise<string> {
  if (!shop) return "unknown shop: nothing held";
  const level = levelFromWebhook(payload);
  const result = await writeInventoryLevel(shop.id, level);
  if (result === "refused") throw new PayloadError(`refused: inventory item ${level.itemShopifyId} belongs to another shop`);
  if (result === "unknown_item") return `ignored: unknown inventory item ${level.itemShopifyId} (the next inventory sync brings it)`;
  if (result === "stale") return "stale: a newer level is already stored";
  if (result === "inactive_location")
    return `available ${level.available} at location ${level.locationShopifyId}, which is deactivated: not counted as sellable stock`;
  return `available ${level.available} at location ${level.locationShopifyId}`;
}

export async function applyInventoryItemUpdate(shop: ShopRef, payload: unknown): Promise<string> {
  if (!shop) return "unknown shop: nothing held";
  const item = itemFromWebhook(payload);
  const result = await writeInventoryItem(shop.id, item);
  if (result === "refused") throw new PayloadError(`refused: inventory item ${item.shopifyId} belongs to another shop`);
  return result === "stale" ? "stale: a newer version is already stored" : result;
}

export async function applyInventoryItemDelete(shop: ShopRef, payload: unknown): Promise<string> {
  if (!shop) return "unknown shop: nothing held";
  const id = deletedItemFromWebhook(payload);
  return (await markInventoryItemDeleted(shop.id, id)) === "deleted" ? "deleted" : `ignored: unknown inventory item ${id}`;
}
