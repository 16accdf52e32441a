// From a shop's purchases and storefront behaviour to a trained, evaluated
// model and the per-product lists the storefront serves. No database, no
// HTTP: the training job (training.server.ts) and the benchmarks call this.

import type { ProductText } from "./core/content";
import {
  personalNeighbourLists,
  purchaseHistoryOfUser,
  recommendForCustomer,
  recommendForProduct,
  trainHybridAsync,
  type HybridModel,
  type HybridParams,
} from "./core/hybrid";
import { buildInteractions, DAY_MS } from "./core/interactions";
import { evaluate, timeSplit } from "./core/metrics";
import { neighboursOf } from "./core/neighbours";
import { recommendPopular, recommendTrending, trainPopularity } from "./core/popularity";
import type { InteractionEvent, Interactions } from "./core/types";

export interface CatalogItem {
  id: string;
  text: ProductText;
  /** Group keys for popular/trending fill-ins (product type). */
  groups: string[];
}

export interface TrainingInput {
  catalog: CatalogItem[];
  events: InteractionEvent[];
}

export type Metrics = Record<string, number>;

export interface Evaluation {
  holdoutDays: number;
  testUsers: number;
  shipped: Metrics;
  popularity: Metrics;
}

export interface TrainedRecommendations {
  model: HybridModel;
  data: Interactions;
  evaluation: Evaluation | null;
  seconds: number;
}

export const LIST_LENGTH = 24;

const msOf = (t: number | Date) => (typeof t === "number" ? t : t.getTime());

function inputsFor(data: Interactions, byId: Map<string, CatalogItem>) {
  const products: ProductText[] = data.items.keys.map((id) => byId.get(id)?.text ?? { title: "" });
  const groups = data.items.keys.map((id) => byId.get(id)?.groups);
  return { products, groups };
}

/**
 * Scores the shipped model and a popularity baseline on each customer's
 * purchases in the last `holdoutDays` (items they had bought before
 * excluded, full ranking), training both only on what came before.
 * Returns null when the holdout has too few customers to mean anything.
 */
export async function evaluateOnRecentPurchases(input: TrainingInput, params: HybridParams = {}, holdoutDays = 30, minUsers = 20): Promise<Evaluation | null> {
  let last = -Infinity;
  for (const e of input.events) if (e.basketKey !== undefined) last = Math.max(last, msOf(e.timestamp));
  if (last === -Infinity) return null;
  const split = timeSplit(input.events, last - holdoutDays * DAY_MS, { catalog: input.catalog.map((c) => c.id) });
  if (split.users.length < minUsers) return null;
  const byId = new Map(input.catalog.map((c) => [c.id, c]));
  const { products, groups } = inputsFor(split.train, byId);
  const model = await trainHybridAsync(split.train, { products }, { ...params, popularity: { ...params.popularity, groups } });
  const baseline = trainPopularity(split.train, { groups });
  const shipped = evaluate((u, k, exclude) => recommendForCustomer(model, purchaseHistoryOfUser(split.train, u), k, { exclude }), split);
  const popularity = evaluate((_u, k, exclude) => recommendPopular(baseline, k, { exclude }), split);
  return { holdoutDays, testUsers: split.users.length, shipped: shipped.metrics, popularity: popularity.metrics };
}

/**
 * Trains the model on everything (the live model) and evaluates it on the
 * recent holdout. Training yields to the event loop between slices, so a
 * worker keeps its job locks alive while EASE's inverse runs.
 */
export async function trainRecommendationModel(input: TrainingInput, params: HybridParams = {}): Promise<TrainedRecommendations> {
  const started = performance.now();
  const evaluation = await evaluateOnRecentPurchases(input, params);
  const data = buildInteractions(input.events, { items: input.catalog.map((c) => c.id) });
  const byId = new Map(input.catalog.map((c) => [c.id, c]));
  const { products, groups } = inputsFor(data, byId);
  const model = await trainHybridAsync(data, { products }, { ...params, popularity: { ...params.popularity, groups } });
  return { model, data, evaluation, seconds: (performance.now() - started) / 1000 };
}

export interface PrecomputedList {
  productShopifyId: string;
  kind: "bought_together" | "similar" | "neighbours" | "trending" | "popular";
  items: [string, number][];
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * The lists the storefront serves from memory: per product, what is bought
 * with it and what is similar to it (co-purchase, then item-kNN, then
 * content, so new products have lists from day one), the neighbours
 * personal picks are summed from (the largest EASE weights of each item,
 * item-kNN or content outside EASE's set: core/hybrid.ts
 * personalNeighbourLists), and shop-wide trending and popular lists. Keys
 * are Shopify product ids.
 */
export function precomputeLists(trained: TrainedRecommendations, length = LIST_LENGTH): PrecomputedList[] {
  const { model, data } = trained;
  const key = (i: number) => data.items.keys[i];
  const personal = personalNeighbourLists(model, length);
  const out: PrecomputedList[] = [];
  for (let item = 0; item < data.nItems; item++) {
    const id = key(item);
    const bought = neighboursOf(model.copurchase.lists, item).slice(0, length);
    if (bought.length) out.push({ productShopifyId: id, kind: "bought_together", items: bought.map((n) => [key(n.item), round(n.score)]) });
    const similar = recommendForProduct(model, item, length).filter((s) => s.source !== "copurchase" && s.source !== "popularity");
    if (similar.length) out.push({ productShopifyId: id, kind: "similar", items: similar.map((s) => [key(s.item), round(s.score)]) });
    const neighbours = neighboursOf(personal, item).slice(0, length);
    if (neighbours.length) out.push({ productShopifyId: id, kind: "neighbours", items: neighbours.map((n) => [key(n.item), round(n.score)]) });
  }
  out.push({ productShopifyId: "*", kind: "trending", items: recommendTrending(model.popularity, 50).map((s) => [key(s.item), round(s.score)]) });
  out.push({ productShopifyId: "*", kind: "popular", items: recommendPopular(model.popularity, 100).map((s) => [key(s.item), round(s.score)]) });
  return out;
}

/** Strong co-purchase pairs staff may approve as complementary products. */
export function complementarySuggestions(trained: TrainedRecommendations, perProduct = 3, minScore = 0.05) {
  const { model, data } = trained;
  const pairs: { productShopifyId: string; complementShopifyId: string; score: number }[] = [];
  for (let item = 0; item < data.nItems; item++) {
    for (const n of neighboursOf(model.copurchase.lists, item).slice(0, perProduct)) {
      if (n.score >= minScore) pairs.push({ productShopifyId: data.items.keys[item], complementShopifyId: data.items.keys[n.item], score: round(n.score) });
    }
  }
  return pairs;
}

/** A new model replaces the live one unless it is measurably worse (2 % tolerance for noise). */
export function shouldPromote(candidate: Evaluation | null, live: Evaluation | null, tolerance = 0.02): { promote: boolean; reason: string } {
  if (!live) return { promote: true, reason: "first evaluated model: nothing live to compare with" };
  if (!candidate) return { promote: false, reason: "not enough recent purchases to evaluate; the live model stays" };
  const c = candidate.shipped["recall@20"] ?? 0;
  const l = live.shipped["recall@20"] ?? 0;
  return c >= l * (1 - tolerance)
    ? { promote: true, reason: `Recall@20 ${c.toFixed(4)} vs live ${l.toFixed(4)}` }
    : { promote: false, reason: `worse than live: Recall@20 ${c.toFixed(4)} vs ${l.toFixed(4)}` };
}
