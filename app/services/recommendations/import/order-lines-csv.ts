// Past orders from a merchant's CSV export (one row per order line), for the
// "import past orders" feature and the offline evaluation (bench/eval-recs.ts).
//
// The file may be plain or gzip-compressed, UTF-8 (with or without BOM) or
// UTF-16 with BOM, comma/semicolon/tab/pipe separated (sniffed from the
// header). Columns are found by header name through a mapping, case- and
// space-insensitively. Every line that is not imported is reported with its
// physical line number (the header is line 1) and a reason:
//   rejected (bad data):   missing order id, empty or overlong product,
//                          unparseable date, non-numeric quantity or price,
//                          record too long / quote never closed
//   skipped (by design):   cancellations (order id starting with "C", the
//                          Online Retail convention), quantity <= 0
// Lines without a customer are kept with customer null: they still tell which
// products are bought together. Problems with the file as a whole (missing
// columns, not a CSV, too large) throw an OrderImportError instead.

import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { CsvRecordReader, sniffDelimiter, type CsvRecord } from "./csv-records";
import { dateOrderOf, parseOrderDate, readsBothWays, type DateOrder, type DateParseOptions } from "./order-dates";

/** Header names of the file's columns. */
export interface ColumnMapping {
  order: string;
  customer: string;
  product: string;
  date: string;
  quantity?: string;
  price?: string;
  title?: string;
}

export interface OrderLine {
  /** Physical line number in the file. */
  line: number;
  order: string;
  customer: string | null;
  product: string;
  /** Milliseconds since the epoch. */
  date: number;
  quantity: number;
  price?: number;
  title?: string;
}

export type RejectCode = "missing_order" | "empty_product" | "bad_product" | "bad_date" | "bad_quantity" | "bad_price" | "too_long" | "unterminated_quote";
export type SkipCode = "cancelled" | "non_positive_quantity";

export interface LineIssue<C extends string = RejectCode | SkipCode> {
  line: number;
  code: C;
  /** A sentence a merchant can act on, quoting the offending value. */
  reason: string;
}

export interface OrderLinesReport {
  /** Accepted lines (empty when `onRow` consumed them). */
  rows: OrderLine[];
  accepted: number;
  rejected: LineIssue<RejectCode>[];
  skipped: LineIssue<SkipCode>[];
  /** Totals per code, including issues beyond `maxIssues`. */
  counts: Partial<Record<RejectCode | SkipCode, number>>;
  /** True when more issues occurred than were kept. */
  issuesTruncated: boolean;
  /** Data records read (header excluded). */
  records: number;
  lines: number;
  delimiter: string;
  header: string[];
  compressed: boolean;
  /**
   * How the file's slashed or dashed dates were read: as the caller said
   * (`dayFirst`), else as the file's first date that reads only one way
   * says, else month first; `dateOrderLine` is that line (null otherwise).
   */
  dateOrder: DateOrder;
  dateOrderLine: number | null;
}

export type OrderImportErrorCode = "missing_columns" | "empty_file" | "not_csv" | "corrupt_file" | "too_large" | "bad_mapping";

/** The file as a whole cannot be imported; `message` says why and what to do. */
export class OrderImportError extends Error {
  constructor(
    readonly code: OrderImportErrorCode,
    message: string,
    readonly details: { missing?: string[]; header?: string[] } = {},
  ) {
    super(message);
    this.name = "OrderImportError";
  }
}

export interface ReadOrderLinesOptions extends DateParseOptions {
  /** Force a delimiter instead of sniffing it from the header. */
  delimiter?: string;
  /** Order ids starting with this are cancellations; null disables. Default "C". */
  cancellationPrefix?: string | null;
  /** Longest record, in characters. Default 64 KiB. */
  maxRecordChars?: number;
  /** Largest (decompressed) input, in bytes. Default 1 GiB. */
  maxBytes?: number;
  /** Issues kept in the report per list (counts stay exact). Default 1,000. */
  maxIssues?: number;
  /** Receive accepted lines one at a time instead of collecting them in `rows`. */
  onRow?: (row: OrderLine) => void;
}

type Source = string | Uint8Array | Readable | AsyncIterable<Uint8Array>;

const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function startsWith(buf: Uint8Array, magic: readonly number[]): boolean {
  return buf.length >= magic.length && magic.every((b, i) => buf[i] === b);
}

