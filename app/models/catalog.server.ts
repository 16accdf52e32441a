import prisma from "../db.server";

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

/** A customer's purchased products with the time of the latest purchase of each, newest first (at most `take`). */
export async function purchaseHistoryOf(shopId: string, customerShopifyId: string, take = 200): Promise<{ productId: string; at: number }[]> {
  const orders = await prisma.order.findMany({
    where: { shopId, cancelledAt: null, customer: { shopId, shopifyId: customerShopifyId } },
    orderBy: { processedAt: "desc" },
    take: 500,
    select: { processedAt: true, lines: { where: { productShopifyId: { not: null } }, select: { productShopifyId: true } } },
  });
  const latest = new Map<string, number>();
  for (const o of orders) for (const l of o.lines) if (!latest.has(l.productShopifyId!)) latest.set(l.productShopifyId!, o.processedAt.getTime());
  return [...latest].slice(0, take).map(([productId, at]) => ({ productId, at }));
}

/** SKU -> product id, to place imported order history on today's catalog. */
export async function productIdsBySku(shopId: string): Promise<Map<string, string>> {
  const variants = await prisma.productVariant.findMany({
    where: { shopId, sku: { not: null }, product: { deletedAt: null } },
    select: { sku: true, product: { select: { shopifyId: true } } },
  });
  return new Map(variants.map((v) => [v.sku!.trim().toUpperCase(), v.product.shopifyId]));
}
