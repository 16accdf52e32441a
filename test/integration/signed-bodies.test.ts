// The HMAC covers the body, not the headers: a captured signed body can be
// replayed with another X-Shopify-Shop-Domain or to another topic's route.
// These replays go through the production server (server.mjs) and the
// worker's apply, against the local Shopify for the Admin API.
import { randomUUID } from "node:crypto";
import type http from "node:http";
import type { LocalShopify } from "../shopify-local/index.js";
import { startLocalShopifyForApp, storeOfflineSession } from "../helpers/local-shopify";
import { freePort, startWebhookServer } from "../helpers/webhook-server";
import { orderPayload, productPayload } from "../helpers/webhooks";
import { webhookHmac } from "../../app/lib/hmac.server";

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

/** A shop installed on the local Shopify, with the offline token the app holds. */
async function installedShop(name: string) {
  const domain = unique(name);
  const local = await shopify.createShop(domain, { seed: "empty", webhooks: false, storefront: false });
  await storeOfflineSession(domain, local.issueOfflineToken());
  const shop = await (await db()).shop.create({ data: { domain, shopifyId: String(local.store.settings.id) }, select: { id: true, domain: true } });
  return { local, shop };
}

async function uninstalledShop(name: string) {
  const prisma = await db();
  return prisma.shop.create({ data: { domain: unique(name), uninstalledAt: new Date() }, select: { id: true, domain: true } });
}

/**
 * POSTs a body signed with the app's secret, with whatever headers an
 * attacker chose, then applies what was stored the way the worker would.
 */
