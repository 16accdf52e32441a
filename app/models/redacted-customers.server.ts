import { createHash, randomUUID } from "node:crypto";
import { sql, type SqlStatements } from "../lib/sql.server";

/**
 * How a redacted customer is remembered: a hash of the shop and the
 * customer's Shopify id, never the id itself, so the tombstone is not
 * personal data it would have to erase in turn.
 */
export function redactedCustomerHash(shopId: string, customerShopifyId: string): string {
  return createHash("sha256").update(`aisle:redacted-customer:${shopId}:${customerShopifyId}`).digest("hex");
}

export async function rememberRedactedCustomer(shopId: string, customerShopifyId: string) {
  // One statement (not Prisma's read-then-write upsert), so SQLite waits for its write lock.
  const db = await sql();
  await db.run(
    `INSERT INTO "RedactedCustomer" ("id", "shopId", "customerHash", "redactedAt") VALUES (?, ?, ?, ?) ON CONFLICT ("shopId", "customerHash") DO NOTHING`,
    [randomUUID(), shopId, redactedCustomerHash(shopId, customerShopifyId), db.timestamp(new Date())],
  );
}

/** The ones among these customers that were redacted from the shop (in the caller's transaction when it gives one). */
export async function redactedAmong(shopId: string, customerShopifyIds: string[], tx?: SqlStatements): Promise<Set<string>> {
  if (!customerShopifyIds.length) return new Set();
  const db = await sql();
  const byHash = new Map(customerShopifyIds.map((id) => [redactedCustomerHash(shopId, id), id]));
  const rows = await (tx ?? db).all<{ customerHash: string }>(
    `SELECT "customerHash" FROM "RedactedCustomer" WHERE "shopId" = ? AND "customerHash" IN (${db.list(byHash.size)})`,
    [shopId, ...byHash.keys()],
  );
  return new Set(rows.map((r) => byHash.get(r.customerHash)!));
}

/** The same question on the webhook acknowledgement path, by plain SQL. */
export async function isRedactedCustomer(shopId: string, customerShopifyId: string): Promise<boolean> {
  const db = await sql();
  const row = await db.get(`SELECT 1 AS "hit" FROM "RedactedCustomer" WHERE "shopId" = ? AND "customerHash" = ?`, [
    shopId,
    redactedCustomerHash(shopId, customerShopifyId),
  ]);
  return row !== undefined;
}
