import { randomUUID } from "node:crypto";
import prisma from "../db.server";
import { sql, type Sql, type SqlStatements } from "../lib/sql.server";

export interface NewDelivery {
  webhookId: string;
  shopDomain: string;
  shopId: string | null;
  topic: string;
  apiVersion: string | null;
  triggeredAt: Date | null;
  payload: string;
  status?: "received" | "ignored" | "rejected";
  outcome?: string;
}

const DELIVERY_COLUMNS = `"id", "webhookId", "shopDomain", "shopId", "topic", "apiVersion", "triggeredAt", "payload", "status", "outcome", "receivedAt"`;
const ROW = `(${DELIVERY_COLUMNS.split(",")
  .map(() => "?")
  .join(", ")})`;
/** One statement for a whole group: atomic, one round trip and one commit; the ids it returns are the rows it inserted. */
const insertDeliveries = (rows: number) =>
  `INSERT INTO "WebhookDelivery" (${DELIVERY_COLUMNS}) VALUES ${Array(rows).fill(ROW).join(", ")} ON CONFLICT ("webhookId") DO NOTHING RETURNING "id"`;
/** The most deliveries one statement writes (11 values each, well under either database's limit). */
const MAX_GROUP = 500;

interface PendingInsert {
  params: unknown[];
  done: (inserted: boolean) => void;
  failed: (error: unknown) => void;
}

let pending: PendingInsert[] = [];
let writing = 0;
/**
 * Group writes under way at once. SQLite has one writer: one. PostgreSQL
 * commits concurrent transactions with a shared WAL flush, so a delivery
 * that arrives while a group commits starts its own write instead of waiting
 * for that commit's fsync to finish first.
 */
const CONCURRENT_WRITES = { sqlite: 1, postgresql: 3 } as const;

/**
 * Group commit: the deliveries that arrive while the writes are under way
 * are written together by the next statement. On SQLite the worker holds the
 * one write lock for its batches; each time the web process gets it, it
 * writes every waiting delivery instead of one. On PostgreSQL it is one
 * round trip and one commit (one fsync) for many.
 */
function flush(db: Sql) {
  while (pending.length && writing < CONCURRENT_WRITES[db.provider]) {
    const group = pending.slice(0, MAX_GROUP);
    pending = pending.slice(group.length);
    writing++;
    void writeGroup(db, group).finally(() => {
      writing--;
      flush(db);
    });
  }
}

async function writeGroup(db: Sql, group: PendingInsert[]) {
  try {
    const inserted = new Set(
      (
        await db.all<{ id: string }>(
          insertDeliveries(group.length),
          group.flatMap((p) => p.params),
        )
      ).map((r) => r.id),
    );
    for (const p of group) p.done(inserted.has(p.params[0] as string));
  } catch {
    // One bad row must not fail the others: write them one by one.
    for (const p of group) await db.all<{ id: string }>(insertDeliveries(1), p.params).then((rows) => p.done(rows.length > 0), p.failed);
  }
}

/**
 * Records a delivery once. Returns null when this webhook id was seen before
 * (Shopify redelivers; the unique index makes the second insert fail).
 * On the acknowledgement path: plain SQL (app/lib/sql.server.ts), committed
 * before it returns.
 */
export async function recordDelivery(d: NewDelivery): Promise<{ id: string } | null> {
  const db = await sql();
  const id = randomUUID();
  const params = [
    id,
    d.webhookId,
    d.shopDomain,
    d.shopId,
    d.topic,
    d.apiVersion,
    d.triggeredAt ? db.timestamp(d.triggeredAt) : null,
    d.payload,
    d.status ?? "received",
    d.outcome ?? null,
    db.timestamp(new Date()),
  ];
  const inserted = await new Promise<boolean>((done, failed) => {
    pending.push({ params, done, failed });
    flush(db);
  });
  return inserted ? { id } : null;
}

/** The ids of a shop's deliveries still waiting to be applied, oldest first. */
export async function waitingDeliveryIds(shopDomain: string, limit: number): Promise<string[]> {
  const db = await sql();
  const rows = await db.all<{ id: string }>(
    `SELECT "id" FROM "WebhookDelivery" WHERE "shopDomain" = ? AND "status" = 'received' ORDER BY "receivedAt" LIMIT ?`,
    [shopDomain, limit],
  );
  return rows.map((r) => r.id);
}

