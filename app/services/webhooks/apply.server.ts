import { z } from "zod";
import prisma from "../../db.server";
import { logger } from "../../lib/logger.server";
import { writeOrders } from "../../models/orders.server";
import { markProductDeleted, writeProducts } from "../../models/products.server";
import { findShopByDomain, findShopForRequest, updateShopScopes } from "../../models/shops.server";
import {
  claimDeliveries,
  pendingDeliveries,
  deliveryStatus,
  finishDeliveries,
  countFailedAttempt,
  getDelivery,
  markDeliveryDone,
  markDeliveryFailed,
  waitingDeliveryIds,
  type ClaimedDelivery,
  type FinishedDelivery,
} from "../../models/webhook-deliveries.server";
import { sql, type SqlStatements } from "../../lib/sql.server";
import type { OrderRecord, ProductRecord, WriteOutcome } from "../../models/records";
import { applyCollectionDelete, applyCollectionUpdate } from "../collections/webhooks.server";
import { afterProductWebhooks } from "../content/automation.server";
import { enqueueProductCollectionsRefresh } from "../../queues/collections.server";
import { hasSmartCollections } from "../../models/collections.server";
import { exportCustomerRequest, redactCustomerRequest } from "../compliance/customer-requests.server";
import { handleAppUninstalled, handleShopRedact } from "../compliance/shop-erasure.server";
import { applyInventoryItemDelete, applyInventoryItemUpdate, applyInventoryLevelUpdate } from "../inventory/webhooks.server";
import { orderFromWebhook, parseWith, PayloadError, productFromWebhook, webhookProductDeleteSchema } from "../sync/mappers";
import type { WebhookTopic } from "./topics";
import { withTimeout } from "../../queues/connection.server";
import { enqueueRecommendationsUpdate } from "../../queues/recommendations.server";

type Delivery = NonNullable<Awaited<ReturnType<typeof getDelivery>>>;
type Shop = NonNullable<Awaited<ReturnType<typeof findShopByDomain>>>;
type Handler = (ctx: { shop: Shop | null; payload: unknown; delivery: Delivery }) => Promise<string>;

const describeWrite = (outcome: WriteOutcome, id: string) => {
  // Shopify ids are global: one held by another shop means a body replayed under this shop's header.
  if (outcome === "refused") throw new PayloadError(`refused: id ${id} belongs to another shop`);
  if (outcome === "superseded") return "stale: a newer version came in the same batch";
  return outcome === "stale" ? "stale: a newer version is already stored" : outcome;
};

const scopesUpdateSchema = z.object({ current: z.array(z.string()) });

/**
 * The catalog and order topics: the bulk of the traffic. Applied in batches,
 * several deliveries of a shop in one transaction, by plain SQL
 * (docs/decisions/0005-hot-path-sql.md): consecutive product (or order)
 * deliveries of a batch are written by one set-based write.
 */
type Step =
  | { kind: "products"; record: ProductRecord }
  | { kind: "orders"; record: OrderRecord }
  | { kind: "one"; write: (shopId: string, tx: SqlStatements) => Promise<string> };
/** Reads a delivery into the write it asks for (outside the transaction); throws PayloadError when it cannot. */
type Prepare = (payload: unknown, delivery: ClaimedDelivery) => Step;
const BATCHED: Partial<Record<WebhookTopic, Prepare>> = {
  "products/create": (payload) => ({ kind: "products", record: productFromWebhook(payload) }),
  "products/update": (payload) => ({ kind: "products", record: productFromWebhook(payload) }),
  "products/delete": (payload, delivery) => {
    const { id } = parseWith(webhookProductDeleteSchema, payload, "product delete payload");
    const at = new Date(delivery.triggeredAt ?? delivery.receivedAt);
    return {
      kind: "one",
      write: async (shopId, tx) => {
        const result = await markProductDeleted(shopId, id, at, tx);
        if (result === "refused") throw new PayloadError(`refused: product ${id} belongs to another shop`);
        return result === "deleted" ? "deleted" : "stale: updated after this deletion";
      },
    };
  },
  "orders/create": (payload) => ({ kind: "orders", record: orderFromWebhook(payload) }),
  "orders/updated": (payload) => ({ kind: "orders", record: orderFromWebhook(payload) }),
};
const BATCHED_TOPICS = Object.keys(BATCHED);

/**
 * Applies a run of same-kind steps of a batch. A write's refusals are decided
 * per record before it writes anything, so the others of the run go on.
 */
