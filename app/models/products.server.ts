import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { lockForWrite } from "./write-lock.server";
import prisma, { isSqlite } from "../db.server";
import { inBatches, MAX_BATCH, type ProductRecord, type WriteOptions, type WriteResult } from "./records";

type Tx = Prisma.TransactionClient;

function productData(r: ProductRecord) {
  const prices = r.variants.map((v) => Number(v.price)).filter((n) => Number.isFinite(n));
  const featured = [...r.media].sort((a, b) => a.position - b.position).find((m) => m.url);
  return {
    title: r.title,
    handle: r.handle,
    descriptionHtml: r.descriptionHtml,
    vendor: r.vendor,
    productType: r.productType,
    status: r.status,
    tags: JSON.stringify(r.tags),
    ...(r.seoTitle !== undefined ? { seoTitle: r.seoTitle } : {}),
    ...(r.seoDescription !== undefined ? { seoDescription: r.seoDescription } : {}),
    isGiftCard: r.isGiftCard,
    tracksInventory: r.tracksInventory,
    totalInventory: r.variants.reduce((sum, v) => sum + Math.max(0, v.inventoryQuantity), 0),
    minPrice: prices.length ? Math.min(...prices).toFixed(2) : "0.00",
    featuredImageUrl: featured?.url ?? null,
    shopifyCreatedAt: r.shopifyCreatedAt,
    shopifyUpdatedAt: r.shopifyUpdatedAt,
    deletedAt: null,
    syncedAt: new Date(),
  };
}

async function replaceChildren(tx: Tx, shopId: string, productId: string, r: ProductRecord) {
  await tx.productVariant.deleteMany({ where: { shopId, productId } });
  await tx.productMedia.deleteMany({ where: { shopId, productId } });
  if (r.variants.length) {
    await tx.productVariant.createMany({
      data: r.variants.map((v) => ({ id: randomUUID(), shopId, productId, ...v })),
    });
  }
  if (r.media.length) {
    await tx.productMedia.createMany({
      data: r.media.map((m) => ({ id: randomUUID(), shopId, productId, ...m })),
    });
  }
}

/**
 * Product ids among these that another shop already holds. Shopify ids are
 * global, so such a write is a signed body replayed under another shop's
 * header, and is refused rather than copying one shop's product into another.
 */
async function heldByOtherShops(tx: Tx, shopId: string, shopifyIds: string[]): Promise<Set<string>> {
  if (!shopifyIds.length) return new Set();
  const rows = await tx.product.findMany({ where: { shopifyId: { in: shopifyIds }, NOT: { shopId } }, select: { shopifyId: true } });
  return new Set(rows.map((r) => r.shopifyId));
}

/**
 * Writes products as Shopify last described them. A record older than the
 * row we hold (by Shopify's updatedAt), or than the product's deletion, is
 * stale and changes nothing: webhooks can arrive out of order.
 *
 * The conditional update is the guard (not a read-then-write), so two
 * workers applying two versions of one product at once still end with the
 * newer one.
 */
export async function writeProducts(shopId: string, records: ProductRecord[], options: WriteOptions = {}): Promise<WriteResult> {
  if (records.length > MAX_BATCH) return inBatches(records, (batch) => writeProducts(shopId, batch, options));
  const result: WriteResult = { created: 0, updated: 0, stale: 0, refused: [] };
  if (!records.length) return result;
  await prisma.$transaction(
    async (tx) => {
      await lockForWrite(tx);
      const existing = await tx.product.findMany({
        where: { shopId, shopifyId: { in: records.map((r) => r.shopifyId) } },
        select: { id: true, shopifyId: true },
      });
      const idByShopifyId = new Map(existing.map((p) => [p.shopifyId, p.id]));
      const foreign = options.refuseHeldElsewhere ? await heldByOtherShops(tx, shopId, records.filter((r) => !idByShopifyId.has(r.shopifyId)).map((r) => r.shopifyId)) : new Set<string>();
      const fresh: ProductRecord[] = [];
      for (const r of records) {
        const id = idByShopifyId.get(r.shopifyId);
        if (foreign.has(r.shopifyId)) {
          result.refused.push(r.shopifyId);
          continue;
        }
        if (!id) {
          fresh.push(r);
          continue;
        }
        const { count } = await tx.product.updateMany({
          where: {
            id,
            shopId,
            shopifyUpdatedAt: { lte: r.shopifyUpdatedAt },
            OR: [{ deletedAt: null }, { deletedAt: { lt: r.shopifyUpdatedAt } }],
          },
          data: productData(r),
        });
        if (count === 0) {
          result.stale++;
          continue;
        }
        await replaceChildren(tx, shopId, id, r);
        result.updated++;
      }
      if (fresh.length) {
        const rows = fresh.map((r) => ({ id: randomUUID(), shopId, shopifyId: r.shopifyId, ...productData(r) }));
        await tx.product.createMany({ data: rows });
        const variants = fresh.flatMap((r, i) => r.variants.map((v) => ({ id: randomUUID(), shopId, productId: rows[i].id, ...v })));
        const media = fresh.flatMap((r, i) => r.media.map((m) => ({ id: randomUUID(), shopId, productId: rows[i].id, ...m })));
        if (variants.length) await tx.productVariant.createMany({ data: variants });
        if (media.length) await tx.productMedia.createMany({ data: media });
        result.created += fresh.length;
      }
    },
    { timeout: 60_000 },
  );
  return result;
}

