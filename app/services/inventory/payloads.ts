import { z } from "zod";
import type { InventoryItemRecord, InventoryLevelRecord } from "../../models/inventory-items.server";
import { legacyId } from "../../models/records";
import { parseWith } from "../sync/mappers";

// Inventory webhook bodies (REST shape):
// https://shopify.dev/docs/api/webhooks?reference=toml#list-of-topics-inventory_levels/update
// Only the fields used are named; a body missing one fails with a message
// that says which.

const id = z
  .custom<string | number>(
    (v) => (typeof v === "string" && /^(gid:\/\/shopify\/\w+\/)?\d+$/.test(v)) || (Number.isInteger(v) && (v as number) > 0),
    "Expected a Shopify id",
  )
  .transform((v) => legacyId(v));
const date = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "Invalid datetime")
  .transform((s) => new Date(s));
const quantity = z.number().int().min(-1_000_000_000).max(1_000_000_000);
const cost = z.union([z.string(), z.number(), z.null()]).transform((v, ctx) => {
  if (v === null || v === "") return null;
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isFinite(n) || n < 0) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `cost ${JSON.stringify(v)} is not an amount` });
    return z.NEVER;
  }
  return n.toFixed(2);
});

const levelSchema = z.object({
  inventory_item_id: id,
  location_id: id,
  // null when the item stopped being tracked at the location.
  available: quantity.nullable(),
  updated_at: date.nullish(),
});

const itemSchema = z.object({
  id,
  sku: z.string().max(255).nullish(),
  cost: cost.optional(),
  tracked: z.boolean().optional(),
  updated_at: date.nullish(),
});

const deleteSchema = z.object({ id });

export function levelFromWebhook(payload: unknown): InventoryLevelRecord {
  const p = parseWith(levelSchema, payload, "inventory level payload");
  return { itemShopifyId: p.inventory_item_id, locationShopifyId: p.location_id, available: p.available ?? 0, updatedAt: p.updated_at ?? null };
}

export function itemFromWebhook(payload: unknown): InventoryItemRecord {
  const p = parseWith(itemSchema, payload, "inventory item payload");
  return { shopifyId: p.id, sku: p.sku, tracked: p.tracked ?? true, unitCost: p.cost ?? null, updatedAt: p.updated_at ?? null };
}

export function deletedItemFromWebhook(payload: unknown): string {
  return parseWith(deleteSchema, payload, "inventory item delete payload").id;
}
