// The shipped model: one entry point per storefront surface, each a blend of
// the models in this folder chosen by measurement (bench/eval-recs.ts).
//
// For a customer ("Picked for you"), with profile weights
// w_i = 0.5^(age_i / profileHalfLifeDays) over the items they bought:
//
//   score(j) = ease(j) / max ease                         j in the EASE set
//            + knnWeight * knn(j) / max knn              j outside it
//            + contentWeight * content(j) / max content   j with < coldBuyers buyers
//            + trendWeight * recent(j) / max recent       every j
//
// where ease(j) = sum_i w_i B_ij (Steck 2019), knn(j) = sum_i w_i sim(i, j)
// (item-kNN cosine), content(j) the same sum over TF-IDF similarities, and
// recent(j) the distinct buyers of j in the last `trendWindowDays` (what sells
// right now; seasonal catalogs shift within weeks). Each term is scaled by its
// maximum over the candidates so the weights are comparable across customers
// with short and long histories. A customer with no known items gets what
// sells now (the recent term alone), topped up with the best sellers.
//
// Tuning, on a validation split (train < 2011-10-09, test 2011-10-09 ..
// 2011-11-09, 1,034 customers), then run once on the reported split (train <
// 2011-11-09). Validation Recall@20 / HR@10; EASE alone is 0.111 / 0.457:
//   trendWeight      0: 0.115 / 0.457   0.1: 0.118 / 0.462   0.2: 0.117 / 0.472
//                  0.3: 0.116 / 0.484   0.5: 0.118 / 0.487
//   profile half-life (trend 0.3)  none: 0.116 / 0.478   60 d: 0.117 / 0.473
//                  120 d: 0.116 / 0.484   240 d: 0.118 / 0.487
//   trend window 7 d: 0.118 / 0.484   14 d: 0.116 / 0.484   28 d: 0.117 / 0.483
//   item-kNN on every item (0.1): 0.117 / 0.471; co-purchase (0.1): 0.117 / 0.466
//   content for cold items 0 vs 0.1: identical (a one-year log has few cold items)
// Recall@20 moves within noise (+-0.002 at ~1,000 customers); the trend term
// lifts HR@10 and NDCG clearly, so the defaults are half-life 120 d, trend
// weight 0.3 over a 14-day window, item-kNN only where EASE cannot score.
// Test split: EASE 0.123 / 0.453 -> shipped 0.138 / 0.511.
//
// For a product page ("Often bought with" / "Similar"), the co-purchase
// neighbours come first, then item-kNN neighbours, then content neighbours
// (which is what makes a product without sales recommendable), then the most
// popular items of the same group. For a cart, co-purchase complements of the
// cart items, then the same fallbacks.

import { trainContent, type ContentModel, type ContentParams, type ProductText } from "./content";
import { complementsForCart, trainCopurchase, type CopurchaseModel, type CopurchaseParams } from "./copurchase";
import { easeNeighbours, easeScores, trainEase, trainEaseAsync, type EaseModel, type EaseParams } from "./ease";
import { DAY_MS, exclusionMask, itemUserCounts } from "./interactions";
import { trainItemKnn, type ItemKnnModel, type ItemKnnParams } from "./itemknn";
import { NeighbourListsBuilder, neighboursOf, type NeighbourLists } from "./neighbours";
import { recommendPopular, trainPopularity, type PopularityModel, type PopularityParams } from "./popularity";
import { SparseAccumulator, TopK } from "./topk";
import type { Exclusion, Interactions, ItemIndex, Profile, ScoredItem, ScoreSource } from "./types";

export interface BlendParams {
  /** Half-life of a purchase's weight in the customer profile, in days. */
  profileHalfLifeDays: number;
  trendWeight: number;
  knnWeight: number;
  /** Item-kNN scores every item ("all") or only those EASE cannot score ("outside"). */
  knnScope: "all" | "outside";
  copurchaseWeight: number;
  contentWeight: number;
  /** Items with fewer buyers than this count as cold (content applies). */
  coldBuyers: number;
}

export const DEFAULT_BLEND: BlendParams = {
  profileHalfLifeDays: 120,
  trendWeight: 0.3,
  knnWeight: 0.1,
  knnScope: "outside",
  copurchaseWeight: 0,
  contentWeight: 0.1,
  coldBuyers: 3,
};