/** Counts a failed attempt at applying a delivery; returns how many it has had. */
export async function countFailedAttempt(id: string): Promise<number> {
  const db = await sql();
  await db.run(`UPDATE "WebhookDelivery" SET "attempts" = "attempts" + 1 WHERE "id" = ?`, [id]);
  return (await db.get<{ attempts: number }>(`SELECT "attempts" FROM "WebhookDelivery" WHERE "id" = ?`, [id]))?.attempts ?? 0;
}

/** A delivery as the apply path reads it. Timestamps are the driver's (text on SQLite). */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  shopDomain: string;
  topic: string;
  payload: string;
  triggeredAt: string | Date | null;
  receivedAt: string | Date;
}

/** The status of a delivery (plain SQL: the apply path asks once per job). */
export async function deliveryStatus(id: string) {
  const db = await sql();
  return db.get<{ status: string; topic: string; shopDomain: string }>(`SELECT "status", "topic", "shopDomain" FROM "WebhookDelivery" WHERE "id" = ?`, [id]);
}

/**
 * This delivery (when it is still received, or failed and being retried) and
 * up to `limit - 1` more received deliveries of the same shop and topics,
 * oldest first: the candidates of a batch, read before its transaction so
 * that parsing them does not hold the write lock.
 */
export async function pendingDeliveries(query: { id: string; shopDomain: string; topics: string[]; limit: number }): Promise<ClaimedDelivery[]> {
  const db = await sql();
  const columns = `"id", "webhookId", "shopDomain", "topic", "payload", "triggeredAt", "receivedAt"`;
  const own = await db.all<ClaimedDelivery>(`SELECT ${columns} FROM "WebhookDelivery" WHERE "id" = ? AND "status" IN ('received', 'failed')`, [query.id]);
  if (!own.length || query.limit <= 1) return own;
  const others = await db.all<ClaimedDelivery>(
    `SELECT ${columns} FROM "WebhookDelivery" WHERE "shopDomain" = ? AND "status" = 'received' AND "id" <> ? AND "topic" IN (${db.list(query.topics.length)}) ORDER BY "receivedAt" LIMIT ?`,
    [query.shopDomain, query.id, ...query.topics, query.limit - 1],
  );
  const at = (d: ClaimedDelivery) => new Date(d.receivedAt).getTime();
  return [...own, ...others].sort((a, b) => at(a) - at(b));
}

/**
 * Claims deliveries inside the caller's transaction; returns the ids it got.
 * A delivery another job applied meanwhile is not claimed. finishDeliveries
 * marks the claimed rows before the transaction commits, so the claim itself
 * writes nothing: on PostgreSQL it locks the rows (skipping those another
 * worker's batch holds), and SQLite has one writer, whose transaction this is.
 */
export async function claimDeliveries(db: Sql, tx: SqlStatements, ids: string[], retriedId: string): Promise<Set<string>> {
  const lock = db.provider === "postgresql" ? " FOR UPDATE SKIP LOCKED" : "";
  const rows = await tx.all<{ id: string }>(
    `SELECT "id" FROM "WebhookDelivery" WHERE "id" IN (${db.list(ids.length)}) AND ("status" = 'received' OR ("id" = ? AND "status" = 'failed'))${lock}`,
    [...ids, retriedId],
  );
  return new Set(rows.map((r) => r.id));
}

export interface FinishedDelivery {
  id: string;
  status: "applied" | "ignored" | "failed";
  outcome: string;
  error?: string;
}

/** Marks claimed deliveries done, in the caller's transaction: one statement for the batch. */
export async function finishDeliveries(db: Sql, tx: SqlStatements, finished: FinishedDelivery[]) {
  if (!finished.length) return;
  const cases = (column: keyof FinishedDelivery) => ({
    text: `CASE "id" ${finished.map(() => "WHEN ? THEN ?").join(" ")} END`,
    params: finished.flatMap((f) => [f.id, f[column] ?? null]),
  });
  const status = cases("status");
  const outcome = cases("outcome");
  const error = cases("error");
  await tx.run(
    `UPDATE "WebhookDelivery" SET "status" = ${status.text}, "outcome" = ${outcome.text}, "error" = ${error.text}, "processedAt" = ?, "attempts" = "attempts" + 1
     WHERE "id" IN (${db.list(finished.length)})`,
    [...status.params, ...outcome.params, ...error.params, db.timestamp(new Date()), ...finished.map((f) => f.id)],
  );
}

export function getDelivery(id: string) {
  return prisma.webhookDelivery.findUnique({
    where: { id },
    select: { id: true, webhookId: true, shopDomain: true, shopId: true, topic: true, triggeredAt: true, payload: true, status: true, receivedAt: true },
  });
}

