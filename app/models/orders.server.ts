import { randomUUID } from "node:crypto";
import prisma from "../db.server";
import { sql, type Sql, type SqlStatements } from "../lib/sql.server";
import { heldByOtherShops } from "./shopify-ids.server";
import {
  inBatches,
  MAX_BATCH,
  newestOfEach,
  writeResult,
  type OrderLineRecord,
  type OrderRecord,
  type WriteOptions,
  type WriteOutcome,
  type WriteResult,
} from "./records";
import { redactedAmong } from "./redacted-customers.server";

/**
 * Customer row ids for Shopify customer ids, creating the missing ones. A
 * customer redacted from the shop is not created again: an older order
 * arriving after customers/redact is stored without its customer.
 */
async function ensureCustomers(db: Sql, tx: SqlStatements, shopId: string, shopifyIds: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(shopifyIds)];
  const redacted = await redactedAmong(shopId, unique, tx);
  const wanted = unique.filter((id) => !redacted.has(id));
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
    await tx.insert([
      {
        table: "Customer",
        columns: ["id", "shopId", "shopifyId", "createdAt"],
        rows: missing.map((m) => [randomUUID(), shopId, m, now]),
        ignoreConflicts: true,
      },
    ]);
    await select(missing);
  }
  return ids;
}

const ORDER_COLUMNS = [
  "name",
  "customerId",
  "totalPrice",
  "currencyCode",
  "financialStatus",
  "cancelledAt",
  "processedAt",
  "shopifyUpdatedAt",
  "syncedAt",
  "cartAttribution",
];
const TIMESTAMP_COLUMNS = new Set(["cancelledAt", "processedAt", "shopifyUpdatedAt", "syncedAt"]);
const LINE_COLUMNS = ["id", "shopId", "orderId", "shopifyId", "productShopifyId", "variantShopifyId", "sku", "title", "quantity", "price"];

