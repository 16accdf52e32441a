// Pure: the CSV exports of the common review apps, read into reviews.
// Column names are compared without case, spaces or punctuation.

import { CsvRecordReader, sniffDelimiter } from "../../recommendations/import/csv-records";
import { cleanText } from "../text";

export type ReviewCsvFormat = "judgeme" | "yotpo" | "okendo" | "loox" | "shopify";

export const FORMAT_LABELS: Record<ReviewCsvFormat, string> = {
  judgeme: "Judge.me",
  yotpo: "Yotpo",
  okendo: "Okendo",
  loox: "Loox",
  shopify: "Shopify Product Reviews",
};

type Field = "productId" | "productHandle" | "rating" | "title" | "body" | "name" | "email" | "date" | "reply" | "photo" | "published";

// Columns of each app's export, in the order they are looked for.
const COLUMNS: Record<ReviewCsvFormat, Partial<Record<Field, string[]>>> = {
  judgeme: {
    productId: ["productid"],
    productHandle: ["producthandle"],
    rating: ["rating"],
    title: ["title"],
    body: ["body"],
    name: ["reviewername"],
    email: ["revieweremail"],
    date: ["reviewdate"],
    reply: ["reply"],
    photo: ["pictureurls"],
    published: ["curated"],
  },
  yotpo: {
    productId: ["productid"],
    rating: ["reviewscore", "score"],
    title: ["reviewtitle", "title"],
    body: ["reviewcontent", "content"],
    name: ["displayname", "reviewername"],
    email: ["email", "revieweremail"],
    date: ["date", "reviewcreationdate", "createdat"],
    reply: ["commentcontent", "publiccomment"],
    published: ["published", "reviewstatus"],
  },
  okendo: {
    productId: ["productid"],
    productHandle: ["producthandle"],
    rating: ["rating"],
    title: ["title"],
    body: ["body"],
    name: ["reviewername", "reviewerdisplayname"],
    email: ["revieweremail"],
    date: ["datecreated"],
    reply: ["reply", "replybody"],
    photo: ["media", "mediaurls"],
    published: ["status"],
  },
  loox: {
    productId: ["productid"],
    productHandle: ["handle"],
    rating: ["rating"],
    body: ["review"],
    name: ["nickname", "fullname"],
    email: ["email"],
    date: ["date"],
    reply: ["reply"],
    photo: ["img"],
    published: ["status"],
  },
  shopify: {
    productHandle: ["producthandle"],
    productId: ["productid"],
    rating: ["rating"],
    title: ["title"],
    body: ["body"],
    name: ["author"],
    email: ["email"],
    date: ["createdat"],
    reply: ["reply"],
    published: ["state"],
  },
};

// Columns only one app's export has: how a file's app is recognised.
const SIGNATURES: [ReviewCsvFormat, string[]][] = [
  ["judgeme", ["reviewername", "body", "curated"]],
  ["judgeme", ["reviewername", "body", "reviewdate"]],
  ["yotpo", ["reviewscore", "reviewcontent"]],
  ["okendo", ["reviewername", "datecreated"]],
  ["loox", ["nickname", "review"]],
  ["loox", ["fullname", "review", "img"]],
  ["shopify", ["producthandle", "author", "state"]],
];

