import type { Sql, SqlStatements } from "../lib/sql.server";

/**
 * Shopify ids among these that another shop already holds in `table`.
 * Shopify's ids are global, so a webhook write of such an id is a signed body
 * replayed under another shop's header, and is refused rather than copying
 * one shop's product or order into another.
 */
export async function heldByOtherShops(
  db: Sql,
  tx: SqlStatements,
  table: "Product" | "Order" | "Collection",
  shopId: string,
  shopifyIds: string[],
): Promise<Set<string>> {
  if (!shopifyIds.length) return new Set();
  const rows = await tx.all<{ shopifyId: string }>(
    `SELECT DISTINCT "shopifyId" FROM "${table}" WHERE "shopifyId" IN (${db.list(shopifyIds.length)}) AND "shopId" <> ?`,
    [...shopifyIds, shopId],
  );
  return new Set(rows.map((r) => r.shopifyId));
}
