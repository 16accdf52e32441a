import type { Logger } from "pino";
import { analysedReviewsSince, ratedReviewTexts, reviewsToAnalyse, saveReviewSentiments, saveReviewSummary } from "../../models/reviews.server";
import { latestSentimentModel, pruneSentimentModels, saveSentimentModel } from "../../models/sentiment-models.server";
import { classifyReview } from "./sentiment/classify";
import { reviewText } from "./sentiment/features";
import { loadLexicon } from "./sentiment/lexicon.server";
import type { Lexicon } from "./sentiment/lexicon-score";
import { loadSentimentModel as readShopModel, ShopSentimentModel, trainSentimentModelSliced } from "./sentiment/linear-model";
import { loadSentimentModel, sentimentModelDir, type LocalSentimentModel } from "./sentiment/transformers.server";
import { summariseReviews } from "./summary.server";

const BATCH = 500;

// Parsed models by row id: a model is immutable once stored.
const modelCache = new Map<string, ShopSentimentModel>();

async function shopModel(shopId: string): Promise<ShopSentimentModel | null> {
  const row = await latestSentimentModel(shopId);
  if (!row) return null;
  let model = modelCache.get(row.id);
  if (!model) {
    // A model stored by an older version is not readable: the lexicon reads until the shop's model is retrained.
    const loaded = readShopModel(JSON.parse(row.params));
    if (!loaded) return null;
    model = loaded;
    if (modelCache.size > 20) modelCache.clear();
    modelCache.set(row.id, model);
  }
  return model;
}

/** The local transformers.js model when its folder is present and it loads; otherwise null (the offline default reads). */
async function localModel(log: Logger): Promise<LocalSentimentModel | null> {
  const dir = sentimentModelDir();
  if (!dir) return null;
  try {
    return await loadSentimentModel(dir);
  } catch (err) {
    log.warn({ err, dir }, "the local sentiment model cannot be used; the offline default reads the reviews");
    return null;
  }
}

/** The local model's reading of a batch, or null (logged) when it fails on it: the offline default then reads the batch. */
async function readLocally(local: LocalSentimentModel, texts: string[], lexicon: Lexicon, log: Logger) {
  try {
    return await local.classify(texts, lexicon);
  } catch (err) {
    log.warn({ err, model: local.dir }, "the local sentiment model failed on a batch of reviews; the offline default read them");
    return null;
  }
}

/**
 * Classifies the shop's reviews not analysed yet (all of them with `all`),
 * then refreshes the summaries of the products whose reviews changed.
 */
export async function analyseReviews(shopId: string, log: Logger, options: { all?: boolean } = {}) {
  const lexicon = loadLexicon();
  const local = await localModel(log);
  const model = local ? null : await shopModel(shopId);
  const backend = local ? `transformers:${local.name}` : model ? "shop-model" : "lexicon";
  const products = new Set<string>();
  let analysed = 0;
  let afterId: string | undefined;
  for (;;) {
    const batch = await reviewsToAnalyse(shopId, { all: options.all, afterId }, BATCH);
    if (!batch.length) break;
    const texts = batch.map((r) => reviewText(r.title, r.body));
    const read = (local && (await readLocally(local, texts, lexicon, log))) || texts.map((text) => classifyReview(text, lexicon, model));
    await saveReviewSentiments(
      shopId,
      batch.map((r, i) => {
        const s = read[i];
        return { id: r.id, sentiment: s.label, confidence: s.confidence, score: s.score, aspects: s.aspects, backend: s.backend };
      }),
    );
    for (const r of batch) products.add(r.productShopifyId);
    analysed += batch.length;
    afterId = batch[batch.length - 1].id;
    if (batch.length < BATCH) break;
  }
  const summaries = await refreshSummaries(shopId, [...products], log);
  log.info({ shopId, analysed, backend, summaries }, "reviews analysed");
  return { analysed, backend, summaries, products: [...products] };
}

async function refreshSummaries(shopId: string, productIds: string[], log: Logger) {
  if (!productIds.length) return 0;
  const reviews = await analysedReviewsSince(shopId, new Date(0), productIds);
  let written = 0;
  for (const productId of productIds) {
    const of = reviews.filter((r) => r.productShopifyId === productId);
    if (!of.length) continue;
    try {
      const summary = await summariseReviews(of);
      if (summary) {
        await saveReviewSummary(shopId, productId, summary.text, summary.backend, of.length);
        written++;
      }
    } catch (err) {
      log.warn({ err, shopId, productId }, "could not summarise a product's reviews");
    }
  }
  return written;
}

/**
 * Learns the shop's own sentiment model from its rated reviews (the rating is
 * the training signal; the model reads text), then re-reads every review.
 * With too few rated reviews the lexicon keeps reading them alone.
 */
export async function trainShopSentiment(shopId: string, log: Logger) {
  const rows = await ratedReviewTexts(shopId);
  // In slices: a large shop's training takes a minute or more of CPU, and the worker keeps its job locks meanwhile.
  const trained = await trainSentimentModelSliced(
    rows.map((r) => ({ text: reviewText(r.title, r.body), label: r.rating })),
    loadLexicon(),
  );
  if (trained) {
    const saved = await saveSentimentModel(shopId, JSON.stringify(trained.params), JSON.stringify(trained.validation), rows.length);
    await pruneSentimentModels(shopId, saved.id);
    log.info({ shopId, reviews: rows.length, validation: trained.validation }, "sentiment model trained");
  }
  const analysis = await analyseReviews(shopId, log, { all: true });
  return { trained: trained !== null, reviews: rows.length, validation: trained?.validation ?? null, ...analysis };
}
