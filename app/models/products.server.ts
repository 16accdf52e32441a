import { randomUUID } from "node:crypto";
import prisma, { isSqlite } from "../db.server";
import { MAX_PARAMS, sql, type InsertGroup, type Sql, type SqlStatements } from "../lib/sql.server";
import { inBatches, MAX_BATCH, newestOfEach, writeResult, type ProductRecord, type WriteOptions, type WriteOutcome, type WriteResult } from "./records";
import { replaceProductCollections, writeCollections } from "./collections.server";
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
    ...(r.options !== undefined ? ([["options", JSON.stringify(r.options)]] as [string, unknown][]) : []),
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
  if (!records.length) return writeResult(records, []);
  const db = await sql();
  const { tx } = options;
  if (!tx) return db.transaction((t) => writeProducts(shopId, records, { ...options, tx: t }));

  // The same product twice in one write (two webhooks of a batch): the newest version is written.
  const newest = newestOfEach(records);
  const outcomes: WriteOutcome[] = records.map((r, i) => (newest.get(r.shopifyId) === i ? "stale" : "superseded"));
  const unique = [...newest.values()];

  const existing = await tx.all<{ id: string; shopifyId: string }>(
    `SELECT "id", "shopifyId" FROM "Product" WHERE "shopId" = ? AND "shopifyId" IN (${db.list(unique.length)})`,
    [shopId, ...unique.map((i) => records[i].shopifyId)],
  );
  const idByShopifyId = new Map(existing.map((p) => [p.shopifyId, p.id]));
  const now = db.timestamp(new Date());
  const fresh = unique.filter((i) => !idByShopifyId.has(records[i].shopifyId));
  const held = unique.filter((i) => idByShopifyId.has(records[i].shopifyId));
  const foreign = options.refuseHeldElsewhere
    ? await heldByOtherShops(
        db,
        tx,
        "Product",
        shopId,
        fresh.map((i) => records[i].shopifyId),
      )
    : new Set<string>();

  const written: { productId: string; record: ProductRecord }[] = [];
  const inserts = new Map<string, InsertGroup>();
  for (const i of fresh) {
    const r = records[i];
    if (foreign.has(r.shopifyId)) {
      outcomes[i] = "refused";
      continue;
    }
    const columns = productColumns(db, r, now);
    const id = randomUUID();
    // Products whose source gave SEO fields have more columns: one group per column list.
    const names = ["id", "shopId", "shopifyId", ...columns.map(([c]) => c)];
    const key = names.join();
    if (!inserts.has(key)) inserts.set(key, { table: "Product", columns: names, rows: [] });
    inserts.get(key)!.rows.push([id, shopId, r.shopifyId, ...columns.map(([, v]) => v)]);
    written.push({ productId: id, record: r });
    outcomes[i] = "created";
  }
  await tx.insert([...inserts.values()]);

  const updated = await updateHeldProducts(
    db,
    tx,
    shopId,
    held.map((i) => ({ id: idByShopifyId.get(records[i].shopifyId)!, record: records[i] })),
    now,
  );
  for (const i of held) {
    const id = idByShopifyId.get(records[i].shopifyId)!;
    if (!updated.has(id)) continue;
    outcomes[i] = "updated";
    written.push({ productId: id, record: records[i] });
  }
  if (updated.size) {
    for (const table of ["ProductVariant", "ProductMedia"]) {
      await tx.run(`DELETE FROM "${table}" WHERE "shopId" = ? AND "productId" IN (${db.list(updated.size)})`, [shopId, ...updated]);
    }
  }
  await tx.insert(childGroups(shopId, written));
  await writeMembership(shopId, written, tx);
  return writeResult(records, outcomes);
}

/**
 * The collections of the written products whose source named them (the bulk
 * export does; webhooks do not, and leave membership as it is).
 */
