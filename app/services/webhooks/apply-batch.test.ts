import { randomUUID } from "node:crypto";
import { Queue, Worker } from "bullmq";
import prisma from "../../db.server";
import { closeQueues, QUEUE_PREFIX } from "../../queues/connection.server";
import { WEBHOOKS_QUEUE } from "../../queues/webhooks.server";
import { processWebhookJob } from "../../../workers/processors/webhooks";
import { createTestShop } from "../../../test/helpers/shops";
import { orderPayload, productPayload, signedWebhookRequest } from "../../../test/helpers/webhooks";
import { applyWebhookDelivery, drainShopDeliveries, MAX_APPLY_ATTEMPTS } from "./apply.server";
import { receiveWebhook } from "./receive.server";
import { retryFailedDelivery } from "./redrive.server";
import type { WebhookTopic } from "./topics";

const URL = "http://127.0.0.1/webhooks/x";
// Shopify ids are global (one held by another shop is refused): this file's own range.
const ID = 70_000_000 + Math.floor(Math.random() * 1_000_000) * 10;

async function receive(topic: WebhookTopic, shop: string, payload: unknown) {
  const webhookId = randomUUID();
  const res = await receiveWebhook(signedWebhookRequest(URL, { topic, shop, payload, webhookId }), topic);
  expect(res.status).toBe(200);
  return (await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId }, select: { id: true } })).id;
}

const statuses = async (ids: string[]) =>
  (await prisma.webhookDelivery.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, attempts: true } })).sort(
    (a, b) => ids.indexOf(a.id) - ids.indexOf(b.id),
  );

const drainJobsOf = async (shopDomain: string) =>
  (await queue.getJobs(["delayed", "waiting", "active", "completed", "failed"])).filter((j) => j.data?.shopDomain === shopDomain);

let queue: Queue;
beforeAll(() => {
  queue = new Queue(WEBHOOKS_QUEUE, { connection: { host: "127.0.0.1", port: 6379 }, prefix: QUEUE_PREFIX });
});
afterAll(async () => {
  await queue.close();
  await closeQueues();
});

