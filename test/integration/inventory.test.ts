// Inventory against the local Shopify: the sync through Admin GraphQL and
// the inventory webhooks it sends (through the production server's webhook
// routes and the worker's apply), including when an order is placed.
import type http from "node:http";
import type { LocalShopify } from "../shopify-local/index.js";
import { startLocalShopifyForApp, storeOfflineSession } from "../helpers/local-shopify";
import { freePort, startWebhookServer } from "../helpers/webhook-server";

let shopify: LocalShopify;
let app: { server: http.Server; origin: string };

beforeAll(async () => {
  const port = await freePort();
  // The local Shopify first: app/shopify.server.ts reads its origin when first imported.
  shopify = await startLocalShopifyForApp({ appUrl: `http://127.0.0.1:${port}` });
  app = await startWebhookServer(port);
});
afterAll(async () => {
  await new Promise((resolve) => app?.server.close(resolve));
  await shopify?.close();
  const { closeQueues } = await import("../../app/queues/connection.server");
  await closeQueues();
});

const db = async () => (await import("../../app/db.server")).default;
const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;

async function installedShop(name: string) {
  const domain = unique(name);
  const local = await shopify.createShop(domain, { seed: "generated", maxProducts: 25, maxOrders: 0, storefront: false });
  await storeOfflineSession(domain, local.issueOfflineToken(), "read_products,read_orders,read_inventory,read_locations");
  const shop = await (await db()).shop.create({ data: { domain, shopifyId: String(local.store.settings.id) }, select: { id: true, domain: true } });
  const { adminForShop } = await import("../../app/services/admin-for-shop.server");
  return { local, shop, admin: await adminForShop(domain) };
}

/** Applies every received delivery of a shop the way the worker does. */
async function applyPending(domain: string) {
  const prisma = await db();
  const { applyWebhookDelivery } = await import("../../app/services/webhooks/apply.server");
  const rows = await prisma.webhookDelivery.findMany({ where: { shopDomain: domain, status: "received" }, orderBy: { receivedAt: "asc" } });
  return Promise.all(rows.map((r) => applyWebhookDelivery(r.id)));
}

describe("inventory sync and webhooks", () => {
  it("syncs locations, items with costs, and levels; a deactivated location's stock is not sellable", async () => {
    const { local, shop, admin } = await installedShop("inventory-sync");
    const { syncInventory } = await import("../../app/services/inventory/sync.server");
    const result = await syncInventory(shop.id, admin);
    const items = local.store.inventory.itemList();
    expect(result).toMatchObject({ locations: 2, items: items.length, refused: 0 });
    expect(items.length).toBe(local.store.variantList().length);

    const prisma = await db();
    expect(await prisma.location.findMany({ where: { shopId: shop.id }, select: { name: true, isActive: true }, orderBy: { name: "asc" } })).toEqual([
      { name: "Old shop (closed)", isActive: false },
      { name: "Warehouse", isActive: true },
    ]);
    const { stockByVariant } = await import("../../app/models/inventory-items.server");
    const stock = await stockByVariant(shop.id);
    for (const item of items) {
      const s = stock.get(String(item.variantId))!;
      expect(s.tracked).toBe(item.tracked);
      expect(s.unitCost).toBe(item.unitCost === null ? null : Number(item.unitCost));
      expect(s.available).toBe(item.levels.get(local.store.inventory.primary.id)?.quantities.available ?? 0);
    }
    // The seed is plausible: most items have a cost and stock, a few do not.
    expect(items.filter((i) => i.unitCost !== null).length).toBeGreaterThan(items.length / 2);
    expect([...stock.values()].some((s) => s.inactiveLocations > 0) || items.every((i) => !i.levels.has(local.store.inventory.locations[1].id))).toBe(true);
  });

  it("an order takes stock and Shopify's inventory_levels/update brings the new level", async () => {
    const { local, shop, admin } = await installedShop("inventory-order");
    const { syncInventory } = await import("../../app/services/inventory/sync.server");
    await syncInventory(shop.id, admin);
    const item = local.store.inventory.itemList().find((i) => i.tracked)!;
    const variant = local.store.variant(item.variantId)!;
    const before = item.levels.get(local.store.inventory.primary.id)!.quantities.available;

    local.createOrder({ processedAt: new Date().toISOString(), lineItems: [{ variantId: variant.id, quantity: 3 }] });
    await shopify.settled();
    const outcomes = await applyPending(shop.domain);
    expect(outcomes.map((o) => o.outcome)).toContain(`available ${before - 3} at location ${local.store.inventory.primary.id}`);
    const { stockByVariant } = await import("../../app/models/inventory-items.server");
    expect((await stockByVariant(shop.id)).get(String(variant.id))!.available).toBe(before - 3);
    // The day's closing stock follows: the stock history the forecast reads.
    const { epochDay, stockDaysSince } = await import("../../app/models/stock-history.server");
    const history = (await stockDaysSince(shop.id, epochDay(new Date()) - 1)).find((v) => v.variantShopifyId === String(variant.id))!;
    expect(history.closings.at(-1)).toEqual({ day: epochDay(new Date()), available: before - 3 });

    // A cost change arrives as inventory_items/update.
    local.updateInventoryItem(item.id, { unitCost: null });
    await shopify.settled();
    await applyPending(shop.domain);
    expect((await stockByVariant(shop.id)).get(String(variant.id))!.unitCost).toBeNull();
  });

  it("a level for an inventory item the app does not know is acknowledged and recorded as ignored", async () => {
    const { local, shop } = await installedShop("inventory-unknown");
    const delivery = await local.sendWebhook("inventory_levels/update", {
      inventory_item_id: 49_999_999_999_999,
      location_id: local.store.inventory.primary.id,
      available: 4,
      updated_at: new Date().toISOString(),
    });
    expect(delivery.status).toBe(200);
    const [outcome] = await applyPending(shop.domain);
    expect(outcome.outcome).toBe("ignored: unknown inventory item 49999999999999 (the next inventory sync brings it)");
  });
});
