import { randomUUID } from "node:crypto";
import prisma from "../db.server";
import { sql } from "../lib/sql.server";

/** The storefront events that say what a shopper likes (impressions do not). */
const BEHAVIOUR = ["view", "add_to_cart", "click"];

export interface NewStorefrontEvent {
  visitorId: string;
  customerShopifyId: string | null;
  type: string;
  productShopifyId: string;
  variantShopifyId: string | null;
  requestId: string | null;
  position: number | null;
  experimentId: string | null;
  arm: string | null;
  dedupeKey: string;
  occurredAt: Date;
}

/** Stores events that were not stored before (same visitor + dedupe key); returns how many were new. */
export async function insertStorefrontEvents(shopId: string, events: NewStorefrontEvent[]): Promise<number> {
  if (!events.length) return 0;
  const visitorId = events[0].visitorId;
  const seen = await prisma.storefrontEvent.findMany({
    where: { shopId, visitorId, dedupeKey: { in: events.map((e) => e.dedupeKey) } },
    select: { dedupeKey: true },
  });
  const known = new Set(seen.map((s) => s.dedupeKey));
  const fresh = events.filter((e) => !known.has(e.dedupeKey) && (known.add(e.dedupeKey), true));
  if (!fresh.length) return 0;
  try {
    await prisma.storefrontEvent.createMany({ data: fresh.map((e) => ({ id: randomUUID(), shopId, ...e })) });
    return fresh.length;
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    // The same batch arrived twice at once: store row by row, skipping the copies.
    let stored = 0;
    for (const e of fresh) {
      try {
        await prisma.storefrontEvent.create({ data: { shopId, ...e } });
        stored++;
      } catch (inner) {
        if ((inner as { code?: string }).code !== "P2002") throw inner;
      }
    }
    return stored;
  }
}

/**
 * Storefront behaviour (views, clicks, adds to cart) since a time, for
 * training, a page at a time in time order (then id), so that a busy shop's
 * months of views are never held whole.
 */
export async function* behaviourPages(shopId: string, since: Date, pageSize = 5_000) {
  type Cursor = { occurredAt: Date; id: string };
  let after: Cursor | null = null;
  for (;;) {
    const cursor: Cursor | null = after;
    const page = await prisma.storefrontEvent.findMany({
      where: {
        shopId,
        type: { in: BEHAVIOUR },
        ...(cursor
          ? { OR: [{ occurredAt: { gt: cursor.occurredAt } }, { occurredAt: cursor.occurredAt, id: { gt: cursor.id } }] }
          : { occurredAt: { gte: since } }),
      },
      orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
      take: pageSize,
      select: { id: true, visitorId: true, customerShopifyId: true, type: true, productShopifyId: true, occurredAt: true },
    });
    if (page.length) yield page;
    if (page.length < pageSize) return;
    const last: Cursor = page[page.length - 1];
    after = { occurredAt: last.occurredAt, id: last.id };
  }
}

/**
 * A visitor's (and signed-in customer's) latest views, clicks and adds to
 * cart, newest first. A storefront hot path (personal picks): plain SQL,
 * each side read newest-first from its own index.
 */
export async function recentViewsOf(
  shopId: string,
  visitorId: string,
  customerShopifyId: string | null,
  take = 20,
): Promise<{ productShopifyId: string; type: string; occurredAt: Date }[]> {
  const db = await sql();
  const side = (column: "visitorId" | "customerShopifyId") =>
    `SELECT * FROM (SELECT "id", "productShopifyId", "type", "occurredAt" FROM "StorefrontEvent"
       WHERE "shopId" = ? AND "${column}" = ? AND "type" IN (${db.list(BEHAVIOUR.length)})
       ORDER BY "occurredAt" DESC LIMIT ?) AS "${column}"`;
  const sides: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of [
    ["visitorId", visitorId],
    ["customerShopifyId", customerShopifyId],
  ] as const) {
    if (!value) continue;
    sides.push(side(column));
    params.push(shopId, value, ...BEHAVIOUR, take);
  }
  if (!sides.length) return [];
  const rows = await db.all<{ productShopifyId: string; type: string; occurredAt: unknown }>(`${sides.join(" UNION ")} ORDER BY 4 DESC, 1 ASC LIMIT ?`, [
    ...params,
    take,
  ]);
  return rows.map((r) => ({ productShopifyId: r.productShopifyId, type: r.type, occurredAt: new Date(db.readTimestamp(r.occurredAt)) }));
}

/** Impressions, clicks and add-to-carts per arm of an experiment. */
export async function experimentEventCounts(shopId: string, experimentId: string) {
  const rows = await prisma.storefrontEvent.groupBy({
    by: ["arm", "type"],
    where: { shopId, experimentId },
    _count: { _all: true },
  });
  return rows.map((r) => ({ arm: r.arm, type: r.type, count: r._count._all }));
}

/** The visitors of each arm of an experiment: distinct visitor ids with an impression in it. */
export async function experimentVisitors(shopId: string, experimentId: string) {
  const rows = await prisma.storefrontEvent.groupBy({
    by: ["arm", "visitorId"],
    where: { shopId, experimentId, type: "impression" },
  });
  return rows.map((r) => ({ arm: r.arm, visitorId: r.visitorId }));
}

/** What a signed-in customer did on the storefront, for customers/data_request. */
export function eventsOfCustomer(shopId: string, customerShopifyId: string) {
  return prisma.storefrontEvent.findMany({
    where: { shopId, customerShopifyId },
    orderBy: { occurredAt: "asc" },
    select: { type: true, productShopifyId: true, variantShopifyId: true, occurredAt: true },
  });
}

/**
 * customers/redact: their storefront behaviour goes, including what they did
 * as an anonymous visitor on the same browser before signing in.
 */
export async function deleteEventsOfCustomer(shopId: string, customerShopifyId: string) {
  const visitors = await prisma.storefrontEvent.findMany({
    where: { shopId, customerShopifyId },
    select: { visitorId: true },
    distinct: ["visitorId"],
  });
  const { count } = await prisma.storefrontEvent.deleteMany({
    where: { shopId, OR: [{ customerShopifyId }, { visitorId: { in: visitors.map((v) => v.visitorId) } }] },
  });
  return count;
}
