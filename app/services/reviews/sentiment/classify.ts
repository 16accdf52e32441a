// Pure: one review's sentiment, confidence and aspects. The offline default:
// the shop's own learned model when it has one (see linear-model.ts), else
// the general-purpose lexicon with its negation, intensifier and contrast rules.

import { findAspects, type AspectMention } from "./aspects";
import { extractFeatures } from "./features";
import { lexiconLabel, type Lexicon } from "./lexicon-score";
import type { ShopSentimentModel } from "./linear-model";
import type { Polarity } from "./metrics";

export interface ReviewSentiment {
  label: Polarity;
  confidence: number;
  /** -1 (negative) .. 1 (positive). */
  score: number;
  /** The positive-vs-negative reading, for reviews that must be one or the other. */
  binary: "positive" | "negative";
  aspects: AspectMention[];
  backend: "shop-model" | "lexicon";
}

const round = (v: number) => Math.round(v * 1000) / 1000;

export function classifyReview(text: string, lexicon: Lexicon, model: ShopSentimentModel | null = null): ReviewSentiment {
  const f = extractFeatures(text, lexicon);
  const aspects = findAspects(f.tokens, f.reading.valences);
  if (model) {
    const reading = model.read(f);
    // Nothing the model or the lexicon knows (another language, symbols only): no opinion.
    if (reading.known === 0 && f.reading.hits === 0)
      return { label: "neutral", confidence: 0.34, score: 0, binary: "positive", aspects, backend: "shop-model" };
    const { label, confidence, binary, score } = model.decide(reading);
    return { label, confidence: round(confidence), score: round(score), binary, aspects, backend: "shop-model" };
  }
  const { label, confidence } = lexiconLabel(f.reading);
  return {
    label,
    confidence: round(confidence),
    score: round(f.reading.compound),
    binary: f.reading.compound >= 0 ? "positive" : "negative",
    aspects,
    backend: "lexicon",
  };
}