export interface HybridParams {
  ease?: EaseParams;
  itemknn?: ItemKnnParams;
  copurchase?: CopurchaseParams;
  content?: ContentParams;
  /** Popularity for fill-ins (long half-life) and the recent window (trendWindowDays). */
  popularity?: PopularityParams;
  blend?: Partial<BlendParams>;
}

export interface HybridModel {
  readonly kind: "hybrid";
  readonly nItems: number;
  readonly blend: BlendParams;
  readonly ease: EaseModel;
  readonly itemknn: ItemKnnModel;
  readonly copurchase: CopurchaseModel;
  readonly content: ContentModel | null;
  readonly popularity: PopularityModel;
  /** Distinct buyers per item in the training data. */
  readonly buyers: Uint32Array;
  /** Seconds spent training each part. */
  readonly timings: Record<string, number>;
}

export interface HybridInputs {
  /** Product text indexed like `data.items` (enables content similarity). */
  products?: readonly ProductText[];
  /** A content model trained elsewhere (e.g. from embeddings); wins over `products`. */
  content?: ContentModel;
}

export function trainHybrid(data: Interactions, inputs: HybridInputs = {}, params: HybridParams = {}): HybridModel {
  return assembleHybrid(data, inputs, params, trainEase);
}

/**
 * trainHybrid for a queue worker: EASE (seconds of dense algebra) gives the
 * event loop a turn every `sliceMs`, so job locks keep being renewed; the
 * other parts take well under a second each on a few thousand products.
 */
export async function trainHybridAsync(data: Interactions, inputs: HybridInputs = {}, params: HybridParams = {}, sliceMs = 50): Promise<HybridModel> {
  const t = performance.now();
  const ease = await trainEaseAsync(data, params.ease, sliceMs);
  const seconds = (performance.now() - t) / 1000;
  return assembleHybrid(data, inputs, params, () => ease, seconds);
}

function assembleHybrid(
  data: Interactions,
  inputs: HybridInputs,
  params: HybridParams,
  easeOf: (data: Interactions, params?: EaseParams) => EaseModel,
  easeSeconds?: number,
): HybridModel {
  const timings: Record<string, number> = {};
  const timed = <T>(name: string, f: () => T): T => {
    const t = performance.now();
    const r = f();
    timings[name] = (performance.now() - t) / 1000;
    return r;
  };
  if (inputs.products && inputs.products.length !== data.nItems) {
    throw new RangeError(`Expected product text for ${data.nItems} items, got ${inputs.products.length}`);
  }
  const ease = timed("ease", () => easeOf(data, params.ease));
  if (easeSeconds !== undefined) timings.ease = easeSeconds;
  const itemknn = timed("itemknn", () => trainItemKnn(data, params.itemknn));
  const copurchase = timed("copurchase", () => trainCopurchase(data, params.copurchase));
  const content = inputs.content ?? (inputs.products ? timed("content", () => trainContent(inputs.products!, params.content)) : null);
  const popularity = timed("popularity", () => trainPopularity(data, params.popularity));
  return {
    kind: "hybrid",
    nItems: data.nItems,
    blend: { ...DEFAULT_BLEND, ...params.blend },
    ease,
    itemknn,
    copurchase,
    content,
    popularity,
    buyers: itemUserCounts(data),
    timings,
  };
}

/** A customer's distinct items with the time of their latest purchase, from training data. */
export function purchaseHistoryOfUser(data: Interactions, user: number): PurchaseHistory {
  const start = data.userPtr[user];
  const end = data.userPtr[user + 1];
  return { items: Array.from(data.userItems.subarray(start, end)), times: Array.from(data.userLastSeen.subarray(start, end)) };
}

/** A customer's purchases with their times, as the storefront knows them. */
export interface PurchaseHistory {
  items: readonly ItemIndex[];
  /** Purchase times (ms), parallel to items; without them every item weighs 1. */
  times?: readonly number[];
}

/** Profile weights 0.5^(age / half-life), counted back from `now`. */
export function decayedProfile(history: PurchaseHistory, halfLifeDays: number, now: number): Profile {
  const weights = history.items.map((_, n) => {
    const t = history.times?.[n];
    if (t === undefined || !Number.isFinite(halfLifeDays)) return 1;
    return Math.pow(0.5, Math.max(0, now - t) / DAY_MS / halfLifeDays);
  });
  return { items: history.items, weights };
}