describe("applying webhook deliveries in batches", () => {
  it("applies a shop's pending catalog and order deliveries together, each once", async () => {
    const shop = await createTestShop();
    const ids = [
      await receive("products/create", shop.domain, productPayload(ID + 1, "2024-03-01T00:00:00Z")),
      await receive("products/update", shop.domain, productPayload(ID + 1, "2024-03-02T00:00:00Z", { title: "Newer" })),
      await receive("products/update", shop.domain, productPayload(ID + 2, "2024-03-01T00:00:00Z")),
      await receive("orders/create", shop.domain, orderPayload(ID + 9, "2024-03-01T00:00:00Z", 77, [ID + 1, ID + 2])),
      await receive("orders/updated", shop.domain, orderPayload(ID + 9, "2024-03-03T00:00:00Z", 77, [ID + 2])),
    ];

    // The create and its newer update came in one batch: the newer version is the one written.
    expect(await applyWebhookDelivery(ids[0])).toEqual({ status: "applied", outcome: "stale: a newer version came in the same batch", batch: ids.length });
    expect((await statuses(ids)).map((d) => [d.status, d.attempts])).toEqual(ids.map(() => ["applied", 1]));
    // The other deliveries' jobs find them done.
    for (const id of ids.slice(1)) expect(await applyWebhookDelivery(id)).toEqual({ status: "skipped", outcome: "already applied" });

    const product = await prisma.product.findUniqueOrThrow({
      where: { shopId_shopifyId: { shopId: shop.id, shopifyId: String(ID + 1) } },
      select: { title: true },
    });
    expect(product.title).toBe("Newer");
    const order = await prisma.order.findUniqueOrThrow({
      where: { shopId_shopifyId: { shopId: shop.id, shopifyId: String(ID + 9) } },
      select: { lines: { select: { productShopifyId: true } } },
    });
    expect(order.lines.map((l) => l.productShopifyId)).toEqual([String(ID + 2)]);
  });

  it("gives each delivery of a set-based write its own outcome: created, updated, stale, refused", async () => {
    const shop = await createTestShop();
    const other = await createTestShop();
    // Held by another shop: this shop's body naming it is a replay, refused alone.
    const otherHeld = await receive("products/create", other.domain, productPayload(ID + 401, "2024-03-01T00:00:00Z"));
    await applyWebhookDelivery(otherHeld);
    const held = await receive("products/create", shop.domain, productPayload(ID + 402, "2024-03-05T00:00:00Z", { title: "Held" }));
    await applyWebhookDelivery(held);

    const ids = [
      await receive("products/update", shop.domain, productPayload(ID + 402, "2024-03-01T00:00:00Z", { title: "Older" })),
      await receive("products/update", shop.domain, productPayload(ID + 403, "2024-03-01T00:00:00Z")),
      await receive("products/update", shop.domain, productPayload(ID + 401, "2024-03-02T00:00:00Z", { title: "Replayed" })),
      await receive("products/update", shop.domain, productPayload(ID + 404, "2024-03-01T00:00:00Z")),
    ];
    await applyWebhookDelivery(ids[0]);
    const outcomes = await prisma.webhookDelivery.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, outcome: true } });
    expect(ids.map((id) => outcomes.find((o) => o.id === id)).map((o) => [o?.status, o?.outcome])).toEqual([
      ["applied", "stale: a newer version is already stored"],
      ["applied", "created"],
      ["failed", "invalid payload"],
      ["applied", "created"],
    ]);
    const titles = await prisma.product.findMany({ where: { shopifyId: { in: [String(ID + 401), String(ID + 402)] } }, select: { shopId: true, title: true } });
    expect(titles.filter((t) => t.shopId === shop.id).map((t) => t.title)).toEqual(["Held"]);
    expect(titles.filter((t) => t.shopId === other.id).map((t) => t.title)).not.toContain("Replayed");
    // The created ones have their variant rows.
    expect(await prisma.productVariant.count({ where: { shopId: shop.id } })).toBe(3);

    const newer = await receive("products/update", shop.domain, productPayload(ID + 402, "2024-03-06T00:00:00Z", { title: "Newer" }));
    expect(await applyWebhookDelivery(newer)).toMatchObject({ status: "applied", outcome: "updated" });
    expect(await prisma.productVariant.count({ where: { shopId: shop.id } })).toBe(3);
  });

  it("does not let one delivery that the database refuses hold back the others; it fails after its last attempt and can be retried", async () => {
    const shop = await createTestShop();
    const good = await receive("products/create", shop.domain, productPayload(ID + 11, "2024-03-01T00:00:00Z"));
    // Claims the variant product ID + 11 already has: the database refuses it.
    const refused = await receive(
      "products/create",
      shop.domain,
      productPayload(ID + 12, "2024-03-01T00:00:00Z", {
        variants: [{ id: (ID + 11) * 10, product_id: ID + 12, title: "Default", price: "1.00", position: 1 }],
      }),
    );
    const later = await receive("products/create", shop.domain, productPayload(ID + 13, "2024-03-01T00:00:00Z"));

    expect((await applyWebhookDelivery(good)).status).toBe("applied");
    expect((await applyWebhookDelivery(later)).status).toBe("applied");
    await expect(applyWebhookDelivery(refused)).rejects.toThrow();
    expect((await statuses([good, refused, later])).map((d) => d.status)).toEqual(["applied", "received", "applied"]);

    // The worker, on the real queue, with a job of its own for the delivery: on its last attempt the delivery is marked failed.
    await queue.add("apply", { deliveryId: refused }, { jobId: refused, attempts: 1 });
    const worker = new Worker(WEBHOOKS_QUEUE, processWebhookJob, {
      connection: { host: "127.0.0.1", port: 6379, maxRetriesPerRequest: null },
      prefix: QUEUE_PREFIX,
    });
    worker.on("error", () => {});
    try {
      const deadline = Date.now() + 15_000;
      while (!(await (await queue.getJob(refused))?.isFailed()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await worker.close();
    }
    const failed = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: refused }, select: { status: true, outcome: true, error: true } });
    expect(failed.status).toBe("failed");
    expect(failed.outcome).toBe("could not be applied after 1 attempt(s)");
    expect(failed.error).toBeTruthy();

    // "Retry" on the dashboard: back to received, and a drain of its shop queued.
    const drainsBefore = (await drainJobsOf(shop.domain)).length;
    expect(await retryFailedDelivery(shop.id, refused)).toBe(true);
    expect((await statuses([refused]))[0].status).toBe("received");
    expect((await drainJobsOf(shop.domain)).length).toBeGreaterThan(drainsBefore);
    // Another shop cannot retry it, nor can a delivery be retried that has not failed.
    const other = await createTestShop();
    expect(await retryFailedDelivery(other.id, refused)).toBe(false);
    expect(await retryFailedDelivery(shop.id, good)).toBe(false);
  });

  it("drains a shop through the worker: a few jobs for many deliveries, each applied once", async () => {
    const shop = await createTestShop();
    const ids = await Promise.all(
      Array.from({ length: 30 }, (_, n) => receive("products/update", shop.domain, productPayload(ID + 200 + n, "2024-03-01T00:00:00Z"))),
    );
    const drains = await drainJobsOf(shop.domain);
    expect(drains.length).toBeGreaterThanOrEqual(1);
    expect(drains.length).toBeLessThan(ids.length);
    const worker = new Worker(WEBHOOKS_QUEUE, processWebhookJob, {
      connection: { host: "127.0.0.1", port: 6379, maxRetriesPerRequest: null },
      prefix: QUEUE_PREFIX,
    });
    worker.on("error", () => {});
    try {
      const deadline = Date.now() + 15_000;
      while ((await statuses(ids)).some((d) => d.status !== "applied") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await worker.close();
    }
    expect((await statuses(ids)).map((d) => [d.status, d.attempts])).toEqual(ids.map(() => ["applied", 1]));
    expect(await prisma.product.count({ where: { shopId: shop.id } })).toBe(30);
  });

  it("goes on past a delivery that keeps failing: marked failed after its last attempt, the others applied", async () => {
    const shop = await createTestShop();
    const first = await receive("products/create", shop.domain, productPayload(ID + 301, "2024-03-01T00:00:00Z"));
    const refused = await receive(
      "products/create",
      shop.domain,
      productPayload(ID + 302, "2024-03-01T00:00:00Z", {
        variants: [{ id: (ID + 301) * 10, product_id: ID + 302, title: "Default", price: "1.00", position: 1 }],
      }),
    );
    const after = await receive("products/create", shop.domain, productPayload(ID + 303, "2024-03-01T00:00:00Z"));
    // Each drain is a job attempt: the failure is thrown (the job retries with backoff) until the last attempt.
    for (let attempt = 1; attempt < MAX_APPLY_ATTEMPTS; attempt++) await expect(drainShopDeliveries(shop.domain)).rejects.toThrow();
    expect((await statuses([refused]))[0]).toMatchObject({ status: "received", attempts: MAX_APPLY_ATTEMPTS - 1 });
    expect(await drainShopDeliveries(shop.domain)).toMatchObject({ failed: 1, more: false });
    expect((await statuses([first, refused, after])).map((d) => d.status)).toEqual(["applied", "failed", "applied"]);
    const failed = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: refused }, select: { outcome: true } });
    expect(failed.outcome).toBe(`could not be applied after ${MAX_APPLY_ATTEMPTS} attempt(s)`);
  });

  it("records deliveries that arrive at once together, each once, and answers a repeated id as a duplicate", async () => {
    const shop = await createTestShop();
    const ids = Array.from({ length: 20 }, () => randomUUID());
    const send = (webhookId: string, n: number) =>
      receiveWebhook(
        signedWebhookRequest(URL, { topic: "products/update", shop: shop.domain, payload: productPayload(ID + 100 + n, "2024-03-01T00:00:00Z"), webhookId }),
        "products/update",
      );
    // Twenty at once, each twice: one write takes the ones that wait for it.
    const answers = await Promise.all([...ids, ...ids].map((webhookId, i) => send(webhookId, i % ids.length).then((r) => r.json())));
    expect(answers.filter((a) => a.message === "accepted")).toHaveLength(20);
    expect(answers.filter((a) => a.message === "duplicate")).toHaveLength(20);
    expect(await prisma.webhookDelivery.count({ where: { webhookId: { in: ids } } })).toBe(20);
  });
});
