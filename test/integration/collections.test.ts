// Collections end to end against the local Shopify: the bulk import brings
// each product's collections, collections/* webhooks are applied and their
// products read by the collections job, and a product whose tags change is
// moved in or out of a smart collection by the job its products/update queues.
import { randomUUID } from "node:crypto";
import type { Job } from "bullmq";
import { Queue } from "bullmq";
import type { LocalShopify } from "../shopify-local/index.js";
import { startLocalShopifyForApp, storeOfflineSession } from "../helpers/local-shopify";
import { signedWebhookRequest } from "../helpers/webhooks";

let shopify: LocalShopify;

beforeAll(async () => {
  shopify = await startLocalShopifyForApp();
});
afterAll(async () => {
  await shopify?.close();
  const { closeQueues } = await import("../../app/queues/connection.server");
  await closeQueues();
});

const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;

async function installedShop(domain: string) {
  const local = await shopify.createShop(domain, { seed: "tiny", webhooks: false, storefront: false });
  await storeOfflineSession(domain, local.issueOfflineToken());
  const { default: prisma } = await import("../../app/db.server");
  const shop = await prisma.shop.create({ data: { domain }, select: { id: true, domain: true } });
  const { adminForShop } = await import("../../app/services/admin-for-shop.server");
  const { syncShop } = await import("../../app/services/sync/sync-shop.server");
  const { createJobRecord } = await import("../../app/models/jobs.server");
  const { logger } = await import("../../app/lib/logger.server");
  const job = await createJobRecord(shop.id, "sync", "Import");
  const totals = await syncShop(await adminForShop(domain), shop.id, ["products"], { jobRecordId: job.id, log: logger, pollMs: 50 });
  return { local, shop, totals };
}

/** Receives a signed delivery and applies it, as the worker's drain would. */
async function deliver(
  topic: "collections/create" | "collections/update" | "collections/delete" | "products/update" | "products/delete",
  shop: string,
  payload: unknown,
) {
  const { receiveWebhook } = await import("../../app/services/webhooks/receive.server");
  const { applyWebhookDelivery } = await import("../../app/services/webhooks/apply.server");
  const { default: prisma } = await import("../../app/db.server");
  const webhookId = randomUUID();
  const res = await receiveWebhook(signedWebhookRequest("http://127.0.0.1/webhooks/x", { topic, shop, payload, webhookId }), topic);
  expect(res.status).toBe(200);
  const row = await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });
  return { delivery: row, applied: await applyWebhookDelivery(row.id).catch((e: Error) => e) };
}

async function runCollectionsJob(data: unknown) {
  const { processCollectionsJob } = await import("../../workers/processors/collections");
  return processCollectionsJob({ data, attemptsMade: 0, opts: {} } as unknown as Job);
}

async function membership(shopId: string) {
  const { default: prisma } = await import("../../app/db.server");
  const rows = await prisma.productCollection.findMany({ where: { shopId }, select: { collectionShopifyId: true, productShopifyId: true } });
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.collectionShopifyId, [...(map.get(r.collectionShopifyId) ?? []), r.productShopifyId].sort());
  return map;
}

