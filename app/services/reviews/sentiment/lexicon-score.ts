// Pure: a lexicon's reading of a review, with VADER's rules for negation,
// intensifiers, emphasis and contrast (Hutto & Gilbert, 2014).

import { NEGATORS, type Token } from "./tokens";

export type Lexicon = Map<string, number>;

const BOOST = 0.293;
const CAPS_BOOST = 0.733;
const NEGATION_SCALAR = -0.74;

const BOOSTERS = new Map<string, number>([
  ...[
    "absolutely",
    "amazingly",
    "awfully",
    "completely",
    "deeply",
    "especially",
    "exceptionally",
    "extremely",
    "fully",
    "greatly",
    "highly",
    "hugely",
    "incredibly",
    "insanely",
    "perfectly",
    "particularly",
    "quite",
    "really",
    "remarkably",
    "so",
    "super",
    "too",
    "totally",
    "truly",
    "unbelievably",
    "utterly",
    "very",
    "most",
    "more",
  ].map((w) => [w, BOOST] as [string, number]),
  ...["almost", "barely", "hardly", "kinda", "less", "little", "marginally", "partly", "slightly", "somewhat", "sorta", "fairly"].map(
    (w) => [w, -BOOST] as [string, number],
  ),
]);

// Words the lexicon rates but that, in reviews, are mostly not sentiment ("like" as in "looks like").
const NOT_SENTIMENT = new Set(["like", "kind", "fit", "please", "yes", "no", "big", "huge", "large", "small", "little", "cut"]);

export interface LexiconReading {
  /** VADER's normalised sum, -1..1. */
  compound: number;
  positive: number;
  negative: number;
  /** Lexicon words seen (a text with none says nothing the lexicon can read). */
  hits: number;
  /** Positive words under negation, and negative ones ("not bad"). */
  negatedPositive: number;
  negatedNegative: number;
  /** Per token, its signed valence after the rules (0 for words without one). */
  valences: number[];
}

export function scoreTokens(tokens: Token[], lexicon: Lexicon, exclamations = 0): LexiconReading {
  const valences = new Array<number>(tokens.length).fill(0);
  let sum = 0;
  let positive = 0;
  let negative = 0;
  let hits = 0;
  let negatedPositive = 0;
  let negatedNegative = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (BOOSTERS.has(t.word) || NOT_SENTIMENT.has(t.word)) continue;
    let v = lexicon.get(t.word);
    if (v === undefined || NEGATORS.has(t.word)) continue;
    hits++;
    if (t.shouted) v += Math.sign(v) * CAPS_BOOST;
    // Intensifiers up to three words before, fading with distance.
    for (let k = 1; k <= 3 && i - k >= 0; k++) {
      const prev = tokens[i - k];
      if (prev.phrase !== t.phrase) break;
      const b = BOOSTERS.get(prev.word);
      if (b !== undefined) v += Math.sign(v) * b * (k === 1 ? 1 : k === 2 ? 0.95 : 0.9);
    }
    // Negation up to three words before ("not bad", "didn't really like").
    let negated = false;
    for (let k = 1; k <= 3 && i - k >= 0; k++) {
      const prev = tokens[i - k];
      if (prev.phrase !== t.phrase) break;
      if (NEGATORS.has(prev.word)) negated = true;
    }
    if (negated) {
      if (v > 0) negatedPositive++;
      else negatedNegative++;
      v *= NEGATION_SCALAR;
    }
    if (t.beforeContrast) v *= 0.5;
    else if (t.afterContrast) v *= 1.5;
    valences[i] = v;
    sum += v;
    if (v > 0) positive += v;
    else negative -= v;
  }
  sum = applySarcasm(tokens, valences, sum);
  if (sum !== 0) sum += Math.sign(sum) * Math.min(exclamations, 4) * 0.292;
  const compound = sum / Math.sqrt(sum * sum + 15);
  return { compound, positive, negative, hits, negatedPositive, negatedNegative, valences };
}

// Praise that, next to complaints, is ironic: "oh great", "just perfect", "yeah right".
const IRONIC_OPENERS = new Set([
  "oh great",
  "just great",
  "just perfect",
  "oh perfect",
  "oh wonderful",
  "just wonderful",
  "yeah right",
  "thanks a lot",
  "oh joy",
  "how lovely",
]);
const IRONIC_FIRST_WORDS = new Set([...IRONIC_OPENERS].map((p) => p.split(" ")[0]));

/**
 * Light sarcasm: ironic praise in a review that otherwise complains counts as
 * a complaint, and a clause that is only "not" ("Just perfect... not.")
 * turns the clause before it around. Returns the new sum; updates valences.
 */
function applySarcasm(tokens: Token[], valences: number[], sum: number): number {
  let complaints = 0;
  for (const v of valences) if (v < 0) complaints += -v;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.word === "not" && (i === tokens.length - 1 || tokens[i + 1].phrase !== t.phrase) && (i === 0 || tokens[i - 1].phrase !== t.phrase)) {
      for (let j = i - 1; j >= 0 && tokens[j].phrase === tokens[i - 1].phrase; j--) {
        sum -= 2 * valences[j];
        valences[j] = -valences[j];
      }
    }
    if (
      complaints > 0 &&
      IRONIC_FIRST_WORDS.has(t.word) &&
      i + 1 < tokens.length &&
      tokens[i + 1].phrase === t.phrase &&
      IRONIC_OPENERS.has(`${t.word} ${tokens[i + 1].word}`)
    ) {
      for (const j of [i, i + 1]) {
        if (valences[j] > 0) {
          sum -= 2 * valences[j];
          valences[j] = -valences[j];
        }
      }
    }
  }
  return sum;
}

/** Lexicon-only class, VADER's usual cut-offs. */
export function lexiconLabel(reading: LexiconReading): { label: "positive" | "neutral" | "negative"; confidence: number } {
  const c = reading.compound;
  if (reading.hits === 0) return { label: "neutral", confidence: 0.34 };
  if (c >= 0.05) return { label: "positive", confidence: Math.min(0.99, 0.5 + c / 2) };
  if (c <= -0.05) return { label: "negative", confidence: Math.min(0.99, 0.5 - c / 2) };
  return { label: "neutral", confidence: 0.5 };
}