function maxOver(values: Float64Array, candidates: ArrayLike<number>, mask: Uint8Array): number {
  let m = 0;
  for (let n = 0; n < candidates.length; n++) {
    const i = candidates[n];
    if (!mask[i] && values[i] > m) m = values[i];
  }
  return m;
}

export interface CustomerQuery {
  /** Reference time for recency (ms); defaults to the popularity model's `now`. */
  now?: number;
  exclude?: Exclusion;
}

/** "Picked for you": the blended ranking for one customer. */
export function recommendForCustomer(model: HybridModel, history: PurchaseHistory, k: number, query: CustomerQuery = {}): ScoredItem[] {
  const { blend, nItems } = model;
  const now = query.now ?? model.popularity.now;
  const mask = exclusionMask(nItems, query.exclude);
  for (const i of history.items) if (i >= 0 && i < nItems) mask[i] = 1;
  const profile = decayedProfile(history, blend.profileHalfLifeDays, now);

  const total = new Float64Array(nItems);
  const source: ScoreSource[] = new Array(nItems);
  const best = new Float64Array(nItems);
  const anchor = new Int32Array(nItems).fill(-1);
  const contribute = (j: number, value: number, from: ScoreSource, anchorItem = -1) => {
    total[j] += value;
    if (value > best[j]) {
      best[j] = value;
      source[j] = from;
      anchor[j] = anchorItem;
    }
  };

  // EASE over its item set.
  const ease = new Float64Array(nItems);
  const known = easeScores(model.ease, profile, ease);
  if (known > 0) {
    const m = maxOver(ease, model.ease.items, mask);
    if (m > 0) {
      for (let n = 0; n < model.ease.items.length; n++) {
        const j = model.ease.items[n];
        if (!mask[j] && ease[j] > 0) contribute(j, ease[j] / m, "ease");
      }
    }
  }

  // Item-kNN (and content for cold items) outside the EASE set, with anchors.
  const throughLists = (lists: ItemKnnModel["lists"], weight: number, from: ScoreSource, accept: (j: number) => boolean) => {
    if (weight <= 0) return;
    const acc = new SparseAccumulator(nItems);
    const top = new Float64Array(nItems);
    const by = new Int32Array(nItems).fill(-1);
    for (let p = 0; p < profile.items.length; p++) {
      const i = profile.items[p];
      if (i < 0 || i >= lists.nItems) continue;
      const w = profile.weights ? profile.weights[p] : 1;
      for (let q = lists.ptr[i]; q < lists.ptr[i + 1]; q++) {
        const j = lists.neighbours[q];
        if (mask[j] || !accept(j)) continue;
        const c = w * lists.similarity[q];
        acc.add(j, c);
        if (c > top[j]) {
          top[j] = c;
          by[j] = i;
        }
      }
    }
    const idx = acc.indices();
    const m = maxOver(acc.values, idx, mask);
    if (m <= 0) return;
    for (let n = 0; n < idx.length; n++) contribute(idx[n], (weight * acc.values[idx[n]]) / m, from, by[idx[n]]);
  };
  throughLists(model.itemknn.lists, blend.knnWeight, "itemknn", blend.knnScope === "all" ? () => true : (j) => model.ease.position[j] < 0);
  throughLists(model.copurchase.lists, blend.copurchaseWeight, "copurchase", () => true);
  if (model.content) throughLists(model.content.lists, blend.contentWeight, "content", (j) => model.buyers[j] < blend.coldBuyers);

  // What sells now.
  const recent = model.popularity.recent;
  let maxRecent = 0;
  for (let j = 0; j < nItems; j++) if (!mask[j] && recent[j] > maxRecent) maxRecent = recent[j];
  const hasPersonal = known > 0 || best.some((b) => b > 0);
  if (maxRecent > 0 && blend.trendWeight > 0) {
    const w = hasPersonal ? blend.trendWeight : 1;
    for (let j = 0; j < nItems; j++) if (!mask[j] && recent[j] > 0) contribute(j, (w * recent[j]) / maxRecent, "trending");
  }

  const heap = new TopK(k);
  for (let j = 0; j < nItems; j++) if (!mask[j] && total[j] > 0) heap.push(j, total[j]);
  const ranked: ScoredItem[] = heap.result().map((e) => ({ ...e, source: source[e.item], anchor: anchor[e.item] >= 0 ? anchor[e.item] : undefined }));
  return fillWithPopular(model, ranked, k, mask);
}

