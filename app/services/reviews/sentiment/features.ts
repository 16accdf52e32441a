// Pure: what the learned model reads in a review. Words and word pairs, each
// marked when under negation ("didn't fit" reads as a negated "fit"), the
// words of the first and the last sentence (where a verdict usually sits),
// the words either side of a contrast ("nice, but ...") and the contrast
// words themselves ("unfortunately"), all hashed into a fixed number of
// buckets; and the lexicon's reading as a few dense features.

import { scoreTokens, type Lexicon, type LexiconReading } from "./lexicon-score";
import { CONTRASTS, tokenize, type Token } from "./tokens";

export interface ReviewFeatures {
  tokens: Token[];
  reading: LexiconReading;
  /** Hashed sparse features: distinct bucket ids, ascending. */
  ids: Int32Array;
  /** Dense features from the lexicon, in DENSE_NAMES order. */
  dense: number[];
}

export const DENSE_NAMES = ["compound", "positive", "negative", "negated_positive", "negated_negative", "exclamations", "no_lexicon_word"];

/** log2 of the number of hash buckets for the sparse features. */
export const FEATURE_BITS = 22;

/** Title and text as one review: the title is often the verdict. */
export const reviewText = (title: string | null | undefined, body: string | null | undefined) => [title?.trim(), body?.trim()].filter(Boolean).join(". ");

/** 32-bit FNV-1a of a word, seeded (negated words hash apart from plain ones). */
export function hashWord(word: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Combines two hashes (a murmur3-style finaliser), order-sensitive. */
export function mixHash(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const NEGATED_SEED = 0x5bd1e995;
// Kinds of feature, mixed into each hash so that a word and a pair never share a bucket by construction.
const UNIGRAM = 1;
const BIGRAM = 2;
const FIRST_SENTENCE = 3;
const LAST_SENTENCE = 4;
const AFTER_CONTRAST = 5;
const BEFORE_CONTRAST = 6;
const CONTRAST_SEEN = 7;
const CONTRAST_WORD = 8;
const CONTRAST_COUNT = 9;

// The tokenizer drops contrast words (they split clauses), so they are found in the text again.
const CONTRAST_WORDS = new RegExp(`\\b(?:${[...CONTRASTS].join("|")})\\b`, "gi");

/** The contrast words of a text ("but", "unfortunately", ...), lower-case, in order. */
export function contrastWords(text: string): string[] {
  return (text.match(CONTRAST_WORDS) ?? []).map((w) => w.toLowerCase());
}

/**
 * The sparse feature ids of a token sequence, distinct and ascending; with
 * `contrasts` (the text's contrast words), each of those words and how many
 * there are (up to 4): "unfortunately" and "sadly" say much, and a review
 * that turns twice is often mixed.
 */
export function hashedFeatures(tokens: Token[], bits = FEATURE_BITS, contrasts: string[] = []): Int32Array {
  const mask = (1 << bits) - 1;
  // At most 6 features per token, plus one, plus the contrast words and their count.
  const out = new Int32Array(tokens.length * 6 + contrasts.length + 2);
  let n = 0;
  const lastClause = tokens.length ? tokens[tokens.length - 1].clause : 0;
  let prevHash = 0;
  let prevClause = -1;
  let contrastSeen = false;
  for (const t of tokens) {
    const w = hashWord(t.word, t.negated ? NEGATED_SEED : 0);
    out[n++] = mixHash(w, UNIGRAM) & mask;
    if (prevClause === t.clause) out[n++] = mixHash(mixHash(prevHash, w), BIGRAM) & mask;
    if (t.clause === 0) out[n++] = mixHash(w, FIRST_SENTENCE) & mask;
    if (t.clause === lastClause) out[n++] = mixHash(w, LAST_SENTENCE) & mask;
    if (t.afterContrast) {
      out[n++] = mixHash(w, AFTER_CONTRAST) & mask;
      contrastSeen = true;
    }
    if (t.beforeContrast) out[n++] = mixHash(w, BEFORE_CONTRAST) & mask;
    prevHash = w;
    prevClause = t.clause;
  }
  if (contrastSeen) out[n++] = mixHash(0, CONTRAST_SEEN) & mask;
  for (const c of contrasts) out[n++] = mixHash(hashWord(c, 0), CONTRAST_WORD) & mask;
  if (contrasts.length) out[n++] = mixHash(Math.min(contrasts.length, 4), CONTRAST_COUNT) & mask;
  const used = out.subarray(0, n).sort();
  let m = 0;
  for (let i = 0; i < used.length; i++) if (i === 0 || used[i] !== used[i - 1]) used[m++] = used[i];
  return used.slice(0, m);
}

export function extractFeatures(text: string, lexicon: Lexicon): ReviewFeatures {
  const tokens = tokenize(text);
  let exclamations = 0;
  for (let i = text.indexOf("!"); i >= 0; i = text.indexOf("!", i + 1)) exclamations++;
  const reading = scoreTokens(tokens, lexicon, exclamations);
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
  return { tokens, reading, ids: hashedFeatures(tokens, FEATURE_BITS, contrastWords(text)), dense };
}
