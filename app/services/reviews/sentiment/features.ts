// Pure: what the learned model reads in a review. Words and word pairs, each
// marked when under negation ("didn't fit" gives "!fit"), and the lexicon's
// reading as a few dense features.

import { scoreTokens, type Lexicon, type LexiconReading } from "./lexicon-score";
import { tokenize, type Token } from "./tokens";

export interface ReviewFeatures {
  tokens: Token[];
  reading: LexiconReading;
  /** Sparse n-gram features (distinct). */
  grams: string[];
  /** Dense features from the lexicon, in DENSE_NAMES order. */
  dense: number[];
}

export const DENSE_NAMES = ["compound", "positive", "negative", "negated_positive", "negated_negative", "exclamations", "no_lexicon_word"];

/** Title and text as one review: the title is often the verdict. */
export const reviewText = (title: string | null | undefined, body: string | null | undefined) => [title?.trim(), body?.trim()].filter(Boolean).join(". ");

export function extractFeatures(text: string, lexicon: Lexicon): ReviewFeatures {
  const tokens = tokenize(text);
  const exclamations = (text.match(/!/g) ?? []).length;
  const reading = scoreTokens(tokens, lexicon, exclamations);
  const grams = new Set<string>();
  let prev: Token | null = null;
  for (const t of tokens) {
    const w = t.negated ? `!${t.word}` : t.word;
    grams.add(w);
    if (prev && prev.clause === t.clause) grams.add(`${prev.negated ? "!" : ""}${prev.word} ${w}`);
    prev = t;
  }
  const norm = Math.sqrt(Math.max(1, tokens.length));
  const dense = [
    reading.compound,
    reading.positive / norm,
    reading.negative / norm,
    Math.min(reading.negatedPositive, 3) / 3,
    Math.min(reading.negatedNegative, 3) / 3,
    Math.min(exclamations, 4) / 4,
    reading.hits === 0 ? 1 : 0,
  ];
  return { tokens, reading, grams: [...grams], dense };
}
