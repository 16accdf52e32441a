// Stock: locations, one inventory item per variant (unit cost, tracked) and
// its quantities per location, as the Admin API serves them
// (https://shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps).
//
// Seeded deterministically from the variant id so every run of a test sees
// the same shop: most variants are tracked, with stock for a few weeks and a
// unit cost of 35-60% of the price; some have no cost entered, some are not
// tracked, and a deactivated location still holds a little old stock (which
// does not count as sellable).

import { createHash } from "node:crypto";

export interface LocationRecord {
  readonly __typename: "Location";
  readonly id: number;
  name: string;
  isActive: boolean;
  readonly createdAt: string;
}

export const QUANTITY_NAMES = ["available", "on_hand", "committed", "incoming", "reserved", "damaged", "safety_stock", "quality_control"] as const;
export type QuantityName = (typeof QUANTITY_NAMES)[number];

export interface InventoryLevelRecord {
  readonly __typename: "InventoryLevel";
  /** The location id: unique among one item's levels, which is what their cursors page over. */
  readonly id: number;
  readonly itemId: number;
  readonly locationId: number;
  quantities: Record<QuantityName, number>;
  updatedAt: string;
}

export interface InventoryItemRecord {
  readonly __typename: "InventoryItem";
  readonly id: number;
  readonly variantId: number;
  sku: string | null;
  tracked: boolean;
  /** Decimal string; null when no cost is entered. */
  unitCost: string | null;
  readonly createdAt: string;
  updatedAt: string;
  /** By location id. */
  levels: Map<number, InventoryLevelRecord>;
}

/** A number in [0, 1) from a key: the same key always gives the same number. */
function unit(key: string): number {
  return createHash("sha1").update(key).digest().readUInt32BE(0) / 2 ** 32;
}

const emptyQuantities = (): Record<QuantityName, number> => Object.fromEntries(QUANTITY_NAMES.map((n) => [n, 0])) as Record<QuantityName, number>;

export class Inventory {
  readonly locations: LocationRecord[] = [];
  readonly items = new Map<number, InventoryItemRecord>();
  private readonly byVariant = new Map<number, number>();

  constructor(
    private readonly allocate: (kind: "inventoryItem" | "location") => number,
    private readonly now: () => string,
  ) {
    const at = now();
    this.locations.push({ __typename: "Location", id: allocate("location"), name: "Warehouse", isActive: true, createdAt: at });
    this.locations.push({ __typename: "Location", id: allocate("location"), name: "Old shop (closed)", isActive: false, createdAt: at });
  }

  get primary(): LocationRecord {
    return this.locations[0];
  }

  location(id: number): LocationRecord | undefined {
    return this.locations.find((l) => l.id === id);
  }

  item(id: number): InventoryItemRecord | undefined {
    return this.items.get(id);
  }

  itemOfVariant(variantId: number): InventoryItemRecord | undefined {
    const id = this.byVariant.get(variantId);
    return id === undefined ? undefined : this.items.get(id);
  }

  itemList(): InventoryItemRecord[] {
    return [...this.items.values()].sort((a, b) => a.id - b.id);
  }

  /** Creates the inventory item of a new variant with plausible stock and cost. */
  stockVariant(variant: { id: number; sku: string | null; price: string; inventoryQuantity: number }): InventoryItemRecord {
    const at = this.now();
    const key = String(variant.id);
    const price = Number(variant.price) || 0;
    const tracked = unit(`${key}:tracked`) >= 0.07;
    const costed = unit(`${key}:cost`) >= 0.1;
    const item: InventoryItemRecord = {
      __typename: "InventoryItem",
      id: this.allocate("inventoryItem"),
      variantId: variant.id,
      sku: variant.sku,
      tracked,
      unitCost: costed && price > 0 ? (price * (0.35 + 0.25 * unit(`${key}:margin`))).toFixed(2) : null,
      createdAt: at,
      updatedAt: at,
      levels: new Map(),
    };
    if (tracked) {
      const available = variant.inventoryQuantity > 0 ? variant.inventoryQuantity : Math.floor(unit(`${key}:stock`) * 60);
      const committed = Math.floor(unit(`${key}:committed`) * 3);
      const incoming = unit(`${key}:incoming`) < 0.15 ? 12 + Math.floor(unit(`${key}:incoming-qty`) * 48) : 0;
      item.levels.set(this.primary.id, this.level(item.id, this.primary.id, { available, on_hand: available + committed, committed, incoming }, at));
      const old = this.locations[1];
      if (unit(`${key}:old`) < 0.2) item.levels.set(old.id, this.level(item.id, old.id, { available: 2, on_hand: 2 }, at));
    }
    this.items.set(item.id, item);
    this.byVariant.set(variant.id, item.id);
    return item;
  }

  /**
   * Moves a variant's available (and on-hand) stock at the primary location by
   * `delta`, as an order does; returns the changed level, or null when the
   * variant's stock is not tracked.
   */
  adjust(variantId: number, delta: number): InventoryLevelRecord | null {
    const item = this.itemOfVariant(variantId);
    if (!item || !item.tracked) return null;
    const at = this.now();
    let level = item.levels.get(this.primary.id);
    if (!level) item.levels.set(this.primary.id, (level = this.level(item.id, this.primary.id, {}, at)));
    level.quantities.available += delta;
    level.quantities.on_hand += delta;
    level.updatedAt = at;
    item.updatedAt = at;
    return level;
  }

  /** Sets a quantity (e.g. a stock count or a delivery received) at a location. */
  set(itemId: number, locationId: number, name: QuantityName, quantity: number): InventoryLevelRecord | null {
    const item = this.items.get(itemId);
    if (!item || !this.location(locationId)) return null;
    const at = this.now();
    let level = item.levels.get(locationId);
    if (!level) item.levels.set(locationId, (level = this.level(itemId, locationId, {}, at)));
    level.quantities[name] = quantity;
    level.updatedAt = at;
    return level;
  }

  private level(itemId: number, locationId: number, q: Partial<Record<QuantityName, number>>, at: string): InventoryLevelRecord {
    return { __typename: "InventoryLevel", id: locationId, itemId, locationId, quantities: { ...emptyQuantities(), ...q }, updatedAt: at };
  }
}

/** The inventory_levels/update webhook body (REST shape). */
export function inventoryLevelPayload(level: InventoryLevelRecord) {
  return {
    inventory_item_id: level.itemId,
    location_id: level.locationId,
    available: level.quantities.available,
    updated_at: level.updatedAt,
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${level.locationId}?inventory_item_id=${level.itemId}`,
  };
}

/** The inventory_items/* webhook body (REST shape). */
export function inventoryItemPayload(item: InventoryItemRecord) {
  return {
    id: item.id,
    sku: item.sku,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    requires_shipping: true,
    cost: item.unitCost,
    country_code_of_origin: null,
    province_code_of_origin: null,
    harmonized_system_code: null,
    tracked: item.tracked,
    country_harmonized_system_codes: [],
    admin_graphql_api_id: `gid://shopify/InventoryItem/${item.id}`,
  };
}
