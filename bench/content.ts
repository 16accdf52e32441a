// The content studio under load, in one process against real Redis and the
// bench's own database:
// - realtime: 1,000 products through the content queue's worker and the
//   real @anthropic-ai/sdk against the local Anthropic API answering in
//   300 ms with every fifth call rate-limited (429, retry-after 1 s), at the
//   shop's model concurrency (8 calls at once);
// - batch: the same 1,000 products through the local Message Batches API,
//   a tenth of its results errored (regenerated in realtime);
// - offline: the offline writer over 1,000 products, through the worker;
// - publish: 1,000 approved drafts published through the local Shopify's
//   leaky bucket (productUpdate + fileUpdate per product).
// Figures: bench/results/content.json.

import { appEnv, freshDatabase, round, writeResult } from "./lib/harness";

const PRODUCTS = Number(process.env.BENCH_CONTENT_PRODUCTS ?? 1000);
// Which parts to run (comma-separated); all of them by default. Publishing uses the offline run's drafts.
const PARTS = ["realtime", "batch", "offline", "publish"];
const parts = new Set((process.env.BENCH_CONTENT_PARTS || PARTS.join(",")).split(",").map((p) => p.trim()));
const MODEL_CONCURRENCY = 8;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchContent() {
  const unknown = [...parts].filter((p) => !PARTS.includes(p));
  if (unknown.length) throw new Error(`BENCH_CONTENT_PARTS: unknown part(s) ${unknown.join(", ")}; known: ${PARTS.join(", ")}`);
  if (parts.has("publish") && !parts.has("offline")) throw new Error("BENCH_CONTENT_PARTS: publish needs the offline part (it publishes that run's drafts)");
  const databaseUrl = freshDatabase("content");
  Object.assign(process.env, appEnv({ DATABASE_URL: databaseUrl, AISLE_QUEUE_PREFIX: `aisle-bench-content-${process.pid}`, AISLE_BATCH_POLL_MS: "500" }));
  const { startLocalShopify } = await import("../test/shopify-local/index.js");
  const { startFakeAnthropic } = await import("../test/anthropic-local/server");
  const shopify = await startLocalShopify({ apiKey: "bench-api-key", apiSecret: "bench-api-secret", appUrl: "http://127.0.0.1:9" });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = shopify.origin;
  const domain = "bench-content.myshopify.com";
  const local = await shopify.createShop(domain, { seed: "empty", webhooks: false, storefront: false });
  const types = ["Mugs", "Lamps", "Candles", "Cushions", "Prints", "Bags", "Jewellery", "Toys"];
  for (let i = 0; i < PRODUCTS; i++) {
    const type = types[i % types.length];
    local.createProduct({
      title: `${["Vintage", "Heart", "Garden", "Retro", "Classic"][i % 5]} ${type.replace(/s$/, "")} ${i}`,
      productType: type,
      vendor: ["Aisle Pottery", "North Light", "Paper Co"][i % 3],
      tags: [type.toLowerCase(), i % 2 ? "gift" : "home"],
      descriptionHtml: i % 4 === 0 ? "" : `<p>A ${type.toLowerCase().replace(/s$/, "")} for every day. Sold as a set of ${1 + (i % 3)}.</p>`,
      variants:
        i % 3 === 0
          ? [
              { title: "Red", price: "9.95" },
              { title: "Blue", price: "9.95" },
            ]
          : [{ price: String(5 + (i % 40)) }],
      images: [{ url: `/cdn/products/bench-${i}.svg` }],
    });
  }
  const { Session } = await import("@shopify/shopify-api");
  const { sessionStorage } = await import("../app/shopify.server");
  await sessionStorage.storeSession(
    new Session({
      id: `offline_${domain}`,
      shop: domain,
      state: "",
      isOnline: false,
      accessToken: local.issueOfflineToken(),
      scope: "read_products,write_products",
    }),
  );
  const { default: prisma } = await import("../app/db.server");
  const shop = await prisma.shop.create({ data: { domain }, select: { id: true } });
  const { adminForShop } = await import("../app/services/admin-for-shop.server");
  const { syncShop } = await import("../app/services/sync/sync-shop.server");
  const { logger } = await import("../app/lib/logger.server");
  const job = await prisma.jobRecord.create({ data: { shopId: shop.id, queue: "sync", name: "bench" }, select: { id: true } });
  await syncShop(await adminForShop(domain), shop.id, ["products"], { jobRecordId: job.id, log: logger, pollMs: 100 });

  const { Worker } = await import("bullmq");
  const { QUEUE_PREFIX, producerConnection, closeQueues } = await import("../app/queues/connection.server");
  const { CONTENT_QUEUE } = await import("../app/queues/content.server");
  const { processContentJob } = await import("../workers/processors/content");
  const { startRun, runProgress } = await import("../app/services/content/runs.server");
  const connection = producerConnection().duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
  const failures: string[] = [];
  const worker = new Worker(CONTENT_QUEUE, processContentJob, { connection, prefix: QUEUE_PREFIX, concurrency: 32 });
  worker.on("failed", (_job, error) => failures.push(error.message));

  const setContent = async (content: object) => {
    const current = JSON.parse((await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).settings) as { content?: object };
    await prisma.shop.update({ where: { id: shop.id }, data: { settings: JSON.stringify({ ...current, content: { ...current.content, ...content } }) } });
  };
  /** Starts a run over the catalog and waits for it; seconds, and the run's drafts. */
  const timedRun = async (what: string, timeoutMs: number) => {
    const started = performance.now();
    const run = await startRun(shop.id, {});
    for (let last = ""; ;) {
      const [progress] = await runProgress(shop.id);
      const line = `${what}: ${progress.done} written, ${progress.failed} failed, ${progress.pending} pending`;
      if (line !== last && Math.random() < 0.1) console.log(line);
      last = line;
      if (progress.status !== "running") break;
      if (performance.now() - started > timeoutMs) throw new Error(`${what} did not finish in ${timeoutMs / 1000} s`);
      await sleep(100);
    }
    const seconds = (performance.now() - started) / 1000;
    const drafts = await prisma.contentDraft.findMany({ where: { runId: run.id }, select: { productShopifyId: true, status: true } });
    const ready = new Set(drafts.filter((d) => d.status === "ready").map((d) => d.productShopifyId));
    return { seconds, drafts: drafts.length, distinct: new Set(drafts.map((d) => d.productShopifyId)).size, ready: ready.size };
  };

  let claude: object | undefined;
  if (parts.has("realtime")) {
    // ---- Claude, realtime
    const realtimeApi = await startFakeAnthropic({ latencyMs: 300, rateLimitRatio: 0.2, retryAfterSeconds: 1 });
    process.env.ANTHROPIC_API_KEY = realtimeApi.apiKey;
    process.env.ANTHROPIC_BASE_URL = realtimeApi.origin;
    await setContent({ useBatches: false, concurrency: MODEL_CONCURRENCY });
    console.log(`realtime: ${PRODUCTS} products, 300 ms answers, 20% rate-limited, ${MODEL_CONCURRENCY} calls at once`);
    const realtime = await timedRun("realtime", 20 * 60_000);
    claude = {
      products_per_min: round((realtime.ready / realtime.seconds) * 60, 1),
      seconds: round(realtime.seconds, 1),
      lost: PRODUCTS - realtime.ready,
      duplicated: realtime.drafts - realtime.distinct,
      calls: realtimeApi.requests.length,
      rate_limited: realtimeApi.requests.filter((r) => r.status === 429).length,
      max_in_flight: realtimeApi.maxInFlight,
      concurrency: MODEL_CONCURRENCY,
    };
    console.table(claude);
    await realtimeApi.close();
  }

  let batch: object | undefined;
  if (parts.has("batch")) {
    // ---- Claude, Message Batches
    const batchApi = await startFakeAnthropic({ batchProcessingMs: 2_000, batchErrorRatio: 0.1 });
    process.env.ANTHROPIC_API_KEY = batchApi.apiKey;
    process.env.ANTHROPIC_BASE_URL = batchApi.origin;
    await setContent({ useBatches: true });
    const batchRun = await timedRun("batch", 20 * 60_000);
    batch = {
      products: batchRun.ready,
      lost: PRODUCTS - batchRun.ready,
      duplicated: batchRun.drafts - batchRun.distinct,
      seconds: round(batchRun.seconds, 1),
      batched_requests: batchApi.requests.filter((r) => r.batch).length,
      regenerated_realtime: batchApi.requests.filter((r) => !r.batch).length,
    };
    console.table(batch);
    await batchApi.close();
  }

  let offline: object | undefined;
  if (parts.has("offline")) {
    // ---- Offline
    delete process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_BASE_URL;
    const { prepareFacts } = await import("../app/services/content/core/input");
    const { offlineContent } = await import("../app/services/content/core/offline");
    const { checkContent } = await import("../app/services/content/core/check");
    const { loadProduct } = await import("../app/services/content/product-data.server");
    const { DEFAULT_BRAND_VOICE } = await import("../app/services/content/core/types");
    const products = await Promise.all(
      (await prisma.product.findMany({ where: { shopId: shop.id }, select: { shopifyId: true } })).map((p) => loadProduct(shop.id, p.shopifyId)),
    );
    const writeStarted = performance.now();
    const writeCpu = process.cpuUsage();
    for (const p of products) {
      const { facts } = prepareFacts(p!.facts);
      checkContent(offlineContent(facts, DEFAULT_BRAND_VOICE), facts, DEFAULT_BRAND_VOICE);
    }
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    const cpu = process.cpuUsage(writeCpu);
    const offlineRun = await timedRun("offline", 10 * 60_000);
    offline = {
      seconds: round(offlineRun.seconds, 2),
      writer_seconds: round(writeSeconds, 3),
      writer_cpu_seconds: round((cpu.user + cpu.system) / 1e6, 3),
      lost: PRODUCTS - offlineRun.ready,
      duplicated: offlineRun.drafts - offlineRun.distinct,
    };
    console.table(offline);
  }

  let publish: object | undefined;
  if (parts.has("publish")) {
    // ---- Publishing the offline run's drafts through the throttled local Shopify
    const { bulkApprove } = await import("../app/services/content/review.server");
    const latest = await prisma.contentRun.findFirstOrThrow({ where: { shopId: shop.id }, orderBy: { createdAt: "desc" } });
    const draftIds = (await prisma.contentDraft.findMany({ where: { runId: latest.id, status: "ready" }, select: { id: true } })).map((d) => d.id);
    const failuresBefore = failures.length;
    const publishStarted = performance.now();
    await bulkApprove(shop.id, draftIds, "bench");
    for (;;) {
      const approved = await prisma.contentDraftField.count({ where: { shopId: shop.id, status: "approved" } });
      if (approved === 0) break;
      if (performance.now() - publishStarted > 20 * 60_000) throw new Error("publishing did not finish in 20 minutes");
      await sleep(200);
    }
    const publishSeconds = (performance.now() - publishStarted) / 1000;
    const fieldFailures = await prisma.contentDraftField.findMany({
      where: { shopId: shop.id, status: "failed", draft: { runId: latest.id } },
      select: { error: true },
    });
    const publishFailures = failures.slice(failuresBefore);
    const publishedProducts = await prisma.contentVersion.findMany({
      where: { shopId: shop.id, field: "description" },
      select: { productShopifyId: true },
      distinct: ["productShopifyId"],
    });
    publish = {
      seconds: round(publishSeconds, 1),
      products: publishedProducts.length,
      fields: await prisma.contentDraftField.count({ where: { shopId: shop.id, status: "published", draft: { runId: latest.id } } }),
      throttled_failures: publishFailures.filter((m) => /THROTTLED/i.test(m)).length + fieldFailures.filter((f) => /THROTTLED/i.test(f.error ?? "")).length,
      other_failures: publishFailures.length + fieldFailures.length,
      stale: await prisma.contentDraftField.count({ where: { shopId: shop.id, status: "stale" } }),
      bucket: local.throttle.status(),
    };
    console.table({ ...publish, bucket: undefined });
  }

  const result = { products: PRODUCTS, claude, batch, offline, publish, database: databaseUrl.split(":")[0] };
  writeResult("content", result);
  await worker.close();
  connection.disconnect();
  const { deleteOurRedisKeys } = await import("../test/helpers/redis");
  await deleteOurRedisKeys();
  await closeQueues();
  await shopify.close();
  await prisma.$disconnect();
  return result;
}
