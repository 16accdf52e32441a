import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import prisma from "../../db.server";
import { closeQueues, QUEUE_PREFIX } from "../../queues/connection.server";
import { WEBHOOKS_QUEUE } from "../../queues/webhooks.server";
import { createTestShop } from "../../../test/helpers/shops";
import { orderPayload, productPayload, signedWebhookRequest } from "../../../test/helpers/webhooks";
import { applyWebhookDelivery } from "./apply.server";
import { receiveWebhook } from "./receive.server";
import { redriveWebhooks } from "./redrive.server";
import type { WebhookTopic } from "./topics";

const URL = "http://127.0.0.1/webhooks/x";
// Shopify ids are global: this file's products and orders keep to their own range.
const ID = 9_400_000_000_000;
const send = (topic: WebhookTopic, shop: string, payload: unknown, extra: Partial<Parameters<typeof signedWebhookRequest>[1]> = {}) =>
  receiveWebhook(signedWebhookRequest(URL, { topic, shop, payload, ...extra }), topic);

/** Receives and applies a delivery the way the worker would. */
async function deliver(topic: WebhookTopic, shop: string, payload: unknown, extra: Partial<Parameters<typeof signedWebhookRequest>[1]> = {}) {
  const webhookId = extra.webhookId ?? randomUUID();
  const res = await send(topic, shop, payload, { ...extra, webhookId });
  expect(res.status).toBe(200);
  const row = await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });
  return applyWebhookDelivery(row.id);
}

const drainJobsOf = async (queue: Queue, shopDomain: string) =>
  (await queue.getJobs(["delayed", "waiting", "active", "completed", "failed"])).filter((j) => j.data?.shopDomain === shopDomain);

afterAll(async () => {
  await closeQueues();
});

