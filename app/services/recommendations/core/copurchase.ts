// "Frequently bought together": item co-occurrence within orders (baskets).
//
// For items i and j let c_ij be the number of baskets containing both (the
// support of the pair) and c_i the number of baskets containing i. A pair is
// kept when c_ij >= minSupport, and scored with the asymmetric cosine of
// Aiolli ("Efficient top-N recommendation for very large scale binary rated
// datasets", RecSys 2013), plus a shrinkage term:
//
//   s(i -> j) = c_ij / (c_i^alpha * c_j^(1 - alpha) + shrink)
//
// alpha = 1 is the conditional probability P(j | i), which favours best sellers;
// alpha = 0.5 is the cosine, which penalises j's popularity as much as i's.
// The shrinkage (Bell & Koren, ICDM 2007) discounts pairs with little support:
// with shrink = 5 a pair seen twice between two rarely sold items no longer
// outranks one seen fifty times.
//
// Measured as a customer model (cart = the customer's past items) on the
// Online Retail validation split (bench/eval-recs.ts --models copurchase),
// Recall@20 / HR@10: alpha 0.3 0.093 / 0.366, 0.5 0.094 / 0.381, 0.7 0.085 /
// 0.348, 1.0 0.067 / 0.309; shrink 0 / 5 / 20 and minSupport 1 / 2 / 3 all
// within 0.002; skipping baskets over 100 items beats keeping them (0.093 /
// 0.373 with a limit of 1,000).
//
// Orders with more than maxBasketSize distinct items (wholesale restocking)
// are skipped: they contribute O(m^2) pairs of weak evidence.

import { exclusionMask } from "./interactions";
import { NeighbourListsBuilder, neighboursOf, scoreThroughNeighbours, selectNeighbours, type NeighbourLists } from "./neighbours";
import { SparseAccumulator } from "./topk";
import type { Exclusion, Interactions, ItemIndex, ScoredItem } from "./types";

export interface CopurchaseParams {
  /** Minimum number of baskets a pair must share. Default 2. */
  minSupport?: number;
  /** Neighbours kept per item. Default 50. */
  topN?: number;
  /** Asymmetry (0.5 = cosine, 1 = conditional probability). Default 0.5. */
  alpha?: number;
  /** Shrinkage added to the denominator. Default 5. */
  shrink?: number;
  /** Baskets with more distinct items are ignored. Default 100. */
  maxBasketSize?: number;
  /**
   * Also keep each item's strongest partners by raw support c_ij (support 1
   * included), this many per item, for updates between trainings. Default 0.
   */
  countsTopN?: number;
}

export interface CopurchaseModel {
  readonly kind: "copurchase";
  readonly params: Required<CopurchaseParams>;
  /** Baskets containing each item (c_i). */
  readonly basketCounts: Uint32Array;
  /** s(i -> j) lists, best first; `support` holds c_ij parallel to the lists. */
  readonly lists: NeighbourLists;
  readonly support: Uint32Array;
  /** With `countsTopN`: each item's partners by support, scores = c_ij (most first). */
  readonly pairCounts?: NeighbourLists;
}

/** The parameters with their defaults. */
export function copurchaseParams(params: CopurchaseParams = {}): Required<CopurchaseParams> {
  return {
    minSupport: params.minSupport ?? 2,
    topN: params.topN ?? 50,
    alpha: params.alpha ?? 0.5,
    shrink: params.shrink ?? 5,
    maxBasketSize: params.maxBasketSize ?? 100,
    countsTopN: params.countsTopN ?? 0,
  };
}

/** s(i -> j) from the counts (0 below the minimum support): the one formula training and updates score pairs with. */
export function copurchaseScore(cij: number, ci: number, cj: number, p: Required<CopurchaseParams>): number {
  return cij >= p.minSupport ? cij / (Math.pow(ci, p.alpha) * Math.pow(cj, 1 - p.alpha) + p.shrink) : 0;
}

export function trainCopurchase(data: Interactions, params: CopurchaseParams = {}): CopurchaseModel {
  const p = copurchaseParams(params);
  const { nItems, nBaskets, basketPtr, basketItems } = data;

  // Usable baskets and item -> baskets index.
  const usable = new Uint8Array(nBaskets);
  const counts = new Uint32Array(nItems);
  const colPtr = new Uint32Array(nItems + 1);
  for (let b = 0; b < nBaskets; b++) {
    const size = basketPtr[b + 1] - basketPtr[b];
    if (size < 2 || size > p.maxBasketSize) continue;
    usable[b] = 1;
    for (let q = basketPtr[b]; q < basketPtr[b + 1]; q++) colPtr[basketItems[q] + 1]++;
  }
  for (let i = 0; i < nItems; i++) {
    counts[i] = colPtr[i + 1];
    colPtr[i + 1] += colPtr[i];
  }
  const fill = colPtr.slice(0, nItems);
  const colBasket = new Uint32Array(colPtr[nItems]);
  for (let b = 0; b < nBaskets; b++) {
    if (!usable[b]) continue;
    for (let q = basketPtr[b]; q < basketPtr[b + 1]; q++) colBasket[fill[basketItems[q]]++] = b;
  }

  const acc = new SparseAccumulator(nItems);
  const builder = new NeighbourListsBuilder(nItems);
  const countsBuilder = p.countsTopN > 0 ? new NeighbourListsBuilder(nItems) : null;
  const supports: number[] = [];
  for (let i = 0; i < nItems; i++) {
    const ci = counts[i];
    if (ci === 0) continue;
    for (let q = colPtr[i]; q < colPtr[i + 1]; q++) {
      const b = colBasket[q];
      for (let r = basketPtr[b]; r < basketPtr[b + 1]; r++) acc.add(basketItems[r], 1);
    }
    const list = selectNeighbours(acc, i, p.topN, (j, cij) => copurchaseScore(cij, ci, counts[j], p));
    for (const e of list) supports.push(acc.values[e.item]);
    builder.set(i, list);
    countsBuilder?.set(
      i,
      selectNeighbours(acc, i, p.countsTopN, (_, cij) => cij),
    );
    acc.reset();
  }
  return {
    kind: "copurchase",
    params: p,
    basketCounts: counts,
    lists: builder.build(),
    support: Uint32Array.from(supports),
    ...(countsBuilder ? { pairCounts: countsBuilder.build() } : {}),
  };
}

/** Items most often bought with one item, with their support (shared baskets). */
export function boughtTogether(model: CopurchaseModel, item: ItemIndex, k: number, exclude?: Exclusion): (ScoredItem & { support: number })[] {
  const mask = exclusionMask(model.lists.nItems, exclude);
  const start = item >= 0 && item < model.lists.nItems ? model.lists.ptr[item] : 0;
  return neighboursOf(model.lists, item)
    .map((e, n) => ({ ...e, anchor: item, source: "copurchase" as const, support: model.support[start + n] }))
    .filter((e) => !mask[e.item])
    .slice(0, k);
}

/**
 * Complements for a set of seed items (a cart): score(j) = sum over seeds s of
 * s(s -> j). Seeds are never returned; each result names the seed that
 * contributed most as its anchor ("Often bought with <anchor>").
 */
export function complementsForCart(model: CopurchaseModel, seeds: readonly ItemIndex[], k: number, exclude?: Exclusion): ScoredItem[] {
  return scoreThroughNeighbours(model.lists, { items: seeds }, k, exclude, "copurchase");
}