async function applySteps(shopId: string, tx: SqlStatements, run: { id: string; step: Step }[]): Promise<FinishedDelivery[]> {
  const first = run[0].step;
  if (first.kind === "one") return [await finished(run[0].id, () => first.write(shopId, tx))];
  // A webhook body's HMAC does not cover the shop header: ids another shop holds are refused.
  const records = run.map(({ step }) => (step as { record: ProductRecord | OrderRecord }).record);
  const { outcomes } =
    first.kind === "products"
      ? await writeProducts(shopId, records as ProductRecord[], { tx, refuseHeldElsewhere: true })
      : await writeOrders(shopId, records as OrderRecord[], { tx, refuseHeldElsewhere: true });
  return Promise.all(run.map(({ id }, i) => finished(id, async () => describeWrite(outcomes[i], records[i].shopifyId))));
}

/** A delivery's outcome; an invalid payload (PayloadError) fails it alone, any other error the batch. */
async function finished(id: string, apply: () => Promise<string>): Promise<FinishedDelivery> {
  try {
    return { id, status: "applied", outcome: await apply() };
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    return { id, status: "failed", outcome: "invalid payload", error: error.message };
  }
}

/** Deliveries applied in one transaction: short enough that the acknowledgement path (one writer on SQLite) never waits long. */
export const APPLY_BATCH_SIZE = 25;

/** The rarer topics, one delivery at a time. */
const HANDLERS: Partial<Record<WebhookTopic, Handler>> = {
  "app/uninstalled": async ({ shop, delivery }) => handleAppUninstalled(shop, delivery.shopDomain, delivery.triggeredAt ?? delivery.receivedAt),
  "app/scopes_update": async ({ shop, payload, delivery }) => {
    const { current } = parseWith(scopesUpdateSchema, payload, "scopes payload");
    await prisma.session.updateMany({ where: { shop: delivery.shopDomain }, data: { scope: current.join(",") } });
    if (shop) await updateShopScopes(shop.id, current.join(","));
    return `scopes: ${current.join(",")}`;
  },
  "bulk_operations/finish": async () => "noted (the sync job polls the operation itself)",
  // Collections: app/services/collections/webhooks.server.ts.
  "collections/create": async ({ shop, payload }) => applyCollectionUpdate(shop, payload),
  "collections/update": async ({ shop, payload }) => applyCollectionUpdate(shop, payload),
  "collections/delete": async ({ shop, payload, delivery }) => applyCollectionDelete(shop, payload, new Date(delivery.triggeredAt ?? delivery.receivedAt)),
  // Inventory: app/services/inventory/webhooks.server.ts.
  "inventory_levels/update": async ({ shop, payload }) => applyInventoryLevelUpdate(shop, payload),
  "inventory_items/create": async ({ shop, payload }) => applyInventoryItemUpdate(shop, payload),
  "inventory_items/update": async ({ shop, payload }) => applyInventoryItemUpdate(shop, payload),
  "inventory_items/delete": async ({ shop, payload }) => applyInventoryItemDelete(shop, payload),
  // Compliance topics: app/services/compliance/. The receive path has already
  // checked that the body names the shop of the header.
  "customers/data_request": async ({ shop, payload }) => (shop ? exportCustomerRequest(shop, payload) : "unknown shop: nothing held"),
  "customers/redact": async ({ shop, payload }) => (shop ? redactCustomerRequest(shop, payload) : "unknown shop: nothing held"),
  "shop/redact": async ({ shop, delivery }) => handleShopRedact(shop, delivery.shopDomain, delivery.triggeredAt ?? delivery.receivedAt),
};

export type ApplyOutcome = {
  status: "applied" | "ignored" | "skipped";
  outcome: string;
  /** Deliveries this call applied or marked, itself included (a batch). */
  batch?: number;
};

/**
 * Applies one persisted delivery, and with it up to APPLY_BATCH_SIZE - 1
 * other received deliveries of the same shop when it is a catalog or order
 * topic. Idempotent: a delivery already applied (the queue re-ran it, the
 * re-driver enqueued it twice, or another job's batch took it) is skipped.
 * A payload that fails validation is marked failed with the reason and
 * throws PayloadError, which workers treat as unrecoverable.
 */
export async function applyWebhookDelivery(deliveryId: string, batchSize = APPLY_BATCH_SIZE): Promise<ApplyOutcome> {
  const current = await deliveryStatus(deliveryId);
  if (!current) return { status: "skipped", outcome: "delivery no longer exists" };
  if (current.status !== "received" && current.status !== "failed") {
    return { status: "skipped", outcome: `already ${current.status}` };
  }
  if (!BATCHED[current.topic as WebhookTopic]) return applyOne(deliveryId);
  try {
    return await applyBatch(deliveryId, current.shopDomain, batchSize);
  } catch (error) {
    // Another delivery of the batch may be what failed: this one alone, then.
    if (batchSize > 1 && !(error instanceof PayloadError)) return applyBatch(deliveryId, current.shopDomain, 1);
    throw error;
  }
}

