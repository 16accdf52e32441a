import { createHmac, timingSafeEqual } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAppConfig } from "./app-config.js";
import { repoRoot } from "./paths.js";
import { startLocalShopify, type LocalShopify } from "./server.js";
import type { LocalShop } from "./shop.js";
import { adminClient, startFakeApp } from "./testing.js";

const SECRET = "webhook-secret";

/** How the app verifies a webhook: base64 HMAC-SHA256 of the raw body with the app secret, compared in constant time. */
function verifies(body: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== "string") return false;
  const expected = createHmac("sha256", SECRET).update(body).digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe("webhooks", () => {
  let app: Awaited<ReturnType<typeof startFakeApp>>;
  let shopify: LocalShopify;
  let shop: LocalShop;

  beforeAll(async () => {
    app = await startFakeApp((r) => ({ status: r.url === "/webhooks/orders/create" ? 500 : 200 }));
    shopify = await startLocalShopify({ apiKey: "key", apiSecret: SECRET, appUrl: app.url });
    shop = await shopify.createShop("hooks.myshopify.com", { seed: "tiny", storefront: false });
  });
  afterAll(async () => {
    await shopify.close();
    await app.close();
  });

  it("reads the subscriptions of shopify.app.toml, compliance topics included", () => {
    const config = readAppConfig(path.join(repoRoot, "shopify.app.toml"));
    const topics = config.subscriptions.map((s) => s.topic);
    expect(topics).toEqual(expect.arrayContaining(["app/uninstalled", "products/update", "bulk_operations/finish", "customers/redact", "shop/redact"]));
    expect(config.subscriptions.find((s) => s.topic === "customers/data_request")).toEqual({
      topic: "customers/data_request",
      uri: "/webhooks/customers/data_request",
      compliance: true,
    });
    expect(config.webhooksApiVersion).toBe("2026-07");
  });

  it("posts to the subscription's URI with Shopify's headers and a verifiable HMAC", async () => {
    const payload = shop.webhookPayload("products/update");
    const delivery = await shopify.sendWebhook(shop.domain, "products/update", payload);
    expect(delivery).toMatchObject({ status: 200, topic: "products/update", url: `${app.url}/webhooks/products/update` });
    expect(delivery.durationMs).toBeGreaterThanOrEqual(0);

    const req = await app.waitFor((r) => r.headers["x-shopify-webhook-id"] === delivery.webhookId);
    expect(req.method).toBe("POST");
    expect(req.headers).toMatchObject({
      "content-type": "application/json",
      "x-shopify-topic": "products/update",
      "x-shopify-shop-domain": "hooks.myshopify.com",
      "x-shopify-api-version": "2026-07",
      "x-shopify-event-id": delivery.eventId,
    });
    expect(Date.parse(String(req.headers["x-shopify-triggered-at"]))).not.toBeNaN();
    expect(verifies(req.body, req.headers["x-shopify-hmac-sha256"])).toBe(true);
    expect(JSON.parse(req.body.toString())).toEqual(payload);
  });

  it("can forge or omit the HMAC, send raw bytes, and repeat a webhook id", async () => {
    const forged = await shop.sendWebhook("shop/redact", shop.webhookPayload("shop/redact"), { forgeHmac: true });
    const forgedReq = await app.waitFor((r) => r.headers["x-shopify-webhook-id"] === forged.webhookId);
    expect(verifies(forgedReq.body, forgedReq.headers["x-shopify-hmac-sha256"])).toBe(false);

    const omitted = await shop.sendWebhook("shop/redact", shop.webhookPayload("shop/redact"), { omitHmac: true });
    const omittedReq = await app.waitFor((r) => r.headers["x-shopify-webhook-id"] === omitted.webhookId);
    expect(omittedReq.headers["x-shopify-hmac-sha256"]).toBeUndefined();

    const raw = await shop.sendWebhook("shop/redact", null, { body: "{not json" });
    const rawReq = await app.waitFor((r) => r.headers["x-shopify-webhook-id"] === raw.webhookId);
    expect(rawReq.body.toString()).toBe("{not json");
    expect(verifies(rawReq.body, rawReq.headers["x-shopify-hmac-sha256"])).toBe(true);

    const again = await shop.sendWebhook("shop/redact", shop.webhookPayload("shop/redact"), { webhookId: raw.webhookId });
    expect(again.webhookId).toBe(raw.webhookId);
    expect(app.received.filter((r) => r.headers["x-shopify-webhook-id"] === raw.webhookId)).toHaveLength(2);
  });

  it("sends compliance payloads as Shopify documents them", async () => {
    const customer = shop.store.customerList()[0];
    expect(shop.webhookPayload("customers/data_request", { customerId: customer.id })).toEqual({
      shop_id: shop.store.settings.id,
      shop_domain: "hooks.myshopify.com",
      orders_requested: shop.store
        .orderList()
        .filter((o) => o.customerId === customer.id)
        .map((o) => o.id),
      customer: { id: customer.id, email: null, phone: null },
      data_request: { id: expect.any(Number) },
    });
    expect(shop.webhookPayload("customers/redact", { customerId: customer.id })).toEqual({
      shop_id: shop.store.settings.id,
      shop_domain: "hooks.myshopify.com",
      customer: { id: customer.id, email: null, phone: null },
      orders_to_redact: expect.arrayContaining([expect.any(Number)]),
    });
    expect(shop.webhookPayload("shop/redact")).toEqual({ shop_id: shop.store.settings.id, shop_domain: "hooks.myshopify.com" });
  });

  it("emits orders/create and orders/updated for control-API changes, and records failed deliveries", async () => {
    const order = shop.createOrder({ processedAt: "2024-04-01T10:00:00Z", customer: "ada", lineItems: [{ sku: "MUG-RED", quantity: 2 }] });
    const created = await app.waitFor((r) => r.headers["x-shopify-topic"] === "orders/create");
    expect(JSON.parse(created.body.toString())).toMatchObject({
      id: order.id,
      admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
      total_price: "9.90",
      financial_status: "paid",
      currency: "GBP",
      customer: { id: order.customerId },
      line_items: [{ sku: "MUG-RED", quantity: 2, price: "4.95", product_id: shop.store.productList()[0].id }],
    });
    shop.updateOrder(order.id, { cancelledAt: "2024-04-02T10:00:00Z", cancelReason: "CUSTOMER" });
    const updated = await app.waitFor((r) => r.headers["x-shopify-topic"] === "orders/updated");
    expect(JSON.parse(updated.body.toString())).toMatchObject({ id: order.id, cancelled_at: "2024-04-02T10:00:00Z" });
    await shopify.settled();
    expect(shopify.webhookDeliveries.find((d) => d.topic === "orders/create")?.status).toBe(500);
  });

  it("emits nothing for a shop with webhooks off", async () => {
    const quiet = await shopify.createShop("quiet.myshopify.com", { seed: "tiny", webhooks: false, storefront: false });
    const before = app.received.length;
    quiet.updateProduct(quiet.store.productList()[0].id, { title: "Renamed" });
    await shopify.settled();
    expect(app.received.length).toBe(before);
  });

  it("uninstalling revokes the shop's tokens and sends app/uninstalled with the shop JSON", async () => {
    const other = await shopify.createShop("leaving.myshopify.com", { seed: "empty", storefront: false });
    const query = adminClient(shopify.origin, other.issueOfflineToken());
    expect((await query(`{ shop { id } }`)).status).toBe(200);
    const delivery = await other.uninstall();
    expect(delivery?.status).toBe(200);
    const req = await app.waitFor((r) => r.headers["x-shopify-topic"] === "app/uninstalled" && r.headers["x-shopify-shop-domain"] === "leaving.myshopify.com");
    expect(JSON.parse(req.body.toString())).toMatchObject({ myshopify_domain: "leaving.myshopify.com", currency: "GBP" });
    expect((await query(`{ shop { id } }`)).status).toBe(401);
  });
});
