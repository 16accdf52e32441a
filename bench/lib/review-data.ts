// Labelled review texts for the sentiment evaluation and benchmark.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import type { LabelledReview } from "../../app/services/reviews/sentiment/linear-model";
import type { Polarity } from "../../app/services/reviews/sentiment/metrics";

export const DEFAULT_REVIEWS = path.resolve(import.meta.dirname, "../../../shared/data/womens-clothing-reviews.csv.gz");

const POLARITY_WORDS: Record<string, Polarity> = {
  positive: "positive",
  pos: "positive",
  neutral: "neutral",
  neu: "neutral",
  negative: "negative",
  neg: "negative",
};

function parseLabel(raw: string): number | Polarity | null {
  const v = raw.trim().toLowerCase();
  if (POLARITY_WORDS[v]) return POLARITY_WORDS[v];
  const n = Number(v);
  if (v === "" || !Number.isFinite(n)) return null;
  if (n === -1) return "negative";
  return Number.isInteger(n) && n >= 0 && n <= 5 ? n : null;
}

/**
 * Rows of a CSV (plain or .gz) with a text column (or several, joined as
 * title and text) and a label: a rating 1-5, a 0/1 label or a polarity.
 * Rows without text or with an unreadable label are left out and counted.
 */
export function loadLabelledReviews(file: string, textCols: string[], labelCol: string): { reviews: LabelledReview[]; skipped: number } {
  let bytes = readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const rows = parse(bytes, { columns: true, skip_empty_lines: true, relax_column_count: true, bom: true }) as Record<string, string>[];
  if (rows.length && !(labelCol in rows[0])) throw new Error(`no column "${labelCol}" in ${file} (columns: ${Object.keys(rows[0]).join(", ")})`);
  for (const c of textCols) if (rows.length && !(c in rows[0])) throw new Error(`no column "${c}" in ${file}`);
  const reviews: LabelledReview[] = [];
  let skipped = 0;
  for (const row of rows) {
    const text = textCols
      .map((c) => (row[c] ?? "").trim())
      .filter(Boolean)
      .join(". ");
    const label = parseLabel(row[labelCol] ?? "");
    if (!text || label === null) skipped++;
    else reviews.push({ text, label });
  }
  return { reviews, skipped };
}

/**
 * Short labelled reviews of electronics (Amazon), restaurants (Yelp) and films
 * (IMDb): the UCI "Sentiment Labelled Sentences" set (Kotzias et al., 2015),
 * 1,000 sentences each with a 0/1 label, as shipped in the `sentiment` npm
 * package's test fixtures. Unseen while building the classifier.
 */
export function loadOtherDomains(): Record<string, LabelledReview[]> | null {
  const require = createRequire(import.meta.url);
  try {
    const out: Record<string, LabelledReview[]> = {};
    for (const [name, file] of [
      ["electronics", "amazon"],
      ["restaurants", "yelp"],
      ["films", "imdb"],
    ]) {
      const rows = JSON.parse(readFileSync(require.resolve(`sentiment/test/fixtures/${file}.json`), "utf8")) as { text: string; class: number }[];
      out[name] = rows.map((r) => ({ text: r.text.trim(), label: r.class === 1 ? 1 : 0 }));
    }
    return out;
  } catch {
    return null;
  }
}

/** A fixed split: every 5th review of a seeded shuffle is held out. */
export function heldOutSplit<T>(items: T[], seed = 20261130): { train: T[]; test: T[] } {
  const order = items.map((_, i) => i);
  let a = seed >>> 0;
  for (let i = order.length - 1; i > 0; i--) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    const j = a % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const train: T[] = [];
  const test: T[] = [];
  order.forEach((idx, k) => (k % 5 === 0 ? test : train).push(items[idx]));
  return { train, test };
}
