// The seeded store from the UCI Online Retail dataset (a UK gift-ware
// retailer, Dec 2010 - Dec 2011), read in place from
// ../shared/data/online-retail.csv.gz (see its README for the columns).
//
// Products are the stock codes that are real products; orders are the
// invoices (not cancellations) with their product lines; customers are the
// customer ids of those orders. Full size: 3,907 products (+ one gift card),
// 19,773 orders with 527,758 lines, 4,334 customers.
//
// The CSV is parsed once per process into a compact form (typed arrays for
// the order lines) and each shop gets fresh records built from it.

import fs from "node:fs";
import zlib from "node:zlib";
import { parse } from "csv-parse";
import { defaultOnlineRetailPath } from "../paths.js";
import type { CustomerSeed, OrderSeed, ProductSeed, StoreData } from "../store.js";
import { handleize } from "../text.js";
import { isoSeconds } from "../time.js";
import { catalogProduct, giftCardProduct } from "./catalog.js";

export interface OnlineRetailOptions {
  /** The .csv.gz (or .csv) to read; defaults to ../shared/data/online-retail.csv.gz. */
  dataPath?: string;
  /** Keep the N products bought on the most invoices (orders keep only their lines). */
  maxProducts?: number;
  /** Keep the first N orders (by date) that still have lines. */
  maxOrders?: number;
  /** Keep orders processed at or after this instant. */
  since?: string | Date;
  /** Keep orders processed before this instant. */
  until?: string | Date;
  /** Add the gift card product (default true). */
  giftCard?: boolean;
}

interface ProductAggregate {
  sku: string;
  descriptions: Map<string, number>;
  /** Unit price in pence -> lines sold at it. */
  prices: Map<number, number>;
  firstSeen: string;
  lastSeen: string;
  invoices: number;
  lastInvoice: string;
}

/** The dataset, reduced: products, and orders as columns (line i belongs to order k when start[k] <= i < start[k+1]). */
export interface OnlineRetailDataset {
  products: { sku: string; description: string; price: string; firstSeen: string; lastSeen: string; invoices: number }[];
  orders: { invoice: string; processedAt: string; customer: string | null }[];
  lineStart: Uint32Array;
  lineProduct: Uint32Array;
  lineQuantity: Uint32Array;
  /** Unit price in pence. */
  linePrice: Uint32Array;
}

const cache = new Map<string, Promise<OnlineRetailDataset>>();

/** Parses (once per process and path) the online-retail CSV. */
export function loadOnlineRetail(dataPath: string = defaultOnlineRetailPath): Promise<OnlineRetailDataset> {
  let p = cache.get(dataPath);
  if (!p) {
    p = parseOnlineRetail(dataPath);
    cache.set(dataPath, p);
    p.catch(() => cache.delete(dataPath));
  }
  return p;
}

/** A product is a stock code of five digits (with an optional letter) or a DCGS gift-shop code; POST, DOT, M, C2, BANK CHARGES, gift_0001_* and the like are not. */
export function isProductCode(code: string): boolean {
  return /^\d{5}/.test(code) || code.startsWith("DCGS");
}

