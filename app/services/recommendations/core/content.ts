// Content similarity from product text, so that a product nobody has bought
// yet can be recommended (and recommended around) from day one.
//
// TF-IDF (Salton & Buckley, "Term-weighting approaches in automatic text
// retrieval", 1988), as in scikit-learn's TfidfVectorizer(sublinear_tf=True,
// smooth_idf=True, norm="l2"):
//   tf(t, i)  = sum of the field weights of t's occurrences in product i
//               (title 3, product type 2, tags 2, vendor 1, description 1)
//   w(t, i)   = (1 + ln tf(t, i)) * idf(t),  idf(t) = ln((1 + N) / (1 + df(t))) + 1
//   x_i       = w(., i) / ||w(., i)||_2
//   sim(i, j) = x_i . x_j   (cosine), top-K kept per item.
// Besides words, the product type, the vendor and each whole tag become one
// token each ("type=mugs"), so exact category matches count for more than a
// shared word. Terms in more than `maxDocFrequency` of the catalog are dropped
// (they cost O(df^2) and carry almost no weight).
//
// Optional dense path: sentence embeddings from a local ONNX model through
// @huggingface/transformers (`embedTexts`), only when a model directory is
// present on disk; no model ships with the app and nothing is downloaded.

import { existsSync } from "node:fs";
import path from "node:path";
import { exclusionMask } from "./interactions";
import { NeighbourListsBuilder, neighboursOf, scoreThroughNeighbours, selectNeighbours, type NeighbourLists } from "./neighbours";
import { tokenize, stripHtml } from "./text";
import { SparseAccumulator, TopK } from "./topk";
import type { Exclusion, ItemIndex, Profile, ScoredItem } from "./types";

/** The text of a product, in the Admin API's terms. */
export interface ProductText {
  title: string;
  productType?: string;
  vendor?: string;
  tags?: readonly string[];
  /** Plain text or HTML (descriptionHtml); tags are stripped. */
  description?: string;
}

export interface ContentParams {
  /** Neighbours kept per item. Default 50. */
  k?: number;
  /** Drop terms found in more than this share of products. Default 0.5. */
  maxDocFrequency?: number;
  /** Similarities at or below this are not kept. Default 0.05. */
  minSimilarity?: number;
  /**
   * A term shared by more products than this finds candidates only among its
   * strongest `maxPostings` products (those where it weighs most), so the cost
   * is at most products x terms x maxPostings instead of the sum of df^2.
   * Default max(200, 2e7 / products): no cap on a few thousand products.
   */
  maxPostings?: number;
  fieldWeights?: Partial<Record<"title" | "productType" | "vendor" | "tags" | "description", number>>;
}

export interface ContentModel {
  readonly kind: "content";
  readonly nItems: number;
  /** "tfidf" or "embedding:<model>". */
  readonly representation: string;
  readonly lists: NeighbourLists;
  /** Unit-norm sparse vectors (TF-IDF): terms sorted ascending per item. */
  readonly vectors?: { ptr: Uint32Array; terms: Uint32Array; weights: Float32Array };
  /** Unit-norm dense vectors (embeddings): nItems x dim. */
  readonly dense?: { dim: number; values: Float32Array };
  readonly vocabulary?: readonly string[];
}

const DEFAULT_FIELD_WEIGHTS = { title: 3, productType: 2, vendor: 1, tags: 2, description: 1 };

/** Weighted term counts of one product. */
export function productTerms(product: ProductText, fieldWeights = DEFAULT_FIELD_WEIGHTS): Map<string, number> {
  const tf = new Map<string, number>();
  const add = (term: string, w: number) => {
    if (w > 0) tf.set(term, (tf.get(term) ?? 0) + w);
  };
  for (const t of tokenize(product.title)) add(t, fieldWeights.title);
  if (product.productType?.trim()) {
    add(`type=${product.productType.trim().toLowerCase()}`, fieldWeights.productType);
    for (const t of tokenize(product.productType)) add(t, fieldWeights.productType);
  }
  if (product.vendor?.trim()) add(`vendor=${product.vendor.trim().toLowerCase()}`, fieldWeights.vendor);
  for (const tag of product.tags ?? []) {
    if (!tag.trim()) continue;
    add(`tag=${tag.trim().toLowerCase()}`, fieldWeights.tags);
    for (const t of tokenize(tag)) add(t, fieldWeights.tags);
  }
  if (product.description) for (const t of tokenize(stripHtml(product.description))) add(t, fieldWeights.description);
  return tf;
}

