import type { ItemIndex, ScoredItem } from "./types";

/**
 * Bounded selection of the k best (score, index) pairs with a binary min-heap:
 * O(n log k) and no full sort. Ties are broken by the lower index, so results
 * are deterministic.
 */
export class TopK {
  private readonly idx: Int32Array;
  private readonly val: Float64Array;
  private n = 0;

  constructor(readonly k: number) {
    const cap = Math.max(0, Math.floor(k));
    this.idx = new Int32Array(cap);
    this.val = new Float64Array(cap);
  }

  /** True when (a, ia) ranks below (b, ib). */
  private static worse(a: number, ia: number, b: number, ib: number): boolean {
    return a < b || (a === b && ia > ib);
  }

  /** The score an item must beat to enter (−Infinity while not full). */
  get threshold(): number {
    return this.n < this.idx.length ? Number.NEGATIVE_INFINITY : this.val[0];
  }

  push(item: number, score: number): void {
    const cap = this.idx.length;
    if (cap === 0 || Number.isNaN(score)) return;
    if (this.n < cap) {
      let c = this.n++;
      // sift up
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!TopK.worse(score, item, this.val[p], this.idx[p])) break;
        this.val[c] = this.val[p];
        this.idx[c] = this.idx[p];
        c = p;
      }
      this.val[c] = score;
      this.idx[c] = item;
      return;
    }
    if (!TopK.worse(this.val[0], this.idx[0], score, item)) return;
    // replace root, sift down
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= cap) break;
      const r = l + 1;
      let m = l;
      if (r < cap && TopK.worse(this.val[r], this.idx[r], this.val[l], this.idx[l])) m = r;
      if (!TopK.worse(this.val[m], this.idx[m], score, item)) break;
      this.val[c] = this.val[m];
      this.idx[c] = this.idx[m];
      c = m;
    }
    this.val[c] = score;
    this.idx[c] = item;
  }

  get size(): number {
    return this.n;
  }

  /** The kept pairs, best first. */
  result(): { item: ItemIndex; score: number }[] {
    const out: { item: ItemIndex; score: number }[] = [];
    for (let j = 0; j < this.n; j++) out.push({ item: this.idx[j], score: this.val[j] });
    out.sort((a, b) => b.score - a.score || a.item - b.item);
    return out;
  }
}

export interface SelectOptions {
  /** 1 = never select this index. */
  mask?: Uint8Array;
  /** Only indices whose score is strictly greater than this are kept (default −Infinity). */
  minScore?: number;
}

/** The k best entries of a dense score vector. */
export function topKDense(scores: ArrayLike<number>, k: number, options: SelectOptions = {}): ScoredItem[] {
  const heap = new TopK(k);
  const { mask } = options;
  const min = options.minScore ?? Number.NEGATIVE_INFINITY;
  for (let i = 0; i < scores.length; i++) {
    if (mask && mask[i]) continue;
    const s = scores[i];
    if (s > min && s >= heap.threshold) heap.push(i, s);
  }
  return heap.result();
}

/** The k best entries among `candidates` (indices into scores). */
export function topKOf(scores: ArrayLike<number>, candidates: ArrayLike<number>, k: number, options: SelectOptions = {}): ScoredItem[] {
  const heap = new TopK(k);
  const { mask } = options;
  const min = options.minScore ?? Number.NEGATIVE_INFINITY;
  for (let n = 0; n < candidates.length; n++) {
    const i = candidates[n];
    if (mask && mask[i]) continue;
    const s = scores[i];
    if (s > min) heap.push(i, s);
  }
  return heap.result();
}

/**
 * A sparse accumulator: a dense value array plus the list of touched indices,
 * so that repeated sparse sums cost O(touched), not O(n), to read and reset.
 */
export class SparseAccumulator {
  readonly values: Float64Array;
  readonly touched: Int32Array;
  private readonly seen: Uint8Array;
  count = 0;

  constructor(readonly n: number) {
    this.values = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.seen = new Uint8Array(n);
  }

  add(i: number, v: number): void {
    if (!this.seen[i]) {
      this.seen[i] = 1;
      this.touched[this.count++] = i;
    }
    this.values[i] += v;
  }

  /** The touched indices (a view; valid until the next reset). */
  indices(): Int32Array {
    return this.touched.subarray(0, this.count);
  }

  reset(): void {
    for (let n = 0; n < this.count; n++) {
      const i = this.touched[n];
      this.values[i] = 0;
      this.seen[i] = 0;
    }
    this.count = 0;
  }
}