/** Top up a list with popular items (lower scores than anything already in it). */
function fillWithPopular(model: HybridModel, ranked: ScoredItem[], k: number, mask: Uint8Array, group?: string): ScoredItem[] {
  if (ranked.length >= k) return ranked;
  const taken = new Set(ranked.map((r) => r.item));
  const floor = ranked.length ? Math.min(...ranked.map((r) => r.score)) : 1;
  const pool = [
    ...(group !== undefined ? recommendPopular(model.popularity, k * 2, { group }) : []),
    ...recommendPopular(model.popularity, k * 2 + taken.size),
  ];
  const maxPop = pool.length ? Math.max(...pool.map((p) => p.score)) : 1;
  for (const p of pool) {
    if (ranked.length >= k) break;
    if (mask[p.item] || taken.has(p.item)) continue;
    taken.add(p.item);
    ranked.push({ item: p.item, score: floor * 0.5 * (p.score / maxPop), source: "popularity" });
  }
  return ranked;
}

export interface ProductQuery {
  exclude?: Exclusion;
  /** The product's group (product type, collection) for the popular fill-in. */
  group?: string;
}

/**
 * "Often bought with" / "You may also like" for a product page: co-purchase
 * neighbours, then item-kNN, then content similarity, then popular items of
 * the same group. Scores are rank-based across stages (earlier stages first).
 */
export function recommendForProduct(model: HybridModel, item: ItemIndex, k: number, query: ProductQuery = {}): ScoredItem[] {
  const mask = exclusionMask(model.nItems, query.exclude);
  if (item >= 0 && item < model.nItems) mask[item] = 1;
  const out: ScoredItem[] = [];
  const taken = new Set<number>();
  const stages: [ScoreSource, { item: number; score: number }[]][] = [
    ["copurchase", neighboursOf(model.copurchase.lists, item)],
    ["itemknn", neighboursOf(model.itemknn.lists, item)],
    ["content", model.content ? neighboursOf(model.content.lists, item) : []],
  ];
  stages.forEach(([source, list], stage) => {
    for (const e of list) {
      if (out.length >= k) return;
      if (mask[e.item] || taken.has(e.item)) continue;
      taken.add(e.item);
      // Stage s keeps its own order and sits below every earlier stage.
      out.push({ item: e.item, score: stages.length - stage + Math.min(1, e.score), anchor: item, source });
    }
  });
  return fillWithPopular(model, out, k, mask, query.group);
}

/** "Complete your order": complements of the cart items, then similar items, then popular. */
export function recommendForCart(model: HybridModel, cart: readonly ItemIndex[], k: number, query: ProductQuery = {}): ScoredItem[] {
  const mask = exclusionMask(model.nItems, query.exclude);
  for (const i of cart) if (i >= 0 && i < model.nItems) mask[i] = 1;
  const exclude = [...mask.keys()].filter((i) => mask[i]);
  const out: ScoredItem[] = complementsForCart(model.copurchase, cart, k, exclude).map((e) => ({ ...e, score: 2 + Math.min(1, e.score) }));
  if (out.length < k) {
    const taken = new Set(out.map((o) => o.item));
    for (const seed of cart) {
      for (const e of neighboursOf(model.itemknn.lists, seed)) {
        if (out.length >= k) break;
        if (mask[e.item] || taken.has(e.item)) continue;
        taken.add(e.item);
        out.push({ item: e.item, score: 1 + Math.min(1, e.score), anchor: seed, source: "itemknn" });
      }
    }
    out.sort((a, b) => b.score - a.score);
  }
  return fillWithPopular(model, out.slice(0, k), k, mask, query.group);
}

// ---------------------------------------------------------------------------
// Serving from stored lists.
//
// The dense EASE matrix (n^2 floats) is a training artefact; the storefront
// keeps one short list per product instead and scores customers from those:
//   personal[i] = the `length` largest positive EASE weights B_ij of item i
//                 (items outside EASE's set: their item-kNN neighbours scaled
//                 by knnWeight; products nobody bought: their content
//                 neighbours scaled by contentWeight)
//   score(j)    = sum_i w_i personal[i][j] / max + trendWeight * recent(j) / max
// with the same recency-decayed weights w_i as `recommendForCustomer`. Unlike
// the dense model, a product nobody bought is reached only from customers who
// bought a product without sales history (through its content list).
// On the benchmark this keeps nearly all of the dense model's quality (see
// bench/eval-recs.ts, model "shipped_lists").