/**
 * idf(t) = ln((1 + N) / (1 + df(t))) + 1 of the terms kept: those that can
 * connect two products and are not near-universal (in more than `maxDf` of
 * the catalog, when it has more than two products).
 */
function idfOf(docs: readonly Map<string, number>[], maxDf: number): Map<string, number> {
  const N = docs.length;
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [t, c] of df) if (!(N > 2 && c > maxDf * N)) idf.set(t, Math.log((1 + N) / (1 + c)) + 1);
  return idf;
}

/** A product's TF-IDF vector, unit length: w(t) = (1 + ln tf) idf(t) / norm. */
function unitVector(doc: Map<string, number>, idf: ReadonlyMap<string, number>): [string, number][] {
  const entries: [string, number][] = [];
  for (const [t, tf] of doc) {
    const w = idf.get(t);
    if (w !== undefined) entries.push([t, (1 + Math.log(tf)) * w]);
  }
  const norm = Math.sqrt(entries.reduce((s, e) => s + e[1] * e[1], 0));
  return entries.map(([t, w]) => [t, norm > 0 ? w / norm : 0]);
}

/**
 * The content neighbours of a few products of a catalog, without training
 * the whole model: one pass over the catalog for the term frequencies, then
 * each product's vector is scored against the targets' terms only (an
 * inverted index of the targets). Same weights, idf and threshold as
 * `trainContent`, exact cosine (no posting cap): what a product added or
 * changed since the last training is like.
 */
export function contentNeighboursOf(
  products: readonly ProductText[],
  targets: readonly number[],
  params: Pick<ContentParams, "k" | "maxDocFrequency" | "minSimilarity"> = {},
): Map<number, { item: number; score: number }[]> {
  const k = params.k ?? 50;
  const minSim = params.minSimilarity ?? 0.05;
  const docs = products.map((p) => productTerms(p, DEFAULT_FIELD_WEIGHTS));
  const idf = idfOf(docs, params.maxDocFrequency ?? 0.5);
  // term -> [target, weight]
  const index = new Map<string, [number, number][]>();
  for (const t of new Set(targets)) {
    for (const [term, w] of unitVector(docs[t], idf)) {
      let postings = index.get(term);
      if (!postings) index.set(term, (postings = []));
      postings.push([t, w]);
    }
  }
  const heaps = new Map(targets.map((t) => [t, new TopK(k)]));
  const scores = new Map<number, number>();
  for (let j = 0; j < docs.length; j++) {
    // Only products sharing a term with a target need their vector.
    let shares = false;
    for (const term of docs[j].keys()) if (index.has(term)) shares = true;
    if (!shares) continue;
    scores.clear();
    for (const [term, w] of unitVector(docs[j], idf)) for (const [t, v] of index.get(term) ?? []) scores.set(t, (scores.get(t) ?? 0) + w * v);
    for (const [t, s] of scores) if (t !== j && s > minSim) heaps.get(t)!.push(j, s);
  }
  return new Map([...heaps].map(([t, heap]) => [t, heap.result()]));
}

