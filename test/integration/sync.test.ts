// The app's initial import and Admin API client against the local Shopify,
// through the library's real client (only the transport is local).
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { LocalShopify } from "../shopify-local/index.js";
import { startLocalShopifyForApp, storeOfflineSession } from "../helpers/local-shopify";

let shopify: LocalShopify;

beforeAll(async () => {
  shopify = await startLocalShopifyForApp();
});
afterAll(async () => {
  await shopify?.close();
});

async function installedShop(domain: string, options: Parameters<LocalShopify["createShop"]>[1]) {
  const local = await shopify.createShop(domain, { webhooks: false, storefront: false, ...options });
  await storeOfflineSession(domain, local.issueOfflineToken());
  const { default: prisma } = await import("../../app/db.server");
  const shop = await prisma.shop.create({ data: { domain }, select: { id: true, domain: true } });
  const { adminForShop } = await import("../../app/services/admin-for-shop.server");
  return { local, shop, admin: await adminForShop(domain) };
}

const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;

describe("initial import through bulk operations", () => {
  it("imports every product (with variants and media) and every order (with lines and customers)", async () => {
    const { local, shop, admin } = await installedShop(unique("sync"), { seed: "generated", maxProducts: 60, maxOrders: 150 });
    const { syncShop } = await import("../../app/services/sync/sync-shop.server");
    const { createJobRecord } = await import("../../app/models/jobs.server");
    const { logger } = await import("../../app/lib/logger.server");
    const job = await createJobRecord(shop.id, "sync", "Import");
    const totals = await syncShop(admin, shop.id, ["products", "orders"], { jobRecordId: job.id, log: logger, pollMs: 50 });

    const counts = local.store.counts();
    expect(totals.products.written).toBe(counts.products);
    expect(totals.orders.written).toBe(counts.orders);
    const { default: prisma } = await import("../../app/db.server");
    expect(await prisma.product.count({ where: { shopId: shop.id } })).toBe(counts.products);
    expect(await prisma.productVariant.count({ where: { shopId: shop.id } })).toBe(counts.variants);
    expect(await prisma.productMedia.count({ where: { shopId: shop.id } })).toBe(counts.media);
    expect(await prisma.order.count({ where: { shopId: shop.id } })).toBe(counts.orders);
    expect(await prisma.orderLine.count({ where: { shopId: shop.id } })).toBe(counts.lineItems);
    const saved = await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(saved.syncStatus).toBe("succeeded");
    expect((await prisma.jobRecord.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("completed");

    // Running it again changes nothing: the same versions are not newer.
    await syncShop(admin, shop.id, ["products"], { jobRecordId: job.id, log: logger, pollMs: 50 });
    expect(await prisma.product.count({ where: { shopId: shop.id } })).toBe(counts.products);
  });

  it("keeps the good lines of a result file with garbage in it, and reports the bad ones", async () => {
    const { local, shop, admin } = await installedShop(unique("garbage"), { seed: "tiny" });
    local.bulk.injectGarbageLines(3);
    const { runBulkImport } = await import("../../app/services/sync/bulk-import.server");
    const { logger } = await import("../../app/lib/logger.server");
    const result = await runBulkImport(admin, shop.id, "products", { log: logger, pollMs: 50 });
    expect(result.rejected).toBe(3);
    expect(result.written).toBe(local.store.counts().products);
    const { default: prisma } = await import("../../app/db.server");
    const run = await prisma.syncRun.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(run.rejectedLines).toBe(3);
    expect(JSON.parse(run.rejections)[0].reason).toMatch(/JSON/);
  });

  it("marks the sync failed, with Shopify's error, when the bulk operation fails", async () => {
    const { local, shop, admin } = await installedShop(unique("fail"), { seed: "tiny" });
    local.bulk.failNext({ errorCode: "INTERNAL_SERVER_ERROR" });
    const { syncShop } = await import("../../app/services/sync/sync-shop.server");
    const { createJobRecord } = await import("../../app/models/jobs.server");
    const { logger } = await import("../../app/lib/logger.server");
    const job = await createJobRecord(shop.id, "sync", "Import");
    await expect(syncShop(admin, shop.id, ["products"], { jobRecordId: job.id, log: logger, pollMs: 50 })).rejects.toThrow(/FAILED.*INTERNAL_SERVER_ERROR/);
    const { default: prisma } = await import("../../app/db.server");
    expect((await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).syncStatus).toBe("failed");
    expect(await prisma.product.count({ where: { shopId: shop.id } })).toBe(0);
  });
});

describe("the Admin API client", () => {
  it("waits instead of failing when Shopify throttles", async () => {
    const { local, admin } = await installedShop(unique("throttle"), { seed: "tiny", throttle: { maximumAvailable: 100, restoreRate: 50 } });
    const { ShopInfoQuery } = await import("../../app/graphql/shop-info");
    await admin.request(ShopInfoQuery);
    local.throttle.configure({ currentlyAvailable: 0 });
    const started = Date.now();
    const data = await admin.request(ShopInfoQuery);
    expect(data.shop.name).toBeTruthy();
    expect(Date.now() - started).toBeGreaterThan(10);
    expect(admin.throttleStatus?.maximumAvailable).toBe(100);
  });

  it("shares one shop's bucket between its clients: concurrent requests queue instead of being throttled", async () => {
    const domain = unique("shared-bucket");
    await installedShop(domain, { seed: "tiny", throttle: { maximumAvailable: 20, restoreRate: 40 } });
    const { unauthenticated } = await import("../../app/shopify.server");
    const { ShopifyAdmin } = await import("../../app/services/shopify-admin.server");
    const { ShopInfoQuery } = await import("../../app/graphql/shop-info");
    const { admin: library } = await unauthenticated.admin(domain);
    let throttled = 0;
    const counted: ConstructorParameters<typeof ShopifyAdmin>[0] = async (query, options) => {
      try {
        return await library.graphql(query, options);
      } catch (error) {
        if (/THROTTLED|Throttled/.test(JSON.stringify((error as { body?: unknown }).body ?? ""))) throttled++;
        throw error;
      }
    };
    // As jobs do: each builds its own client for the shop.
    const clients = Array.from({ length: 8 }, () => new ShopifyAdmin(counted, domain));
    await clients[0].request(ShopInfoQuery);
    const cost = clients[0].throttleStatus!.maximumAvailable - clients[0].throttleStatus!.currentlyAvailable;
    expect(cost).toBeGreaterThan(0);
    const answers = await Promise.all(clients.flatMap((client) => [client.request(ShopInfoQuery), client.request(ShopInfoQuery)]));
    expect(answers.every((a) => a.shop.name)).toBe(true);
    expect(throttled).toBe(0);
  });

  it("refuses at once a page that costs more than the whole bucket, and pages through with smaller ones", async () => {
    const { admin, shop } = await installedShop(unique("small-bucket"), { seed: "tiny", throttle: { maximumAvailable: 40, restoreRate: 100 } });
    const { CollectionsQuery } = await import("../../app/graphql/collections");
    const { QueryCostAboveBucket } = await import("../../app/lib/errors.server");
    const started = Date.now();
    await expect(admin.request(CollectionsQuery, { first: 250, after: null })).rejects.toBeInstanceOf(QueryCostAboveBucket);
    expect(Date.now() - started).toBeLessThan(5_000); // no waiting for a bucket that can never hold it
    const { syncCollectionList } = await import("../../app/services/collections/sync.server");
    const synced = await syncCollectionList(admin, shop.id);
    expect(synced.collections).toBe(3); // the tiny seed's collections, in pages the bucket can pay for
  });

  it("treats a frozen shop as a failure retrying cannot fix", async () => {
    const { local, admin } = await installedShop(unique("frozen"), { seed: "tiny" });
    local.availability = "frozen";
    const { ShopInfoQuery } = await import("../../app/graphql/shop-info");
    const { ShopifyAccessError } = await import("../../app/lib/errors.server");
    await expect(admin.request(ShopInfoQuery)).rejects.toBeInstanceOf(ShopifyAccessError);
  });

  it("registers an install: shop facts from the Admin API, then the first import is queued", async () => {
    const domain = unique("install");
    const local = await shopify.createShop(domain, { seed: "tiny", webhooks: false, storefront: false });
    await storeOfflineSession(domain, local.issueOfflineToken());
    const { unauthenticated } = await import("../../app/shopify.server");
    const { admin } = await unauthenticated.admin(domain);
    const { registerInstall } = await import("../../app/services/install.server");
    const shop = await registerInstall({ shopDomain: domain, scopes: "read_products", graphql: admin.graphql });
    expect(shop.currencyCode).toBe(local.store.settings.currencyCode);
    const { default: prisma } = await import("../../app/db.server");
    expect(await prisma.jobRecord.count({ where: { shopId: shop.id, queue: "sync" } })).toBe(1);
    const { closeQueues } = await import("../../app/queues/connection.server");
    await closeQueues();
  });
});

describe("webhooks from the local Shopify", () => {
  it("are verified and recorded by the app, with Shopify's real headers", async () => {
    const { receiveWebhook } = await import("../../app/services/webhooks/receive.server");
    const { closeQueues } = await import("../../app/queues/connection.server");
    // A minimal HTTP front for the real receive service.
    const server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const topic = (req.url ?? "").replace(/^\/webhooks\//, "");
      const response = await receiveWebhook(
        new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }),
        topic as never,
      );
      res.writeHead(response.status).end(await response.text());
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { startLocalShopify } = await import("../shopify-local/index.js");
    const sender = await startLocalShopify({ apiKey: process.env.SHOPIFY_API_KEY!, apiSecret: process.env.SHOPIFY_API_SECRET!, appUrl });
    try {
      const domain = unique("hooks");
      const local = await sender.createShop(domain, { seed: "tiny", storefront: false });
      const { default: prisma } = await import("../../app/db.server");
      await prisma.shop.create({ data: { domain } });
      const product = local.store.productList()[0];
      local.updateProduct(product.id, { title: "Renamed by the merchant" });
      await sender.settled();
      const row = await prisma.webhookDelivery.findFirstOrThrow({ where: { shopDomain: domain, topic: "products/update" } });
      expect(JSON.parse(row.payload).title).toBe("Renamed by the merchant");
      const forged = await sender.sendWebhook(domain, "products/update", { id: 1 }, { forgeHmac: true });
      expect(forged.status).toBe(401);
    } finally {
      await sender.close();
      server.close();
      await closeQueues();
    }
  });

  it("bring UNLISTED products (2025-10 on) in as UNLISTED, as the bulk import does", async () => {
    const { local, shop, admin } = await installedShop(unique("unlisted"), { seed: "tiny" });
    const [viaWebhook, viaImport] = local.store.productList();
    local.updateProduct(viaWebhook.id, { status: "UNLISTED" });
    local.updateProduct(viaImport.id, { status: "UNLISTED" });
    const { receiveWebhook } = await import("../../app/services/webhooks/receive.server");
    const { applyWebhookDelivery } = await import("../../app/services/webhooks/apply.server");
    const { closeQueues } = await import("../../app/queues/connection.server");
    const { signedWebhookRequest } = await import("../helpers/webhooks");
    const { default: prisma } = await import("../../app/db.server");
    try {
      // The products/update Shopify sends when the merchant unlists a product.
      const payload = local.webhookPayload("products/update", { productId: viaWebhook.id });
      expect(payload).toMatchObject({ status: "unlisted" });
      const webhookId = `unlisted-${viaWebhook.id}-${Date.now()}`;
      const request = signedWebhookRequest("http://127.0.0.1/webhooks/products/update", { topic: "products/update", shop: shop.domain, payload, webhookId });
      expect((await receiveWebhook(request, "products/update")).status).toBe(200);
      const delivery = await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });
      expect((await applyWebhookDelivery(delivery.id)).status).toBe("applied");

      const { runBulkImport } = await import("../../app/services/sync/bulk-import.server");
      const { logger } = await import("../../app/lib/logger.server");
      const result = await runBulkImport(admin, shop.id, "products", { log: logger, pollMs: 50 });
      expect(result.rejected).toBe(0);
      const statuses = await prisma.product.findMany({
        where: { shopId: shop.id, shopifyId: { in: [String(viaWebhook.id), String(viaImport.id)] } },
        select: { status: true },
      });
      expect(statuses).toEqual([{ status: "UNLISTED" }, { status: "UNLISTED" }]);
    } finally {
      await closeQueues();
    }
  });

  it("brings each product's own options in, through products/update and the bulk import, without Shopify's Title placeholder", async () => {
    const { local, shop, admin } = await installedShop(unique("options"), { seed: "tiny" });
    const byTitle = (title: string) => local.store.productList().find((p) => p.title === title)!;
    const [red, pink, lantern] = [byTitle("Red Retrospot Mug"), byTitle("Pink Retrospot Mug"), byTitle("Woodland Lantern")];
    const { receiveWebhook } = await import("../../app/services/webhooks/receive.server");
    const { applyWebhookDelivery } = await import("../../app/services/webhooks/apply.server");
    const { closeQueues } = await import("../../app/queues/connection.server");
    const { signedWebhookRequest } = await import("../helpers/webhooks");
    const { default: prisma } = await import("../../app/db.server");
    const optionsOf = async (id: number) =>
      JSON.parse((await prisma.product.findUniqueOrThrow({ where: { shopId_shopifyId: { shopId: shop.id, shopifyId: String(id) } } })).options) as unknown;
    try {
      const payload = local.webhookPayload("products/update", { productId: red.id });
      const webhookId = `options-${red.id}-${Date.now()}`;
      const request = signedWebhookRequest("http://127.0.0.1/webhooks/products/update", { topic: "products/update", shop: shop.domain, payload, webhookId });
      expect((await receiveWebhook(request, "products/update")).status).toBe(200);
      const delivery = await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });
      expect((await applyWebhookDelivery(delivery.id)).status).toBe("applied");
      expect(await optionsOf(red.id)).toEqual([{ name: "Colour", values: ["Red"] }]);

      const { runBulkImport } = await import("../../app/services/sync/bulk-import.server");
      const { logger } = await import("../../app/lib/logger.server");
      expect((await runBulkImport(admin, shop.id, "products", { log: logger, pollMs: 50 })).rejected).toBe(0);
      expect(await optionsOf(pink.id)).toEqual([{ name: "Colour", values: ["Pink"] }]);
      expect(await optionsOf(lantern.id)).toEqual([]);
    } finally {
      await closeQueues();
    }
  });
});
