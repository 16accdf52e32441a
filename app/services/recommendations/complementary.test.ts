// Complementary pairs at scale: each pair once whichever way training
// suggested it, search by either product's title or SKU, filters on either
// product, decisions for both directions, and publishing in the worker
// (real BullMQ and Redis) through the local Shopify with a tight leaky bucket.
import { randomUUID } from "node:crypto";
import { Worker, type Job } from "bullmq";
import type { LocalShopify } from "../../../test/shopify-local/index.js";
import { startLocalShopifyForApp, storeOfflineSession } from "../../../test/helpers/local-shopify";
import { waitFor } from "../../../test/helpers/content";
import { deleteOurRedisKeys } from "../../../test/helpers/redis";
import { createTestShop } from "../../../test/helpers/shops";
import prisma from "../../db.server";
import { canonicalPair, upsertComplementarySuggestions } from "../../models/recommendations.server";
import { QUEUE_PREFIX, producerConnection } from "../../queues/connection.server";
import { COMPLEMENTARY_QUEUE } from "../../queues/complementary.server";
import { decideMatchingPairs, decidePairs, getComplementaryReview, type ReviewFilters } from "./complementary.server";

let shopify: LocalShopify;
let worker: { close(): Promise<void>; failures: { job: Job | undefined; error: Error }[] };

beforeAll(async () => {
  shopify = await startLocalShopifyForApp();
  // The queue's worker as workers/index.ts runs it; imported late, once the local Shopify's origin is set.
  const { QUEUE_WORKERS } = await import("../../../workers/registry");
  const spec = QUEUE_WORKERS.find((w) => w.queue === COMPLEMENTARY_QUEUE)!;
  const connection = producerConnection().duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
  const failures: { job: Job | undefined; error: Error }[] = [];
  const bull = new Worker(COMPLEMENTARY_QUEUE, spec.process, { connection, prefix: QUEUE_PREFIX, concurrency: 2 });
  bull.on("failed", (job, error) => failures.push({ job, error }));
  worker = {
    failures,
    async close() {
      await bull.close();
      connection.disconnect();
    },
  };
});
afterAll(async () => {
  await worker?.close();
  await deleteOurRedisKeys();
  const { closeQueues } = await import("../../queues/connection.server");
  await closeQueues();
  await shopify?.close();
});

/** Products in Aisle's catalog (what the review list searches), with their variants' SKUs. */
async function catalog(shopId: string, products: { id: string; title: string; vendor?: string; productType?: string; skus?: string[] }[]) {
  for (const p of products) {
    await prisma.product.create({
      data: {
        shopId,
        shopifyId: p.id,
        title: p.title,
        handle: p.title.toLowerCase().replace(/\W+/g, "-"),
        vendor: p.vendor ?? "",
        productType: p.productType ?? "",
        shopifyUpdatedAt: new Date(),
        variants: { create: (p.skus ?? [null]).map((sku, i) => ({ shopId, shopifyId: `${p.id}${i}`, sku })) },
      },
    });
  }
}

const review = (shopId: string, filters: Partial<ReviewFilters>, page = 1, pageSize = 25) =>
  getComplementaryReview(shopId, { status: "all", ...filters }, { page, pageSize });
const titles = (r: Awaited<ReturnType<typeof review>>) => r.pairs.map((p) => [p.product.title, p.complement.title].sort().join(" + ")).sort();