describe("receiving webhooks", () => {
  it("verifies and records a delivery, rings its shop's doorbell, then acknowledges", async () => {
    const shop = await createTestShop();
    const webhookId = randomUUID();
    const res = await send("products/update", shop.domain, productPayload(ID + 1, "2024-03-01T00:00:00Z"), { webhookId });
    expect(res.status).toBe(200);
    const row = await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });
    expect(row).toMatchObject({ shopId: shop.id, topic: "products/update", status: "received" });
    // A drain job of the shop, due once the doorbell's window has closed.
    const queue = new Queue(WEBHOOKS_QUEUE, { connection: { host: "127.0.0.1", port: 6379 }, prefix: QUEUE_PREFIX });
    const drains = await drainJobsOf(queue, shop.domain);
    expect(drains).toHaveLength(1);
    expect(drains[0].timestamp + drains[0].delay).toBeGreaterThan(row.receivedAt.getTime());
    await queue.close();
  });

  it("rejects a forged or missing HMAC with 401 and stores nothing", async () => {
    const shop = await createTestShop();
    const forgedId = randomUUID();
    const missingId = randomUUID();
    const forged = await send("products/update", shop.domain, productPayload(ID + 2, "2024-03-01T00:00:00Z"), { webhookId: forgedId, hmac: "Zm9yZ2Vk" });
    const otherSecret = await send("products/update", shop.domain, productPayload(ID + 2, "2024-03-01T00:00:00Z"), { secret: "not-the-secret" });
    const missing = await send("products/update", shop.domain, productPayload(ID + 2, "2024-03-01T00:00:00Z"), { webhookId: missingId, hmac: null });
    expect([forged.status, otherSecret.status, missing.status]).toEqual([401, 401, 401]);
    expect(await prisma.webhookDelivery.count({ where: { shopDomain: shop.domain } })).toBe(0);
  });

  it("rejects a body tampered with after signing", async () => {
    const shop = await createTestShop();
    const request = signedWebhookRequest(URL, { topic: "products/update", shop: shop.domain, payload: productPayload(ID + 3, "2024-03-01T00:00:00Z") });
    const tampered = new Request(URL, { method: "POST", headers: request.headers, body: JSON.stringify(productPayload(ID + 3, "2030-01-01T00:00:00Z")) });
    expect((await receiveWebhook(tampered, "products/update")).status).toBe(401);
  });

  it("applies the same delivery once", async () => {
    const shop = await createTestShop();
    const webhookId = randomUUID();
    const payload = productPayload(ID + 4, "2024-03-01T00:00:00Z");
    const first = await send("products/update", shop.domain, payload, { webhookId });
    const second = await send("products/update", shop.domain, payload, { webhookId });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toEqual({ message: "duplicate" });
    const rows = await prisma.webhookDelivery.findMany({ where: { webhookId } });
    expect(rows).toHaveLength(1);
    expect((await applyWebhookDelivery(rows[0].id)).status).toBe("applied");
    expect((await applyWebhookDelivery(rows[0].id)).status).toBe("skipped");
  });

  it("answers 400 to a topic header that does not match the route, and to a signed body that is not JSON", async () => {
    const shop = await createTestShop();
    const wrong = await receiveWebhook(signedWebhookRequest(URL, { topic: "orders/create", shop: shop.domain, payload: {} }), "products/update");
    expect(wrong.status).toBe(400);
    const webhookId = randomUUID();
    const garbled = await send("products/update", shop.domain, null, { rawBody: "{not json", webhookId });
    expect(garbled.status).toBe(400);
    // Kept for inspection, never applied.
    expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } })).toMatchObject({ status: "rejected" });
  });

  it("answers 400 to a bad shop domain header", async () => {
    const res = await send("products/update", "evil.example.com", productPayload(ID + 5, "2024-03-01T00:00:00Z"));
    expect(res.status).toBe(400);
  });

  it("records but does not apply deliveries for a shop that uninstalled", async () => {
    const shop = await createTestShop({ uninstalledAt: new Date() });
    const webhookId = randomUUID();
    const res = await send("products/update", shop.domain, productPayload(ID + 6, "2024-03-01T00:00:00Z"), { webhookId });
    expect(res.status).toBe(200);
    expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } })).toMatchObject({ status: "ignored", outcome: "shop has uninstalled" });
    expect(await prisma.product.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("keeps a delivery acknowledged while Redis is down and re-drives it later", async () => {
    const shop = await createTestShop();
    await closeQueues();
    const realRedis = process.env.REDIS_URL;
    process.env.REDIS_URL = "redis://127.0.0.1:1"; // nothing listens there
    const webhookId = randomUUID();
    try {
      const res = await send("products/update", shop.domain, productPayload(ID + 7, "2024-03-01T00:00:00Z"), { webhookId });
      expect(res.status).toBe(200);
    } finally {
      await closeQueues();
      process.env.REDIS_URL = realRedis;
    }
    const row = await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });
    expect(row.status).toBe("received");
    const queue = new Queue(WEBHOOKS_QUEUE, { connection: { host: "127.0.0.1", port: 6379 }, prefix: QUEUE_PREFIX });
    expect(await drainJobsOf(queue, shop.domain)).toHaveLength(0);
    expect(await redriveWebhooks(0)).toBeGreaterThanOrEqual(1);
    expect(await drainJobsOf(queue, shop.domain)).toHaveLength(1);
    await queue.close();
  });
});

