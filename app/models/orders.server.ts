import { randomUUID } from "node:crypto";
import prisma from "../db.server";
import { sql, type Sql, type SqlStatements } from "../lib/sql.server";
import { inBatches, MAX_BATCH, type OrderLineRecord, type OrderRecord, type WriteResult } from "./records";

/** Customer row ids for Shopify customer ids, creating the missing ones. */
async function ensureCustomers(db: Sql, tx: SqlStatements, shopId: string, shopifyIds: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(shopifyIds)];
  const ids = new Map<string, string>();
  if (!wanted.length) return ids;
  const select = async (keys: string[]) => {
    const rows = await tx.all<{ id: string; shopifyId: string }>(
      `SELECT "id", "shopifyId" FROM "Customer" WHERE "shopId" = ? AND "shopifyId" IN (${db.list(keys.length)})`,
      [shopId, ...keys],
    );
    for (const c of rows) ids.set(c.shopifyId, c.id);
  };
  await select(wanted);
  const missing = wanted.filter((s) => !ids.has(s));
  if (missing.length) {
    const now = db.timestamp(new Date());
    // ON CONFLICT: another worker may create the same customer at the same time (PostgreSQL).
    await tx.insert([{ table: "Customer", columns: ["id", "shopId", "shopifyId", "createdAt"], rows: missing.map((m) => [randomUUID(), shopId, m, now]), ignoreConflicts: true }]);
    await select(missing);
  }
  return ids;
}

const ORDER_COLUMNS = ["name", "customerId", "totalPrice", "currencyCode", "financialStatus", "cancelledAt", "processedAt", "shopifyUpdatedAt", "syncedAt"];
const LINE_COLUMNS = ["id", "shopId", "orderId", "shopifyId", "productShopifyId", "variantShopifyId", "sku", "title", "quantity", "price"];

function orderValues(db: Sql, r: OrderRecord, customerId: string | null, now: string) {
  const ts = (d: Date | null) => (d ? db.timestamp(d) : null);
  return [r.name, customerId, r.totalPrice, r.currencyCode, r.financialStatus, ts(r.cancelledAt), ts(r.processedAt), ts(r.shopifyUpdatedAt), now];
}

function lineRows(shopId: string, orderId: string, r: OrderRecord) {
  return r.lines.map((l) => [randomUUID(), shopId, orderId, l.shopifyId, l.productShopifyId, l.variantShopifyId, l.sku, l.title, l.quantity, l.price]);
}

/**
 * Writes orders (with their lines and customers) as Shopify last described
 * them; an older version than the one held is stale and ignored. The
 * conditional update is the guard (not a read-then-write), so two workers
 * applying two versions of one order at once still end with the newer one.
 *
 * Plain SQL in one transaction (`tx`, when the caller applies several
 * deliveries in one): an initial import writes half a million lines, and
 * Prisma's per-query compile cost would dominate.
 */
export async function writeOrders(shopId: string, records: OrderRecord[], source: "shopify" | "import" = "shopify", tx?: SqlStatements): Promise<WriteResult> {
  if (records.length > MAX_BATCH) return inBatches(records, (batch) => writeOrders(shopId, batch, source, tx));
  const result: WriteResult = { created: 0, updated: 0, stale: 0 };
  if (!records.length) return result;
  const db = await sql();
  if (!tx) return db.transaction((t) => writeOrders(shopId, records, source, t));

  const customers = await ensureCustomers(db, tx, shopId, records.flatMap((r) => (r.customerShopifyId ? [r.customerShopifyId] : [])));
  const existing = await tx.all<{ id: string; shopifyId: string }>(
    `SELECT "id", "shopifyId" FROM "Order" WHERE "shopId" = ? AND "shopifyId" IN (${db.list(records.length)})`,
    [shopId, ...records.map((r) => r.shopifyId)],
  );
  const idByShopifyId = new Map(existing.map((o) => [o.shopifyId, o.id]));
  const now = db.timestamp(new Date());
  const fresh: unknown[][] = [];
  const lines: unknown[][] = [];
  const update = `UPDATE "Order" SET ${ORDER_COLUMNS.map((c) => `"${c}" = ?`).join(", ")} WHERE "id" = ? AND "shopId" = ? AND "shopifyUpdatedAt" <= ?`;
  for (const r of records) {
    const customerId = r.customerShopifyId ? (customers.get(r.customerShopifyId) ?? null) : null;
    let id = idByShopifyId.get(r.shopifyId);
    if (!id) {
      id = randomUUID();
      // The same order twice in one batch: the later record is applied as an update below.
      idByShopifyId.set(r.shopifyId, id);
      fresh.push([id, shopId, r.shopifyId, source, ...orderValues(db, r, customerId, now)]);
      lines.push(...lineRows(shopId, id, r));
      result.created++;
      continue;
    }
    if (fresh.length) await flush();
    const changed = await tx.run(update, [...orderValues(db, r, customerId, now), id, shopId, db.timestamp(r.shopifyUpdatedAt)]);
    if (!changed) {
      result.stale++;
      continue;
    }
    await tx.run(`DELETE FROM "OrderLine" WHERE "shopId" = ? AND "orderId" = ?`, [shopId, id]);
    lines.push(...lineRows(shopId, id, r));
    await flush();
    result.updated++;
  }
  await flush();
  return result;

  async function flush() {
    await tx!.insert([
      { table: "Order", columns: ["id", "shopId", "shopifyId", "source", ...ORDER_COLUMNS], rows: fresh.splice(0) },
      { table: "OrderLine", columns: LINE_COLUMNS, rows: lines.splice(0) },
    ]);
  }
}

export function countOrders(shopId: string) {
  return prisma.order.count({ where: { shopId } });
}

/** Every purchase the shop has (synced and imported orders, not cancelled), for training. */
export function listPurchases(shopId: string) {
  return prisma.order.findMany({
    where: { shopId, cancelledAt: null },
    select: {
      shopifyId: true,
      processedAt: true,
      customer: { select: { shopifyId: true } },
      lines: { select: { productShopifyId: true, sku: true, quantity: true } },
    },
  });
}

/** Orders placed by these customers since a time, with the products in them (A/B test attribution). */
export function ordersOfCustomersSince(shopId: string, customerShopifyIds: string[], since: Date) {
  if (!customerShopifyIds.length) return Promise.resolve([]);
  return prisma.order.findMany({
    where: { shopId, cancelledAt: null, processedAt: { gte: since }, customer: { shopifyId: { in: [...new Set(customerShopifyIds)] } } },
    orderBy: { processedAt: "asc" },
    select: {
      shopifyId: true,
      processedAt: true,
      totalPrice: true,
      customer: { select: { shopifyId: true } },
      lines: { select: { productShopifyId: true } },
    },
  });
}

/** The lines already stored for these orders, keyed by order, to add to an order written in parts. */
export async function linesOfOrders(shopId: string, orderShopifyIds: string[]) {
  const byOrder = new Map<string, OrderLineRecord[]>();
  if (!orderShopifyIds.length) return byOrder;
  const orders = await prisma.order.findMany({
    where: { shopId, shopifyId: { in: orderShopifyIds } },
    select: {
      shopifyId: true,
      lines: { select: { shopifyId: true, productShopifyId: true, variantShopifyId: true, sku: true, title: true, quantity: true, price: true } },
    },
  });
  for (const o of orders) byOrder.set(o.shopifyId, o.lines);
  return byOrder;
}
