// "Import past orders": a merchant's order-lines CSV (history from before the
// store used Shopify) becomes orders Aisle trains on.
//
// The file is streamed: bytes are decompressed and parsed as they are read,
// and lines are grouped into orders and written in batches of a few
// thousand lines, one writeOrders call each, so memory stays flat whatever
// the file's size. An order is written with all of its lines or not at all;
// a failed import is marked failed with what was saved, and importing the
// file again replaces those orders. Reading waits while a batch is written.
// docs/decisions/0006-order-history-import.md

import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { constants as zlibConstants, createGunzip, gunzipSync } from "node:zlib";
import { z } from "zod";
import { productIdsBySku } from "../../models/catalog.server";
import { linesOfOrders, writeOrders } from "../../models/orders.server";
import type { OrderLineRecord, OrderRecord } from "../../models/records";
import { createOrderImport, finishOrderImport, listOrderImports, updateOrderImportProgress } from "../../models/recommendations.server";
import { errorMessage } from "../../lib/errors.server";
import { logger } from "../../lib/logger.server";
import { CsvRecordReader, sniffDelimiter } from "./import/csv-records";
import { OrderImportError, readOrderLinesCsv, type ColumnMapping, type OrderLine, type RejectCode, type SkipCode } from "./import/order-lines-csv";

/** Largest upload accepted (compressed size for .csv.gz). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Largest file once decompressed: a gzip bomb stops here. */
export const MAX_CSV_BYTES = 1024 ** 3;
/** Rejected lines kept for the report (the count stays exact). */
export const REPORTED_REJECTIONS = 50;
/** How much of a file the header preview reads. */
export const HEADER_SAMPLE_BYTES = 64 * 1024;
// A batch is one transaction. Its orders' ids go into `IN (...)` lists, which
// SQLite bounds, hence a cap on orders as well as on lines.
const BATCH_LINES = 5_000;
const BATCH_ORDERS = 400;

export type MappingKey = "order" | "customer" | "product" | "date" | "quantity" | "price";

/** The columns the import asks for, in the order the form shows them. */
export const MAPPING_FIELDS: { key: MappingKey; label: string; required: boolean; helpText: string }[] = [
  { key: "order", label: "Order", required: true, helpText: "Lines with the same value belong to one order." },
  { key: "customer", label: "Customer", required: true, helpText: "A customer id; an email is stored only as a one-way hash." },
  { key: "product", label: "Product SKU", required: true, helpText: "Matched to your products' variant SKUs." },
  { key: "date", label: "Order date", required: true, helpText: "e.g. 2011-12-09 12:50 or 12/9/2011 12:50." },
  { key: "quantity", label: "Quantity", required: false, helpText: "Without it every line counts once." },
  { key: "price", label: "Unit price", required: false, helpText: "Optional." },
];

// Header names seen in common exports (Shopify's own order export, the UCI
// Online Retail dataset, WooCommerce, spreadsheets), compared without case,
// spaces or punctuation. Earlier names win.
const SYNONYMS: Record<MappingKey, string[]> = {
  order: ["invoiceno", "invoice", "ordernumber", "orderno", "orderid", "order", "ordername", "name", "transactionid"],
  customer: ["customerid", "customer", "customernumber", "customerno", "clientid", "userid", "email", "customeremail", "billingemail"],
  product: ["sku", "lineitemsku", "variantsku", "productsku", "stockcode", "itemsku", "productcode", "itemcode", "productid", "product"],
  date: ["invoicedate", "orderdate", "date", "createdat", "processedat", "paidat", "orderedat", "datetime", "timestamp"],
  quantity: ["quantity", "lineitemquantity", "qty", "units", "itemquantity"],
  price: ["unitprice", "lineitemprice", "price", "itemprice", "priceeach"],
};

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The header columns most likely meant for each field ("" when none fits). */
export function guessMapping(header: string[]): Record<MappingKey, string> {
  const used = new Set<string>();
  const guess = {} as Record<MappingKey, string>;
  for (const key of Object.keys(SYNONYMS) as MappingKey[]) {
    guess[key] = "";
    for (const synonym of SYNONYMS[key]) {
      const column = header.find((h) => !used.has(h) && squash(h) === synonym);
      if (column) {
        guess[key] = column;
        used.add(column);
        break;
      }
    }
  }
  return guess;
}

