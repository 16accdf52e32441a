import { randomUUID } from "node:crypto";
import prisma, { isSqlite } from "../db.server";
import { sql, type InsertGroup, type Sql, type SqlStatements } from "../lib/sql.server";
import { inBatches, MAX_BATCH, type ProductRecord, type WriteOptions, type WriteResult } from "./records";
import { heldByOtherShops } from "./shopify-ids.server";

/** Product columns as Shopify describes them (seo* only when the source said; see ProductRecord). */
function productColumns(db: Sql, r: ProductRecord, now: string): [string, unknown][] {
  const prices = r.variants.map((v) => Number(v.price)).filter((n) => Number.isFinite(n));
  const featured = [...r.media].sort((a, b) => a.position - b.position).find((m) => m.url);
  return [
    ["title", r.title],
    ["handle", r.handle],
    ["descriptionHtml", r.descriptionHtml],
    ["vendor", r.vendor],
    ["productType", r.productType],
    ["status", r.status],
    ["tags", JSON.stringify(r.tags)],
    ...(r.seoTitle !== undefined ? ([["seoTitle", r.seoTitle]] as [string, unknown][]) : []),
    ...(r.seoDescription !== undefined ? ([["seoDescription", r.seoDescription]] as [string, unknown][]) : []),
    ["isGiftCard", r.isGiftCard],
    ["tracksInventory", r.tracksInventory],
    ["totalInventory", r.variants.reduce((sum, v) => sum + Math.max(0, v.inventoryQuantity), 0)],
    ["minPrice", prices.length ? Math.min(...prices).toFixed(2) : "0.00"],
    ["featuredImageUrl", featured?.url ?? null],
    ["shopifyCreatedAt", r.shopifyCreatedAt ? db.timestamp(r.shopifyCreatedAt) : null],
    ["shopifyUpdatedAt", db.timestamp(r.shopifyUpdatedAt)],
    ["deletedAt", null],
    ["syncedAt", now],
  ];
}

const VARIANT_COLUMNS = [
  "id",
  "shopId",
  "productId",
  "shopifyId",
  "title",
  "sku",
  "price",
  "compareAtPrice",
  "inventoryQuantity",
  "availableForSale",
  "position",
];
const MEDIA_COLUMNS = ["id", "shopId", "productId", "shopifyId", "mediaType", "url", "altText", "position"];

function childGroups(shopId: string, children: { productId: string; record: ProductRecord }[]): InsertGroup[] {
  return [
    {
      table: "ProductVariant",
      columns: VARIANT_COLUMNS,
      rows: children.flatMap(({ productId, record }) =>
        record.variants.map((v) => [
          randomUUID(),
          shopId,
          productId,
          v.shopifyId,
          v.title,
          v.sku,
          v.price,
          v.compareAtPrice,
          v.inventoryQuantity,
          v.availableForSale,
          v.position,
        ]),
      ),
    },
    {
      table: "ProductMedia",
      columns: MEDIA_COLUMNS,
      rows: children.flatMap(({ productId, record }) =>
        record.media.map((m) => [randomUUID(), shopId, productId, m.shopifyId, m.mediaType, m.url, m.altText, m.position]),
      ),
    },
  ];
}

/**
 * Writes products as Shopify last described them. A record older than the
 * row we hold (by Shopify's updatedAt), or than the product's deletion, is
 * stale and changes nothing: webhooks can arrive out of order.
 *
 * The conditional update is the guard (not a read-then-write), so two
 * workers applying two versions of one product at once still end with the
 * newer one. Plain SQL, in the caller's transaction when it gives one
 * (a batch of deliveries), else in one of its own.
 */
