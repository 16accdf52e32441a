// Orders credited to recommendations (RecommendationAttribution). Plain SQL:
// a shop's first attribution reads every order that carried a visitor id and
// its visitors' touches (docs/decisions/0005).
import { randomUUID } from "node:crypto";
import prisma from "../db.server";
import { sql, MAX_PARAMS } from "../lib/sql.server";
import type { AttributedLine, AttributableOrder, Touch } from "../services/attribution/attribute";

/** A database timestamp as milliseconds: SQLite hands back ISO text, pg a Date (UTC, no zone). */
const ms = (v: unknown): number =>
  v instanceof Date ? v.getTime() : Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(String(v)) ? String(v) : `${String(v).replace(" ", "T")}Z`);

export interface PendingOrder extends AttributableOrder {
  cartAttribution: string;
}

/** Orders that carried Aisle's cart attributes and were not attributed since they last changed. */
export async function ordersAwaitingAttribution(shopId: string, take: number): Promise<PendingOrder[]> {
  const db = await sql();
  const orders = await db.all<{ id: string; processedAt: unknown; currencyCode: string; cartAttribution: string }>(
    `SELECT "id", "processedAt", "currencyCode", "cartAttribution" FROM "Order"
     WHERE "shopId" = ? AND "cartAttribution" IS NOT NULL AND ("attributedAt" IS NULL OR "attributedAt" < "syncedAt")
     LIMIT ?`,
    [shopId, take],
  );
  if (!orders.length) return [];
  const lines = new Map<string, AttributableOrder["lines"]>();
  for (let i = 0; i < orders.length; i += 5_000) {
    const chunk = orders.slice(i, i + 5_000);
    const rows = await db.all<{ orderId: string; shopifyId: string; productShopifyId: string | null; quantity: number; price: string }>(
      `SELECT "orderId", "shopifyId", "productShopifyId", "quantity", "price" FROM "OrderLine" WHERE "shopId" = ? AND "orderId" IN (${db.list(chunk.length)})`,
      [shopId, ...chunk.map((o) => o.id)],
    );
    for (const r of rows) {
      let list = lines.get(r.orderId);
      if (!list) lines.set(r.orderId, (list = []));
      list.push({ shopifyId: r.shopifyId, productShopifyId: r.productShopifyId, quantity: Number(r.quantity), price: r.price });
    }
  }
  return orders.map((o) => ({
    id: o.id,
    processedAt: ms(o.processedAt),
    currencyCode: o.currencyCode,
    cartAttribution: o.cartAttribution,
    lines: lines.get(o.id) ?? [],
  }));
}

/** Clicks and adds to cart from recommendation blocks by these visitors since `since`, by visitor. */
export async function touchesOfVisitors(shopId: string, visitorIds: string[], since: Date): Promise<Map<string, Touch[]>> {
  const db = await sql();
  const byVisitor = new Map<string, Touch[]>();
  const unique = [...new Set(visitorIds)];
  for (let i = 0; i < unique.length; i += 5_000) {
    const chunk = unique.slice(i, i + 5_000);
    const rows = await db.all<{
      visitorId: string;
      type: string;
      productShopifyId: string;
      requestId: string | null;
      occurredAt: unknown;
      experimentId: string | null;
      arm: string | null;
    }>(
      // No time range here: with one, the planner reads the shop's recent
      // events by (shopId, occurredAt) instead of looking the visitors up.
      `SELECT "visitorId", "type", "productShopifyId", "requestId", "occurredAt", "experimentId", "arm" FROM "StorefrontEvent"
       WHERE "shopId" = ? AND "visitorId" IN (${db.list(chunk.length)}) AND "type" IN ('click', 'add_to_cart')`,
      [shopId, ...chunk],
    );
    const from = since.getTime();
    for (const r of rows) {
      const occurredAt = ms(r.occurredAt);
      if (!r.requestId || occurredAt < from) continue;
      let list = byVisitor.get(r.visitorId);
      if (!list) byVisitor.set(r.visitorId, (list = []));
      list.push({
        type: r.type as Touch["type"],
        productShopifyId: r.productShopifyId,
        requestId: r.requestId,
        occurredAt,
        experimentId: r.experimentId,
        arm: r.arm,
      });
    }
  }
  return byVisitor;
}

const COLUMNS = [
  "id",
  "shopId",
  "orderId",
  "lineShopifyId",
  "productShopifyId",
  "quantity",
  "revenueCents",
  "currencyCode",
  "touch",
  "pageType",
  "block",
  "experimentId",
  "arm",
  "touchedAt",
  "orderedAt",
];

/** Replaces the attribution of these orders with `lines` and marks them attributed, in one transaction. */
export async function saveAttribution(shopId: string, orderIds: string[], lines: AttributedLine[]): Promise<void> {
  if (!orderIds.length) return;
  const db = await sql();
  const now = db.timestamp(new Date());
  const perStatement = Math.floor(MAX_PARAMS / 2);
  await db.transaction(async (tx) => {
    for (let i = 0; i < orderIds.length; i += perStatement) {
      const chunk = orderIds.slice(i, i + perStatement);
      await tx.run(`DELETE FROM "RecommendationAttribution" WHERE "shopId" = ? AND "orderId" IN (${db.list(chunk.length)})`, [shopId, ...chunk]);
      await tx.run(`UPDATE "Order" SET "attributedAt" = ? WHERE "shopId" = ? AND "id" IN (${db.list(chunk.length)})`, [now, shopId, ...chunk]);
    }
    await tx.insert([
      {
        table: "RecommendationAttribution",
        columns: COLUMNS,
        rows: lines.map((l) => [
          randomUUID(),
          shopId,
          l.orderId,
          l.lineShopifyId,
          l.productShopifyId,
          l.quantity,
          l.revenueCents,
          l.currencyCode,
          l.touch,
          l.pageType,
          l.block,
          l.experimentId,
          l.arm,
          db.timestamp(new Date(l.touchedAt)),
          db.timestamp(new Date(l.orderedAt)),
        ]),
      },
    ]);
  });
}

/** Every order of the shop is attributed again (the window changed). */
export async function resetAttribution(shopId: string): Promise<void> {
  await prisma.order.updateMany({ where: { shopId, attributedAt: { not: null } }, data: { attributedAt: null } });
}

/** Credited lines since a time, for the revenue page. */
export function attributedLinesSince(shopId: string, since: Date) {
  return prisma.recommendationAttribution.findMany({
    where: { shopId, orderedAt: { gte: since } },
    select: { orderId: true, revenueCents: true, currencyCode: true, pageType: true, block: true, touch: true, orderedAt: true, experimentId: true, arm: true },
  });
}

/** Orders and their totals since a time (all orders, for the share recommendations earned). */
export async function orderTotalsSince(shopId: string, since: Date) {
  return prisma.order.findMany({
    where: { shopId, processedAt: { gte: since }, cancelledAt: null },
    select: { id: true, totalPrice: true, processedAt: true },
  });
}

/** Lines credited to an A/B test, with the cart attribution of their order (its visitor id). */
export function creditsOfExperiment(shopId: string, experimentId: string) {
  return prisma.recommendationAttribution.findMany({
    // A cancelled order earned nothing.
    where: { shopId, experimentId, order: { cancelledAt: null } },
    select: { arm: true, revenueCents: true, order: { select: { cartAttribution: true } } },
  });
}
