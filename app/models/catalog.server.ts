import prisma from "../db.server";
import { sql } from "../lib/sql.server";

/** What serving needs to know about every product, in one query. */
export function loadSellableFacts(shopId: string) {
  return prisma.product.findMany({
    where: { shopId, deletedAt: null },
    select: {
      shopifyId: true,
      handle: true,
      title: true,
      vendor: true,
      productType: true,
      status: true,
      isGiftCard: true,
      tracksInventory: true,
      totalInventory: true,
      featuredImageUrl: true,
      tags: true,
      options: true,
      descriptionHtml: true,
      variants: {
        select: { shopifyId: true, price: true, compareAtPrice: true, inventoryQuantity: true, availableForSale: true },
        orderBy: { position: "asc" },
      },
      media: { select: { altText: true }, orderBy: { position: "asc" }, take: 1 },
    },
  });
}

/** A cheap fingerprint of the catalog: changes whenever a product is written. */
export async function catalogFingerprint(shopId: string) {
  const agg = await prisma.product.aggregate({ where: { shopId }, _max: { syncedAt: true }, _count: { _all: true } });
  return `${agg._count._all}:${agg._max.syncedAt?.getTime() ?? 0}`;
}

/**
 * A customer's purchased products with the time of the latest purchase of
 * each, newest first (at most `take`), from their latest 500 orders. A
 * storefront hot path (personal picks): plain SQL on the customer's orders
 * index, bounded however much the customer bought.
 */
export async function purchaseHistoryOf(shopId: string, customerShopifyId: string, take = 200): Promise<{ productId: string; at: number }[]> {
  const db = await sql();
  const rows = await db.all<{ productId: string; at: unknown }>(
    `SELECT l."productShopifyId" AS "productId", MAX(o."processedAt") AS "at"
       FROM (SELECT o."id", o."processedAt" FROM "Order" o
               JOIN "Customer" c ON c."id" = o."customerId"
              WHERE c."shopId" = ? AND c."shopifyId" = ? AND o."shopId" = ? AND o."cancelledAt" IS NULL
              ORDER BY o."processedAt" DESC LIMIT 500) o
       JOIN "OrderLine" l ON l."orderId" = o."id"
      WHERE l."productShopifyId" IS NOT NULL
      GROUP BY l."productShopifyId"
      ORDER BY 2 DESC, 1 ASC
      LIMIT ?`,
    [shopId, customerShopifyId, shopId, take],
  );
  return rows.map((r) => ({ productId: r.productId, at: db.readTimestamp(r.at) }));
}

/** SKU -> product id, to place imported order history on today's catalog. */
export async function productIdsBySku(shopId: string): Promise<Map<string, string>> {
  const variants = await prisma.productVariant.findMany({
    where: { shopId, sku: { not: null }, product: { deletedAt: null } },
    select: { sku: true, product: { select: { shopifyId: true } } },
  });
  return new Map(variants.map((v) => [v.sku!.trim().toUpperCase(), v.product.shopifyId]));
}