const squash = (name: string) =>
  name
    .replace(/^\uFEFF/, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

export function detectFormat(header: string[]): ReviewCsvFormat | null {
  const names = new Set(header.map(squash));
  return SIGNATURES.find(([, cols]) => cols.every((c) => names.has(c)))?.[0] ?? null;
}

export interface ImportedReview {
  line: number;
  productId: string | null;
  productHandle: string | null;
  rating: number;
  title: string;
  body: string;
  name: string;
  email: string | null;
  date: Date | null;
  reply: string | null;
  photoUrl: string | null;
  /** The source app said it was published (or not); null when it does not say. */
  published: boolean | null;
}

export interface SkippedLine {
  line: number;
  reason: string;
}

export class ReviewCsvError extends Error {}

const MAX_RECORD_CHARS = 64 * 1024;
const MAX_BODY = 5000;

function parseRating(raw: string): number | null {
  const n = Number(raw.trim());
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
}

function parsePublished(raw: string | undefined): boolean | null {
  if (raw === undefined || raw.trim() === "") return null;
  const v = raw.trim().toLowerCase();
  if (["true", "1", "yes", "published", "ok", "approved", "active"].includes(v)) return true;
  if (["false", "0", "no", "unpublished", "hidden", "rejected", "pending", "spam", "archived"].includes(v)) return false;
  return null;
}

function firstHttpsUrl(raw: string | undefined): string | null {
  const url = raw?.split(/[\s,]+/).find((u) => /^https:\/\/[^\s<>"']+$/i.test(u));
  return url && url.length <= 500 ? url : null;
}

/** Reads a review app's CSV: the reviews it holds and each line skipped with why. Throws ReviewCsvError when the file cannot be read at all. */
export function readReviewCsv(text: string, format?: ReviewCsvFormat): { format: ReviewCsvFormat; reviews: ImportedReview[]; skipped: SkippedLine[] } {
  if (text.includes("\u0000")) throw new ReviewCsvError("The file contains binary data; export the reviews as CSV (UTF-8).");
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/, 1)[0] ?? "";
  if (!firstLine.trim()) throw new ReviewCsvError("The file is empty or starts with a blank line.");
  let header: string[] | null = null;
  let detected: ReviewCsvFormat | null = format ?? null;
  const index: Partial<Record<Field, number>> = {};
  const reviews: ImportedReview[] = [];
  const skipped: SkippedLine[] = [];
  const reader = new CsvRecordReader({
    delimiter: sniffDelimiter(firstLine),
    maxRecordChars: MAX_RECORD_CHARS,
    onOversize: ({ line, inQuotes }) => skipped.push({ line, reason: inQuotes ? "a quoted field never closes" : `longer than ${MAX_RECORD_CHARS} characters` }),
    onRecord: ({ fields, line }) => {
      if (!header) {
        header = fields.map((f) => f.trim());
        detected ??= detectFormat(header);
        if (!detected) throw new ReviewCsvError("The columns match no known review app export (Judge.me, Yotpo, Okendo, Loox, Shopify Product Reviews).");
        const squashed = header.map(squash);
        for (const [field, names] of Object.entries(COLUMNS[detected]) as [Field, string[]][]) {
          const at = names.map((n) => squashed.indexOf(n)).find((i) => i >= 0);
          if (at !== undefined) index[field] = at;
        }
        if (index.rating === undefined) throw new ReviewCsvError("The file has no rating column.");
        if (index.body === undefined) throw new ReviewCsvError("The file has no review text column.");
        if (index.productId === undefined && index.productHandle === undefined) throw new ReviewCsvError("The file has no product id or handle column.");
        return;
      }
      if (fields.every((f) => f.trim() === "")) return;
      const cols: string[] = header;
      if (fields.length !== cols.length) return void skipped.push({ line, reason: `${fields.length} columns where the header has ${cols.length}` });
      const get = (f: Field) => (index[f] === undefined ? undefined : fields[index[f]!]);
      const rating = parseRating(get("rating") ?? "");
      if (rating === null) return void skipped.push({ line, reason: `rating "${(get("rating") ?? "").slice(0, 20)}" is not a whole number from 1 to 5` });
      const body = cleanText(get("body") ?? "");
      const title = cleanText(get("title") ?? "").slice(0, 150);
      if (!body && !title) return void skipped.push({ line, reason: "no review text" });
      if (body.length > MAX_BODY) return void skipped.push({ line, reason: `review text longer than ${MAX_BODY} characters` });
      const productId = (get("productId") ?? "").trim().replace(/^gid:\/\/shopify\/Product\//, "");
      const productHandle = (get("productHandle") ?? "").trim().toLowerCase();
      if (productId && !/^\d{1,20}$/.test(productId))
        return void skipped.push({ line, reason: `product id "${productId.slice(0, 30)}" is not a Shopify product id` });
      if (!productId && !productHandle) return void skipped.push({ line, reason: "no product id or handle" });
      const dateRaw = (get("date") ?? "").trim();
      const date = dateRaw ? new Date(dateRaw) : null;
      const email = (get("email") ?? "").trim().toLowerCase();
      reviews.push({
        line,
        productId: productId || null,
        productHandle: productHandle || null,
        rating,
        title,
        body,
        name: cleanText(get("name") ?? "").slice(0, 80),
        email: email.includes("@") ? email.slice(0, 200) : null,
        date: date && !Number.isNaN(date.getTime()) ? date : null,
        reply: cleanText(get("reply") ?? "").slice(0, MAX_BODY) || null,
        photoUrl: firstHttpsUrl(get("photo")),
        published: parsePublished(get("published")),
      });
    },
  });
  reader.push(text.replace(/^\uFEFF/, ""));
  reader.end();
  if (!header) throw new ReviewCsvError("The first line has no column names.");
  return { format: detected!, reviews, skipped };
}