async function* chunksOf(source: Source): AsyncGenerator<Uint8Array> {
  if (typeof source === "string") yield* createReadStream(source, { highWaterMark: 1 << 20 });
  else if (source instanceof Uint8Array) yield source;
  else yield* source as AsyncIterable<Uint8Array>;
}

/** Bytes of the source, gunzipped when they start with the gzip magic number. */
async function* decompressed(source: Source, state: { compressed: boolean }): AsyncGenerator<Uint8Array> {
  const it = chunksOf(source)[Symbol.asyncIterator]();
  let first = await it.next();
  while (!first.done && first.value.length === 0) first = await it.next();
  if (first.done) return;
  const head = first.value;
  if (!startsWith(head, GZIP_MAGIC)) {
    yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    return;
  }
  state.compressed = true;
  const raw = Readable.from(
    (async function* () {
      yield head;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    })(),
  );
  const gunzip = createGunzip();
  raw.on("error", (e) => gunzip.destroy(e));
  yield* raw.pipe(gunzip);
}

function normaliseHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ");
}

function quote(value: string): string {
  const v = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(v);
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Lines held while a file's date order is not known yet; past this, month first is assumed. */
const MAX_UNDECIDED = 100_000;

/** A decimal number as exported by spreadsheets: "2.55", "2,55", "£2.55", "1,234.50". */
function parseAmount(text: string): number | null {
  let s = text
    .trim()
    .replace(/^[£$€¥]|[£$€¥]$/g, "")
    .trim();
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, "");
  else if (/^[+-]?\d+,\d+$/.test(s)) s = s.replace(",", ".");
  return NUMBER.test(s) ? Number(s) : null;
}

/** "17850.0" -> "17850": spreadsheet exports turn numeric customer ids into floats. */
function normaliseCustomer(text: string): string | null {
  const s = text.trim();
  if (!s) return null;
  const m = /^(\d+)\.0+$/.exec(s);
  return m ? m[1] : s;
}

/**
 * Stream-parse an order-lines CSV. Resolves with the accepted lines and a
 * per-line report; rejects with OrderImportError when the file as a whole
 * cannot be used (e.g. a mapped column is missing from the header).
 */