const GZIP = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/**
 * The header of a file from its first bytes (a slice the browser sends
 * before the upload), so staff can map columns before importing. A slice of
 * a .gz file is a truncated gzip stream; zlib's sync flush decompresses
 * what is there.
 */
export function readCsvHeader(sample: Uint8Array): { header: string[]; delimiter: string; compressed: boolean; mapping: Record<MappingKey, string> } {
  let bytes = sample;
  const compressed = GZIP(bytes);
  if (compressed) {
    try {
      bytes = gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      throw new OrderImportError("not_csv", "The file ends in .gz but could not be decompressed.");
    }
  }
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new OrderImportError("not_csv", "This is a ZIP or Excel (.xlsx) file; export the orders as CSV first.");
  }
  let encoding = "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = "utf-16le";
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = "utf-16be";
  else if (bytes.subarray(0, 4096).includes(0)) throw new OrderImportError("not_csv", "The file contains binary data; export the orders as CSV (UTF-8).");
  const text = new TextDecoder(encoding).decode(bytes);
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? "";
  if (!firstLine.trim()) throw new OrderImportError("empty_file", "The file is empty or starts with a blank line.");
  const delimiter = sniffDelimiter(firstLine);
  let header: string[] | null = null;
  const reader = new CsvRecordReader({
    delimiter,
    maxRecordChars: HEADER_SAMPLE_BYTES,
    onRecord: (record) => {
      header ??= record.fields.map((f) => f.replace(/^\uFEFF/, "").trim());
    },
    onOversize: () => {},
  });
  reader.push(text.includes("\n") || text.includes("\r") ? text : `${text}\n`);
  const columns: string[] = header ?? [];
  if (!columns.filter(Boolean).length) throw new OrderImportError("not_csv", "The first line has no column names.");
  return { header: columns, delimiter, compressed, mapping: guessMapping(columns) };
}

const column = z.string().trim().max(200);

/** The column mapping as the import form posts it. */
export const importFormSchema = z.object({
  order: column.min(1, "Choose the column with the order"),
  customer: column.min(1, "Choose the column with the customer"),
  product: column.min(1, "Choose the column with the product SKU"),
  date: column.min(1, "Choose the column with the order date"),
  quantity: column.optional().transform((v) => v || undefined),
  price: column.optional().transform((v) => v || undefined),
  // "auto" (or nothing): the file's own dates decide; see import/order-dates.ts.
  dateOrder: z
    .enum(["auto", "month_first", "day_first"])
    .optional()
    .transform((v) => (v === "day_first" ? true : v === "month_first" ? false : undefined)),
});

/** The header preview for the import form; a file that cannot be read gets a message instead. */
export function previewOrderFile(sample: Uint8Array): { ok: true; header: string[]; mapping: Record<MappingKey, string> } | { ok: false; error: string } {
  try {
    const { header, mapping } = readCsvHeader(sample);
    return { ok: true, header, mapping };
  } catch (error) {
    if (error instanceof OrderImportError) return { ok: false, error: error.message };
    throw error;
  }
}

export interface ImportOrdersInput {
  fileName: string;
  /** The uploaded file on disk (plain or gzip-compressed CSV). */
  path: string;
  mapping: ColumnMapping;
  /** Read 01/12/2010 as 1 December (true) or January 12 (false); undefined: as the file's own dates say. */
  dayFirst?: boolean;
}

export interface OrderImportReport {
  importId: string;
  fileName: string;
  status: "succeeded" | "failed";
  importedLines: number;
  orders: number;
  rejectedLines: number;
  rejections: { line: number; reason: string }[];
  /** Cancellations and returns: not purchases, left out by design. */
  skippedLines: number;
  /** Lines whose SKU matched no product today; kept, and used once such a product exists. */
  unmatchedLines: number;
  unmatchedExamples: string[];
  error: string | null;
}

interface PendingOrder {
  key: string;
  customer: string | null;
  date: number;
  lines: OrderLineRecord[];
}

/**
 * Customer ids are kept as they are (they link orders of one customer, and
 * may be Shopify ids from an earlier export), except emails: Aisle stores no
 * personal data, so an email becomes a stable one-way hash.
 */
function customerKey(raw: string | null): string | null {
  if (!raw) return null;
  return raw.includes("@") ? `email-sha256:${createHash("sha256").update(raw.trim().toLowerCase()).digest("hex").slice(0, 32)}` : raw;
}

const orderShopifyId = (key: string) => `import:${key}`;
const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