/**
 * Marks a product deleted at the time Shopify deleted it. The row stays as a
 * tombstone so that an older update arriving later cannot bring it back.
 */
export async function markProductDeleted(shopId: string, shopifyId: string, deletedAt: Date): Promise<"deleted" | "stale" | "refused"> {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.product.findUnique({
      where: { shopId_shopifyId: { shopId, shopifyId } },
      select: { id: true, shopifyUpdatedAt: true, deletedAt: true },
    });
    if (!existing) {
      if ((await heldByOtherShops(tx, shopId, [shopifyId])).size) return "refused";
      await tx.product.create({
        data: { shopId, shopifyId, title: "", handle: "", status: "ARCHIVED", shopifyUpdatedAt: deletedAt, deletedAt },
      });
      return "deleted";
    }
    if (existing.shopifyUpdatedAt > deletedAt || (existing.deletedAt && existing.deletedAt >= deletedAt)) return "stale";
    await tx.productVariant.deleteMany({ where: { shopId, productId: existing.id } });
    await tx.productMedia.deleteMany({ where: { shopId, productId: existing.id } });
    await tx.product.update({ where: { id: existing.id }, data: { deletedAt } });
    return "deleted";
  });
}

export function countProducts(shopId: string) {
  return prisma.product.count({ where: { shopId, deletedAt: null } });
}

export function getProductByShopifyId(shopId: string, shopifyId: string) {
  return prisma.product.findUnique({
    where: { shopId_shopifyId: { shopId, shopifyId } },
    select: {
      id: true,
      shopifyId: true,
      title: true,
      handle: true,
      status: true,
      vendor: true,
      productType: true,
      tags: true,
      seoTitle: true,
      seoDescription: true,
      descriptionHtml: true,
      totalInventory: true,
      minPrice: true,
      shopifyUpdatedAt: true,
      deletedAt: true,
      variants: { select: { shopifyId: true, title: true, price: true, inventoryQuantity: true, sku: true }, orderBy: { position: "asc" } },
      media: { select: { shopifyId: true, url: true, altText: true }, orderBy: { position: "asc" } },
    },
  });
}

/** What the admin shows of a product next to a recommendation, a rule or a pair. */
const productSummary = {
  shopifyId: true,
  title: true,
  handle: true,
  vendor: true,
  status: true,
  minPrice: true,
  featuredImageUrl: true,
  deletedAt: true,
} as const;

/**
 * Products whose title contains `query` (or whose id or handle is `query`),
 * for the admin's product pickers. SQLite's LIKE already ignores ASCII case;
 * PostgreSQL needs Prisma's `mode: "insensitive"`, which the SQLite client
 * does not accept.
 */
export function searchProducts(shopId: string, query: string, take = 20) {
  const q = query.trim();
  const insensitive = isSqlite ? {} : { mode: "insensitive" as const };
  return prisma.product.findMany({
    where: {
      shopId,
      deletedAt: null,
      ...(q ? { OR: [{ title: { contains: q, ...insensitive } }, { shopifyId: q }, { handle: q }] } : {}),
    },
    orderBy: { title: "asc" },
    take,
    select: productSummary,
  });
}

/** Summaries of the given products (deleted ones included, so old rules still show a title). */
export function productSummaries(shopId: string, shopifyIds: string[]) {
  if (!shopifyIds.length) return Promise.resolve([]);
  return prisma.product.findMany({ where: { shopId, shopifyId: { in: [...new Set(shopifyIds)] } }, select: productSummary });
}
