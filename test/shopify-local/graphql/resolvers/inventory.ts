// InventoryItem, InventoryLevel and Location.
// https://shopify.dev/docs/api/admin-graphql/2026-07/objects/InventoryItem

import { GraphQLError } from "graphql";
import { gid } from "../../gid.js";
import { QUANTITY_NAMES, type InventoryItemRecord, type InventoryLevelRecord, type LocationRecord } from "../../inventory.js";
import { listConnection, type PageArgs } from "../connection.js";
import type { FieldResolvers } from "../context.js";
import { uint64 } from "./common.js";

const levelsOf = (item: InventoryItemRecord, includeInactive: boolean, locationActive: (id: number) => boolean) =>
  [...item.levels.values()].filter((l) => includeInactive || locationActive(l.locationId)).sort((a, b) => a.locationId - b.locationId);

export const InventoryItem: FieldResolvers<InventoryItemRecord> = {
  id: (i) => gid("InventoryItem", i.id),
  legacyResourceId: (i) => uint64(i.id),
  unitCost: (i, _a, ctx) => (i.unitCost === null ? null : { amount: i.unitCost, currencyCode: ctx.shop.store.settings.currencyCode }),
  variant: (i, _a, ctx) => ctx.shop.store.variant(i.variantId) ?? null,
  inventoryLevels: (i, args, ctx) =>
    listConnection(
      levelsOf(i, args.includeInactive === true, (id) => ctx.shop.store.inventory.location(id)?.isActive ?? false),
      args as PageArgs,
      ctx.unpaginated,
    ),
};

export const InventoryLevel: FieldResolvers<InventoryLevelRecord> = {
  id: (l) => `gid://shopify/InventoryLevel/${l.locationId}?inventory_item_id=${l.itemId}`,
  createdAt: (l) => l.updatedAt,
  isActive: (l, _a, ctx) => ctx.shop.store.inventory.location(l.locationId)?.isActive ?? false,
  item: (l, _a, ctx) => ctx.shop.store.inventory.item(l.itemId) ?? null,
  location: (l, _a, ctx) => ctx.shop.store.inventory.location(l.locationId) ?? null,
  quantities: (l, args) =>
    (args.names as string[]).map((name) => {
      if (!(QUANTITY_NAMES as readonly string[]).includes(name)) {
        // Shopify answers an unknown quantity name with a top-level error.
        throw new GraphQLError(`Invalid quantity name: ${name}`, { extensions: { code: "INVALID" } });
      }
      return {
        id: `gid://shopify/InventoryQuantity/${l.locationId}?inventory_item_id=${l.itemId}&name=${name}`,
        name,
        quantity: l.quantities[name as (typeof QUANTITY_NAMES)[number]],
        updatedAt: l.updatedAt,
      };
    }),
};

export const Location: FieldResolvers<LocationRecord> = {
  id: (l) => gid("Location", l.id),
  legacyResourceId: (l) => uint64(l.id),
  updatedAt: (l) => l.createdAt,
  deactivatedAt: (l) => (l.isActive ? null : l.createdAt),
};