describe("each pair once", () => {
  it("keeps one row per pair whichever way it was suggested, with the higher score, and leaves decided pairs as staff left them", async () => {
    const shop = await createTestShop();
    await catalog(shop.id, [
      { id: "9", title: "Teapot" },
      { id: "10", title: "Tea cup" },
      { id: "11", title: "Saucer" },
    ]);
    await upsertComplementarySuggestions(shop.id, [
      { productShopifyId: "9", complementShopifyId: "10", score: 0.4 },
      { productShopifyId: "10", complementShopifyId: "9", score: 0.6 },
      { productShopifyId: "11", complementShopifyId: "10", score: 0.3 },
      { productShopifyId: "11", complementShopifyId: "11", score: 0.9 },
    ]);
    const rows = await prisma.complementaryPair.findMany({ where: { shopId: shop.id }, orderBy: { score: "desc" } });
    expect(rows.map((r) => [r.productShopifyId, r.complementShopifyId, r.score])).toEqual([
      ["10", "9", 0.6],
      ["10", "11", 0.3],
    ]);
    for (const r of rows) expect(canonicalPair(r.complementShopifyId, r.productShopifyId)).toEqual([r.productShopifyId, r.complementShopifyId]);
    expect(titles(await review(shop.id, {}))).toEqual(["Saucer + Tea cup", "Tea cup + Teapot"]);

    // Rejected one way: the next training suggesting it the other way brings nothing back.
    await decidePairs(shop.id, [rows[0].id], "rejected");
    await upsertComplementarySuggestions(shop.id, [
      { productShopifyId: "9", complementShopifyId: "10", score: 0.9 },
      { productShopifyId: "11", complementShopifyId: "10", score: 0.5 },
    ]);
    const after = await prisma.complementaryPair.findMany({ where: { shopId: shop.id }, orderBy: { score: "desc" } });
    expect(after.map((r) => [r.productShopifyId, r.complementShopifyId, r.score, r.status])).toEqual([
      ["10", "9", 0.6, "rejected"],
      ["10", "11", 0.5, "suggested"],
    ]);
  });
});