/** Failed attempts (the database busy or down, a bug) before a delivery is marked failed and shown with a retry. */
export const MAX_APPLY_ATTEMPTS = 5;

export interface DrainOutcome {
  /** Deliveries applied (or ignored) by this drain, those of batches included. */
  applied: number;
  /** Deliveries marked failed: an invalid payload, or the last attempt. */
  failed: number;
  /** Deliveries still wait: the time budget ran out first. */
  more: boolean;
}

/**
 * Applies a shop's waiting deliveries, oldest first, a batch at a time,
 * until none is left or the time budget is spent (`more`: the caller rings
 * the shop's doorbell again, so other shops' jobs get their turn).
 *
 * An invalid payload is marked failed and the drain goes on. Any other error
 * (the database busy or down) counts an attempt on the delivery and is
 * thrown, so the job is retried with backoff; after MAX_APPLY_ATTEMPTS the
 * delivery is marked failed and the drain goes on without it.
 */
export function drainShopDeliveries(shopDomain: string, budgetMs = 2_000): Promise<DrainOutcome> {
  // One drain of a shop at a time in this process: two would race for the
  // same oldest deliveries, and one would lose every batch. The second waits,
  // then applies what arrived meanwhile.
  const previous = draining.get(shopDomain) ?? Promise.resolve();
  const run = previous.then(
    () => drain(shopDomain, budgetMs),
    () => drain(shopDomain, budgetMs),
  );
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  draining.set(shopDomain, settled);
  void settled.then(() => {
    if (draining.get(shopDomain) === settled) draining.delete(shopDomain);
  });
  return run;
}
const draining = new Map<string, Promise<void>>();

async function drain(shopDomain: string, budgetMs: number): Promise<DrainOutcome> {
  const started = Date.now();
  // Deliveries another job's batch holds right now (PostgreSQL): not ours to wait for.
  const heldElsewhere = new Set<string>();
  const outcome: DrainOutcome = { applied: 0, failed: 0, more: false };
  const sqlite = (await sql()).provider === "sqlite";
  for (;;) {
    const id = (await waitingDeliveryIds(shopDomain, heldElsewhere.size + 1)).find((d) => !heldElsewhere.has(d));
    if (!id) return outcome;
    const batchStarted = Date.now();
    try {
      const result = await applyWebhookDelivery(id);
      if (result.status === "skipped") heldElsewhere.add(id);
      else outcome.applied += result.batch ?? 1;
    } catch (error) {
      if (error instanceof PayloadError) {
        outcome.failed++;
      } else {
        const attempts = await countFailedAttempt(id);
        if (attempts < MAX_APPLY_ATTEMPTS) throw error;
        await markDeliveryFailed(id, `could not be applied after ${attempts} attempt(s)`, error instanceof Error ? error.message : String(error));
        outcome.failed++;
      }
    }
    if (Date.now() - started > budgetMs) return { ...outcome, more: true };
    // SQLite has one write lock, which other processes poll for (the
    // acknowledgement path among them): between batches the drain leaves it
    // free for about as long as it held it, so they are not starved by a
    // backlog applied back to back.
    if (sqlite) await new Promise((r) => setTimeout(r, Math.min(Date.now() - batchStarted, MAX_SQLITE_PAUSE_MS)));
  }
}
const MAX_SQLITE_PAUSE_MS = 10;