/** Per-product lists personal picks are summed from (see above). */
export function personalNeighbourLists(model: HybridModel, length = 50): NeighbourLists {
  const ease = easeNeighbours(model.ease, length);
  const builder = new NeighbourListsBuilder(model.nItems);
  for (let i = 0; i < model.nItems; i++) {
    if (model.ease.position[i] >= 0) builder.set(i, neighboursOf(ease, i));
    else if (model.buyers[i] > 0)
      builder.set(
        i,
        neighboursOf(model.itemknn.lists, i)
          .slice(0, length)
          .map((e) => ({ item: e.item, score: e.score * model.blend.knnWeight })),
      );
    else if (model.content)
      builder.set(
        i,
        neighboursOf(model.content.lists, i)
          .slice(0, length)
          .map((e) => ({ item: e.item, score: e.score * model.blend.contentWeight })),
      );
  }
  return builder.build();
}

export interface ServingLists {
  readonly personal: NeighbourLists;
  /** Distinct buyers per item in the recent window, indexed by item (0 for most). */
  readonly recent: ArrayLike<number>;
  /** Shop-wide best sellers, best first, for the fill-in. */
  readonly popular: readonly ItemIndex[];
  readonly blend: BlendParams;
}

export function servingLists(model: HybridModel, length = 50): ServingLists {
  return {
    personal: personalNeighbourLists(model, length),
    recent: model.popularity.recent,
    popular: recommendPopular(model.popularity, 200).map((p) => p.item),
    blend: model.blend,
  };
}

/** "Picked for you" from stored lists: the serving-time twin of `recommendForCustomer`. */
export function recommendFromLists(lists: ServingLists, history: PurchaseHistory, k: number, query: CustomerQuery & { now: number }): ScoredItem[] {
  const { personal, recent, blend } = lists;
  const nItems = personal.nItems;
  const mask = exclusionMask(nItems, query.exclude);
  for (const i of history.items) if (i >= 0 && i < nItems) mask[i] = 1;
  const profile = decayedProfile(history, blend.profileHalfLifeDays, query.now);
  const acc = new SparseAccumulator(nItems);
  const top = new Float64Array(nItems);
  const anchor = new Int32Array(nItems).fill(-1);
  for (let p = 0; p < profile.items.length; p++) {
    const i = profile.items[p];
    if (i < 0 || i >= nItems) continue;
    const w = profile.weights ? profile.weights[p] : 1;
    for (let q = personal.ptr[i]; q < personal.ptr[i + 1]; q++) {
      const j = personal.neighbours[q];
      if (mask[j]) continue;
      const c = w * personal.similarity[q];
      acc.add(j, c);
      if (c > top[j]) {
        top[j] = c;
        anchor[j] = i;
      }
    }
  }
  const idx = acc.indices();
  const maxPersonal = maxOver(acc.values, idx, mask);
  let maxRecent = 0;
  for (let j = 0; j < recent.length; j++) if (!mask[j] && recent[j] > maxRecent) maxRecent = recent[j];
  const trendWeight = maxPersonal > 0 ? blend.trendWeight : 1;

  const heap = new TopK(k);
  const fromTrend = new Uint8Array(nItems);
  const total = new Float64Array(nItems);
  if (maxPersonal > 0) for (let n = 0; n < idx.length; n++) if (acc.values[idx[n]] > 0) total[idx[n]] = acc.values[idx[n]] / maxPersonal;
  if (maxRecent > 0) {
    for (let j = 0; j < recent.length; j++) {
      if (mask[j] || !(recent[j] > 0)) continue;
      const t = (trendWeight * recent[j]) / maxRecent;
      if (t > total[j]) fromTrend[j] = 1;
      total[j] += t;
    }
  }
  for (let j = 0; j < nItems; j++) if (!mask[j] && total[j] > 0) heap.push(j, total[j]);
  const out: ScoredItem[] = heap
    .result()
    .map((e) => (fromTrend[e.item] || anchor[e.item] < 0 ? { ...e, source: "trending" as const } : { ...e, anchor: anchor[e.item], source: "ease" as const }));
  if (out.length < k) {
    const taken = new Set(out.map((o) => o.item));
    const floor = out.length ? out[out.length - 1].score : 1;
    for (const item of lists.popular) {
      if (out.length >= k) break;
      if (mask[item] || taken.has(item)) continue;
      taken.add(item);
      out.push({ item, score: floor * 0.5, source: "popularity" });
    }
  }
  return out;
}
