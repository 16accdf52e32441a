// EASE: Embarrassingly Shallow Autoencoder (H. Steck, "Embarrassingly Shallow
// Autoencoders for Sparse Data", WWW 2019, https://arxiv.org/abs/1905.03375).
//
// With X the binary user x item matrix, EASE learns an item x item weight
// matrix B minimising ||X - XB||_F^2 + lambda ||B||_F^2 subject to diag(B) = 0.
// The constrained least-squares problem has the closed form
//
//   G = X^T X + lambda I,   P = G^-1,   B_ij = -P_ij / P_jj (i != j),   B_jj = 0
//
// i.e. B = I - P diag(1/diag(P)) with the diagonal then zeroed. A customer u is
// scored by s_u = x_u B: every item j gets sum over the customer's items i of
// B_ij. Negative weights are kept (they encode "people who buy i don't buy j").
//
// Cost: building G is sum_u |items(u)|^2 from the sparse user rows (much
// cheaper than a dense X^T X); inverting it is n^3/2 multiply-adds and B needs
// n^2 floats. We therefore restrict EASE to the `maxItems` items with the most
// buyers; everything else is left to the fallbacks of the hybrid model.
//
// Measured on the Online Retail time split (train < 2011-11-09, 1,294 test
// customers, all 3,659 items, see bench/eval-recs.ts), Recall@20 / HR@10 of
// EASE with maxItems = all items:
//   lambda   50: 0.111 / 0.463     lambda  300: 0.123 / 0.453
//   lambda  100: 0.120 / 0.464     lambda  500: 0.123 / 0.447
//   lambda  200: 0.122 / 0.467     lambda 1000: 0.122 / 0.443
// and with lambda 300, by maxItems: 1,000: 0.118; 1,500: 0.122; 2,000: 0.123;
// 2,500: 0.123 (items beyond ~2,000 have under 30 buyers and barely move the
// ranking). Defaults: lambda 300, maxItems 2,500 (~6 s, 25 MB for B).

import { exclusionMask, itemUserCounts } from "./interactions";
import { runSliced, runToEnd } from "../../../lib/steps";
import { spdInverseSteps } from "./linalg";
import { NeighbourListsBuilder, type NeighbourLists } from "./neighbours";
import { TopK, topKOf } from "./topk";
import type { Exclusion, Interactions, ItemIndex, Profile, ScoredItem } from "./types";

export interface EaseParams {
  /** L2 regularisation (Steck's lambda). Default 300. */
  lambda?: number;
  /** Only the most-bought items take part (B is maxItems^2 floats). Default 2,500. */
  maxItems?: number;
  /** Items need at least this many distinct buyers to take part. Default 1. */
  minUsers?: number;
}

export interface EaseModel {
  readonly kind: "ease";
  readonly lambda: number;
  /** Number of items in the model (n). */
  readonly n: number;
  readonly nItems: number;
  /** items[m] is the catalog index of model row/column m (most-bought first). */
  readonly items: Int32Array;
  /** position[i] is the model row of catalog item i, or -1 when outside the model. */
  readonly position: Int32Array;
  /** n x n row-major weights: B[m * n + m'] is the weight of item m for item m'. */
  readonly weights: Float32Array;
  readonly stats: { gramSeconds: number; inverseSeconds: number; bytes: number };
}

export function trainEase(data: Interactions, params: EaseParams = {}): EaseModel {
  return runToEnd(easeSteps(data, params));
}

/**
 * trainEase without holding the event loop for seconds: yields every
 * `sliceMs` of computation (for a queue worker that must keep renewing its
 * job lock while it trains).
 */
export function trainEaseAsync(data: Interactions, params: EaseParams = {}, sliceMs = 50): Promise<EaseModel> {
  return runSliced(easeSteps(data, params), sliceMs);
}

