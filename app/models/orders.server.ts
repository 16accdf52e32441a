import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { lockForWrite } from "./write-lock.server";
import prisma from "../db.server";
import { sql } from "../lib/sql.server";
import { inBatches, MAX_BATCH, type OrderLineRecord, type OrderRecord, type WriteOptions, type WriteResult } from "./records";
import { redactedAmong } from "./redacted-customers.server";

type Tx = Prisma.TransactionClient;

/**
 * Customer row ids for Shopify customer ids, creating the missing ones. A
 * customer redacted from the shop is not created again: an older order
 * arriving after customers/redact is stored without its customer.
 */
async function ensureCustomers(tx: Tx, shopId: string, shopifyIds: string[]): Promise<Map<string, string>> {
  const redacted = await redactedAmong(shopId, [...new Set(shopifyIds)]);
  const wanted = [...new Set(shopifyIds)].filter((id) => !redacted.has(id));
  if (!wanted.length) return new Map();
  const found = await tx.customer.findMany({ where: { shopId, shopifyId: { in: wanted } }, select: { id: true, shopifyId: true } });
  const ids = new Map(found.map((c) => [c.shopifyId, c.id]));
  const missing = wanted.filter((s) => !ids.has(s)).map((shopifyId) => ({ id: randomUUID(), shopId, shopifyId }));
  if (missing.length) {
    await tx.customer.createMany({ data: missing });
    for (const c of missing) ids.set(c.shopifyId, c.id);
  }
  return ids;
}

/** Order ids among these that another shop already holds (see heldByOtherShops in products.server.ts). */
async function heldByOtherShops(tx: Tx, shopId: string, shopifyIds: string[]): Promise<Set<string>> {
  if (!shopifyIds.length) return new Set();
  const rows = await tx.order.findMany({ where: { shopifyId: { in: shopifyIds }, NOT: { shopId } }, select: { shopifyId: true } });
  return new Set(rows.map((r) => r.shopifyId));
}

function orderData(r: OrderRecord, customerId: string | null) {
  return {
    name: r.name,
    customerId,
    totalPrice: r.totalPrice,
    currencyCode: r.currencyCode,
    financialStatus: r.financialStatus,
    cancelledAt: r.cancelledAt,
    processedAt: r.processedAt,
    shopifyUpdatedAt: r.shopifyUpdatedAt,
    syncedAt: new Date(),
  };
}

function lineRows(shopId: string, orderId: string, r: OrderRecord) {
  return r.lines.map((l) => ({ id: randomUUID(), shopId, orderId, ...l }));
}

/**
 * Writes orders (with their lines and customers) as Shopify last described
 * them; an older version than the one held is stale and ignored.
 */
export async function writeOrders(shopId: string, records: OrderRecord[], source: "shopify" | "import" = "shopify", options: WriteOptions = {}): Promise<WriteResult> {
  if (records.length > MAX_BATCH) return inBatches(records, (batch) => writeOrders(shopId, batch, source, options));
  const result: WriteResult = { created: 0, updated: 0, stale: 0, refused: [] };
  if (!records.length) return result;
  let pending: { id: string; record: OrderRecord; customerId: string | null }[] = [];
  await prisma.$transaction(
    async (tx) => {
      await lockForWrite(tx);
      const customers = await ensureCustomers(
        tx,
        shopId,
        records.flatMap((r) => (r.customerShopifyId ? [r.customerShopifyId] : [])),
      );
      const existing = await tx.order.findMany({
        where: { shopId, shopifyId: { in: records.map((r) => r.shopifyId) } },
        select: { id: true, shopifyId: true },
      });
      const idByShopifyId = new Map(existing.map((o) => [o.shopifyId, o.id]));
      // Imported history has shop-local keys ("import:…"); only Shopify's ids are global.
      const foreign = options.refuseHeldElsewhere && source === "shopify" ? await heldByOtherShops(tx, shopId, records.filter((r) => !idByShopifyId.has(r.shopifyId)).map((r) => r.shopifyId)) : new Set<string>();
      const fresh: { id: string; record: OrderRecord }[] = [];
      for (const r of records) {
        const customerId = r.customerShopifyId ? (customers.get(r.customerShopifyId) ?? null) : null;
        const id = idByShopifyId.get(r.shopifyId);
        if (foreign.has(r.shopifyId)) {
          result.refused.push(r.shopifyId);
          continue;
        }
        if (!id) {
          fresh.push({ id: randomUUID(), record: r });
          continue;
        }
        const { count } = await tx.order.updateMany({
          where: { id, shopId, shopifyUpdatedAt: { lte: r.shopifyUpdatedAt } },
          data: orderData(r, customerId),
        });
        if (count === 0) {
          result.stale++;
          continue;
        }
        await tx.orderLine.deleteMany({ where: { shopId, orderId: id } });
        if (r.lines.length) await tx.orderLine.createMany({ data: lineRows(shopId, id, r) });
        result.updated++;
      }
      pending = fresh.map(({ id, record }) => ({ id, record, customerId: record.customerShopifyId ? (customers.get(record.customerShopifyId) ?? null) : null }));
    },
    { timeout: 120_000 },
  );
  if (pending.length) {
    await insertNewOrders(shopId, pending, source);
    result.created += pending.length;
  }
  return result;
}

/**
 * New orders and their lines in one plain-SQL transaction: an initial import
 * writes half a million lines, and Prisma's compile cost grows with the rows
 * of a createMany. Rows are exactly what Prisma would write.
 */
async function insertNewOrders(shopId: string, orders: { id: string; record: OrderRecord; customerId: string | null }[], source: string) {
  const db = await sql();
  const now = db.timestamp(new Date());
  const ts = (d: Date | null) => (d ? db.timestamp(d) : null);
  await db.insertBatch([
    {
      table: "Order",
      columns: ["id", "shopId", "shopifyId", "source", "name", "customerId", "totalPrice", "currencyCode", "financialStatus", "cancelledAt", "processedAt", "shopifyUpdatedAt", "syncedAt"],
      rows: orders.map(({ id, record: r, customerId }) => [id, shopId, r.shopifyId, source, r.name, customerId, r.totalPrice, r.currencyCode, r.financialStatus, ts(r.cancelledAt), ts(r.processedAt), ts(r.shopifyUpdatedAt), now]),
    },
    {
      table: "OrderLine",
      columns: ["id", "shopId", "orderId", "shopifyId", "productShopifyId", "variantShopifyId", "sku", "title", "quantity", "price"],
      rows: orders.flatMap(({ id, record }) =>
        record.lines.map((l) => [randomUUID(), shopId, id, l.shopifyId, l.productShopifyId, l.variantShopifyId, l.sku, l.title, l.quantity, l.price]),
      ),
    },
  ]);
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

/** A customer's orders as held, for customers/data_request. */
export function ordersOfCustomer(shopId: string, customerShopifyId: string) {
  return prisma.order.findMany({
    where: { shopId, customer: { shopifyId: customerShopifyId } },
    orderBy: { processedAt: "asc" },
    select: {
      shopifyId: true,
      name: true,
      processedAt: true,
      totalPrice: true,
      currencyCode: true,
      lines: { select: { productShopifyId: true, variantShopifyId: true, title: true, quantity: true, price: true } },
    },
  });
}