function toOrderRecord(order: PendingOrder, currencyCode: string, importedAt: Date): OrderRecord {
  const total = sum(order.lines.map((l) => Number(l.price) * l.quantity));
  return {
    shopifyId: orderShopifyId(order.key),
    name: order.key,
    customerShopifyId: order.customer,
    totalPrice: total.toFixed(2),
    currencyCode,
    financialStatus: null,
    cancelledAt: null,
    processedAt: new Date(order.date),
    // The import's time: a later import of the same order replaces this one.
    shopifyUpdatedAt: importedAt,
    lines: order.lines,
  };
}

/** Decompressed chunks of a file, gunzipped when it starts with gzip's magic number. */
async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const head = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    createReadStream(path, { start: 0, end: 1 })
      .on("data", (c) => chunks.push(c as Buffer))
      .on("end", () => resolve(Buffer.concat(chunks)))
      .on("error", reject);
  });
  const raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (!GZIP(head)) {
    yield* raw;
    return;
  }
  const gunzip = createGunzip();
  raw.on("error", (e) => gunzip.destroy(e));
  try {
    yield* raw.pipe(gunzip);
  } catch (error) {
    throw new OrderImportError("not_csv", `The file could not be decompressed (${errorMessage(error)}).`);
  }
}

/**
 * Imports an order-lines CSV for a shop and records the outcome as an
 * OrderImport. Problems with the file as a whole (a mapped column missing,
 * not a CSV) end the import with a message naming the problem; bad lines are
 * rejected one by one with their line number.
 */
export async function importOrderHistory(shop: { id: string; currencyCode: string }, input: ImportOrdersInput): Promise<OrderImportReport> {
  return (await beginOrderImport(shop, input)).done;
}

/**
 * Starts an import and returns its id at once, with the import's outcome as
 * a promise: a large file takes minutes (every line is a row), longer than a
 * request should wait, so the page can answer and follow the OrderImport row,
 * which shows progress after every batch.
 */
export async function beginOrderImport(
  shop: { id: string; currencyCode: string },
  input: ImportOrdersInput,
): Promise<{ importId: string; done: Promise<OrderImportReport> }> {
  const record = await createOrderImport(shop.id, input.fileName);
  return { importId: record.id, done: runOrderImport(shop, input, record.id) };
}