function* easeSteps(data: Interactions, params: EaseParams): Generator<void, EaseModel> {
  const lambda = params.lambda ?? 300;
  if (!(lambda > 0)) throw new RangeError("EASE needs lambda > 0");
  const maxItems = params.maxItems ?? 2500;
  const minUsers = params.minUsers ?? 1;

  const counts = itemUserCounts(data);
  const ranked = Array.from({ length: data.nItems }, (_, i) => i)
    .filter((i) => counts[i] >= minUsers)
    .sort((a, b) => counts[b] - counts[a] || a - b)
    .slice(0, maxItems);
  const n = ranked.length;
  const items = Int32Array.from(ranked);
  const position = new Int32Array(data.nItems).fill(-1);
  for (let m = 0; m < n; m++) position[items[m]] = m;

  // G = X^T X over the selected items, from the sparse user rows; X is binary.
  const t0 = performance.now();
  const G = new Float64Array(n * n);
  const row: number[] = [];
  for (let u = 0; u < data.nUsers; u++) {
    if (u % 256 === 0) yield;
    row.length = 0;
    for (let p = data.userPtr[u]; p < data.userPtr[u + 1]; p++) {
      const m = position[data.userItems[p]];
      if (m >= 0) row.push(m);
    }
    for (let a = 0; a < row.length; a++) {
      const base = row[a] * n;
      for (let b = 0; b < row.length; b++) G[base + row[b]] += 1;
    }
  }
  for (let m = 0; m < n; m++) G[m * n + m] += lambda;
  const t1 = performance.now();

  const P = yield* spdInverseSteps(G, n);
  // B_ij = -P_ij / P_jj, B_jj = 0.
  const weights = new Float32Array(n * n);
  const invDiag = new Float64Array(n);
  for (let j = 0; j < n; j++) invDiag[j] = 1 / P[j * n + j];
  for (let i = 0; i < n; i++) {
    if (i % 64 === 0) yield;
    const base = i * n;
    for (let j = 0; j < n; j++) weights[base + j] = i === j ? 0 : -P[base + j] * invDiag[j];
  }
  const t2 = performance.now();

  return {
    kind: "ease",
    lambda,
    n,
    nItems: data.nItems,
    items,
    position,
    weights,
    stats: { gramSeconds: (t1 - t0) / 1000, inverseSeconds: (t2 - t1) / 1000, bytes: weights.byteLength },
  };
}

/**
 * Dense scores over the catalog: out[j] = sum_i w_i B_ij for the profile items
 * inside the model. Items outside the model get NaN (not scored, as opposed to
 * a score of 0). Returns the number of profile items the model knew.
 */
export function easeScores(model: EaseModel, profile: Profile, out: Float64Array): number {
  out.fill(Number.NaN);
  const n = model.n;
  const acc = new Float64Array(n);
  let known = 0;
  for (let p = 0; p < profile.items.length; p++) {
    const m = model.position[profile.items[p]] ?? -1;
    if (m < 0) continue;
    known++;
    const w = profile.weights ? profile.weights[p] : 1;
    const base = m * n;
    for (let j = 0; j < n; j++) acc[j] += w * model.weights[base + j];
  }
  for (let j = 0; j < n; j++) out[model.items[j]] = acc[j];
  return known;
}

/** Top-k items for a profile; empty when the model knows none of its items. */
export function recommendEase(model: EaseModel, profile: Profile, k: number, exclude?: Exclusion): ScoredItem[] {
  const scores = new Float64Array(model.nItems);
  if (easeScores(model, profile, scores) === 0) return [];
  const mask = exclusionMask(model.nItems, exclude);
  return topKOf(scores, model.items, k, { mask }).map((s) => ({ ...s, source: "ease" as const }));
}

/** Items most related to one item by EASE weights (column of B for "who buys i also buys"). */
export function easeSimilar(model: EaseModel, item: ItemIndex, k: number, exclude?: Exclusion): ScoredItem[] {
  return recommendEase(model, { items: [item] }, k, exclude).map((s) => ({ ...s, anchor: item }));
}

/**
 * The largest positive weights of each row of B as sparse neighbour lists
 * (catalog indices), for serving without the dense matrix: scoring a profile
 * through these lists (`scoreThroughNeighbours`) computes x B restricted to
 * each item's `k` strongest positive weights. See bench/eval-recs.ts
 * (model "ease_lists") for what the truncation costs.
 */
export function easeNeighbours(model: EaseModel, k: number): NeighbourLists {
  const { n, items, weights } = model;
  const rows: { item: number; score: number }[][] = new Array(model.nItems);
  for (let m = 0; m < n; m++) {
    const heap = new TopK(k);
    const base = m * n;
    for (let j = 0; j < n; j++) {
      const w = weights[base + j];
      if (w > 0) heap.push(items[j], w);
    }
    rows[items[m]] = heap.result();
  }
  const builder = new NeighbourListsBuilder(model.nItems);
  for (let i = 0; i < model.nItems; i++) if (rows[i]) builder.set(i, rows[i]);
  return builder.build();
}
