import prisma from "../db.server";
import { sql } from "../lib/sql.server";

/** What recommendation training reads of every product (its text, handle and options), in one query. */
export function listProductTexts(shopId: string) {
  // No relations: Prisma loads a relation with one bind parameter per parent
  // row, and PostgreSQL takes at most 65,535 in a statement (a 100,000-product catalog failed).
  return prisma.product.findMany({
    where: { shopId, deletedAt: null },
    select: { shopifyId: true, handle: true, title: true, vendor: true, productType: true, tags: true, options: true, descriptionHtml: true },
    orderBy: { shopifyId: "asc" },
  });
}

/** A product as the storefront's serving state holds it: its facts, variants by position and first image's alt text. */
export interface ServingProduct {
  shopifyId: string;
  handle: string;
  title: string;
  vendor: string;
  productType: string;
  status: string;
  isGiftCard: boolean;
  tracksInventory: boolean;
  totalInventory: number;
  featuredImageUrl: string | null;
  /** JSON array of strings, as stored. */
  tags: string;
  imageAlt: string | null;
  deleted: boolean;
  variants: { shopifyId: string; price: string; compareAtPrice: string | null; inventoryQuantity: number; availableForSale: boolean }[];
}

/** How many products the shop has (deleted ones left out), and when any product was last written. */
export async function catalogVersion(shopId: string): Promise<{ products: number; syncedAt: number }> {
  const db = await sql();
  const [count, latest] = await Promise.all([
    db.get<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM "Product" WHERE "shopId" = ? AND "deletedAt" IS NULL`, [shopId]),
    db.get<{ at: unknown }>(`SELECT MAX("syncedAt") AS "at" FROM "Product" WHERE "shopId" = ?`, [shopId]),
  ]);
  return { products: Number(count?.n ?? 0), syncedAt: latest?.at == null ? 0 : db.readTimestamp(latest.at) };
}

/**
 * A page of the shop's products in id order after `after` ("" for the
 * first). With `changedSince` (epoch ms), only products written at or after
 * then, deleted ones included and marked; without it, live products only.
 * Plain SQL: the storefront process reads a whole catalog a page at a time,
 * between requests.
 */
export async function servingProductsPage(
  shopId: string,
  options: { after: string; limit: number; changedSince?: number },
): Promise<{ products: ServingProduct[]; last: string | null }> {
  const db = await sql();
  const changed = options.changedSince !== undefined;
  const rows = await db.all<
    Pick<ServingProduct, "shopifyId" | "handle" | "title" | "vendor" | "productType" | "status" | "featuredImageUrl" | "tags"> & {
      id: string;
      isGiftCard: unknown;
      tracksInventory: unknown;
      totalInventory: number | string;
      deletedAt: unknown;
    }
  >(
    `SELECT "id", "shopifyId", "handle", "title", "vendor", "productType", "status", "isGiftCard", "tracksInventory",
            "totalInventory", "featuredImageUrl", "tags", "deletedAt"
       FROM "Product"
      WHERE "shopId" = ? AND "id" > ? ${changed ? `AND "syncedAt" >= ?` : `AND "deletedAt" IS NULL`}
      ORDER BY "id" LIMIT ?`,
    changed ? [shopId, options.after, db.timestamp(new Date(options.changedSince!)), options.limit] : [shopId, options.after, options.limit],
  );
  if (!rows.length) return { products: [], last: null };
  const ids = rows.map((r) => r.id);
  const [variants, media] = await Promise.all([
    db.all<{
      productId: string;
      shopifyId: string;
      price: string;
      compareAtPrice: string | null;
      inventoryQuantity: number | string;
      availableForSale: unknown;
    }>(
      `SELECT "productId", "shopifyId", "price", "compareAtPrice", "inventoryQuantity", "availableForSale" FROM "ProductVariant"
        WHERE "productId" IN (${db.list(ids.length)}) ORDER BY "productId", "position", "id"`,
      ids,
    ),
    db.all<{ productId: string; altText: string | null }>(
      `SELECT "productId", "altText" FROM "ProductMedia" WHERE "productId" IN (${db.list(ids.length)}) ORDER BY "productId", "position", "id"`,
      ids,
    ),
  ]);
  const variantsOf = new Map<string, ServingProduct["variants"]>();
  for (const v of variants) {
    const list = variantsOf.get(v.productId) ?? [];
    list.push({
      shopifyId: v.shopifyId,
      price: v.price,
      compareAtPrice: v.compareAtPrice,
      inventoryQuantity: Number(v.inventoryQuantity),
      availableForSale: Boolean(v.availableForSale),
    });
    variantsOf.set(v.productId, list);
  }
  const altOf = new Map<string, string | null>();
  for (const m of media) if (!altOf.has(m.productId)) altOf.set(m.productId, m.altText);
  return {
    products: rows.map((r) => ({
      shopifyId: r.shopifyId,
      handle: r.handle,
      title: r.title,
      vendor: r.vendor,
      productType: r.productType,
      status: r.status,
      isGiftCard: Boolean(r.isGiftCard),
      tracksInventory: Boolean(r.tracksInventory),
      totalInventory: Number(r.totalInventory),
      featuredImageUrl: r.featuredImageUrl,
      tags: r.tags,
      imageAlt: altOf.get(r.id) ?? null,
      deleted: r.deletedAt != null,
      variants: variantsOf.get(r.id) ?? [],
    })),
    last: rows.length < options.limit ? null : rows[rows.length - 1].id,
  };
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