async function writeMembership(shopId: string, written: { record: ProductRecord }[], tx: SqlStatements) {
  const named = written.filter((w) => w.record.collections !== undefined).map((w) => w.record);
  if (!named.length) return;
  const collections = new Map<string, NonNullable<ProductRecord["collections"]>[number]>();
  for (const c of named.flatMap((r) => r.collections!)) {
    const held = collections.get(c.shopifyId);
    if (!held || held.shopifyUpdatedAt <= c.shopifyUpdatedAt) collections.set(c.shopifyId, c);
  }
  await writeCollections(shopId, [...collections.values()], { tx });
  await replaceProductCollections(shopId, new Map(named.map((r) => [r.shopifyId, r.collections!.map((c) => c.shopifyId)])), tx);
}

/** PostgreSQL types of the product columns that are not text (a VALUES list binds text). */
const PRODUCT_COLUMN_TYPES: Record<string, string> = {
  isGiftCard: "boolean",
  tracksInventory: "boolean",
  totalInventory: "integer",
  shopifyCreatedAt: "timestamp(3)",
  shopifyUpdatedAt: "timestamp(3)",
  deletedAt: "timestamp(3)",
  syncedAt: "timestamp(3)",
};

/**
 * Updates held products to the given versions, each only when the version
 * held is not newer and the product was not deleted after it: one
 * conditional multi-row UPDATE per column list. Returns the ids it changed.
 */
async function updateHeldProducts(
  db: Sql,
  tx: SqlStatements,
  shopId: string,
  held: { id: string; record: ProductRecord }[],
  now: string,
): Promise<Set<string>> {
  const changed = new Set<string>();
  const byColumns = new Map<string, { names: string[]; rows: unknown[][] }>();
  for (const { id, record } of held) {
    const columns = productColumns(db, record, now);
    const names = columns.map(([c]) => c);
    const key = names.join();
    if (!byColumns.has(key)) byColumns.set(key, { names, rows: [] });
    byColumns.get(key)!.rows.push([id, ...columns.map(([, v]) => v), db.timestamp(record.shopifyUpdatedAt)]);
  }
  const cast = (c: string) => (db.provider === "postgresql" && PRODUCT_COLUMN_TYPES[c] ? `::${PRODUCT_COLUMN_TYPES[c]}` : "");
  const guard = `"v"."guard"${cast("shopifyUpdatedAt")}`;
  for (const { names, rows } of byColumns.values()) {
    const columns = ["id", ...names, "guard"];
    const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
    for (let s = 0; s < rows.length; s += perStatement) {
      const chunk = rows.slice(s, s + perStatement);
      const ids = await tx.all<{ id: string }>(
        `WITH "v"(${columns.map((c) => `"${c}"`).join(", ")}) AS (VALUES ${chunk.map(() => `(${db.list(columns.length)})`).join(", ")})
         UPDATE "Product" SET ${names.map((c) => `"${c}" = "v"."${c}"${cast(c)}`).join(", ")} FROM "v"
         WHERE "Product"."id" = "v"."id" AND "Product"."shopId" = ? AND "Product"."shopifyUpdatedAt" <= ${guard}
           AND ("Product"."deletedAt" IS NULL OR "Product"."deletedAt" < ${guard})
         RETURNING "Product"."id"`,
        [...chunk.flat(), shopId],
      );
      for (const row of ids) changed.add(row.id);
    }
  }
  return changed;
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
    // syncedAt moves too: readers of what changed since a time (the storefront's serving state) see the deletion.
    `UPDATE "Product" SET "deletedAt" = ?, "syncedAt" = ? WHERE "shopId" = ? AND "shopifyId" = ? AND "shopifyUpdatedAt" <= ? AND ("deletedAt" IS NULL OR "deletedAt" < ?)`,
    [at, db.timestamp(new Date()), shopId, shopifyId, at, at],
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
  // A deleted product is in no collection (Shopify sends no collections/update for it).
  await tx.run(`DELETE FROM "ProductCollection" WHERE "shopId" = ? AND "productShopifyId" = ?`, [shopId, shopifyId]);
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