function orderValues(db: Sql, r: OrderRecord, customerId: string | null, now: string) {
  const ts = (d: Date | null) => (d ? db.timestamp(d) : null);
  return [
    r.name,
    customerId,
    r.totalPrice,
    r.currencyCode,
    r.financialStatus,
    ts(r.cancelledAt),
    ts(r.processedAt),
    ts(r.shopifyUpdatedAt),
    now,
    r.cartAttribution ?? null,
  ];
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
export async function writeOrders(
  shopId: string,
  records: OrderRecord[],
  options: WriteOptions & { source?: "shopify" | "import" } = {},
): Promise<WriteResult> {
  if (records.length > MAX_BATCH) return inBatches(records, (batch) => writeOrders(shopId, batch, options));
  if (!records.length) return writeResult(records, []);
  const db = await sql();
  const { tx, source = "shopify" } = options;
  if (!tx) return db.transaction((t) => writeOrders(shopId, records, { ...options, tx: t }));

  // The same order twice in one write (two webhooks, or an import's order
  // split by the file): the newest version is the one written.
  const newest = newestOfEach(records);
  const outcomes: WriteOutcome[] = records.map((r, i) => (newest.get(r.shopifyId) === i ? "stale" : "superseded"));
  const unique = [...newest.values()].map((i) => ({ i, r: records[i] }));

  const customers = await ensureCustomers(
    db,
    tx,
    shopId,
    unique.flatMap(({ r }) => (r.customerShopifyId ? [r.customerShopifyId] : [])),
  );
  const customerOf = (r: OrderRecord) => (r.customerShopifyId ? (customers.get(r.customerShopifyId) ?? null) : null);
  const existing = await tx.all<{ id: string; shopifyId: string }>(
    `SELECT "id", "shopifyId" FROM "Order" WHERE "shopId" = ? AND "shopifyId" IN (${db.list(unique.length)})`,
    [shopId, ...unique.map(({ r }) => r.shopifyId)],
  );
  const idByShopifyId = new Map(existing.map((o) => [o.shopifyId, o.id]));
  const now = db.timestamp(new Date());
  // Imported history has shop-local keys ("import:…"); only Shopify's ids are global.
  const foreign =
    options.refuseHeldElsewhere && source === "shopify"
      ? await heldByOtherShops(
          db,
          tx,
          "Order",
          shopId,
          unique.filter(({ r }) => !idByShopifyId.has(r.shopifyId)).map(({ r }) => r.shopifyId),
        )
      : new Set<string>();

  const held = unique.filter(({ r }) => idByShopifyId.has(r.shopifyId));
  const updated = new Set<string>();
  if (held.length) {
    // One conditional multi-row UPDATE: only rows whose stored version is not newer change.
    const ts = db.provider === "postgresql" ? "::timestamp(3)" : "";
    const columns = [...ORDER_COLUMNS, "guard"];
    const set = ORDER_COLUMNS.map((c) => `"${c}" = "v"."${c}"${TIMESTAMP_COLUMNS.has(c) ? ts : ""}`).join(", ");
    const rows = await tx.all<{ id: string }>(
      `WITH "v"("id", ${columns.map((c) => `"${c}"`).join(", ")}) AS (VALUES ${held.map(() => `(${db.list(columns.length + 1)})`).join(", ")})
       UPDATE "Order" SET ${set} FROM "v"
       WHERE "Order"."id" = "v"."id" AND "Order"."shopId" = ? AND "Order"."shopifyUpdatedAt" <= "v"."guard"${ts}
       RETURNING "Order"."id"`,
      [...held.flatMap(({ r }) => [idByShopifyId.get(r.shopifyId), ...orderValues(db, r, customerOf(r), now), db.timestamp(r.shopifyUpdatedAt)]), shopId],
    );
    for (const row of rows) updated.add(row.id);
    if (updated.size) await tx.run(`DELETE FROM "OrderLine" WHERE "shopId" = ? AND "orderId" IN (${db.list(updated.size)})`, [shopId, ...updated]);
  }

  const fresh: { id: string; r: OrderRecord }[] = [];
  for (const { i, r } of unique) {
    if (idByShopifyId.has(r.shopifyId)) {
      if (updated.has(idByShopifyId.get(r.shopifyId)!)) outcomes[i] = "updated";
    } else if (foreign.has(r.shopifyId)) {
      outcomes[i] = "refused";
    } else {
      outcomes[i] = "created";
      fresh.push({ id: randomUUID(), r });
    }
  }
  const lines = [
    ...held.flatMap(({ r }) => {
      const id = idByShopifyId.get(r.shopifyId)!;
      return updated.has(id) ? lineRows(shopId, id, r) : [];
    }),
    ...fresh.flatMap(({ id, r }) => lineRows(shopId, id, r)),
  ];
  await tx.insert([
    {
      table: "Order",
      columns: ["id", "shopId", "shopifyId", "source", ...ORDER_COLUMNS],
      rows: fresh.map(({ id, r }) => [id, shopId, r.shopifyId, source, ...orderValues(db, r, customerOf(r), now)]),
    },
    { table: "OrderLine", columns: LINE_COLUMNS, rows: lines },
  ]);
  return writeResult(records, outcomes);
}

export function countOrders(shopId: string) {
  return prisma.order.count({ where: { shopId } });
}

/** What training reads of an order. */
const PURCHASE_SELECT = {
  shopifyId: true,
  processedAt: true,
  customer: { select: { shopifyId: true } },
  lines: { select: { productShopifyId: true, sku: true, quantity: true } },
} as const;

/**
 * Every purchase the shop has (synced and imported orders, not cancelled),
 * for training, a page of orders at a time in order id order, so that a shop
 * with millions of order lines is never held whole. Plain SQL, one query a
 * page (docs/decisions/0005-hot-path-sql.md): through Prisma, reading 10
 * million lines cost minutes of its per-row work.
 */
export async function* purchasePages(shopId: string, pageSize = 2_000): AsyncGenerator<Purchase[]> {
  const db = await sql();
  let after = "";
  for (;;) {
    const rows = await db.all<{ order: string; at: unknown; customer: string | null; product: string | null; sku: string | null; quantity: number | null }>(
      `SELECT o."shopifyId" AS "order", o."processedAt" AS "at", c."shopifyId" AS "customer",
              l."productShopifyId" AS "product", l."sku" AS "sku", l."quantity" AS "quantity"
       FROM (SELECT "id", "shopifyId", "processedAt", "customerId" FROM "Order"
             WHERE "shopId" = ? AND "cancelledAt" IS NULL AND "shopifyId" > ?
             ORDER BY "shopifyId" LIMIT ?) AS o
       LEFT JOIN "Customer" c ON c."id" = o."customerId"
       LEFT JOIN "OrderLine" l ON l."orderId" = o."id"
       ORDER BY o."shopifyId", l."shopifyId"`,
      [shopId, after, pageSize],
    );
    const page: Purchase[] = [];
    for (const r of rows) {
      let order = page[page.length - 1];
      if (order?.shopifyId !== r.order) {
        order = {
          shopifyId: r.order,
          processedAt: new Date(db.readTimestamp(r.at)),
          customer: r.customer === null ? null : { shopifyId: r.customer },
          lines: [],
        };
        page.push(order);
      }
      // An order without lines comes back once, with no line.
      if (r.quantity !== null) order.lines.push({ productShopifyId: r.product, sku: r.sku, quantity: Number(r.quantity) });
    }
    if (page.length) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1].shopifyId;
  }
}

/** An order as training reads it. */
export interface Purchase {
  shopifyId: string;
  processedAt: Date;
  customer: { shopifyId: string } | null;
  lines: { productShopifyId: string | null; sku: string | null; quantity: number }[];
}

/** Some purchases (not cancelled), as training reads them, for updates between trainings. */
export async function listPurchasesByIds(shopId: string, shopifyIds: readonly string[]) {
  const out = [];
  for (let i = 0; i < shopifyIds.length; i += 500) {
    out.push(
      ...(await prisma.order.findMany({
        where: { shopId, cancelledAt: null, shopifyId: { in: shopifyIds.slice(i, i + 500) } },
        select: PURCHASE_SELECT,
      })),
    );
  }
  return out;
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

/** Units sold per variant and order, since a date (cancelled orders left out), for demand forecasting. */
export function variantSalesSince(shopId: string, since: Date) {
  return prisma.orderLine.findMany({
    where: { shopId, variantShopifyId: { not: null }, order: { processedAt: { gte: since }, cancelledAt: null } },
    select: { variantShopifyId: true, quantity: true, order: { select: { processedAt: true } } },
  });
}
