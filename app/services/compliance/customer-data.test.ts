// customers/redact must leave nothing of the customer anywhere Aisle stores
// data: the scan reads every text column of every table from the database's
// catalog, so a table added later is covered without naming it here.
import { randomUUID } from "node:crypto";
import prisma from "../../db.server";
import { closeQueues } from "../../queues/connection.server";
import { insertStorefrontEvents } from "../../models/storefront-events.server";
import { startSyncRun, updateSyncRun } from "../../models/sync-runs.server";
import { createTestShop } from "../../../test/helpers/shops";
import { scanTextColumns } from "../../../test/helpers/pii-scan";
import { orderPayload, productPayload, signedWebhookRequest } from "../../../test/helpers/webhooks";
import { applyWebhookDelivery } from "../webhooks/apply.server";
import { receiveWebhook } from "../webhooks/receive.server";
import type { WebhookTopic } from "../webhooks/topics";

afterAll(async () => {
  await closeQueues();
});

/** Receives and applies a delivery the way the worker would; returns the delivery's outcome. */
async function deliver(topic: WebhookTopic, shop: string, payload: unknown, webhookId = randomUUID()) {
  const res = await receiveWebhook(signedWebhookRequest("http://127.0.0.1/webhooks/x", { topic, shop, payload, webhookId }), topic);
  expect(res.status).toBe(200);
  const row = await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });
  return row.status === "received" ? applyWebhookDelivery(row.id) : { status: "duplicate", outcome: (await res.json()).message };
}

// Long, distinctive values, as Shopify's are: a short id would match prices and counters.
const CUSTOMER = {
  id: 7340032049153,
  email: "perpetua.quillfeather@example.org",
  phone: "+447700900461",
  first_name: "Perpetua",
  last_name: "Quillfeather",
  address1: "17 Marigold Crescent",
  zip: "LS6 4QT",
};
const IDENTIFIERS = [String(CUSTOMER.id), CUSTOMER.email, CUSTOMER.phone, CUSTOMER.first_name, CUSTOMER.last_name, CUSTOMER.address1, CUSTOMER.zip];

const address = {
  first_name: CUSTOMER.first_name,
  last_name: CUSTOMER.last_name,
  name: `${CUSTOMER.first_name} ${CUSTOMER.last_name}`,
  address1: CUSTOMER.address1,
  address2: null,
  city: "Leeds",
  zip: CUSTOMER.zip,
  country: "United Kingdom",
  phone: CUSTOMER.phone,
};

/** An order webhook as Shopify sends it, personal fields included. */
function fullOrder(id: number, updatedAt: string, productId: number) {
  return {
    ...orderPayload(id, updatedAt, CUSTOMER.id, [productId]),
    name: `#${id % 10000}`,
    email: CUSTOMER.email,
    contact_email: CUSTOMER.email,
    phone: CUSTOMER.phone,
    note: `Leave with ${CUSTOMER.first_name} next door`,
    browser_ip: "203.0.113.7",
    customer: {
      id: CUSTOMER.id,
      admin_graphql_api_id: `gid://shopify/Customer/${CUSTOMER.id}`,
      email: CUSTOMER.email,
      first_name: CUSTOMER.first_name,
      last_name: CUSTOMER.last_name,
      phone: CUSTOMER.phone,
      default_address: { ...address, id: 99001, customer_id: CUSTOMER.id },
    },
    billing_address: address,
    shipping_address: address,
  };
}

