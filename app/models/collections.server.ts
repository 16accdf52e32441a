import { randomUUID } from "node:crypto";
import prisma from "../db.server";
import { sql, type Sql, type SqlStatements } from "../lib/sql.server";
import type { CollectionRecord } from "./records";
import { heldByOtherShops } from "./shopify-ids.server";

// A shop's collections and which products are in them, for rules by
// collection (docs/decisions/0021-collections.md). Writes are plain SQL so
// the bulk import can write a batch's membership in the batch's transaction.

export type CollectionWriteOutcome = "created" | "updated" | "stale" | "refused";

/** In the caller's transaction when it gives one, else in one of its own. */
async function inTransaction<T>(tx: SqlStatements | undefined, fn: (db: Sql, tx: SqlStatements) => Promise<T>): Promise<T> {
  const db = await sql();
  return tx ? fn(db, tx) : db.transaction((t) => fn(db, t));
}

/**
 * Writes collections as Shopify last described them. A version older than
 * the one held, or than the collection's deletion, is stale and changes
 * nothing (webhooks arrive out of order). With `refuseHeldElsewhere` (webhook
 * bodies, whose HMAC does not cover the shop header) an id another shop
 * holds is refused. A record without `smart` (a webhook's, which does not
 * say) keeps what is held.
 */
export function writeCollections(
  shopId: string,
  records: (Omit<CollectionRecord, "smart"> & { smart?: boolean })[],
  options: { tx?: SqlStatements; refuseHeldElsewhere?: boolean } = {},
): Promise<CollectionWriteOutcome[]> {
  return inTransaction(options.tx, async (db, tx) => {
    const outcomes: CollectionWriteOutcome[] = [];
    const now = db.timestamp(new Date());
    for (const r of records) {
      const at = db.timestamp(r.shopifyUpdatedAt);
      const changed = await tx.run(
        `UPDATE "Collection" SET "title" = ?, "handle" = ?, "smart" = COALESCE(?, "smart"), "shopifyUpdatedAt" = ?, "deletedAt" = NULL, "syncedAt" = ?
         WHERE "shopId" = ? AND "shopifyId" = ? AND "shopifyUpdatedAt" <= ? AND ("deletedAt" IS NULL OR "deletedAt" < ?)`,
        [r.title, r.handle, r.smart ?? null, at, now, shopId, r.shopifyId, at, at],
      );
      if (changed) {
        outcomes.push("updated");
        continue;
      }
      const held = await tx.get<{ id: string }>(`SELECT "id" FROM "Collection" WHERE "shopId" = ? AND "shopifyId" = ?`, [shopId, r.shopifyId]);
      if (held) {
        outcomes.push("stale");
        continue;
      }
      if (options.refuseHeldElsewhere && (await heldByOtherShops(db, tx, "Collection", shopId, [r.shopifyId])).size) {
        outcomes.push("refused");
        continue;
      }
      await tx.insert([
        {
          table: "Collection",
          columns: ["id", "shopId", "shopifyId", "title", "handle", "smart", "shopifyUpdatedAt", "syncedAt"],
          rows: [[randomUUID(), shopId, r.shopifyId, r.title, r.handle, r.smart ?? false, at, now]],
        },
      ]);
      outcomes.push("created");
    }
    return outcomes;
  });
}

/**
 * Marks a collection deleted at the time Shopify deleted it and drops its
 * membership. The row stays as a tombstone: a rule naming it can say it is
 * gone, and an older update arriving later cannot bring it back.
 */
export function markCollectionDeleted(shopId: string, shopifyId: string, deletedAt: Date, tx?: SqlStatements): Promise<"deleted" | "stale" | "refused"> {
  return inTransaction(tx, async (db, tx) => {
    const at = db.timestamp(deletedAt);
    const now = db.timestamp(new Date());
    const changed = await tx.run(
      `UPDATE "Collection" SET "deletedAt" = ?, "syncedAt" = ? WHERE "shopId" = ? AND "shopifyId" = ? AND "shopifyUpdatedAt" <= ? AND ("deletedAt" IS NULL OR "deletedAt" < ?)`,
      [at, now, shopId, shopifyId, at, at],
    );
    const held = await tx.get<{ id: string }>(`SELECT "id" FROM "Collection" WHERE "shopId" = ? AND "shopifyId" = ?`, [shopId, shopifyId]);
    if (!held) {
      if ((await heldByOtherShops(db, tx, "Collection", shopId, [shopifyId])).size) return "refused";
      await tx.insert([
        {
          table: "Collection",
          columns: ["id", "shopId", "shopifyId", "title", "handle", "shopifyUpdatedAt", "deletedAt", "syncedAt"],
          rows: [[randomUUID(), shopId, shopifyId, "", "", at, at, now]],
        },
      ]);
    } else if (!changed) {
      return "stale";
    }
    await tx.run(`DELETE FROM "ProductCollection" WHERE "shopId" = ? AND "collectionShopifyId" = ?`, [shopId, shopifyId]);
    return "deleted";
  });
}

