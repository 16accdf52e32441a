import { randomUUID } from "node:crypto";
import prisma from "../../db.server";
import { closeQueues } from "../../queues/connection.server";
import { createTestShop } from "../../../test/helpers/shops";
import { signedWebhookRequest } from "../../../test/helpers/webhooks";
import { stockByVariant } from "../../models/inventory-items.server";
import { writeLocations } from "../../models/locations.server";
import { applyWebhookDelivery } from "../webhooks/apply.server";
import { receiveWebhook } from "../webhooks/receive.server";
import type { WebhookTopic } from "../webhooks/topics";

const URL = "http://127.0.0.1/webhooks/inventory";
// Shopify ids are global: this file's inventory items keep to their own range.
const ID = 9_712_000_000_000;
const LOCATION = 9_712_500_000_000;

const send = (topic: WebhookTopic, shop: string, payload: unknown, extra: Partial<Parameters<typeof signedWebhookRequest>[1]> = {}) =>
  receiveWebhook(signedWebhookRequest(URL, { topic, shop, payload, ...extra }), topic);

async function deliver(topic: WebhookTopic, shop: string, payload: unknown, extra: Partial<Parameters<typeof signedWebhookRequest>[1]> = {}) {
  const webhookId = randomUUID();
  const res = await send(topic, shop, payload, { ...extra, webhookId });
  expect(res.status).toBe(200);
  const row = await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });
  try {
    return { ...(await applyWebhookDelivery(row.id)), row: await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } }) };
  } catch (error) {
    return { status: "threw", outcome: String(error), row: await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } }) };
  }
}

const item = (id: number, over: Record<string, unknown> = {}) => ({
  id,
  sku: `INV-${id}`,
  cost: "3.20",
  tracked: true,
  requires_shipping: true,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-03-01T00:00:00Z",
  admin_graphql_api_id: `gid://shopify/InventoryItem/${id}`,
  ...over,
});
const level = (itemId: number, location: number, available: number | null, updatedAt = "2026-03-02T00:00:00Z") => ({
  inventory_item_id: itemId,
  location_id: location,
  available,
  updated_at: updatedAt,
  admin_graphql_api_id: `gid://shopify/InventoryLevel/${location}?inventory_item_id=${itemId}`,
});

afterAll(async () => {
  await closeQueues();
});