describe("customers/redact", () => {
  it("leaves none of the customer's identifiers in any text column, and a late order does not bring them back", async () => {
    const shop = await createTestShop();
    const product = 9_100_000_000_000 + Math.floor(Math.random() * 1e9);
    const [order1, order2] = [5_900_000_000_000 + Math.floor(Math.random() * 1e9), 5_910_000_000_000 + Math.floor(Math.random() * 1e9)];
    await deliver("products/create", shop.domain, productPayload(product, "2024-01-01T00:00:00Z"));
    await deliver("orders/create", shop.domain, fullOrder(order1, "2024-02-01T10:00:00Z", product));
    await deliver("orders/updated", shop.domain, fullOrder(order1, "2024-02-02T10:00:00Z", product));
    await deliver("orders/create", shop.domain, fullOrder(order2, "2024-02-03T10:00:00Z", product));
    await insertStorefrontEvents(shop.id, [
      {
        visitorId: "v-quill",
        customerShopifyId: String(CUSTOMER.id),
        type: "view",
        productShopifyId: String(product),
        variantShopifyId: null,
        requestId: null,
        position: null,
        experimentId: null,
        arm: null,
        dedupeKey: "view:1",
        occurredAt: new Date(),
      },
    ]);
    // A bulk-import line rejected during sync, kept for inspection.
    const run = await startSyncRun(shop.id, "orders");
    await updateSyncRun(shop.id, run.id, {
      rejections: JSON.stringify([
        { line: 4, reason: "bad date", excerpt: `{"id":"gid://shopify/Order/1","customer":{"id":"gid://shopify/Customer/${CUSTOMER.id}"}` },
      ]),
    });

    // A review written logged in, and one imported from another app with the email.
    const review = { shopId: shop.id, productShopifyId: String(product), rating: 4, status: "published" };
    await prisma.review.createMany({
      data: [
        {
          ...review,
          authorName: `${CUSTOMER.first_name} ${CUSTOMER.last_name}`,
          customerShopifyId: String(CUSTOMER.id),
          body: `Great. Call me on ${CUSTOMER.phone}. ${CUSTOMER.first_name}`,
          contentHash: "pii-1",
        },
        { ...review, authorName: CUSTOMER.first_name, authorEmail: CUSTOMER.email, body: "Lovely mug", source: "judgeme", contentHash: "pii-2" },
      ],
    });

    const compliance = { shop_id: 60_000_001, shop_domain: shop.domain, customer: { id: CUSTOMER.id, email: CUSTOMER.email, phone: CUSTOMER.phone } };
    const exported = await deliver("customers/data_request", shop.domain, { ...compliance, orders_requested: [order1, order2], data_request: { id: 9_001 } });
    expect(exported.status).toBe("applied");
    const before = await scanTextColumns(IDENTIFIERS);
    // The scan finds them where they are (orders' payloads, events, the export...).
    expect(new Set(before.map((h) => h.table))).toEqual(
      new Set(["WebhookDelivery", "Customer", "StorefrontEvent", "CustomerDataRequest", "SyncRun", "Review"]),
    );

    await deliver("customers/redact", shop.domain, { ...compliance, orders_to_redact: [order1, order2] });
    expect(await scanTextColumns(IDENTIFIERS)).toEqual([]);
    // The shop keeps its orders (for statistics), without their customer.
    const orders = await prisma.order.findMany({ where: { shopId: shop.id }, select: { customerId: true, lines: { select: { productShopifyId: true } } } });
    expect(orders).toEqual([
      { customerId: null, lines: [{ productShopifyId: String(product) }] },
      { customerId: null, lines: [{ productShopifyId: String(product) }] },
    ]);
    // And its reviews, anonymised: stars and words stay.
    const reviews = await prisma.review.findMany({
      where: { shopId: shop.id },
      orderBy: { contentHash: "asc" },
      select: { rating: true, body: true, authorName: true, redactedAt: true },
    });
    expect(reviews.map((r) => [r.rating, r.body, r.authorName, r.redactedAt !== null])).toEqual([
      [4, "Great. Call me on [redacted]. [redacted]", "", true],
      [4, "Lovely mug", "", true],
    ]);

    // Shopify retries an older delivery after the redaction, and a late update arrives: both carry the customer again.
    const again = await deliver("orders/create", shop.domain, fullOrder(order1, "2024-02-01T10:00:00Z", product));
    expect(again.outcome).toMatch(/^stale/);
    expect((await deliver("orders/updated", shop.domain, fullOrder(order2, "2024-02-04T10:00:00Z", product))).outcome).toBe("updated");
    expect(await scanTextColumns(IDENTIFIERS)).toEqual([]);
    expect(await prisma.customer.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("keeps a delivery that waits to be applied applicable, without the customer", async () => {
    const shop = await createTestShop();
    const order = 5_920_000_000_000 + Math.floor(Math.random() * 1e9);
    const webhookId = randomUUID();
    await receiveWebhook(
      signedWebhookRequest("http://127.0.0.1/webhooks/x", {
        topic: "orders/create",
        shop: shop.domain,
        payload: fullOrder(order, "2024-02-01T10:00:00Z", 42),
        webhookId,
      }),
      "orders/create",
    );
    await deliver("customers/redact", shop.domain, {
      shop_id: 60_000_001,
      shop_domain: shop.domain,
      customer: { id: CUSTOMER.id, email: CUSTOMER.email, phone: null },
      orders_to_redact: [],
    });
    const pending = await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });
    expect(pending.payload).not.toContain(CUSTOMER.email);
    expect(await applyWebhookDelivery(pending.id)).toMatchObject({ status: "applied", outcome: "created" });
    expect(await prisma.order.findFirst({ where: { shopId: shop.id, shopifyId: String(order) }, select: { customerId: true } })).toEqual({ customerId: null });
  });
});