async function parseOnlineRetail(dataPath: string): Promise<OnlineRetailDataset> {
  if (!fs.existsSync(dataPath)) {
    throw new Error(
      `The online-retail dataset is not at ${dataPath}. It ships in ../shared/data beside the repository; use seed "generated" on machines without it.`,
    );
  }
  const products = new Map<string, ProductAggregate & { index: number }>();
  const orders: { invoice: string; processedAt: string; customer: string | null }[] = [];
  const orderIndex = new Map<string, number>();
  const lineOrder: number[] = [];
  const lineProduct: number[] = [];
  const lineQuantity: number[] = [];
  const linePrice: number[] = [];
  const dates = new Map<string, string>();
  let lastInvoice = "";
  let lastOrder = -1;

  const source = fs.createReadStream(dataPath, { highWaterMark: 1 << 20 });
  const input = dataPath.endsWith(".gz") ? source.pipe(zlib.createGunzip()) : source;
  const parser = input.pipe(parse({ from_line: 2, relax_column_count: true }));
  for await (const row of parser as AsyncIterable<string[]>) {
    const [invoice, code, description, qty, date, price, customerId] = row;
    if (!/^\d+$/.test(invoice) || !isProductCode(code)) continue; // cancellations ("C…"), adjustments ("A…"), non-products
    const quantity = Number(qty);
    const pence = Math.round(Number(price) * 100);
    if (!(quantity > 0) || !(pence > 0)) continue;

    let processedAt = dates.get(date);
    if (processedAt === undefined) {
      processedAt = londonTimeToIso(date);
      dates.set(date, processedAt);
    }
    let product = products.get(code);
    if (!product) {
      product = {
        index: products.size,
        sku: code,
        descriptions: new Map(),
        prices: new Map(),
        firstSeen: processedAt,
        lastSeen: processedAt,
        invoices: 0,
        lastInvoice: "",
      };
      products.set(code, product);
    }
    const desc = description.trim();
    if (desc) product.descriptions.set(desc, (product.descriptions.get(desc) ?? 0) + 1);
    product.prices.set(pence, (product.prices.get(pence) ?? 0) + 1);
    if (processedAt < product.firstSeen) product.firstSeen = processedAt;
    if (processedAt > product.lastSeen) product.lastSeen = processedAt;
    if (product.lastInvoice !== invoice) {
      product.invoices++;
      product.lastInvoice = invoice;
    }

    // Lines of one invoice are consecutive in the file; the map covers files where they are not.
    let k = invoice === lastInvoice ? lastOrder : orderIndex.get(invoice);
    if (k === undefined) {
      k = orders.length;
      orderIndex.set(invoice, k);
      // CustomerID is written as a float ("17850.0") and is blank for guest checkouts.
      orders.push({ invoice, processedAt, customer: customerId ? String(Math.trunc(Number(customerId))) : null });
    }
    lastInvoice = invoice;
    lastOrder = k;
    lineOrder.push(k);
    lineProduct.push(product.index);
    lineQuantity.push(quantity);
    linePrice.push(pence);
  }

  const aggregates = [...products.values()];
  const productList = aggregates.map((p) => ({
    sku: p.sku,
    description: p.descriptions.size ? mode(p.descriptions) : "",
    price: (mode(p.prices, (a, b) => a - b) / 100).toFixed(2),
    firstSeen: p.firstSeen,
    lastSeen: p.lastSeen,
    invoices: p.invoices,
  }));

  // Orders by date; their lines grouped after them (a counting sort: the file is large).
  const rank = orders
    .map((_o, i) => i)
    .sort((a, b) => (orders[a].processedAt < orders[b].processedAt ? -1 : orders[a].processedAt > orders[b].processedAt ? 1 : a - b));
  const rankOf = new Uint32Array(orders.length);
  rank.forEach((k, r) => (rankOf[k] = r));
  const lineStart = new Uint32Array(orders.length + 1);
  for (const k of lineOrder) lineStart[rankOf[k] + 1]++;
  for (let r = 0; r < orders.length; r++) lineStart[r + 1] += lineStart[r];
  const fill = lineStart.slice(0, orders.length);
  const n = lineOrder.length;
  const lp = new Uint32Array(n);
  const lq = new Uint32Array(n);
  const lpr = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const at = fill[rankOf[lineOrder[i]]]++;
    lp[at] = lineProduct[i];
    lq[at] = lineQuantity[i];
    lpr[at] = linePrice[i];
  }
  return { products: productList, orders: rank.map((k) => orders[k]), lineStart, lineProduct: lp, lineQuantity: lq, linePrice: lpr };
}

/** The most frequent key (ties: the smallest by `order`, else the first seen). */
function mode<K extends string | number>(counts: Map<K, number>, order?: (a: K, b: K) => number): K {
  let best = counts.keys().next().value as K;
  let bestCount = -1;
  for (const [key, n] of counts) {
    if (n > bestCount || (n === bestCount && order && order(key, best) < 0)) {
      best = key;
      bestCount = n;
    }
  }
  return best;
}

/**
 * InvoiceDate is London wall-clock time, "2010-12-01 08:26:00" in this file
 * (the original UCI file writes "12/1/2010 8:26"; both are read). British
 * Summer Time runs from the last Sunday of March to the last Sunday of
 * October, 01:00 UTC.
 */
