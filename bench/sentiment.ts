// Review sentiment: how many reviews a second the offline default classifies
// on one core (Node runs it on one thread), with the shop's learned model and
// with the lexicon alone, and how long learning the model takes.

import { existsSync } from "node:fs";
import { classifyReview } from "../app/services/reviews/sentiment/classify";
import { loadLexicon } from "../app/services/reviews/sentiment/lexicon.server";
import { ShopSentimentModel, trainSentimentModel, type LabelledReview } from "../app/services/reviews/sentiment/linear-model";
import { round, writeResult } from "./lib/harness";
import { DEFAULT_REVIEWS, heldOutSplit, loadLabelledReviews } from "./lib/review-data";

function throughput(texts: string[], classify: (text: string) => unknown, minSeconds = 3) {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minSeconds * 1000) {
    for (const t of texts) classify(t);
    n += texts.length;
  }
  return n / ((performance.now() - start) / 1000);
}

export async function benchSentiment() {
  const file = process.env.AISLE_REVIEWS ?? DEFAULT_REVIEWS;
  if (!existsSync(file)) throw new Error(`no review data at ${file} (set AISLE_REVIEWS=/path/to/womens-clothing-reviews.csv.gz)`);
  const { reviews } = loadLabelledReviews(file, ["Title", "Review Text"], "Rating");
  const { train, test } = heldOutSplit(reviews);
  const lexicon = loadLexicon();
  const started = performance.now();
  const trained = trainSentimentModel(train as LabelledReview[], lexicon);
  const trainingSeconds = (performance.now() - started) / 1000;
  if (!trained) throw new Error("too few rated reviews to learn a model");
  const model = new ShopSentimentModel(trained.params);
  const texts = test.map((r) => r.text);
  const avgChars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
  // Warm-up, then measure.
  throughput(texts.slice(0, 500), (t) => classifyReview(t, lexicon, model), 0.5);
  const withModel = throughput(texts, (t) => classifyReview(t, lexicon, model));
  const lexiconOnly = throughput(texts, (t) => classifyReview(t, lexicon, null));
  const result = {
    reviews_per_s: Math.round(withModel),
    reviews_per_s_lexicon_only: Math.round(lexiconOnly),
    training_reviews: train.length,
    training_seconds: round(trainingSeconds, 1),
    model_features: trained.params.buckets.length,
    model_json_kb: Math.round(JSON.stringify(trained.params).length / 1024),
    average_review_chars: Math.round(avgChars),
    one_core: "Node's single JavaScript thread; the classifier does no I/O",
  };
  console.log(
    `offline default: ${result.reviews_per_s} reviews/s with the shop model, ${result.reviews_per_s_lexicon_only}/s lexicon only (avg ${result.average_review_chars} chars); learning on ${train.length} reviews: ${result.training_seconds} s`,
  );
  writeResult("sentiment", result);
  return result;
}