async function runOrderImport(shop: { id: string; currencyCode: string }, input: ImportOrdersInput, importId: string): Promise<OrderImportReport> {
  const log = logger.child({ shopId: shop.id, orderImportId: importId });
  let skuIndex = new Map<string, string>();
  const importedAt = new Date();

  const pending = new Map<string, PendingOrder>();
  let pendingLines = 0;
  let lastKey: string | null = null;
  const written = new Set<string>();
  let importedLines = 0;
  let unmatchedLines = 0;
  const unmatched = new Set<string>();

  const onRow = (row: OrderLine) => {
    let order = pending.get(row.order);
    if (!order) {
      order = { key: row.order, customer: customerKey(row.customer), date: row.date, lines: [] };
      pending.set(row.order, order);
    }
    order.customer ??= customerKey(row.customer);
    order.date = Math.min(order.date, row.date);
    const sku = row.product.trim();
    const productShopifyId = skuIndex.get(sku.toUpperCase()) ?? null;
    if (!productShopifyId) {
      unmatchedLines++;
      if (unmatched.size < 10) unmatched.add(sku);
    }
    order.lines.push({
      shopifyId: `import:${row.order}:${row.line}`,
      productShopifyId,
      variantShopifyId: null,
      sku,
      title: row.title ?? sku,
      quantity: Math.round(row.quantity),
      price: (row.price ?? 0).toFixed(2),
    });
    pendingLines++;
    lastKey = row.order;
  };

  /**
   * Writes the orders gathered so far, in one transaction. The order the
   * file is in the middle of stays open unless `all` (its next lines are
   * probably still to come). An order met again after it was written gets
   * its earlier lines back, so lines of one order may be anywhere in the file.
   */
  const flush = async (all: boolean) => {
    const ready = [...pending.values()].filter((o) => all || o.key !== lastKey || o.lines.length >= BATCH_LINES);
    for (let start = 0; start < ready.length;) {
      const batch: PendingOrder[] = [];
      let lines = 0;
      while (start < ready.length && batch.length < BATCH_ORDERS && (lines < BATCH_LINES || !batch.length)) {
        batch.push(ready[start]);
        lines += ready[start++].lines.length;
      }
      const again = batch.filter((o) => written.has(o.key));
      const earlier = await linesOfOrders(
        shop.id,
        again.map((o) => orderShopifyId(o.key)),
      );
      const records = batch.map((o) =>
        toOrderRecord({ ...o, lines: [...(earlier.get(orderShopifyId(o.key)) ?? []), ...o.lines] }, shop.currencyCode, importedAt),
      );
      await writeOrders(shop.id, records, { source: "import" });
      for (const o of batch) {
        written.add(o.key);
        importedLines += o.lines.length;
        pendingLines -= o.lines.length;
        pending.delete(o.key);
      }
      await updateOrderImportProgress(shop.id, importId, { importedLines, orders: written.size });
    }
  };

  // Parsing waits for each batch to be written before reading on.
  async function* throttled(): AsyncGenerator<Uint8Array> {
    for await (const chunk of fileChunks(input.path)) {
      yield chunk;
      if (pendingLines >= BATCH_LINES || pending.size >= BATCH_ORDERS) await flush(false);
    }
  }

  const report = (
    status: "succeeded" | "failed",
    parsed: { rejected: number; skipped: number; rejections: { line: number; reason: string }[] },
    error: string | null,
  ): OrderImportReport => ({
    importId: importId,
    fileName: input.fileName,
    status,
    importedLines,
    orders: written.size,
    rejectedLines: parsed.rejected,
    rejections: parsed.rejections,
    skippedLines: parsed.skipped,
    unmatchedLines,
    unmatchedExamples: [...unmatched],
    error,
  });

  try {
    skuIndex = await productIdsBySku(shop.id);
    const parsed = await readOrderLinesCsv(throttled(), input.mapping, {
      dayFirst: input.dayFirst,
      maxIssues: REPORTED_REJECTIONS,
      maxBytes: MAX_CSV_BYTES,
      onRow,
    });
    await flush(true);
    const counts = parsed.counts as Record<RejectCode | SkipCode, number | undefined>;
    const rejected = sum(
      (["missing_order", "empty_product", "bad_product", "bad_date", "bad_quantity", "bad_price", "too_long", "unterminated_quote"] as RejectCode[]).map(
        (c) => counts[c] ?? 0,
      ),
    );
    const skipped = sum((["cancelled", "non_positive_quantity"] as SkipCode[]).map((c) => counts[c] ?? 0));
    const rejections = parsed.rejected.slice(0, REPORTED_REJECTIONS).map(({ line, reason }) => ({ line, reason }));
    const result = report("succeeded", { rejected, skipped, rejections }, null);
    await finishOrderImport(shop.id, importId, {
      status: "succeeded",
      importedLines,
      orders: written.size,
      rejectedLines: rejected,
      rejections: JSON.stringify(rejections),
    });
    log.info({ importedLines, orders: written.size, rejected, skipped, unmatchedLines }, "order history imported");
    return result;
  } catch (error) {
    const fileProblem = error instanceof OrderImportError;
    if (!fileProblem) log.error({ err: error }, "order history import failed");
    const saved = written.size ? ` ${written.size} orders were saved before this; importing the file again replaces them.` : " Nothing was saved.";
    const message = fileProblem ? `${error.message}${saved}` : `Saving the orders failed: ${errorMessage(error)}.${saved}`;
    await finishOrderImport(shop.id, importId, { status: "failed", importedLines, orders: written.size, rejectedLines: 0, rejections: "[]", error: message });
    return report("failed", { rejected: 0, skipped: 0, rejections: [] }, message);
  }
}

// An import still "running" after this long was cut short (the server
// restarted mid-way): its batches are saved, the rest is not.
const INTERRUPTED_AFTER_MS = 2 * 3600_000;

/** The shop's latest imports, with their rejected lines. */
export async function listRecentImports(shopId: string, take = 5) {
  const rows = await listOrderImports(shopId, take);
  return rows.map((r) => {
    let rejections: { line: number; reason: string }[] = [];
    try {
      rejections = JSON.parse(r.rejections) as typeof rejections;
    } catch {
      rejections = [];
    }
    const interrupted = r.status === "running" && Date.now() - r.createdAt.getTime() > INTERRUPTED_AFTER_MS;
    return {
      ...r,
      status: interrupted ? "failed" : r.status,
      error: interrupted ? "The import was interrupted. Import the file again: orders saved so far are replaced, not doubled." : r.error,
      rejections,
    };
  });
}