export async function writeProducts(shopId: string, records: ProductRecord[], options: WriteOptions = {}): Promise<WriteResult> {
  if (records.length > MAX_BATCH) return inBatches(records, (batch) => writeProducts(shopId, batch, options));
  const result: WriteResult = { created: 0, updated: 0, stale: 0, refused: [] };
  if (!records.length) return result;
  const db = await sql();
  const { tx } = options;
  if (!tx) return db.transaction((t) => writeProducts(shopId, records, { ...options, tx: t }));

  const existing = await tx.all<{ id: string; shopifyId: string }>(
    `SELECT "id", "shopifyId" FROM "Product" WHERE "shopId" = ? AND "shopifyId" IN (${db.list(records.length)})`,
    [shopId, ...records.map((r) => r.shopifyId)],
  );
  const idByShopifyId = new Map(existing.map((p) => [p.shopifyId, p.id]));
  const now = db.timestamp(new Date());
  const foreign = options.refuseHeldElsewhere
    ? await heldByOtherShops(
        db,
        tx,
        "Product",
        shopId,
        records.filter((r) => !idByShopifyId.has(r.shopifyId)).map((r) => r.shopifyId),
      )
    : new Set<string>();
  for (const r of records) {
    if (foreign.has(r.shopifyId)) {
      result.refused.push(r.shopifyId);
      continue;
    }
    const columns = productColumns(db, r, now);
    let id = idByShopifyId.get(r.shopifyId);
    if (!id) {
      id = randomUUID();
      idByShopifyId.set(r.shopifyId, id);
      await tx.insert([
        {
          table: "Product",
          columns: ["id", "shopId", "shopifyId", ...columns.map(([c]) => c)],
          rows: [[id, shopId, r.shopifyId, ...columns.map(([, v]) => v)]],
        },
      ]);
      await tx.insert(childGroups(shopId, [{ productId: id, record: r }]));
      result.created++;
      continue;
    }
    const updatedAt = db.timestamp(r.shopifyUpdatedAt);
    const changed = await tx.run(
      `UPDATE "Product" SET ${columns.map(([c]) => `"${c}" = ?`).join(", ")}
       WHERE "id" = ? AND "shopId" = ? AND "shopifyUpdatedAt" <= ? AND ("deletedAt" IS NULL OR "deletedAt" < ?)`,
      [...columns.map(([, v]) => v), id, shopId, updatedAt, updatedAt],
    );
    if (!changed) {
      result.stale++;
      continue;
    }
    await tx.run(`DELETE FROM "ProductVariant" WHERE "shopId" = ? AND "productId" = ?`, [shopId, id]);
    await tx.run(`DELETE FROM "ProductMedia" WHERE "shopId" = ? AND "productId" = ?`, [shopId, id]);
    await tx.insert(childGroups(shopId, [{ productId: id, record: r }]));
    result.updated++;
  }
  return result;
}

/**
 * Marks a product deleted at the time Shopify deleted it. The row stays as a
 * tombstone so that an older update arriving later cannot bring it back.
 */
export async function markProductDeleted(shopId: string, shopifyId: string, deletedAt: Date, tx?: SqlStatements): Promise<"deleted" | "stale" | "refused"> {
  const db = await sql();
  if (!tx) return db.transaction((t) => markProductDeleted(shopId, shopifyId, deletedAt, t));
  const at = db.timestamp(deletedAt);
  const changed = await tx.run(
    `UPDATE "Product" SET "deletedAt" = ? WHERE "shopId" = ? AND "shopifyId" = ? AND "shopifyUpdatedAt" <= ? AND ("deletedAt" IS NULL OR "deletedAt" < ?)`,
    [at, shopId, shopifyId, at, at],
  );
  const product = await tx.get<{ id: string }>(`SELECT "id" FROM "Product" WHERE "shopId" = ? AND "shopifyId" = ?`, [shopId, shopifyId]);
  if (!product) {
    if ((await heldByOtherShops(db, tx, "Product", shopId, [shopifyId])).size) return "refused";
    await tx.insert([
      {
        table: "Product",
        columns: ["id", "shopId", "shopifyId", "title", "handle", "status", "shopifyUpdatedAt", "deletedAt", "syncedAt"],
        rows: [[randomUUID(), shopId, shopifyId, "", "", "ARCHIVED", at, at, db.timestamp(new Date())]],
      },
    ]);
    return "deleted";
  }
  if (!changed) return "stale";
  await tx.run(`DELETE FROM "ProductVariant" WHERE "shopId" = ? AND "productId" = ?`, [shopId, product.id]);
  await tx.run(`DELETE FROM "ProductMedia" WHERE "shopId" = ? AND "productId" = ?`, [shopId, product.id]);
  return "deleted";
}

export function countProducts(shopId: string) {
  return prisma.product.count({ where: { shopId, deletedAt: null } });
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
  // What tells products with one title apart in a picker.
  variants: { select: { sku: true }, orderBy: { position: "asc" as const }, take: 3 },
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

/** Every live variant with what replenishment needs of its product. */
export function variantsForReplenishment(shopId: string) {
  return prisma.productVariant.findMany({
    where: { shopId, product: { deletedAt: null } },
    select: {
      shopifyId: true,
      title: true,
      sku: true,
      price: true,
      product: {
        select: {
          shopifyId: true,
          title: true,
          vendor: true,
          productType: true,
          tags: true,
          descriptionHtml: true,
          tracksInventory: true,
          shopifyCreatedAt: true,
        },
      },
    },
  });
}