export async function markDeliveryDone(id: string, status: "applied" | "ignored" | "failed", outcome: string, error?: string) {
  // updateMany: shop/redact erases its own delivery row along with the shop.
  await prisma.webhookDelivery.updateMany({
    where: { id },
    data: { status, outcome, error: error ?? null, processedAt: new Date(), attempts: { increment: 1 } },
  });
}

/** A delivery that could not be applied after its retries: shown on the dashboard with a retry. */
export async function markDeliveryFailed(id: string, outcome: string, error: string) {
  await prisma.webhookDelivery.updateMany({
    where: { id, status: { in: ["received", "failed"] } },
    data: { status: "failed", outcome, error, processedAt: new Date() },
  });
}

/** Puts a failed delivery of this shop back to received; returns its shop's domain, or null when there is none. */
export async function reopenFailedDelivery(shopId: string, id: string): Promise<string | null> {
  const { count } = await prisma.webhookDelivery.updateMany({ where: { id, shopId, status: "failed" }, data: { status: "received", error: null } });
  if (!count) return null;
  return (await prisma.webhookDelivery.findUnique({ where: { id }, select: { shopDomain: true } }))?.shopDomain ?? null;
}

/** Shops with deliveries still waiting a while after they arrived (Redis was down, or a drain job was lost). */
export async function shopsWithStaleDeliveries(olderThan: Date): Promise<string[]> {
  const rows = await prisma.webhookDelivery.groupBy({ by: ["shopDomain"], where: { status: "received", receivedAt: { lt: olderThan } } });
  return rows.map((r) => r.shopDomain);
}

export function lastDeliveryFor(shopId: string) {
  return prisma.webhookDelivery.findFirst({
    where: { shopId },
    orderBy: { receivedAt: "desc" },
    select: { topic: true, receivedAt: true, status: true },
  });
}

export async function countDeliveriesByStatus(shopId: string) {
  const rows = await prisma.webhookDelivery.groupBy({ by: ["status"], where: { shopId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all])) as Record<string, number>;
}

export function listProblemDeliveries(shopId: string, take = 20) {
  return prisma.webhookDelivery.findMany({
    where: { shopId, status: { in: ["failed", "rejected"] } },
    orderBy: { receivedAt: "desc" },
    select: { id: true, topic: true, status: true, error: true, receivedAt: true, webhookId: true },
    take,
  });
}

/**
 * Deliveries of a shop whose raw payload contains any of these strings
 * (a customer's id, email or phone), whatever their status: applied ones
 * keep their payload for inspection until it is pruned.
 */
export function deliveriesMentioning(shopDomain: string, needles: string[]) {
  const wanted = needles.filter((n) => n.length >= 3);
  if (!wanted.length) return Promise.resolve([]);
  return prisma.webhookDelivery.findMany({
    where: { shopDomain, OR: wanted.map((n) => ({ payload: { contains: n } })) },
    select: { id: true, topic: true, status: true, payload: true },
  });
}

export async function replaceDeliveryPayload(id: string, payload: string) {
  await prisma.webhookDelivery.updateMany({ where: { id }, data: { payload } });
}

/**
 * Blanks the payloads of deliveries finished before `before`. The rows stay:
 * their unique webhookId is what makes a late redelivery a duplicate.
 * Deliveries still waiting to be applied keep theirs.
 */
export async function prunePayloads(where: { shopId: string } | { shopId: null }, before: Date) {
  const { count } = await prisma.webhookDelivery.updateMany({
    where: { ...where, receivedAt: { lt: before }, status: { not: "received" }, NOT: { payload: "" } },
    data: { payload: "" },
  });
  return count;
}

/**
 * A shop's deliveries of some topics applied with one of some outcomes in
 * (after, until], oldest first (receivedAt bounds the scan: a delivery is
 * applied after it is received).
 */
export function appliedDeliveriesBetween(
  shopDomain: string,
  filter: { topics: readonly string[]; outcomes: readonly string[] },
  after: Date,
  until: Date,
  take: number,
) {
  return prisma.webhookDelivery.findMany({
    where: {
      shopDomain,
      receivedAt: { lte: until },
      status: "applied",
      topic: { in: [...filter.topics] },
      outcome: { in: [...filter.outcomes] },
      processedAt: { gt: after, lte: until },
    },
    orderBy: [{ processedAt: "asc" }, { id: "asc" }],
    take,
    select: { topic: true, outcome: true, payload: true, processedAt: true },
  });
}
