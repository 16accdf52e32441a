// Sparse top-K neighbour lists, the storage shared by the item-to-item models
// (item-kNN, co-purchase, content). Row i lists the K most similar items of i,
// best first.

import { SparseAccumulator, TopK } from "./topk";
import type { Exclusion, ItemIndex, Profile, ScoredItem, ScoreSource } from "./types";
import { exclusionMask } from "./interactions";

export interface NeighbourLists {
  readonly nItems: number;
  /** neighbours[ptr[i] .. ptr[i+1]) are the neighbours of item i, best first. */
  readonly ptr: Uint32Array;
  readonly neighbours: Uint32Array;
  readonly similarity: Float32Array;
}

/** Collects per-item top-K lists in item order and freezes them into CSR. */
export class NeighbourListsBuilder {
  private readonly ptr: Uint32Array;
  private readonly idx: number[] = [];
  private readonly sim: number[] = [];
  private next = 0;

  constructor(readonly nItems: number) {
    this.ptr = new Uint32Array(nItems + 1);
  }

  /** Set the list of item i; items must be given in increasing order. */
  set(i: ItemIndex, list: readonly { item: ItemIndex; score: number }[]): void {
    if (i < this.next) throw new RangeError("Neighbour lists must be added in item order");
    for (let j = this.next; j < i; j++) this.ptr[j + 1] = this.idx.length;
    for (const e of list) {
      this.idx.push(e.item);
      this.sim.push(e.score);
    }
    this.ptr[i + 1] = this.idx.length;
    this.next = i + 1;
  }

  build(): NeighbourLists {
    for (let j = this.next; j < this.nItems; j++) this.ptr[j + 1] = this.idx.length;
    return {
      nItems: this.nItems,
      ptr: this.ptr,
      neighbours: Uint32Array.from(this.idx),
      similarity: Float32Array.from(this.sim),
    };
  }
}

/** Keep the best `k` of a sparse accumulator's entries (excluding `self`). */
export function selectNeighbours(
  acc: SparseAccumulator,
  self: number,
  k: number,
  score: (j: number, raw: number) => number,
): { item: number; score: number }[] {
  const heap = new TopK(k);
  const touched = acc.indices();
  for (let n = 0; n < touched.length; n++) {
    const j = touched[n];
    if (j === self) continue;
    const s = score(j, acc.values[j]);
    if (s > 0) heap.push(j, s);
  }
  return heap.result();
}

export function neighboursOf(lists: NeighbourLists, item: ItemIndex): { item: ItemIndex; score: number }[] {
  const out: { item: ItemIndex; score: number }[] = [];
  if (item < 0 || item >= lists.nItems) return out;
  for (let p = lists.ptr[item]; p < lists.ptr[item + 1]; p++) out.push({ item: lists.neighbours[p], score: lists.similarity[p] });
  return out;
}

/**
 * Score items from a profile through neighbour lists:
 *   score(j) = sum over profile items i of w_i * sim(i, j)
 * and remember, for each j, the profile item with the largest contribution
 * (the anchor behind "Because you bought X"). Profile items themselves are
 * excluded from the result.
 */
export function scoreThroughNeighbours(lists: NeighbourLists, profile: Profile, k: number, exclude: Exclusion | undefined, source: ScoreSource): ScoredItem[] {
  const n = lists.nItems;
  const mask = exclusionMask(n, exclude);
  for (const i of profile.items) if (i >= 0 && i < n) mask[i] = 1;
  const acc = new SparseAccumulator(n);
  const best = new Float64Array(n);
  const anchor = new Int32Array(n).fill(-1);
  for (let p = 0; p < profile.items.length; p++) {
    const i = profile.items[p];
    if (i < 0 || i >= n) continue;
    const w = profile.weights ? profile.weights[p] : 1;
    for (let q = lists.ptr[i]; q < lists.ptr[i + 1]; q++) {
      const j = lists.neighbours[q];
      if (mask[j]) continue;
      const c = w * lists.similarity[q];
      acc.add(j, c);
      if (c > best[j]) {
        best[j] = c;
        anchor[j] = i;
      }
    }
  }
  const heap = new TopK(k);
  const touched = acc.indices();
  for (let t = 0; t < touched.length; t++) {
    const j = touched[t];
    if (acc.values[j] > 0) heap.push(j, acc.values[j]);
  }
  return heap.result().map((e) => ({ ...e, anchor: anchor[e.item] >= 0 ? anchor[e.item] : undefined, source }));
}

/**
 * One item's neighbour row from two models: `a`'s scores plus `weight` times
 * `b`'s (b already on a's scale), strongest first (ties by item); `a` itself
 * when the weight is 0. Training blends item-kNN into EASE's rows with it.
 */
export function blendNeighbours(
  a: readonly { item: number; score: number }[],
  b: readonly { item: number; score: number }[],
  weight: number,
): { item: number; score: number }[] {
  if (!(weight > 0) || b.length === 0) return [...a];
  const merged = new Map<number, number>();
  for (const e of a) merged.set(e.item, e.score);
  for (const e of b) merged.set(e.item, (merged.get(e.item) ?? 0) + weight * e.score);
  return [...merged].map(([item, score]) => ({ item, score })).sort((x, y) => y.score - x.score || x.item - y.item);
}