async function replay(route: string, topic: string, shopDomain: string, body: unknown) {
  const text = JSON.stringify(body);
  const webhookId = randomUUID();
  const res = await fetch(`${app.origin}/webhooks/${route}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": shopDomain,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Hmac-Sha256": webhookHmac(Buffer.from(text), process.env.SHOPIFY_API_SECRET!),
    },
    body: text,
  });
  const prisma = await db();
  const row = await prisma.webhookDelivery.findUnique({ where: { webhookId }, select: { id: true, status: true } });
  let applied: { status: string; outcome: string } | { error: string } | null = null;
  if (row?.status === "received") {
    const { applyWebhookDelivery } = await import("../../app/services/webhooks/apply.server");
    applied = await applyWebhookDelivery(row.id).catch((e: Error) => ({ error: e.message }));
  }
  return { status: res.status, message: ((await res.json()) as { message: string }).message, applied };
}

const shopExists = async (id: string) => (await (await db()).shop.count({ where: { id } })) === 1;
const uninstalledAt = async (id: string) => (await (await db()).shop.findUniqueOrThrow({ where: { id }, select: { uninstalledAt: true } })).uninstalledAt;

describe("a signed body replayed under another shop's header", () => {
  it("shop/redact of an uninstalled shop, sent with an installed shop's domain, erases nothing", async () => {
    const gone = await uninstalledShop("gone");
    const { shop } = await installedShop("victim");
    const res = await replay("shop/redact", "shop/redact", shop.domain, { shop_id: 1234, shop_domain: gone.domain });
    expect(await shopExists(shop.id)).toBe(true);
    expect(res.status).toBe(400);
    expect(res.message).toMatch(/another shop/);
  });

  it("shop/redact erases only a shop that has uninstalled: Shopify is asked when the shop looks installed", async () => {
    const { local, shop } = await installedShop("installed");
    const body = local.webhookPayload("shop/redact");
    const refused = await replay("shop/redact", "shop/redact", shop.domain, body);
    expect(refused.applied).toMatchObject({ status: "applied", outcome: expect.stringMatching(/^refused/) });
    expect(await shopExists(shop.id)).toBe(true);

    // Once the app is really uninstalled (Shopify answers 401 to its token), the same request erases.
    shopify.tokens.revokeShop(shop.domain);
    const erased = await replay("shop/redact", "shop/redact", shop.domain, body);
    expect(erased.applied).toMatchObject({ outcome: "shop erased" });
    expect(await shopExists(shop.id)).toBe(false);
  });

  it("app/uninstalled of one shop, sent with another's domain, uninstalls nothing", async () => {
    const { local: other } = await installedShop("other");
    const { shop } = await installedShop("victim");
    const res = await replay("app/uninstalled", "app/uninstalled", shop.domain, other.webhookPayload("app/uninstalled"));
    expect(await uninstalledAt(shop.id)).toBeNull();
    expect(res.status).toBe(400);
  });

  it("app/uninstalled is confirmed with the Admin API before the shop is marked uninstalled", async () => {
    const { local, shop } = await installedShop("confirm");
    const captured = local.webhookPayload("app/uninstalled");
    const replayed = await replay("app/uninstalled", "app/uninstalled", shop.domain, captured);
    expect(replayed.applied).toMatchObject({ outcome: expect.stringMatching(/^refused/) });
    expect(await uninstalledAt(shop.id)).toBeNull();
    expect(await (await db()).session.count({ where: { shop: shop.domain } })).toBe(1);

    // The real thing: the local Shopify revokes the token and sends app/uninstalled to the app.
    const delivery = await local.uninstall();
    expect(delivery?.status).toBe(200);
    const row = await (await db()).webhookDelivery.findFirstOrThrow({ where: { shopDomain: shop.domain, topic: "app/uninstalled", status: "received" } });
    const { applyWebhookDelivery } = await import("../../app/services/webhooks/apply.server");
    expect(await applyWebhookDelivery(row.id)).toMatchObject({ outcome: "uninstalled" });
    expect(await uninstalledAt(shop.id)).not.toBeNull();
    expect(await (await db()).session.count({ where: { shop: shop.domain } })).toBe(0);
  });

  it("a signed body whose shop id disagrees with the shop of the header is refused", async () => {
    const { local, shop } = await installedShop("id");
    const body = { ...(local.webhookPayload("customers/redact", { customerId: 7_100_000_000_042 }) as object), shop_id: 1 };
    const res = await replay("customers/redact", "customers/redact", shop.domain, body);
    expect(res.status).toBe(400);
    expect(res.message).toMatch(/shop id/);
  });

  it("a product whose Shopify id another shop holds is refused, and neither shop changes", async () => {
    const owner = await installedShop("owner");
    const victim = await installedShop("victim");
    const id = 9_200_000_000_000 + Math.floor(Math.random() * 1e9);
    const created = await replay("products/create", "products/create", owner.shop.domain, productPayload(id, "2024-03-01T00:00:00Z", { title: "Owner's" }));
    expect(created.applied).toMatchObject({ outcome: "created" });

    const res = await replay(
      "products/update",
      "products/update",
      victim.shop.domain,
      productPayload(id, "2024-03-02T00:00:00Z", { title: "Owner's, copied" }),
    );
    expect(res.applied).toEqual({ error: expect.stringMatching(/belongs to another shop/) });
    const prisma = await db();
    expect(await prisma.product.count({ where: { shopId: victim.shop.id } })).toBe(0);
    expect(await prisma.product.findMany({ where: { shopifyId: String(id) }, select: { shopId: true, title: true } })).toEqual([
      { shopId: owner.shop.id, title: "Owner's" },
    ]);
    const failed = await prisma.webhookDelivery.findFirstOrThrow({ where: { shopDomain: victim.shop.domain, topic: "products/update" } });
    expect(failed).toMatchObject({ status: "failed" });
  });

  it("an order whose Shopify id another shop holds is refused", async () => {
    const owner = await installedShop("owner");
    const victim = await installedShop("victim");
    const id = 5_800_000_000_000 + Math.floor(Math.random() * 1e9);
    await replay("orders/create", "orders/create", owner.shop.domain, orderPayload(id, "2024-02-01T10:00:00Z", null, [1]));
    const res = await replay("orders/updated", "orders/updated", victim.shop.domain, orderPayload(id, "2024-02-02T10:00:00Z", null, [1]));
    expect(res.applied).toEqual({ error: expect.stringMatching(/belongs to another shop/) });
    expect(await (await db()).order.count({ where: { shopId: victim.shop.id } })).toBe(0);
  });
});

describe("one topic's signed body replayed to another topic's route", () => {
  it("a customers/redact body sent to shop/redact erases nothing", async () => {
    const gone = await uninstalledShop("gone");
    const body = { shop_id: 1234, shop_domain: gone.domain, customer: { id: 1, email: "a@example.com", phone: null }, orders_to_redact: [] };
    const res = await replay("shop/redact", "shop/redact", gone.domain, body);
    expect(await shopExists(gone.id)).toBe(true);
    expect(res.status).toBe(400);
    expect(res.message).toBe("body is not a shop/redact payload");
  });

  it("a customers/data_request body sent to customers/redact erases nothing", async () => {
    const { shop } = await installedShop("request");
    const prisma = await db();
    await prisma.customer.create({ data: { shopId: shop.id, shopifyId: "7100000000042" } });
    const body = { shop_domain: shop.domain, shop_id: 1, customer: { id: 7100000000042 }, orders_requested: [], data_request: { id: 5 } };
    const res = await replay("customers/redact", "customers/redact", shop.domain, body);
    expect(await prisma.customer.count({ where: { shopId: shop.id } })).toBe(1);
    expect(res.status).toBe(400);
  });
});