/** TF-IDF content model over a catalog (index i = products[i]). */
export function trainContent(products: readonly ProductText[], params: ContentParams = {}): ContentModel {
  const k = params.k ?? 50;
  const maxDf = params.maxDocFrequency ?? 0.5;
  const minSim = params.minSimilarity ?? 0.05;
  const maxPostings = params.maxPostings ?? Math.max(200, Math.floor(2e7 / Math.max(1, products.length)));
  const fieldWeights = { ...DEFAULT_FIELD_WEIGHTS, ...params.fieldWeights };
  const N = products.length;

  const docs = products.map((p) => productTerms(p, fieldWeights));
  const idfByTerm = idfOf(docs, maxDf);
  // Term ids in code-unit order of the terms.
  const vocabulary = [...idfByTerm.keys()].sort((a, b) => (a < b ? -1 : 1));
  const termId = new Map(vocabulary.map((t, id) => [t, id]));

  const ptr = new Uint32Array(N + 1);
  const terms: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < N; i++) {
    const entries = unitVector(docs[i], idfByTerm)
      .map(([t, w]): [number, number] => [termId.get(t)!, w])
      .sort((a, b) => a[0] - b[0]);
    for (const [id, w] of entries) {
      terms.push(id);
      weights.push(w);
    }
    ptr[i + 1] = terms.length;
  }
  const vectors = { ptr, terms: Uint32Array.from(terms), weights: Float32Array.from(weights) };

  // Inverted index: term -> (item, weight).
  const V = vocabulary.length;
  const tPtr = new Uint32Array(V + 1);
  for (const t of vectors.terms) tPtr[t + 1]++;
  for (let t = 0; t < V; t++) tPtr[t + 1] += tPtr[t];
  const fill = tPtr.slice(0, V);
  const postItem = new Uint32Array(vectors.terms.length);
  const postWeight = new Float32Array(vectors.terms.length);
  for (let i = 0; i < N; i++) {
    for (let p = ptr[i]; p < ptr[i + 1]; p++) {
      const q = fill[vectors.terms[p]]++;
      postItem[q] = i;
      postWeight[q] = vectors.weights[p];
    }
  }

  // Frequent terms: postings by weight, strongest first, scanned up to maxPostings.
  for (let t = 0; t < V; t++) {
    const n = tPtr[t + 1] - tPtr[t];
    if (n <= maxPostings) continue;
    const order = Array.from({ length: n }, (_, m) => tPtr[t] + m).sort((a, b) => postWeight[b] - postWeight[a] || postItem[a] - postItem[b]);
    const items = order.map((q) => postItem[q]);
    const ws = order.map((q) => postWeight[q]);
    for (let m = 0; m < n; m++) {
      postItem[tPtr[t] + m] = items[m];
      postWeight[tPtr[t] + m] = ws[m];
    }
  }

  const acc = new SparseAccumulator(N);
  const builder = new NeighbourListsBuilder(N);
  for (let i = 0; i < N; i++) {
    for (let p = ptr[i]; p < ptr[i + 1]; p++) {
      const t = vectors.terms[p];
      const w = vectors.weights[p];
      const end = Math.min(tPtr[t + 1], tPtr[t] + maxPostings);
      for (let q = tPtr[t]; q < end; q++) acc.add(postItem[q], w * postWeight[q]);
    }
    builder.set(
      i,
      selectNeighbours(acc, i, k, (_, s) => (s > minSim ? s : 0)),
    );
    acc.reset();
  }
  return { kind: "content", nItems: N, representation: "tfidf", lists: builder.build(), vectors, vocabulary };
}

/** Content model from precomputed dense vectors (e.g. `embedTexts`); cosine, brute force O(n^2 d). */
export function trainContentFromEmbeddings(
  vectors: readonly ArrayLike<number>[],
  params: { k?: number; minSimilarity?: number; name?: string } = {},
): ContentModel {
  const k = params.k ?? 50;
  const minSim = params.minSimilarity ?? 0.05;
  const n = vectors.length;
  const dim = n ? vectors[0].length : 0;
  const values = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const v = vectors[i];
    if (v.length !== dim) throw new RangeError(`Embedding ${i} has ${v.length} dimensions, expected ${dim}`);
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += v[d] * v[d];
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) values[i * dim + d] = v[d] / norm;
  }
  const builder = new NeighbourListsBuilder(n);
  for (let i = 0; i < n; i++) {
    const heap = new TopK(k);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let d = 0; d < dim; d++) s += values[i * dim + d] * values[j * dim + d];
      if (s > minSim) heap.push(j, s);
    }
    builder.set(i, heap.result());
  }
  return { kind: "content", nItems: n, representation: `embedding:${params.name ?? "local"}`, lists: builder.build(), dense: { dim, values } };
}