export function londonTimeToIso(value: string): string {
  let y: number, mo: number, d: number, h: number, mi: number, s: number;
  let m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (m) [y, mo, d, h, mi, s] = [+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0)];
  else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/.exec(value.trim()))) [mo, d, y, h, mi, s] = [+m[1], +m[2], +m[3], +m[4], +m[5], 0];
  else throw new Error(`online-retail: unreadable InvoiceDate "${value}"`);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const bstStart = Date.UTC(y, 2, lastSunday(y, 2), 1);
  const bstEnd = Date.UTC(y, 9, lastSunday(y, 9), 1);
  const utc = asUtc - 3600_000 >= bstStart && asUtc - 3600_000 < bstEnd ? asUtc - 3600_000 : asUtc;
  return isoSeconds(new Date(utc));
}

function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return last.getUTCDate() - last.getUTCDay();
}

/** The online-retail store as seed data, cut down by the options. */
export async function onlineRetailStore(options: OnlineRetailOptions = {}): Promise<StoreData> {
  const data = await loadOnlineRetail(options.dataPath ?? defaultOnlineRetailPath);
  const since = options.since ? new Date(options.since).toISOString() : null;
  const until = options.until ? new Date(options.until).toISOString() : null;

  let keep: Set<number> | null = null;
  if (options.maxProducts !== undefined) {
    const ranked = data.products
      .map((p, i) => ({ i, n: p.invoices, sku: p.sku, described: p.description !== "" }))
      .filter((r) => r.described)
      .sort((a, b) => b.n - a.n || (a.sku < b.sku ? -1 : 1));
    keep = new Set(ranked.slice(0, options.maxProducts).map((r) => r.i));
  }
  const products: ProductSeed[] = [];
  const skuOf = new Map<number, string>();
  data.products.forEach((p, i) => {
    if (!p.description || (keep && !keep.has(i))) return;
    products.push(catalogProduct({ sku: p.sku, description: p.description, price: p.price, createdAt: p.firstSeen, updatedAt: p.lastSeen }));
    skuOf.set(i, p.sku);
  });
  if (options.giftCard !== false) products.push(giftCardProduct(data.orders[0]?.processedAt ?? "2010-12-01T00:00:00Z"));

  const orders: OrderSeed[] = [];
  const customers = new Map<string, CustomerSeed>();
  // Half a million lines share a few thousand prices: format each once.
  const prices = new Map<number, string>();
  const priceOf = (pence: number) => {
    let p = prices.get(pence);
    if (p === undefined) prices.set(pence, (p = (pence / 100).toFixed(2)));
    return p;
  };
  for (let k = 0; k < data.orders.length; k++) {
    if (options.maxOrders !== undefined && orders.length >= options.maxOrders) break;
    const o = data.orders[k];
    if (since && o.processedAt < since) continue;
    if (until && o.processedAt >= until) continue;
    const lineItems = [];
    for (let i = data.lineStart[k]; i < data.lineStart[k + 1]; i++) {
      const sku = skuOf.get(data.lineProduct[i]);
      if (sku === undefined) continue;
      lineItems.push({ sku, quantity: data.lineQuantity[i], price: priceOf(data.linePrice[i]) });
    }
    if (lineItems.length === 0) continue;
    if (o.customer && !customers.has(o.customer)) customers.set(o.customer, { id: Number(o.customer), key: o.customer, createdAt: o.processedAt });
    orders.push({ name: `#${o.invoice}`, processedAt: o.processedAt, customer: o.customer, lineItems });
  }

  return {
    shop: { name: "Aisle Demo Gifts", currencyCode: "GBP", moneyFormat: "£{{amount}}", moneyWithCurrencyFormat: "£{{amount}} GBP" },
    products,
    // Smart collections by product type, as a merchant sets them up first.
    collections: ["Christmas", "Kitchen & Dining", "Cards & Wrap"].map((type) => ({
      title: type,
      handle: handleize(type),
      rules: [{ column: "TYPE" as const, relation: "EQUALS" as const, condition: type }],
      updatedAt: data.orders[0]?.processedAt ?? "2010-12-01T00:00:00Z",
    })),
    customers: [...customers.values()],
    orders,
  };
}