export async function readOrderLinesCsv(source: Source, mapping: ColumnMapping, options: ReadOrderLinesOptions = {}): Promise<OrderLinesReport> {
  const required: (keyof ColumnMapping)[] = ["order", "customer", "product", "date"];
  for (const key of required) {
    if (!mapping[key]?.trim()) throw new OrderImportError("bad_mapping", `No column is mapped to "${key}".`);
  }
  const maxRecordChars = options.maxRecordChars ?? 64 * 1024;
  const maxBytes = options.maxBytes ?? 1024 ** 3;
  const maxIssues = options.maxIssues ?? 1000;
  const cancellationPrefix = options.cancellationPrefix === undefined ? "C" : options.cancellationPrefix;

  const report: OrderLinesReport = {
    rows: [],
    accepted: 0,
    rejected: [],
    skipped: [],
    counts: {},
    issuesTruncated: false,
    records: 0,
    lines: 0,
    delimiter: options.delimiter ?? ",",
    header: [],
    compressed: false,
    dateOrder: options.dayFirst ? "day_first" : "month_first",
    dateOrderLine: null,
  };
  const reject = (line: number, code: RejectCode, reason: string) => {
    report.counts[code] = (report.counts[code] ?? 0) + 1;
    if (report.rejected.length < maxIssues) report.rejected.push({ line, code, reason });
    else report.issuesTruncated = true;
  };
  const skip = (line: number, code: SkipCode, reason: string) => {
    report.counts[code] = (report.counts[code] ?? 0) + 1;
    if (report.skipped.length < maxIssues) report.skipped.push({ line, code, reason });
    else report.issuesTruncated = true;
  };

  let columns: Record<keyof ColumnMapping, number> | null = null;
  const onHeader = (record: CsvRecord) => {
    report.header = record.fields.map((f) => f.replace(/^\uFEFF/, "").trim());
    const byName = new Map<string, number>();
    report.header.forEach((h, i) => {
      const key = normaliseHeader(h);
      if (!byName.has(key)) byName.set(key, i);
    });
    const found = {} as Record<keyof ColumnMapping, number>;
    const missing: string[] = [];
    for (const [key, name] of Object.entries(mapping) as [keyof ColumnMapping, string | undefined][]) {
      if (name === undefined) {
        found[key] = -1;
        continue;
      }
      const idx = byName.get(normaliseHeader(name));
      if (idx === undefined) missing.push(name);
      else found[key] = idx;
    }
    if (missing.length) {
      const shown = report.header.slice(0, 30).join(", ") + (report.header.length > 30 ? ", …" : "");
      const hint =
        report.header.length === 1
          ? ` The header was read as a single column: the values must be separated by ${options.delimiter ? JSON.stringify(options.delimiter) : "commas, semicolons, tabs or |"}.`
          : "";
      throw new OrderImportError(
        "missing_columns",
        `Missing column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} in the header (line ${record.line}). ` +
          `The header has: ${shown || "(nothing)"}.${hint}`,
        { missing, header: report.header },
      );
    }
    columns = found;
  };

  const cell = (fields: string[], idx: number): string => (idx >= 0 && idx < fields.length ? fields[idx] : "");

  // Without `dayFirst`, a file's dates are read in one order, decided by its
  // first date that reads only one way. Lines whose date reads both ways wait
  // (up to MAX_UNDECIDED) until that date comes, then are read in its order.
  const decideOrder = options.dayFirst === undefined;
  let undecided: CsvRecord[] | null = decideOrder ? [] : null;
  const settleOrder = (order: DateOrder, line: number | null) => {
    report.dateOrder = order;
    report.dateOrderLine = line;
    const waiting = undecided ?? [];
    undecided = null;
    for (const record of waiting) readLine(record);
  };

  const onData = (record: CsvRecord) => {
    report.records++;
    readLine(record);
  };
  const holdUndecided = (record: CsvRecord) => {
    undecided!.push(record);
    const order = dateOrderOf(record.fields[columns!.date] ?? "");
    if (order) settleOrder(order, record.line);
    else if (undecided!.length >= MAX_UNDECIDED) settleOrder("month_first", null);
  };
  const readLine = (record: CsvRecord) => {
    // Lines after a waiting one wait behind it, so that lines keep the file's order.
    if (undecided?.length) return holdUndecided(record);
    const c = columns!;
    const f = record.fields;
    const line = record.line;
    if (f.length === 1 && f[0].trim() === "") return; // blank line
    const order = cell(f, c.order).trim();
    if (!order) return reject(line, "missing_order", `Line ${line}: no order id in column "${mapping.order}".`);
    const product = cell(f, c.product).trim();
    if (!product) return reject(line, "empty_product", `Line ${line}: no product in column "${mapping.product}".`);
    if (product.length > 255) return reject(line, "bad_product", `Line ${line}: product id ${quote(product)} is longer than 255 characters.`);
    const rawDate = cell(f, c.date);
    if (undecided) {
      const order = dateOrderOf(rawDate);
      if (order) {
        settleOrder(order, line);
      } else if (readsBothWays(rawDate)) {
        holdUndecided(record);
        return;
      }
    } else if (decideOrder && dateOrderOf(rawDate) && dateOrderOf(rawDate) !== report.dateOrder) {
      const first = report.dateOrder === "day_first" ? "day" : "month";
      return reject(
        line,
        "bad_date",
        `Line ${line}: date ${quote(rawDate)} puts the ${first === "day" ? "month" : "day"} first, but the file's dates put the ${first} first` +
          `${report.dateOrderLine ? ` (line ${report.dateOrderLine})` : ""}: a file must write every date the same way.`,
      );
    }
    const date = parseOrderDate(rawDate, { dayFirst: report.dateOrder === "day_first" });
    if (date === null) return reject(line, "bad_date", `Line ${line}: date ${quote(rawDate)} is not a date (use e.g. 2011-12-09 12:50 or 12/9/2011 12:50).`);
    let quantity = 1;
    if (c.quantity >= 0) {
      const rawQty = cell(f, c.quantity).trim();
      const q = NUMBER.test(rawQty) ? Number(rawQty) : null;
      if (q === null) return reject(line, "bad_quantity", `Line ${line}: quantity ${quote(rawQty)} is not a number.`);
      quantity = q;
    }
    let price: number | undefined;
    if (c.price >= 0) {
      const rawPrice = cell(f, c.price);
      if (rawPrice.trim() !== "") {
        const p = parseAmount(rawPrice);
        if (p === null) return reject(line, "bad_price", `Line ${line}: price ${quote(rawPrice)} is not a number.`);
        price = p;
      }
    }
    if (cancellationPrefix && order.toUpperCase().startsWith(cancellationPrefix.toUpperCase())) {
      return skip(line, "cancelled", `Line ${line}: order ${quote(order)} is a cancellation.`);
    }
    if (quantity <= 0) return skip(line, "non_positive_quantity", `Line ${line}: quantity ${quantity} (returns and adjustments are not purchases).`);
    const row: OrderLine = { line, order, customer: normaliseCustomer(cell(f, c.customer)), product, date, quantity };
    if (price !== undefined) row.price = price;
    if (c.title >= 0) {
      const title = cell(f, c.title).trim();
      if (title) row.title = title;
    }
    report.accepted++;
    if (options.onRow) options.onRow(row);
    else report.rows.push(row);
  };

  let reader: CsvRecordReader | null = null;
  let headerBuffer = "";
  const makeReader = (delimiter: string) =>
    new CsvRecordReader({
      delimiter,
      maxRecordChars,
      onRecord: (record) => (columns ? onData(record) : onHeader(record)),
      onOversize: ({ line, inQuotes }) => {
        if (!columns) {
          throw new OrderImportError(
            "not_csv",
            `The first line is longer than ${maxRecordChars} characters or never ends its quotes: this does not look like a CSV export.`,
          );
        }
        report.records++;
        if (inQuotes)
          reject(
            line,
            "unterminated_quote",
            `Line ${line}: a quoted value opens here and does not close within ${maxRecordChars} characters; the record was skipped.`,
          );
        else reject(line, "too_long", `Line ${line}: longer than ${maxRecordChars} characters; the line was skipped.`);
      },
    });

  let decoder: TextDecoder | null = null;
  let bytes = 0;
  const state = { compressed: false };
  const chunks = (async function* () {
    try {
      yield* decompressed(source, state);
    } catch (error) {
      if (state.compressed && (error as NodeJS.ErrnoException).code?.startsWith("Z_")) {
        throw new OrderImportError(
          "corrupt_file",
          `The file is gzip-compressed but damaged (${(error as Error).message}); compress it again or upload the plain CSV.`,
        );
      }
      throw error;
    }
  })();
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (bytes > maxBytes)
      throw new OrderImportError("too_large", `The file is larger than ${Math.round(maxBytes / 1024 ** 2)} MB${state.compressed ? " once decompressed" : ""}.`);
    if (!decoder) {
      if (startsWith(chunk, ZIP_MAGIC)) throw new OrderImportError("not_csv", "This is a ZIP or Excel (.xlsx) file; export the orders as CSV first.");
      let encoding = "utf-8";
      if (chunk[0] === 0xff && chunk[1] === 0xfe) encoding = "utf-16le";
      else if (chunk[0] === 0xfe && chunk[1] === 0xff) encoding = "utf-16be";
      else if (chunk.subarray(0, 4096).includes(0)) throw new OrderImportError("not_csv", "The file contains binary data; export the orders as CSV (UTF-8).");
      decoder = new TextDecoder(encoding); // strips the BOM
    }
    const text = decoder.decode(chunk, { stream: true });
    if (reader) {
      reader.push(text);
      continue;
    }
    // Hold text until the header line is complete, to sniff the delimiter.
    headerBuffer += text;
    const nl = headerBuffer.search(/[\r\n]/);
    if (nl < 0 && headerBuffer.length <= maxRecordChars) continue;
    report.delimiter = options.delimiter ?? sniffDelimiter(headerBuffer.slice(0, nl < 0 ? maxRecordChars : nl));
    reader = makeReader(report.delimiter);
    reader.push(headerBuffer);
    headerBuffer = "";
  }
  if (!decoder) throw new OrderImportError("empty_file", "The file is empty.");
  const tail = decoder.decode();
  if (!reader) {
    headerBuffer += tail;
    if (!headerBuffer.trim()) throw new OrderImportError("empty_file", "The file is empty.");
    report.delimiter = options.delimiter ?? sniffDelimiter(headerBuffer);
    reader = makeReader(report.delimiter);
    reader.push(headerBuffer);
  } else if (tail) reader.push(tail);
  reader.end();
  // No date said which comes first: the waiting lines are read month first.
  if (undecided) settleOrder("month_first", null);
  report.lines = reader.linesRead;
  report.compressed = state.compressed;
  if (!columns) throw new OrderImportError("empty_file", "The file has no header line.");
  return report;
}