describe("collections", () => {
  it("imports the shop's collections and each product's membership with the products", async () => {
    const { local, shop, totals } = await installedShop(unique("collections-sync"));
    expect(totals.collections.written).toBe(3);
    const { default: prisma } = await import("../../app/db.server");
    const held = await prisma.collection.findMany({
      where: { shopId: shop.id },
      orderBy: { title: "asc" },
      select: { shopifyId: true, title: true, smart: true },
    });
    const id = (handle: string) => String(local.store.collectionByHandle(handle)!.id);
    const product = (sku: string) => String(local.store.variantBySku(sku)!.productId);
    expect(held).toEqual([
      { shopifyId: id("coming-soon"), title: "Coming soon", smart: false },
      { shopifyId: id("gift-wrap"), title: "Gift wrap", smart: false },
      { shopifyId: id("retrospot"), title: "Retrospot", smart: true },
    ]);
    const members = await membership(shop.id);
    expect(members.get(id("retrospot"))).toEqual([product("MUG-RED"), product("TOWEL-RETRO")].sort());
    expect(members.get(id("gift-wrap"))).toEqual([product("GIFT-10"), product("BUNTING-DRAFT")].sort());
    expect(members.has(id("coming-soon"))).toBe(false);
  });

  it("applies collections/create, update and delete: the collection from the payload, its products from the Admin API", async () => {
    const { local, shop } = await installedShop(unique("collections-hooks"));
    const lantern = String(local.store.variantBySku("LANTERN-WOOD")!.productId);
    const mug = String(local.store.variantBySku("MUG-RED")!.productId);
    const created = local.store.createCollection({ title: "Lighting", productIds: [Number(lantern)] });
    const { applied } = await deliver("collections/create", shop.domain, local.webhookPayload("collections/create", { collectionId: created.id }));
    expect(applied).toMatchObject({ status: "applied", outcome: "created (products refreshed by a job)" });
    // The job the webhook queued, run as the worker would.
    const queue = new Queue("collections", { connection: { host: "127.0.0.1", port: 6379 }, prefix: process.env.AISLE_QUEUE_PREFIX });
    const jobs = (await queue.getJobs(["delayed", "waiting"])).filter((j) => j.data.shopId === shop.id);
    expect(jobs.map((j) => j.data)).toEqual([{ shopId: shop.id, collectionShopifyId: String(created.id) }]);
    await queue.close();
    expect(await runCollectionsJob(jobs[0].data)).toEqual({ products: 1 });
    expect((await membership(shop.id)).get(String(created.id))).toEqual([lantern]);

    local.store.updateCollection(created.id, { title: "Lights", productIds: [Number(mug), Number(lantern)] });
    await deliver("collections/update", shop.domain, local.webhookPayload("collections/update", { collectionId: created.id }));
    await runCollectionsJob({ shopId: shop.id, collectionShopifyId: String(created.id) });
    expect((await membership(shop.id)).get(String(created.id))).toEqual([mug, lantern].sort());
    const { default: prisma } = await import("../../app/db.server");
    expect((await prisma.collection.findFirstOrThrow({ where: { shopId: shop.id, shopifyId: String(created.id) } })).title).toBe("Lights");

    local.store.deleteCollection(created.id);
    const { applied: deleted } = await deliver("collections/delete", shop.domain, local.webhookPayload("collections/delete", { collectionId: created.id }));
    expect(deleted).toMatchObject({ status: "applied", outcome: "deleted" });
    expect((await membership(shop.id)).has(String(created.id))).toBe(false);
    expect((await prisma.collection.findFirstOrThrow({ where: { shopId: shop.id, shopifyId: String(created.id) } })).deletedAt).not.toBeNull();
    // A late update of the deleted collection does not bring it back; its job finds nothing.
    expect(await runCollectionsJob({ shopId: shop.id, collectionShopifyId: String(created.id) })).toEqual({ skipped: "collection gone" });
  });

  it("leaves a collection deleted here alone when a late job reads it", async () => {
    const { local, shop } = await installedShop(unique("collections-late"));
    const giftWrap = String(local.store.collectionByHandle("gift-wrap")!.id);
    const { markCollectionDeleted } = await import("../../app/models/collections.server");
    // Deleted after Shopify's last update of it (its collections/delete was applied first).
    expect(await markCollectionDeleted(shop.id, giftWrap, new Date())).toBe("deleted");
    expect(await runCollectionsJob({ shopId: shop.id, collectionShopifyId: giftWrap })).toEqual({ skipped: "collection gone" });
    expect((await membership(shop.id)).has(giftWrap)).toBe(false);
  });

  it("moves a product into a smart collection when products/update says its tags changed", async () => {
    const { local, shop } = await installedShop(unique("collections-smart"));
    const retrospot = String(local.store.collectionByHandle("retrospot")!.id);
    const lantern = local.store.variantBySku("LANTERN-WOOD")!.productId;
    local.store.updateProduct(lantern, { tags: ["retrospot"] });
    const { applied } = await deliver("products/update", shop.domain, local.webhookPayload("products/update", { productId: lantern }));
    expect(applied).toMatchObject({ status: "applied", outcome: "updated" });
    const queue = new Queue("collections", { connection: { host: "127.0.0.1", port: 6379 }, prefix: process.env.AISLE_QUEUE_PREFIX });
    const jobs = (await queue.getJobs(["delayed", "waiting"])).filter((j) => j.data.shopId === shop.id);
    await queue.close();
    expect(jobs.map((j) => j.data)).toEqual([{ shopId: shop.id, productShopifyIds: [String(lantern)] }]);
    await runCollectionsJob(jobs[0].data);
    expect((await membership(shop.id)).get(retrospot)).toContain(String(lantern));

    local.store.updateProduct(lantern, { tags: [] });
    await runCollectionsJob({ shopId: shop.id, productShopifyIds: [String(lantern)] });
    expect((await membership(shop.id)).get(retrospot)).not.toContain(String(lantern));

    // A deleted product leaves its collections with its products/delete.
    const mug = local.store.variantBySku("MUG-RED")!.productId;
    local.store.deleteProduct(mug);
    const { applied: deleted } = await deliver("products/delete", shop.domain, local.webhookPayload("products/delete", { productId: mug }));
    expect(deleted).toMatchObject({ status: "applied", outcome: "deleted" });
    expect((await membership(shop.id)).get(retrospot)).toEqual([String(local.store.variantBySku("TOWEL-RETRO")!.productId)]);
  });

  it("refuses forged, malformed and other shops' collection webhooks", async () => {
    const { local, shop } = await installedShop(unique("collections-forged"));
    const other = await installedShop(unique("collections-other"));
    const { receiveWebhook } = await import("../../app/services/webhooks/receive.server");
    const { default: prisma } = await import("../../app/db.server");
    const payload = local.webhookPayload("collections/update", { collectionId: local.store.collectionByHandle("gift-wrap")!.id });

    const forged = await receiveWebhook(
      signedWebhookRequest("http://127.0.0.1/webhooks/x", { topic: "collections/update", shop: shop.domain, payload, hmac: "Zm9yZ2Vk" }),
      "collections/update",
    );
    expect(forged.status).toBe(401);

    const { applied: malformed } = await deliver("collections/update", shop.domain, { id: 12345, updated_at: "2024-01-01T00:00:00Z" });
    expect(malformed).toBeInstanceOf(Error);
    expect((malformed as Error).message).toBe("collection payload: title: Required");

    // A body signed for another shop, replayed under this shop's header: its collection id is the other shop's.
    const foreignId = other.local.store.collectionByHandle("gift-wrap")!.id;
    const replayed = other.local.webhookPayload("collections/update", { collectionId: foreignId });
    const { applied: refused } = await deliver("collections/update", shop.domain, replayed);
    expect((refused as Error).message).toBe(`refused: collection ${foreignId} belongs to another shop`);
    const { applied: refusedDelete } = await deliver(
      "collections/delete",
      shop.domain,
      other.local.webhookPayload("collections/delete", { collectionId: foreignId }),
    );
    expect((refusedDelete as Error).message).toBe(`refused: collection ${foreignId} belongs to another shop`);
    expect(await prisma.collection.count({ where: { shopId: shop.id, shopifyId: String(foreignId) } })).toBe(0);
    expect((await prisma.collection.findFirstOrThrow({ where: { shopId: other.shop.id, shopifyId: String(foreignId) } })).deletedAt).toBeNull();
  });
});