/** Cosine similarity of two items' content (0 for unknown items). */
export function contentSimilarity(model: ContentModel, a: ItemIndex, b: ItemIndex): number {
  if (a < 0 || b < 0 || a >= model.nItems || b >= model.nItems) return 0;
  if (a === b) return 1;
  if (model.dense) {
    const { dim, values } = model.dense;
    let s = 0;
    for (let d = 0; d < dim; d++) s += values[a * dim + d] * values[b * dim + d];
    return s;
  }
  const v = model.vectors;
  if (!v) return 0;
  let p = v.ptr[a];
  let q = v.ptr[b];
  const pe = v.ptr[a + 1];
  const qe = v.ptr[b + 1];
  let s = 0;
  while (p < pe && q < qe) {
    const tp = v.terms[p];
    const tq = v.terms[q];
    if (tp === tq) s += v.weights[p++] * v.weights[q++];
    else if (tp < tq) p++;
    else q++;
  }
  return s;
}

/** Items whose text is most like one item's. */
export function similarByContent(model: ContentModel, item: ItemIndex, k: number, exclude?: Exclusion): ScoredItem[] {
  const mask = exclusionMask(model.nItems, exclude);
  return neighboursOf(model.lists, item)
    .filter((e) => !mask[e.item])
    .slice(0, k)
    .map((e) => ({ ...e, anchor: item, source: "content" as const }));
}

/** Content-based recommendations for a profile (sum of similarities). */
export function recommendContent(model: ContentModel, profile: Profile, k: number, exclude?: Exclusion): ScoredItem[] {
  return scoreThroughNeighbours(model.lists, profile, k, exclude, "content");
}

/** Text used to embed a product: the same fields as TF-IDF, most telling first. */
export function productSentence(p: ProductText): string {
  const parts = [p.title, p.productType, p.vendor, (p.tags ?? []).join(", "), p.description ? stripHtml(p.description) : ""];
  return parts
    .map((s) => (s ?? "").replace(/\s+/g, " ").trim())
    .filter((s) => s.length > 0)
    .join(". ")
    .replace(/\s+/g, " ")
    .slice(0, 2000);
}

export interface EmbedOptions {
  /**
   * A directory holding a transformers.js feature-extraction model
   * (config.json, tokenizer.json, onnx/model*.onnx), e.g.
   * /models/Xenova/all-MiniLM-L6-v2. Nothing is ever downloaded.
   */
  modelDir: string;
  /** Load onnx/model_quantized.onnx (default true, as shipped by Xenova/*). */
  quantized?: boolean;
  batchSize?: number;
  /** Where to say which path was taken (defaults to silence). */
  log?: (message: string) => void;
}

/**
 * Mean-pooled, L2-normalised sentence embeddings of `texts` from a local
 * model, or null when no usable model is on disk (the caller then uses
 * TF-IDF). Never reaches the network: remote models are disabled before the
 * pipeline is created.
 */
export async function embedTexts(texts: readonly string[], options: EmbedOptions): Promise<Float32Array[] | null> {
  const log = options.log ?? (() => {});
  const dir = path.resolve(options.modelDir);
  if (!existsSync(path.join(dir, "config.json"))) {
    log(`No local embedding model at ${dir}; using TF-IDF content similarity`);
    return null;
  }
  try {
    const { env, pipeline } = await import("@huggingface/transformers");
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = path.dirname(dir) + path.sep;
    const extractor = await pipeline("feature-extraction", path.basename(dir), { dtype: options.quantized === false ? "fp32" : "q8" });
    const out: Float32Array[] = [];
    const batch = options.batchSize ?? 32;
    for (let s = 0; s < texts.length; s += batch) {
      const tensor = await extractor([...texts.slice(s, s + batch)], { pooling: "mean", normalize: true });
      const [rows, dim] = tensor.dims as [number, number];
      const data = tensor.data as Float32Array;
      for (let r = 0; r < rows; r++) out.push(data.slice(r * dim, (r + 1) * dim));
    }
    log(`Embedded ${texts.length} products with the local model ${path.basename(dir)}`);
    return out;
  } catch (error) {
    log(`Local embedding model at ${dir} failed to load (${(error as Error).message}); using TF-IDF content similarity`);
    return null;
  }
}