async function applyBatch(deliveryId: string, shopDomain: string, limit: number): Promise<ApplyOutcome> {
  const db = await sql();
  const shop = await findShopForRequest(shopDomain);
  // Parse and map first: the transaction then holds the write lock only for the statements.
  const candidates = (await pendingDeliveries({ id: deliveryId, shopDomain, topics: BATCHED_TOPICS, limit })).map((delivery) => {
    try {
      if (!shop) throw new PayloadError("no such shop");
      return { delivery, step: BATCHED[delivery.topic as WebhookTopic]!(JSON.parse(delivery.payload), delivery) };
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error;
      return { delivery, invalid: error.message };
    }
  });
  if (!candidates.some((c) => c.delivery.id === deliveryId)) return { status: "skipped", outcome: "applied by another job" };

  const finished = await db.transaction(async (tx) => {
    const claimed = await claimDeliveries(
      db,
      tx,
      candidates.map((c) => c.delivery.id),
      deliveryId,
    );
    const done: FinishedDelivery[] = [];
    let run: { id: string; step: Step }[] = [];
    const flush = async () => {
      if (run.length) done.push(...(await applySteps(shop!.id, tx, run)));
      run = [];
    };
    for (const c of candidates) {
      if (!claimed.has(c.delivery.id)) continue;
      if (!c.step) {
        done.push({ id: c.delivery.id, status: "failed", outcome: "invalid payload", error: c.invalid });
        continue;
      }
      // Runs keep the batch's order: a product deletion is not reordered around its updates.
      if (run.length && (c.step.kind === "one" || run[0].step.kind !== c.step.kind)) await flush();
      run.push({ id: c.delivery.id, step: c.step });
    }
    await flush();
    await finishDeliveries(db, tx, done);
    return done;
  });
  for (const f of finished) {
    if (f.status !== "failed") continue;
    const { delivery } = candidates.find((c) => c.delivery.id === f.id)!;
    logger.error(
      { webhookId: delivery.webhookId, shop: shopDomain, topic: delivery.topic, deliveryId: f.id, reason: f.error },
      "webhook payload invalid; kept for inspection",
    );
  }
  if (shop) {
    const changes = productChanges(finished, candidates);
    await afterProductWebhooks(shop.id, changes);
    await refreshCollectionsOf(shop.id, [...changes.created, ...changes.updated]);
    if (finished.some((f) => f.status === "applied" && (f.outcome === "created" || f.outcome === "updated"))) await requestRecommendationsUpdate(shop.id);
  }
  const own = finished.find((f) => f.id === deliveryId);
  if (!own) return { status: "skipped", outcome: "applied by another job" };
  if (own.status === "failed") throw new PayloadError(own.error ?? own.outcome);
  return { status: "applied", outcome: own.outcome, batch: finished.length };
}

/**
 * New orders and products reach the live recommendation lists by a debounced
 * update job (docs/decisions/0022-incremental-recommendations.md). Best
 * effort: the deliveries are applied, and the next training has them anyway.
 */
async function requestRecommendationsUpdate(shopId: string) {
  try {
    await withTimeout(enqueueRecommendationsUpdate(shopId), 1_000, "recommendations update");
  } catch (err) {
    logger.warn({ err, shopId }, "could not queue a recommendations update; the next training has these changes");
  }
}

/**
 * A product's tags, vendor or type decide its smart collections, and Shopify
 * sends no collections/update when they change: a job reads the collections
 * of the products a batch created or changed. Like content automation, a
 * failure here is logged and never fails the webhooks (the next sync or
 * change of the product corrects it).
 */
async function refreshCollectionsOf(shopId: string, productShopifyIds: string[]) {
  if (!productShopifyIds.length) return;
  try {
    // Only smart collections follow a product's own fields; a custom one's
    // products change by collections/update, which refreshes it whole.
    if (!(await hasSmartCollections(shopId))) return;
    await enqueueProductCollectionsRefresh(shopId, productShopifyIds);
  } catch (err) {
    logger.warn({ err, shopId, products: productShopifyIds.length }, "could not queue the refresh of products' collections");
  }
}

/** Products a batch created or changed (for content automation and collections). */
function productChanges(finished: FinishedDelivery[], candidates: { delivery: ClaimedDelivery }[]) {
  const created: string[] = [];
  const updated: string[] = [];
  for (const f of finished) {
    if (f.status !== "applied" || !(f.outcome === "created" || f.outcome === "updated")) continue;
    const { delivery } = candidates.find((c) => c.delivery.id === f.id)!;
    if (!delivery.topic.startsWith("products/")) continue;
    const id = (JSON.parse(delivery.payload) as { id?: unknown }).id;
    if (typeof id !== "number" && typeof id !== "string") continue;
    (f.outcome === "created" ? created : updated).push(String(id));
  }
  return { created, updated };
}

async function applyOne(deliveryId: string): Promise<ApplyOutcome> {
  const delivery = await getDelivery(deliveryId);
  if (!delivery) return { status: "skipped", outcome: "delivery no longer exists" };
  const log = logger.child({ webhookId: delivery.webhookId, shop: delivery.shopDomain, topic: delivery.topic, deliveryId });
  const handler = HANDLERS[delivery.topic as WebhookTopic];
  if (!handler) {
    await markDeliveryDone(deliveryId, "ignored", "unknown topic");
    return { status: "ignored", outcome: "unknown topic" };
  }
  const shop = await findShopByDomain(delivery.shopDomain);
  try {
    const outcome = await handler({ shop, payload: JSON.parse(delivery.payload), delivery });
    await markDeliveryDone(deliveryId, "applied", outcome);
    log.debug({ outcome }, "webhook applied");
    return { status: "applied", outcome };
  } catch (error) {
    if (error instanceof PayloadError) {
      await markDeliveryDone(deliveryId, "failed", "invalid payload", error.message);
      log.error({ reason: error.message }, "webhook payload invalid; kept for inspection");
    }
    throw error;
  }
}