describe("inventory webhooks", () => {
  it("keeps items and their levels current, newest version wins", async () => {
    const shop = await createTestShop();
    expect((await deliver("inventory_items/create", shop.domain, item(ID + 1))).outcome).toBe("created");
    await prisma.inventoryItem.update({ where: { shopId_shopifyId: { shopId: shop.id, shopifyId: String(ID + 1) } }, data: { variantShopifyId: "v1" } });
    expect((await deliver("inventory_levels/update", shop.domain, level(ID + 1, LOCATION, 12))).outcome).toBe(`available 12 at location ${LOCATION}`);
    // An older level arriving late does not overwrite the newer one.
    expect((await deliver("inventory_levels/update", shop.domain, level(ID + 1, LOCATION, 40, "2026-03-01T00:00:00Z"))).outcome).toMatch(/^stale/);
    expect((await deliver("inventory_items/update", shop.domain, item(ID + 1, { cost: null, updated_at: "2026-03-03T00:00:00Z" }))).outcome).toBe("updated");
    const stock = (await stockByVariant(shop.id)).get("v1")!;
    expect(stock).toMatchObject({ available: 12, tracked: true, unitCost: null });
  });

  it("does not count stock at a deactivated location", async () => {
    const shop = await createTestShop();
    await deliver("inventory_items/create", shop.domain, item(ID + 2));
    await prisma.inventoryItem.update({ where: { shopId_shopifyId: { shopId: shop.id, shopifyId: String(ID + 2) } }, data: { variantShopifyId: "v2" } });
    await writeLocations(shop.id, [
      { shopifyId: String(LOCATION), name: "Warehouse", isActive: true },
      { shopifyId: String(LOCATION + 1), name: "Old shop", isActive: false },
    ]);
    await deliver("inventory_levels/update", shop.domain, level(ID + 2, LOCATION, 5));
    const closed = await deliver("inventory_levels/update", shop.domain, level(ID + 2, LOCATION + 1, 50, "2026-03-03T00:00:00Z"));
    expect(closed.outcome).toBe(`available 50 at location ${LOCATION + 1}, which is deactivated: not counted as sellable stock`);
    expect((await stockByVariant(shop.id)).get("v2")).toMatchObject({ available: 5, inactiveLocations: 1 });
    // The stock history counts only sellable units too.
    expect(await prisma.stockDay.findMany({ where: { shopId: shop.id }, select: { day: true, available: true }, orderBy: { day: "asc" } })).toEqual([
      { day: Date.UTC(2026, 2, 2) / 86_400_000, available: 5 },
      { day: Date.UTC(2026, 2, 3) / 86_400_000, available: 5 },
    ]);
  });

  it("records a level for an unknown inventory item as ignored, with the reason, and writes nothing", async () => {
    const shop = await createTestShop();
    const r = await deliver("inventory_levels/update", shop.domain, level(ID + 3, LOCATION, 7));
    expect(r.status).toBe("applied");
    expect(r.row.outcome).toBe(`ignored: unknown inventory item ${ID + 3} (the next inventory sync brings it)`);
    expect(await prisma.inventoryLevel.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await prisma.stockDay.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("refuses an item id another shop holds (a body replayed under another shop's header)", async () => {
    const owner = await createTestShop();
    const other = await createTestShop();
    await deliver("inventory_items/create", owner.domain, item(ID + 4));
    const r = await deliver("inventory_levels/update", other.domain, level(ID + 4, LOCATION, 999));
    expect(r.status).toBe("threw");
    expect(r.row).toMatchObject({ status: "failed", outcome: "invalid payload" });
    expect(r.row.error).toMatch(/belongs to another shop/);
    expect((await deliver("inventory_items/update", other.domain, item(ID + 4))).row.error).toMatch(/belongs to another shop/);
    expect(await prisma.inventoryLevel.count({ where: { shopId: other.id } })).toBe(0);
  });

  it("keeps malformed and hostile bodies for inspection with a clear reason", async () => {
    const shop = await createTestShop();
    const cases: [WebhookTopic, unknown, RegExp][] = [
      ["inventory_levels/update", { location_id: LOCATION, available: 3 }, /inventory_item_id/],
      ["inventory_levels/update", level(ID + 5, LOCATION, 1.5), /available/],
      ["inventory_levels/update", { ...level(ID + 5, LOCATION, 1), inventory_item_id: "1; DROP TABLE" }, /inventory_item_id/],
      ["inventory_items/update", item(ID + 5, { cost: "-4" }), /cost/],
      ["inventory_items/update", item(ID + 5, { cost: "free" }), /cost/],
      ["inventory_items/update", item(ID + 5, { sku: "x".repeat(300) }), /sku/],
      ["inventory_items/delete", { id: null }, /id/],
    ];
    for (const [topic, payload, reason] of cases) {
      const r = await deliver(topic, shop.domain, payload);
      expect(r.row.status).toBe("failed");
      expect(r.row.error).toMatch(reason);
    }
    expect(await prisma.inventoryItem.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("rejects forged signatures and non-JSON bodies at the door", async () => {
    const shop = await createTestShop();
    const forged = await send("inventory_levels/update", shop.domain, level(ID + 6, LOCATION, 1), { hmac: "Zm9yZ2Vk" });
    expect(forged.status).toBe(401);
    const junk = await send("inventory_levels/update", shop.domain, null, { rawBody: "not json" });
    expect(junk.status).toBe(400);
    const wrongRoute = await receiveWebhook(
      signedWebhookRequest(URL, { topic: "inventory_items/update", shop: shop.domain, payload: item(ID + 6) }),
      "inventory_levels/update",
    );
    expect(wrongRoute.status).toBe(400);
  });

  it("marks a deleted item and ignores deleting an unknown one", async () => {
    const shop = await createTestShop();
    await deliver("inventory_items/create", shop.domain, item(ID + 7));
    expect((await deliver("inventory_items/delete", shop.domain, { id: ID + 7 })).outcome).toBe("deleted");
    expect((await deliver("inventory_items/delete", shop.domain, { id: ID + 8 })).outcome).toBe(`ignored: unknown inventory item ${ID + 8}`);
  });
});