/** Replaces a collection's products with these (its full list, as the Admin API gave it). */
export function replaceCollectionProducts(shopId: string, collectionShopifyId: string, productShopifyIds: string[], tx?: SqlStatements): Promise<void> {
  return inTransaction(tx, async (db, tx) => {
    await tx.run(`DELETE FROM "ProductCollection" WHERE "shopId" = ? AND "collectionShopifyId" = ?`, [shopId, collectionShopifyId]);
    await insertMembership(
      db,
      tx,
      shopId,
      [...new Set(productShopifyIds)].map((p) => [collectionShopifyId, p]),
    );
  });
}

/** Replaces the collections of each of these products with the ones given (none: in no collection). */
export function replaceProductCollections(shopId: string, collectionsByProduct: Map<string, string[]>, tx?: SqlStatements): Promise<void> {
  return inTransaction(tx, async (db, tx) => {
    const products = [...collectionsByProduct.keys()];
    if (!products.length) return;
    await tx.run(`DELETE FROM "ProductCollection" WHERE "shopId" = ? AND "productShopifyId" IN (${db.list(products.length)})`, [shopId, ...products]);
    await insertMembership(
      db,
      tx,
      shopId,
      [...collectionsByProduct].flatMap(([product, collections]) => [...new Set(collections)].map((c): [string, string] => [c, product])),
    );
  });
}

async function insertMembership(db: Sql, tx: SqlStatements, shopId: string, pairs: [collection: string, product: string][]) {
  if (!pairs.length) return;
  const now = db.timestamp(new Date());
  await tx.insert([
    {
      table: "ProductCollection",
      columns: ["id", "shopId", "collectionShopifyId", "productShopifyId", "syncedAt"],
      rows: pairs.map(([c, p]) => [randomUUID(), shopId, c, p, now]),
      ignoreConflicts: true,
    },
  ]);
}

/** Whether the shop has a live smart collection (whose products follow their tags, vendor or type). */
export async function hasSmartCollections(shopId: string): Promise<boolean> {
  return (await prisma.collection.findFirst({ where: { shopId, smart: true, deletedAt: null }, select: { id: true } })) !== null;
}

/** The shop's collections, for the rules form's choice (deleted ones left out). */
export function listCollections(shopId: string) {
  return prisma.collection.findMany({
    where: { shopId, deletedAt: null },
    orderBy: [{ title: "asc" }, { shopifyId: "asc" }],
    select: { shopifyId: true, title: true, smart: true },
  });
}

/** Collections by Shopify id, deleted ones included (a rule may still name one). */
export function collectionSummaries(shopId: string, shopifyIds: string[]) {
  if (!shopifyIds.length) return Promise.resolve([]);
  return prisma.collection.findMany({
    where: { shopId, shopifyId: { in: [...new Set(shopifyIds)] } },
    select: { shopifyId: true, title: true, deletedAt: true },
  });
}

/** Each product's collections (live ones only), by Shopify ids. */
export async function collectionsByProduct(shopId: string): Promise<Map<string, string[]>> {
  const rows = await prisma.productCollection.findMany({ where: { shopId }, select: { productShopifyId: true, collectionShopifyId: true } });
  const live = new Set((await listCollections(shopId)).map((c) => c.shopifyId));
  const byProduct = new Map<string, string[]>();
  for (const r of rows) {
    if (!live.has(r.collectionShopifyId)) continue;
    const list = byProduct.get(r.productShopifyId);
    if (list) list.push(r.collectionShopifyId);
    else byProduct.set(r.productShopifyId, [r.collectionShopifyId]);
  }
  return byProduct;
}

/** Changes whenever a collection or any product's membership is written (the serving state reloads then). */
export async function collectionsFingerprint(shopId: string): Promise<string> {
  const [collections, membership] = await Promise.all([
    prisma.collection.aggregate({ where: { shopId }, _max: { syncedAt: true }, _count: { _all: true } }),
    prisma.productCollection.aggregate({ where: { shopId }, _max: { syncedAt: true }, _count: { _all: true } }),
  ]);
  return [collections, membership].map((a) => `${a._count._all}:${a._max.syncedAt?.getTime() ?? 0}`).join("/");
}