describe("applying webhooks", () => {
  it("does not let an older product update overwrite a newer one", async () => {
    const shop = await createTestShop();
    await deliver("products/update", shop.domain, productPayload(ID + 10, "2024-03-02T00:00:00Z", { title: "Newer" }));
    const late = await deliver("products/update", shop.domain, productPayload(ID + 10, "2024-03-01T00:00:00Z", { title: "Older" }));
    expect(late.outcome).toMatch(/^stale/);
    const product = await prisma.product.findFirstOrThrow({ where: { shopId: shop.id, shopifyId: String(ID + 10) } });
    expect(product.title).toBe("Newer");
  });

  it("keeps a deleted product deleted when an older update arrives after the deletion", async () => {
    const shop = await createTestShop();
    await deliver("products/create", shop.domain, productPayload(ID + 11, "2024-03-01T00:00:00Z"));
    await deliver("products/delete", shop.domain, { id: ID + 11 }, { triggeredAt: "2024-03-03T00:00:00Z" });
    const late = await deliver("products/update", shop.domain, productPayload(ID + 11, "2024-03-02T00:00:00Z"));
    expect(late.outcome).toMatch(/^stale/);
    const product = await prisma.product.findFirstOrThrow({ where: { shopId: shop.id, shopifyId: String(ID + 11) } });
    expect(product.deletedAt).not.toBeNull();
    expect(await prisma.productVariant.count({ where: { productId: product.id } })).toBe(0);
  });

  it("replaces variants and images with the newest version", async () => {
    const shop = await createTestShop();
    await deliver("products/create", shop.domain, productPayload(ID + 12, "2024-03-01T00:00:00Z"));
    await deliver(
      "products/update",
      shop.domain,
      productPayload(ID + 12, "2024-03-02T00:00:00Z", {
        variants: [
          { id: 121, title: "Small", price: "3.00", sku: "S", inventory_quantity: 0, position: 1 },
          { id: 122, title: "Large", price: "6.00", sku: "L", inventory_quantity: 2, position: 2 },
        ],
      }),
    );
    const product = await prisma.product.findFirstOrThrow({ where: { shopId: shop.id, shopifyId: String(ID + 12) }, include: { variants: true } });
    expect(product.variants.map((v) => v.title).sort()).toEqual(["Large", "Small"]);
    expect(product).toMatchObject({ minPrice: "3.00", totalInventory: 2 });
  });

  it("marks a payload missing fields as failed, with the reason, and writes nothing", async () => {
    const shop = await createTestShop();
    const webhookId = randomUUID();
    await send("products/update", shop.domain, { id: 13, title: "No handle or dates" }, { webhookId });
    const row = await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });
    await expect(applyWebhookDelivery(row.id)).rejects.toThrow(/handle/);
    expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } })).toMatchObject({ status: "failed" });
    expect(await prisma.product.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("applies order updates in Shopify's order, not arrival order", async () => {
    const shop = await createTestShop();
    await deliver("orders/create", shop.domain, orderPayload(ID + 20, "2024-02-01T10:00:00Z", 500, [1, 2]));
    await deliver("orders/updated", shop.domain, orderPayload(ID + 20, "2024-02-03T10:00:00Z", 500, [1, 2, 3]));
    await deliver("orders/updated", shop.domain, orderPayload(ID + 20, "2024-02-02T10:00:00Z", 500, [1]));
    const order = await prisma.order.findFirstOrThrow({ where: { shopId: shop.id, shopifyId: String(ID + 20) }, include: { lines: true } });
    expect(order.lines).toHaveLength(3);
  });

  it("customers/data_request exports what is held; customers/redact erases the customer", async () => {
    const shop = await createTestShop();
    await deliver("orders/create", shop.domain, orderPayload(ID + 30, "2024-02-01T10:00:00Z", 700, [1]));
    await deliver("orders/create", shop.domain, orderPayload(ID + 31, "2024-02-01T11:00:00Z", 701, [2]));
    const compliance = { shop_id: 1, shop_domain: shop.domain, customer: { id: 700, email: "a@example.com", phone: null } };
    await deliver("customers/data_request", shop.domain, { ...compliance, orders_requested: [ID + 30], data_request: { id: 9 } });
    const request = await prisma.customerDataRequest.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(JSON.parse(request.export).held.orders).toHaveLength(1);

    await deliver("customers/redact", shop.domain, { ...compliance, orders_to_redact: [ID + 30] });
    expect(await prisma.customer.findMany({ where: { shopId: shop.id }, select: { shopifyId: true } })).toEqual([{ shopifyId: "701" }]);
    const order = await prisma.order.findFirstOrThrow({ where: { shopId: shop.id, shopifyId: String(ID + 30) } });
    expect(order.customerId).toBeNull();
    expect(await prisma.customerDataRequest.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("shop/redact erases the whole shop, even after uninstall", async () => {
    const shop = await createTestShop();
    await deliver("products/create", shop.domain, productPayload(ID + 40, "2024-03-01T00:00:00Z"));
    await deliver("orders/create", shop.domain, orderPayload(ID + 41, "2024-02-01T10:00:00Z", 800, [40]));
    await deliver("app/uninstalled", shop.domain, { id: 1, domain: shop.domain, myshopify_domain: shop.domain });
    expect((await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).uninstalledAt).not.toBeNull();
    await deliver("shop/redact", shop.domain, { shop_id: 1, shop_domain: shop.domain });
    expect(await prisma.shop.count({ where: { id: shop.id } })).toBe(0);
    for (const count of await Promise.all([
      prisma.product.count({ where: { shopId: shop.id } }),
      prisma.order.count({ where: { shopId: shop.id } }),
      prisma.orderLine.count({ where: { shopId: shop.id } }),
      prisma.customer.count({ where: { shopId: shop.id } }),
      prisma.webhookDelivery.count({ where: { shopDomain: shop.domain } }),
    ])) {
      expect(count).toBe(0);
    }
  });
});
