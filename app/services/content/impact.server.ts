// Impact per published version: the product's views, add-to-cart rate and
// orders in equal windows before and after the version went live, from the
// storefront events and orders Aisle already holds. With too little traffic
// it says so instead of showing noise.

import prisma from "../../db.server";

const WINDOW_DAYS = 14;
/** Below this many views in either window the rates say nothing. */
export const MIN_VIEWS = 30;

export interface VersionImpact {
  windowDays: number;
  before: { views: number; addToCarts: number; orders: number };
  after: { views: number; addToCarts: number; orders: number };
  enoughTraffic: boolean;
  summary: string;
}

async function windowCounts(shopId: string, productShopifyId: string, from: Date, to: Date) {
  const [events, orders] = await Promise.all([
    prisma.storefrontEvent.groupBy({
      by: ["type"],
      where: { shopId, productShopifyId, type: { in: ["view", "add_to_cart"] }, occurredAt: { gte: from, lt: to } },
      _count: { _all: true },
    }),
    prisma.orderLine.findMany({
      where: { shopId, productShopifyId, order: { processedAt: { gte: from, lt: to }, cancelledAt: null } },
      select: { orderId: true },
      distinct: ["orderId"],
    }),
  ]);
  const count = (type: string) => events.find((e) => e.type === type)?._count._all ?? 0;
  return { views: count("view"), addToCarts: count("add_to_cart"), orders: orders.length };
}

const rate = (n: number, d: number) => (d ? `${((n / d) * 100).toFixed(1)}%` : "–");

export async function versionImpact(shopId: string, productShopifyId: string, publishedAt: Date, now = new Date()): Promise<VersionImpact> {
  const elapsedDays = Math.max(0, (now.getTime() - publishedAt.getTime()) / 86_400_000);
  const windowDays = Math.min(WINDOW_DAYS, elapsedDays);
  const ms = windowDays * 86_400_000;
  const [before, after] = await Promise.all([
    windowCounts(shopId, productShopifyId, new Date(publishedAt.getTime() - ms), publishedAt),
    windowCounts(shopId, productShopifyId, publishedAt, new Date(publishedAt.getTime() + ms)),
  ]);
  const enoughTraffic = before.views >= MIN_VIEWS && after.views >= MIN_VIEWS;
  const days = windowDays >= 1 ? `${Math.floor(windowDays)} day${Math.floor(windowDays) === 1 ? "" : "s"}` : "less than a day";
  const summary = enoughTraffic
    ? `${days} each side: add-to-cart rate ${rate(before.addToCarts, before.views)} → ${rate(after.addToCarts, after.views)}, orders ${before.orders} → ${after.orders}.`
    : `Too little traffic to tell yet: ${before.views} views before and ${after.views} after (${days} each side; at least ${MIN_VIEWS} each are needed).`;
  return { windowDays, before, after, enoughTraffic, summary };
}