describe("search, filters and paging", () => {
  async function store() {
    const shop = await createTestShop();
    await catalog(shop.id, [
      { id: "1", title: "Heart Mug", vendor: "Aisle Pottery", productType: "Mugs", skus: ["MUG-RED-01", "MUG-BLU-01"] },
      { id: "2", title: "Coaster Set", vendor: "Cork & Co", productType: "Coasters", skus: ["CST-4"] },
      { id: "3", title: "Tea Towel", vendor: "Linen House", productType: "Linens", skus: ["TT_100%"] },
      { id: "4", title: "Teapot", vendor: "Aisle Pottery", productType: "Teapots", skus: [] },
    ]);
    await upsertComplementarySuggestions(shop.id, [
      { productShopifyId: "1", complementShopifyId: "2", score: 0.9 },
      { productShopifyId: "2", complementShopifyId: "1", score: 0.8 },
      { productShopifyId: "3", complementShopifyId: "2", score: 0.5 },
      { productShopifyId: "4", complementShopifyId: "3", score: 0.2 },
      { productShopifyId: "4", complementShopifyId: "2", score: 0.1 },
    ]);
    return shop;
  }

  it("finds a pair by either product's title or SKU, case-insensitively, with LIKE's wildcards taken literally", async () => {
    const shop = await store();
    expect(titles(await review(shop.id, { search: "coaster" }))).toEqual(["Coaster Set + Heart Mug", "Coaster Set + Tea Towel", "Coaster Set + Teapot"]);
    // The mug is the lower id, so its pair lists it first; the search finds it on the other side too.
    expect(titles(await review(shop.id, { search: "mug-blu" }))).toEqual(["Coaster Set + Heart Mug"]);
    expect(titles(await review(shop.id, { search: "  TEA " }))).toEqual(["Coaster Set + Tea Towel", "Coaster Set + Teapot", "Tea Towel + Teapot"]);
    expect(titles(await review(shop.id, { search: "100%" }))).toEqual(["Coaster Set + Tea Towel", "Tea Towel + Teapot"]);
    // As wildcards these would match "100" and "mug-red".
    expect((await review(shop.id, { search: "1%0" })).matching).toBe(0);
    expect((await review(shop.id, { search: "mug_red" })).matching).toBe(0);
    expect((await review(shop.id, { search: "nothing like this" })).pairs).toEqual([]);
  });

  it("filters by minimum score, and by vendor and product type of either product", async () => {
    const shop = await store();
    expect(titles(await review(shop.id, { minScore: 0.5 }))).toEqual(["Coaster Set + Heart Mug", "Coaster Set + Tea Towel"]);
    expect(titles(await review(shop.id, { vendor: "Aisle Pottery" }))).toEqual(["Coaster Set + Heart Mug", "Coaster Set + Teapot", "Tea Towel + Teapot"]);
    expect(titles(await review(shop.id, { productType: "Linens" }))).toEqual(["Coaster Set + Tea Towel", "Tea Towel + Teapot"]);
    expect(titles(await review(shop.id, { productType: "Linens", minScore: 0.3, search: "coaster" }))).toEqual(["Coaster Set + Tea Towel"]);
    expect((await review(shop.id, { vendor: "No such vendor" })).matching).toBe(0);
    const { facets } = await review(shop.id, {});
    expect(facets).toEqual({ vendors: ["Aisle Pottery", "Cork & Co", "Linen House"], productTypes: ["Coasters", "Linens", "Mugs", "Teapots"] });
  });

  it("pages through 10,000 pairs, each once, strongest first, counting what matches", async () => {
    const shop = await createTestShop();
    const products = Array.from({ length: 2_000 }, (_, i) => ({ id: String(100_000 + i), title: `Product ${i}`, vendor: i % 2 ? "Odd" : "Even" }));
    await prisma.product.createMany({
      data: products.map((p) => ({ shopId: shop.id, shopifyId: p.id, title: p.title, handle: `p-${p.id}`, vendor: p.vendor, shopifyUpdatedAt: new Date() })),
    });
    // Every pair suggested both ways, as bought-together lists do.
    const suggestions = [];
    for (let i = 0; i < 2_000; i++) {
      for (let k = 1; k <= 5; k++) {
        const j = (i + k) % 2_000;
        const score = ((i * 7 + k * 13) % 1000) / 1000;
        suggestions.push({ productShopifyId: products[i].id, complementShopifyId: products[j].id, score });
        suggestions.push({ productShopifyId: products[j].id, complementShopifyId: products[i].id, score });
      }
    }
    await upsertComplementarySuggestions(shop.id, suggestions);
    expect(await prisma.complementaryPair.count({ where: { shopId: shop.id } })).toBe(10_000);

    const started = performance.now();
    const first = await review(shop.id, { status: "suggested" }, 1, 25);
    const deep = await review(shop.id, { status: "suggested" }, 399, 25);
    const searched = await review(shop.id, { status: "suggested", search: "product 1999", vendor: "Odd" });
    const elapsed = performance.now() - started;
    expect(first.matching).toBe(10_000);
    expect(first.pairs).toHaveLength(25);
    expect(first.hasNext).toBe(true);
    expect(deep.pairs).toHaveLength(25);
    expect(deep.hasNext).toBe(true);
    expect(first.pairs[0].score).toBeGreaterThanOrEqual(first.pairs[24].score);
    expect(first.pairs[24].score).toBeGreaterThanOrEqual(deep.pairs[0].score);
    expect(searched.matching).toBe(10);
    // Three page loads (each a page, a count, the tab counts and the facets) on 10,000 pairs.
    expect(elapsed).toBeLessThan(3_000);

    const seen = new Set<string>();
    for (let page = 1; ; page++) {
      const r = await review(shop.id, { status: "suggested", vendor: "Even", minScore: 0.5 }, page, 500);
      for (const p of r.pairs) {
        const key = [p.product.id, p.complement.id].sort().join(":");
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
      if (!r.hasNext) break;
    }
    expect(seen.size).toBe((await review(shop.id, { status: "suggested", vendor: "Even", minScore: 0.5 })).matching);
  });
});

describe("decisions", () => {
  it("approves and rejects a pair for both of its products, by row or by filter, and never brings back a rejected pair unasked", async () => {
    const shop = await createTestShop();
    await catalog(shop.id, [
      { id: "1", title: "Heart Mug", vendor: "Aisle Pottery" },
      { id: "2", title: "Coaster Set", vendor: "Cork & Co" },
      { id: "3", title: "Tea Towel", vendor: "Linen House" },
      { id: "4", title: "Teapot", vendor: "Aisle Pottery" },
    ]);
    await upsertComplementarySuggestions(shop.id, [
      { productShopifyId: "2", complementShopifyId: "1", score: 0.9 },
      { productShopifyId: "1", complementShopifyId: "2", score: 0.9 },
      { productShopifyId: "3", complementShopifyId: "2", score: 0.5 },
      { productShopifyId: "4", complementShopifyId: "3", score: 0.2 },
      { productShopifyId: "4", complementShopifyId: "1", score: 0.1 },
    ]);
    const pair = async (a: string, b: string) => {
      const [productShopifyId, complementShopifyId] = canonicalPair(a, b);
      return prisma.complementaryPair.findFirstOrThrow({ where: { shopId: shop.id, productShopifyId, complementShopifyId } });
    };
    const { publishablePairsOf } = await import("../../models/recommendations.server");

    expect(await decidePairs(shop.id, [(await pair("2", "1")).id], "approved")).toBe(1);
    // Both products have it as a complement now.
    for (const id of ["1", "2"]) expect((await publishablePairsOf(shop.id, [id])).map((p) => p.id)).toEqual([(await pair("1", "2")).id]);
    // Another shop's pair id changes nothing here.
    const other = await createTestShop();
    expect(await decidePairs(other.id, [(await pair("3", "2")).id], "approved")).toBe(0);
    expect((await pair("3", "2")).status).toBe("suggested");

    await decidePairs(shop.id, [(await pair("4", "1")).id], "rejected");
    // Approving all pairs of a vendor on the "all" tab: the suggested ones only.
    expect(await decideMatchingPairs(shop.id, { status: "all", vendor: "Aisle Pottery" }, "approved")).toBe(1);
    expect((await pair("4", "3")).status).toBe("approved");
    expect((await pair("4", "1")).status).toBe("rejected");
    // On the rejected tab, staff bring it back on purpose.
    expect(await decideMatchingPairs(shop.id, { status: "rejected", search: "teapot" }, "approved")).toBe(1);
    expect((await pair("4", "1")).status).toBe("approved");
    expect(await decideMatchingPairs(shop.id, { status: "suggested", minScore: 0.4 }, "rejected")).toBe(1);
    expect((await pair("3", "2")).status).toBe("rejected");
    expect((await publishablePairsOf(shop.id, ["2"])).map((p) => p.id)).toEqual([(await pair("1", "2")).id]);
  });
});

describe("publishing in the worker", () => {
  async function publishingShop(name: string, throttle?: { maximumAvailable: number; restoreRate: number }) {
    const domain = `${name}-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;
    const local = await shopify.createShop(domain, { seed: "empty", webhooks: false, storefront: false, throttle });
    await storeOfflineSession(domain, local.issueOfflineToken());
    const shop = await prisma.shop.create({ data: { domain }, select: { id: true, domain: true } });
    return { local, shop };
  }
  const complementsIn = (local: Awaited<ReturnType<typeof publishingShop>>["local"], id: string) => {
    const mf = local.store.product(Number(id))!.metafields.find((m) => m.key === "complementary_products");
    return mf ? (JSON.parse(mf.value) as string[]).map((gid) => gid.split("/").pop()!) : undefined;
  };

  it("publishes 5,000 approved pairs through a tight leaky bucket without a THROTTLED failure, with progress, and never a suggested or rejected pair", async () => {
    const { local, shop } = await publishingShop("pairs-throttle", { maximumAvailable: 60, restoreRate: 50 });
    const ids = Array.from({ length: 1_000 }, (_, i) => String(local.createProduct({ title: `Lamp ${i}`, variants: [{ price: "20.00" }] }).id));
    const rows: { id: string; shopId: string; productShopifyId: string; complementShopifyId: string; score: number; status: string }[] = [];
    const add = (i: number, k: number, status: string, score: number) => {
      const [productShopifyId, complementShopifyId] = canonicalPair(ids[i], ids[(i + k) % ids.length]);
      rows.push({ id: randomUUID(), shopId: shop.id, productShopifyId, complementShopifyId, score, status });
    };
    for (let i = 0; i < ids.length; i++) {
      for (let k = 1; k <= 5; k++) add(i, k, "approved", 0.5 + k / 100);
      // Stronger than any approved pair: publishing must still leave them out.
      add(i, 6, i % 2 ? "rejected" : "suggested", 0.99);
    }
    await prisma.complementaryPair.createMany({ data: rows });
    const approved = rows.filter((r) => r.status === "approved");
    expect(approved).toHaveLength(5_000);

    const { startPublishing } = await import("./complementary.server");
    const { jobRecordId, started } = await startPublishing(shop.id);
    expect(started).toBe(true);
    // Asking again while it runs joins the same publishing.
    expect(await startPublishing(shop.id)).toEqual({ jobRecordId, started: false });
    const progress = new Set<number>();
    await waitFor(
      "publishing",
      async () => {
        const record = await prisma.jobRecord.findUniqueOrThrow({ where: { id: jobRecordId } });
        progress.add(record.progress);
        return record.status === "completed" || record.status === "failed";
      },
      120_000,
    );
    const record = await prisma.jobRecord.findUniqueOrThrow({ where: { id: jobRecordId } });
    expect(record).toMatchObject({ status: "completed", progress: 100, error: null, queue: COMPLEMENTARY_QUEUE });
    expect([...progress].some((p) => p > 0 && p < 100)).toBe(true);
    expect(worker.failures).toEqual([]);

    expect(await prisma.complementaryPair.count({ where: { shopId: shop.id, status: "published" } })).toBe(5_000);
    expect(await prisma.complementaryPair.count({ where: { shopId: shop.id, status: "approved" } })).toBe(0);
    const approvedOf = new Map<string, Set<string>>();
    for (const r of approved) {
      for (const [a, b] of [
        [r.productShopifyId, r.complementShopifyId],
        [r.complementShopifyId, r.productShopifyId],
      ]) {
        if (!approvedOf.has(a)) approvedOf.set(a, new Set());
        approvedOf.get(a)!.add(b);
      }
    }
    for (const id of ids) {
      const published = complementsIn(local, id);
      // Ten approved pairs each (five either way), all published, nothing else.
      expect(new Set(published)).toEqual(approvedOf.get(id));
    }
    // Nothing approved is left: publishing again is refused with a reason.
    await expect(startPublishing(shop.id)).rejects.toThrow("There are no approved pairs to publish. Approve pairs first.");
  }, 150_000);

  it("writes every other product when Shopify refuses one, keeps the refused product's pairs approved and says which it was", async () => {
    const { local, shop } = await publishingShop("pairs-refused");
    const mug = String(local.createProduct({ title: "Heart Mug", variants: [{ price: "12.00" }] }).id);
    const coaster = String(local.createProduct({ title: "Coaster", variants: [{ price: "4.00" }] }).id);
    const towel = String(local.createProduct({ title: "Tea Towel", variants: [{ price: "6.00" }] }).id);
    const gone = "999999999";
    await catalog(shop.id, [
      { id: gone, title: "Old Teapot" },
      { id: towel, title: "Tea Towel" },
    ]);
    const pairs = [
      [mug, coaster],
      [gone, towel],
    ].map(([a, b]) => {
      const [productShopifyId, complementShopifyId] = canonicalPair(a, b);
      return { id: randomUUID(), shopId: shop.id, productShopifyId, complementShopifyId, score: 0.5, status: "approved" };
    });
    await prisma.complementaryPair.createMany({ data: pairs });
    const { startPublishing } = await import("./complementary.server");
    const { jobRecordId } = await startPublishing(shop.id);
    await waitFor("publishing", async () => (await prisma.jobRecord.findUniqueOrThrow({ where: { id: jobRecordId } })).status === "completed", 30_000);
    const record = await prisma.jobRecord.findUniqueOrThrow({ where: { id: jobRecordId } });
    expect(record.error).toMatch(/^Shopify refused 2 products; their pairs stay approved\. /);
    expect(record.error).toContain("Old Teapot: Owner does not exist.");
    expect(record.error).toContain("Tea Towel: Value at index 0 is invalid: Value references a product that does not exist");
    expect(complementsIn(local, mug)).toEqual([coaster]);
    expect(complementsIn(local, coaster)).toEqual([mug]);
    expect(complementsIn(local, towel)).toBeUndefined();
    const statuses = await prisma.complementaryPair.findMany({ where: { shopId: shop.id }, select: { id: true, status: true } });
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [pairs[0].id]: "published", [pairs[1].id]: "approved" });
  });

  it("takes a pair rejected after publishing out of Shopify: its products are written again without it, or lose the metafield", async () => {
    const { local, shop } = await publishingShop("pairs-withdraw");
    const [mug, coaster, towel] = ["Heart Mug", "Coaster", "Tea Towel"].map((title) =>
      String(local.createProduct({ title, variants: [{ price: "5.00" }] }).id),
    );
    const pairs = [
      [mug, coaster, 0.9],
      [mug, towel, 0.5],
    ].map(([a, b, score]) => {
      const [productShopifyId, complementShopifyId] = canonicalPair(String(a), String(b));
      return { id: randomUUID(), shopId: shop.id, productShopifyId, complementShopifyId, score: Number(score), status: "approved" };
    });
    await prisma.complementaryPair.createMany({ data: pairs });
    const { startPublishing } = await import("./complementary.server");
    const publish = async () => {
      const { jobRecordId } = await startPublishing(shop.id);
      await waitFor("publishing", async () => (await prisma.jobRecord.findUniqueOrThrow({ where: { id: jobRecordId } })).status === "completed", 30_000);
    };
    await publish();
    expect(complementsIn(local, mug)).toEqual([coaster, towel]);
    expect(complementsIn(local, towel)).toEqual([mug]);

    // Rejected after publishing: still live until publishing again, which is offered for it alone.
    await decidePairs(shop.id, [pairs[1].id], "rejected");
    expect((await getComplementaryReview(shop.id, { status: "all" })).withdrawn).toBe(1);
    await publish();
    expect(complementsIn(local, mug)).toEqual([coaster]);
    expect(complementsIn(local, coaster)).toEqual([mug]);
    expect(complementsIn(local, towel)).toBeUndefined();
    const rejected = await prisma.complementaryPair.findUniqueOrThrow({ where: { id: pairs[1].id } });
    expect(rejected).toMatchObject({ status: "rejected", publishedAt: null });
    expect((await getComplementaryReview(shop.id, { status: "all" })).withdrawn).toBe(0);
    await expect(startPublishing(shop.id)).rejects.toThrow("There are no approved pairs to publish.");
    expect(worker.failures).toEqual([]);
  });

  it("fails the publishing at once, saying why, when the shop has no session to publish with", async () => {
    const shop = await createTestShop();
    await prisma.complementaryPair.create({ data: { shopId: shop.id, productShopifyId: "1", complementShopifyId: "2", status: "approved" } });
    const { startPublishing } = await import("./complementary.server");
    const { jobRecordId } = await startPublishing(shop.id);
    await waitFor("the failure", async () => (await prisma.jobRecord.findUniqueOrThrow({ where: { id: jobRecordId } })).status === "failed", 30_000);
    const record = await prisma.jobRecord.findUniqueOrThrow({ where: { id: jobRecordId } });
    expect(record).toMatchObject({ attempts: 1, error: `no offline session for ${shop.domain}: the shop must open the app again` });
    // The worker's "failed" event follows the record's update.
    await waitFor("the worker's failure event", async () => worker.failures.length > 0, 10_000);
    expect(worker.failures.map((f) => f.error.name)).toEqual(["UnrecoverableError"]);
    expect((await prisma.complementaryPair.findFirstOrThrow({ where: { shopId: shop.id } })).status).toBe("approved");
    // The page offers to publish again.
    const review = await getComplementaryReview(shop.id, { status: "all" });
    expect(review.publishing).toMatchObject({ status: "failed" });
  });
});
