import { randomUUID } from "node:crypto";
import prisma from "../db.server";
import { sql } from "../lib/sql.server";

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

/**
 * Records a delivery once. Returns null when this webhook id was seen before
 * (Shopify redelivers; the unique index makes the second insert fail).
 */
export async function recordDelivery(d: NewDelivery): Promise<{ id: string } | null> {
  // On the acknowledgement path: one plain statement (app/lib/sql.server.ts).
  const db = await sql();
  const id = randomUUID();
  const inserted = await db.run(
    `INSERT INTO "WebhookDelivery" ("id", "webhookId", "shopDomain", "shopId", "topic", "apiVersion", "triggeredAt", "payload", "status", "outcome", "receivedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("webhookId") DO NOTHING`,
    [id, d.webhookId, d.shopDomain, d.shopId, d.topic, d.apiVersion, d.triggeredAt ? db.timestamp(d.triggeredAt) : null, d.payload, d.status ?? "received", d.outcome ?? null, db.timestamp(new Date())],
  );
  return inserted ? { id } : null;
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

/** Deliveries persisted but never handed to the queue (Redis was down). */
export function listUnenqueued(olderThan: Date, take = 500) {
  return prisma.webhookDelivery.findMany({
    where: { status: "received", receivedAt: { lt: olderThan } },
    select: { id: true },
    orderBy: { receivedAt: "asc" },
    take,
  });
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
