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

/** Products bought by a customer (to leave them out when the merchant asks). */
export async function purchasedProductIds(shopId: string, customerShopifyId: string): Promise<string[]> {
  const lines = await prisma.orderLine.findMany({
    where: { shopId, productShopifyId: { not: null }, order: { customer: { shopifyId: customerShopifyId } } },
    select: { productShopifyId: true },
    distinct: ["productShopifyId"],
  });
  return lines.map((l) => l.productShopifyId!);
}

/** SKU -> product id, to place imported order history on today's catalog. */
export async function productIdsBySku(shopId: string): Promise<Map<string, string>> {
  const variants = await prisma.productVariant.findMany({
    where: { shopId, sku: { not: null }, product: { deletedAt: null } },
    select: { sku: true, product: { select: { shopifyId: true } } },
  });
  return new Map(variants.map((v) => [v.sku!.trim().toUpperCase(), v.product.shopifyId]));
}
