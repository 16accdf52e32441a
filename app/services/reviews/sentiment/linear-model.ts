// Pure: a shop's own sentiment model, learned from its rated reviews.
//
// The three classes are read as an ordinal scale (negative < neutral <
// positive) by logistic heads over the same hashed features (features.ts):
// "above negative" (neutral or positive vs negative) and "positive" (positive
// vs neutral or negative). When the labels are 1-5 star ratings, two finer
// cumulative heads are learned too ("above one star", "five stars"), and the
// ordinal reading may add each to its neighbour: the stars say more than the
// three classes do. A review is negative below the first reading's cut,
// positive from the second reading's cut, neutral between. A third head,
// positive vs negative with the neutral reviews left out, gives the binary
// reading. Each head is the sum of two logistic regressions over the same
// features: one on the plain features, one on features scaled by their naive
// Bayes log-count ratio for that head (NB-LR); the sum is one linear model.
// The L2 strength, the ordinal reading, the two cuts, which reading serves the
// binary decision, its threshold, and each reading's confidence scale are
// chosen by validation on the shop's own reviews at training time, never
// fixed to one dataset. The rating is the training signal only: predictions
// read text.

import { runSliced, runToEnd } from "../../../lib/steps";
import { DENSE_NAMES, FEATURE_BITS, hashedFeatures, type ReviewFeatures } from "./features";
import { extractFeatures } from "./features";
import type { Lexicon } from "./lexicon-score";
import { macroF1, type Polarity, POLARITIES } from "./metrics";

export interface LabelledReview {
  text: string;
  /** A rating 1-5, or 0/1 for a binary label, or a polarity. */
  label: number | Polarity;
}

/**
 * "above": neutral or positive vs negative (over two stars); "positive": positive vs the rest (over three stars);
 * "pair": positive vs negative, neutral left out; "above-one": over one star; "top": five stars.
 */
export type Head = "above" | "positive" | "pair" | "above-one" | "top";

/** Which heads the ordinal reading sums: "coarse" the two class heads alone, "fine" each with its star neighbour. */
export type OrdinalReading = "coarse" | "fine";

export interface SentimentModelParams {
  /** 3; a version 2 model (18 bits, coarse reading, no `ordinal`) is still read. */
  version: 2 | 3;
  /** log2 of the hash buckets the features were hashed into. */
  bits: number;
  /** The polarities seen in training (neutral absent for 0/1 labels). */
  polarities: Polarity[];
  heads: Head[];
  /** Buckets the model knows (seen in at least two training reviews), ascending. */
  buckets: number[];
  /** Per head, its weight for each known bucket (aligned with `buckets`), rounded. */
  weights: number[][];
  /** Per head, weights of the dense lexicon features (DENSE_NAMES order), then the bias. */
  dense: number[][];
  /** With a neutral class: negative below `negative` on the "above" reading, positive from `positive` on the "positive" reading. */
  cuts: { negative: number; positive: number } | null;
  /** The "above" reading: the "above" head alone, or plus "above-one"; the "positive" reading: the "positive" head, or plus "top". Absent: coarse. */
  ordinal?: OrdinalReading;
  /** The binary reading: the "pair" head's logit, or the sum of the two ordinal readings, against a threshold. */
  binary: { reading: "pair" | "ordinal-sum"; threshold: number };
  /** Per reading ("above", "positive", "pair" for the binary one), the scale that turns (logit - cut) into a calibrated probability. */
  temperature: Record<"above" | "positive" | "pair", number>;
  l2: number;
  trainedOn: number;
}

export function polarityOfLabel(label: number | Polarity, binary: boolean): Polarity {
  if (typeof label === "string") return label;
  if (binary) return label >= 1 ? "positive" : "negative";
  return label <= 2 ? "negative" : label === 3 ? "neutral" : "positive";
}

/** Whether numeric labels are a 0/1 label rather than ratings. */
export const isBinaryLabelSet = (labels: (number | Polarity)[]) => labels.every((l) => l === 0 || l === 1);

/** Each head's target for a review: 1, 0, or -1 (not used by that head). The star heads need the rating. */
export function headTarget(head: Head, p: Polarity, rating: number | null = null): number {
  if (head === "above") return p === "negative" ? 0 : 1;
  if (head === "positive") return p === "positive" ? 1 : 0;
  if (head === "above-one") return rating === null ? -1 : rating > 1 ? 1 : 0;
  if (head === "top") return rating === null ? -1 : rating > 4 ? 1 : 0;
  return p === "neutral" ? -1 : p === "positive" ? 1 : 0;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Deterministic pseudo-random order (mulberry32), so training is repeatable. */
function shuffled(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

interface Example {
  ids: Int32Array;
  dense: number[];
  polarity: Polarity;
  /** The 1-5 rating when the labels are ratings, else null. */
  rating: number | null;
}

/** The buckets the model keeps (in at least `minCount` of the reviews), ascending, and each bucket's index among them (-1: unknown). */
function knownBuckets(data: Example[], size: number, minCount: number): { buckets: Int32Array; index: Int32Array } {
  const counts = new Uint16Array(size);
  for (const x of data) for (const i of x.ids) if (counts[i] < 65535) counts[i]++;
  const index = new Int32Array(size).fill(-1);
  let n = 0;
  for (let i = 0; i < size; i++) if (counts[i] >= minCount) index[i] = n++;
  const buckets = new Int32Array(n);
  for (let i = 0; i < size; i++) if (index[i] >= 0) buckets[index[i]] = i;
  return { buckets, index };
}

/** The known features of a review as indices among the known buckets, and the scale that gives its sparse part unit length. */
function knownIds(ids: Int32Array, index: Int32Array): { ids: Int32Array; scale: number } {
  let n = 0;
  for (const i of ids) if (index[i] >= 0) n++;
  const out = new Int32Array(n);
  n = 0;
  for (const i of ids) if (index[i] >= 0) out[n++] = index[i];
  return { ids: out, scale: 1 / Math.sqrt(Math.max(1, n)) };
}

/**
 * Naive Bayes log-count ratios (Wang & Manning, 2012) of `k` features for a
 * 0/1 target, as magnitudes: |log(p_i / |p|) - log(q_i / |q|)| with p_i (q_i)
 * the number of target-1 (target-0) reviews that have feature i, plus one.
 * Reviews with a negative target are left out. A feature that tells the
 * sides apart gets a large value; one seen alike on both sides, near zero.
 */
export function logCountRatios(rows: { ids: Int32Array; y: number }[], k: number): Float64Array {
  const p = new Float64Array(k).fill(1);
  const q = new Float64Array(k).fill(1);
  for (const x of rows) {
    if (x.y < 0) continue;
    const side = x.y > 0 ? p : q;
    for (const i of x.ids) side[i]++;
  }
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < k; i++) {
    sp += p[i];
    sq += q[i];
  }
  const r = new Float64Array(k);
  for (let i = 0; i < k; i++) r[i] = Math.abs(Math.log(p[i] / sp) - Math.log(q[i] / sq));
  return r;
}

type Row = { ids: Int32Array; scale: number; dense: number[]; y: number };

/** Reviews read or learned from between two steps of training (a few milliseconds). */
const STEP_ROWS = 512;

/**
 * Logistic regression by AdaGrad over `k` sparse weights, each feature valued
 * `values[i]` (1 when absent) times the review's scale; L2 on the sparse
 * weights only (the lexicon features and bias are few and general).
 */
function* fitHead(data: Row[], k: number, values: Float64Array | null, l2: number, epochs: number, seed: number): Generator<void, Float64Array> {
  const D = DENSE_NAMES.length;
  const w = new Float64Array(k + D + 1);
  const g2 = new Float64Array(k + D + 1).fill(1e-8);
  const lr = 0.3;
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const n of shuffled(data.length, seed + epoch)) {
      if (++step % STEP_ROWS === 0) yield;
      const x = data[n];
      let s = w[k + D];
      for (const i of x.ids) s += w[i] * x.scale * (values ? values[i] : 1);
      for (let d = 0; d < D; d++) s += w[k + d] * x.dense[d];
      const g = sigmoid(s) - x.y;
      for (const i of x.ids) {
        const gi = g * x.scale * (values ? values[i] : 1) + l2 * w[i];
        g2[i] += gi * gi;
        w[i] -= (lr * gi) / Math.sqrt(g2[i]);
      }
      for (let d = 0; d <= D; d++) {
        const at = k + d;
        const gi = g * (d < D ? x.dense[d] : 1);
        g2[at] += gi * gi;
        w[at] -= (lr * gi) / Math.sqrt(g2[at]);
      }
    }
  }
  return w;
}

/**
 * One head: a plain logistic regression plus one over the NB-scaled features
 * (different mistakes, so their sum does better than either), folded into
 * one weight per feature (w_i + r_i · v_i), then the dense weights and bias.
 */
function* fitEnsembleHead(rows: Row[], k: number, l2: number, epochs: number, seed: number): Generator<void, Float64Array> {
  const plain = yield* fitHead(rows, k, null, l2, epochs, seed);
  const r = logCountRatios(rows, k);
  const scaled = yield* fitHead(rows, k, r, l2, epochs, seed + 7);
  const w = new Float64Array(plain.length);
  for (let i = 0; i < plain.length; i++) w[i] = plain[i] + (i < k ? r[i] : 1) * scaled[i];
  return w;
}

/** The finer star heads are learned only when the labels are ratings with both ends of each side present. */
function headsFor(polarities: Polarity[], data: Example[]): Head[] {
  if (!polarities.includes("neutral")) return ["pair"];
  const seen = new Set(data.map((x) => x.rating));
  const stars = data.every((x) => x.rating !== null) && [1, 2, 4, 5].every((r) => seen.has(r));
  return stars ? ["above", "positive", "pair", "above-one", "top"] : ["above", "positive", "pair"];
}

/** Trains every head on `data`; returns a logit function per head. */
function* fitHeads(data: Example[], heads: Head[], bits: number, l2: number, epochs: number) {
  const { buckets, index } = knownBuckets(data, 1 << bits, 2);
  const k = buckets.length;
  const prepared = data.map((x) => ({ ...knownIds(x.ids, index), dense: x.dense }));
  yield;
  const weights: Float64Array[] = [];
  for (const [h, head] of heads.entries()) {
    const rows = prepared.map((x, n) => ({ ...x, y: headTarget(head, data[n].polarity, data[n].rating) })).filter((x) => x.y >= 0);
    weights.push(yield* fitEnsembleHead(rows, k, l2, epochs, 17 + 101 * h));
  }
  const D = DENSE_NAMES.length;
  const logit = (h: number, ids: Int32Array, dense: number[]) => {
    const x = knownIds(ids, index);
    const w = weights[h];
    let s = 0;
    for (const i of x.ids) s += w[i];
    s = s * x.scale + w[k + D];
    for (let d = 0; d < D; d++) s += w[k + d] * dense[d];
    return s;
  };
  return { buckets, weights, logit };
}

/** Candidate cut points: midway between consecutive distinct quantiles of the values, ascending. */
function candidateCuts(values: number[], n: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const q = new Set<number>();
  for (let k = 0; k <= n; k++) q.add(sorted[Math.min(sorted.length - 1, Math.floor((k / n) * sorted.length))]);
  const levels = [...q];
  const out = [levels[0]];
  for (let i = 1; i < levels.length; i++) out.push((levels[i - 1] + levels[i]) / 2);
  return out;
}

/** Among candidates that tie for the best score, the middle one (the widest margin on either side). */
function middleOfBest(scores: number[]): number {
  const best = Math.max(...scores);
  const tied = scores.flatMap((s, i) => (s >= best - 1e-12 ? [i] : []));
  return tied[Math.floor((tied.length - 1) / 2)];
}

/** The ordinal decision: negative below the first cut, positive from the second, neutral between. */
export function ordinalLabel(above: number, positive: number, cuts: { negative: number; positive: number }): Polarity {
  if (above < cuts.negative) return "negative";
  return positive >= cuts.positive ? "positive" : "neutral";
}

/** The two cuts with the best 3-class macro-F1 on validation. */
export function tuneCuts(above: number[], positive: number[], truth: Polarity[]): { cuts: { negative: number; positive: number }; f1: number } {
  const as = candidateCuts(above, 60);
  const bs = candidateCuts(positive, 60);
  const grid: number[][] = [];
  const predicted = new Array<Polarity>(truth.length);
  for (const a of as) {
    const row: number[] = [];
    for (const b of bs) {
      for (let i = 0; i < truth.length; i++) predicted[i] = ordinalLabel(above[i], positive[i], { negative: a, positive: b });
      row.push(macroF1(truth, predicted, POLARITIES));
    }
    grid.push(row);
  }
  // Ties: the middle of the tied cuts on each axis.
  const f1 = Math.max(...grid.map((r) => Math.max(...r)));
  const ai = middleOfBest(grid.map((r) => Math.max(...r)));
  const bi = middleOfBest(grid[ai]);
  return { cuts: { negative: as[ai], positive: bs[bi] }, f1 };
}

/** The threshold on a score with the best positive-vs-negative macro-F1 (neutral reviews left out). */
export function tuneThreshold(scores: number[], truth: Polarity[]): { threshold: number; f1: number } {
  const pairs = scores.map((s, i) => [s, truth[i]] as const).filter(([, t]) => t !== "neutral");
  const labels = pairs.map(([, t]) => t);
  const candidates = candidateCuts(
    pairs.map(([s]) => s),
    200,
  );
  const f1s = candidates.map((t) =>
    macroF1(
      labels,
      pairs.map(([s]) => (s >= t ? "positive" : "negative")),
      ["negative", "positive"],
    ),
  );
  const at = middleOfBest(f1s);
  return { threshold: candidates[at], f1: f1s[at] };
}

/**
 * The scale s for which sigmoid(s · (logit - cut)) best predicts the head's
 * target on validation (log-loss): the confidence is then a calibrated
 * probability of being on that side of the cut.
 */
export function tuneTemperature(logits: number[], cut: number, targets: number[]): number {
  let best = 1;
  let bestLoss = Infinity;
  for (let s = 0.05; s <= 4.001; s += 0.05) {
    let loss = 0;
    for (let i = 0; i < logits.length; i++) {
      if (targets[i] < 0) continue;
      const p = Math.min(1 - 1e-9, Math.max(1e-9, sigmoid(s * (logits[i] - cut))));
      loss -= targets[i] ? Math.log(p) : Math.log(1 - p);
    }
    if (loss < bestLoss) {
      bestLoss = loss;
      best = Math.round(s * 100) / 100;
    }
  }
  return best;
}

export interface TrainOptions {
  /** Candidate L2 strengths; the one with the best validation macro-F1 wins. */
  l2Grid?: number[];
  epochs?: number;
  /** Folds of the cross-validation that chooses the parameters (fewer for small shops). */
  folds?: number;
}

/**
 * Learns a shop's model from its labelled reviews. Returns null when there
 * is too little to learn from (fewer than 50 reviews, or not both negative and positive ones):
 * the lexicon then reads the shop's reviews alone.
 */
export function trainSentimentModel(examples: LabelledReview[], lexicon: Lexicon, options: TrainOptions = {}): TrainedSentimentModel | null {
  return runToEnd(trainingSteps(examples, lexicon, options));
}

/**
 * The same training, giving the event loop back every `sliceMs`: a shop's
 * tens of thousands of reviews take a minute or more, which the worker
 * process must not spend deaf to its job locks and other queues.
 */
export function trainSentimentModelSliced(
  examples: LabelledReview[],
  lexicon: Lexicon,
  options: TrainOptions = {},
  sliceMs = 50,
): Promise<TrainedSentimentModel | null> {
  return runSliced(trainingSteps(examples, lexicon, options), sliceMs);
}

type TrainedSentimentModel = { params: SentimentModelParams; validation: { macroF1: number | null; binaryMacroF1: number } };

function* trainingSteps(examples: LabelledReview[], lexicon: Lexicon, options: TrainOptions): Generator<void, TrainedSentimentModel | null> {
  const binary = isBinaryLabelSet(examples.map((e) => e.label));
  const data: Example[] = [];
  for (const e of examples) {
    if (data.length % STEP_ROWS === 0) yield;
    const f = extractFeatures(e.text, lexicon);
    const rating = !binary && typeof e.label === "number" ? e.label : null;
    data.push({ ids: f.ids, dense: f.dense, polarity: polarityOfLabel(e.label, binary), rating });
  }
  const polarities = POLARITIES.filter((p) => data.some((x) => x.polarity === p));
  if (examples.length < 50 || polarities.filter((p) => p !== "neutral").length < 2) return null;
  const heads = headsFor(polarities, data);
  const hasNeutral = polarities.includes("neutral");
  const epochs = options.epochs ?? 4;
  const bits = FEATURE_BITS;

  // Out-of-fold logits: every review is read by a model that did not learn
  // from it, so the cuts are tuned on all the shop's reviews, not a fifth.
  const folds = Math.max(2, Math.min(options.folds ?? 4, Math.floor(data.length / 25)));
  const foldOf = new Int32Array(data.length);
  shuffled(data.length, 7).forEach((i, k) => (foldOf[i] = k % folds));
  const truth = data.map((x) => x.polarity);

  type Choice = Pick<SentimentModelParams, "cuts" | "ordinal" | "binary" | "temperature" | "l2"> & { f1: number | null; binaryF1: number };
  let chosen: Choice | null = null;
  for (const l2 of options.l2Grid ?? [1e-5, 1e-4, 1e-3]) {
    const z = heads.map(() => new Array<number>(data.length).fill(0));
    for (let fold = 0; fold < folds; fold++) {
      const m = yield* fitHeads(
        data.filter((_, i) => foldOf[i] !== fold),
        heads,
        bits,
        l2,
        epochs,
      );
      data.forEach((x, i) => {
        if (foldOf[i] === fold) for (let h = 0; h < heads.length; h++) z[h][i] = m.logit(h, x.ids, x.dense);
      });
    }
    const at = (head: Head) => z[heads.indexOf(head)];
    const temperature = { above: 1, positive: 1, pair: 1 };
    let cuts: SentimentModelParams["cuts"] = null;
    let ordinal: OrdinalReading = "coarse";
    let f1: number | null = null;
    let binaryChoice = { reading: "pair" as "pair" | "ordinal-sum", ...tuneThreshold(at("pair"), truth) };
    let above: number[] = [];
    let positive: number[] = [];
    if (hasNeutral) {
      // The ordinal reading with the better 3-class macro-F1: the class heads alone, or each plus its star neighbour.
      const readings: OrdinalReading[] = heads.includes("top") ? ["coarse", "fine"] : ["coarse"];
      for (const reading of readings) {
        const a = reading === "fine" ? at("above").map((v, i) => v + at("above-one")[i]) : at("above");
        const b = reading === "fine" ? at("positive").map((v, i) => v + at("top")[i]) : at("positive");
        const tuned = tuneCuts(a, b, truth);
        if (f1 === null || tuned.f1 > f1) {
          ({ cuts, f1 } = tuned);
          ordinal = reading;
          above = a;
          positive = b;
        }
      }
      temperature.above = tuneTemperature(
        above,
        cuts!.negative,
        truth.map((p) => headTarget("above", p)),
      );
      temperature.positive = tuneTemperature(
        positive,
        cuts!.positive,
        truth.map((p) => headTarget("positive", p)),
      );
      const bySum = tuneThreshold(
        above.map((v, i) => v + positive[i]),
        truth,
      );
      if (bySum.f1 > binaryChoice.f1) binaryChoice = { reading: "ordinal-sum", ...bySum };
    }
    const binaryScores = binaryChoice.reading === "pair" ? at("pair") : above.map((v, i) => v + positive[i]);
    temperature.pair = tuneTemperature(
      binaryScores,
      binaryChoice.threshold,
      truth.map((p) => headTarget("pair", p)),
    );
    const score = (f1 ?? 0) + binaryChoice.f1;
    if (!chosen || score > (chosen.f1 ?? 0) + chosen.binaryF1)
      chosen = {
        l2,
        cuts,
        ordinal,
        f1,
        temperature,
        binary: { reading: binaryChoice.reading, threshold: binaryChoice.threshold },
        binaryF1: binaryChoice.f1,
      };
  }
  const c = chosen!;
  // The star heads are kept only when the chosen reading uses them.
  const kept = c.ordinal === "fine" ? heads : heads.filter((h) => h !== "above-one" && h !== "top");
  const final = yield* fitHeads(data, kept, bits, c.l2, epochs);
  const k = final.buckets.length;
  const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
  return {
    params: {
      version: 3,
      bits,
      polarities,
      heads: kept,
      buckets: Array.from(final.buckets),
      weights: final.weights.map((w) => Array.from(w.subarray(0, k), r4)),
      dense: final.weights.map((w) => Array.from(w.subarray(k), r4)),
      cuts: c.cuts,
      ordinal: c.ordinal,
      binary: c.binary,
      temperature: c.temperature,
      l2: c.l2,
      trainedOn: examples.length,
    },
    validation: { macroF1: c.f1, binaryMacroF1: c.binaryF1 },
  };
}

export interface ModelReading {
  /** Each head's logit, in `params.heads` order. */
  logits: number[];
  /** How many of the review's sparse features the model knows. */
  known: number;
}

export interface ModelDecision {
  label: Polarity;
  /** Calibrated probability of the label (on validation). */
  confidence: number;
  binary: "positive" | "negative";
  /** -1 (negative) .. 1 (positive): 2·P(positive vs negative) - 1. */
  score: number;
}

const readable = (p: Partial<SentimentModelParams> | null): boolean =>
  !!p && (p.version === 2 || p.version === 3) && Number.isInteger(p.bits) && p.bits! >= 1 && p.bits! <= 30;

/**
 * A trained model, ready to read reviews: the known buckets in an
 * open-addressing table (a few hundred thousand slots, whatever the hash
 * width), their weights per head in one array.
 */
export class ShopSentimentModel {
  private readonly slots: Int32Array;
  private readonly slotMask: number;
  private readonly table: Float32Array;
  private readonly denseWeights: Float64Array;
  private readonly nHeads: number;
  readonly hasNeutral: boolean;

  constructor(readonly params: SentimentModelParams) {
    if (!readable(params)) throw new Error(`sentiment model format ${params.version}/${params.bits} is not readable by this version`);
    const H = params.heads.length;
    this.nHeads = H;
    let capacity = 16;
    while (capacity < params.buckets.length * 2) capacity *= 2;
    this.slotMask = capacity - 1;
    // Slot s holds bucket index j + 1 (0: empty); the bucket itself is params.buckets[j].
    this.slots = new Int32Array(capacity);
    this.table = new Float32Array(params.buckets.length * H);
    params.buckets.forEach((b, j) => {
      let s = slotOf(b) & this.slotMask;
      while (this.slots[s] !== 0) s = (s + 1) & this.slotMask;
      this.slots[s] = j + 1;
      for (let h = 0; h < H; h++) this.table[j * H + h] = params.weights[h][j];
    });
    this.denseWeights = Float64Array.from(params.dense.flat());
    this.hasNeutral = params.polarities.includes("neutral");
  }

  /** The index of a bucket among the known ones, or -1. */
  private indexOf(bucket: number): number {
    const buckets = this.params.buckets;
    for (let s = slotOf(bucket) & this.slotMask; ; s = (s + 1) & this.slotMask) {
      const j = this.slots[s];
      if (j === 0) return -1;
      if (buckets[j - 1] === bucket) return j - 1;
    }
  }

  /** The model's logit per head for a review. */
  read(f: ReviewFeatures): ModelReading {
    const H = this.nHeads;
    const D = DENSE_NAMES.length;
    const logits = new Array<number>(H).fill(0);
    // A model stored with another hash width (version 2: 18 bits) reads the words hashed at its width.
    const ids = this.params.bits === FEATURE_BITS ? f.ids : hashedFeatures(f.tokens, this.params.bits);
    let known = 0;
    for (const i of ids) {
      const j = this.indexOf(i);
      if (j < 0) continue;
      known++;
      for (let h = 0; h < H; h++) logits[h] += this.table[j * H + h];
    }
    const scale = 1 / Math.sqrt(Math.max(1, known));
    for (let h = 0; h < H; h++) {
      const row = h * (D + 1);
      let s = logits[h] * scale + this.denseWeights[row + D];
      for (let d = 0; d < D; d++) s += this.denseWeights[row + d] * f.dense[d];
      logits[h] = s;
    }
    return { logits, known };
  }

  decide(r: ModelReading): ModelDecision {
    const p = this.params;
    const z = (head: Head) => r.logits[p.heads.indexOf(head)];
    const fine = p.ordinal === "fine";
    const above = p.cuts ? z("above") + (fine ? z("above-one") : 0) : 0;
    const positive = p.cuts ? z("positive") + (fine ? z("top") : 0) : 0;
    const binaryScore = p.binary.reading === "pair" ? z("pair") : above + positive;
    const pPositive = sigmoid(p.temperature.pair * (binaryScore - p.binary.threshold));
    const binary = binaryScore >= p.binary.threshold ? "positive" : "negative";
    const score = 2 * pPositive - 1;
    if (!p.cuts) return { label: binary, confidence: binary === "positive" ? pPositive : 1 - pPositive, binary, score };
    const label = ordinalLabel(above, positive, p.cuts);
    const pAbove = sigmoid(p.temperature.above * (above - p.cuts.negative));
    const pTop = sigmoid(p.temperature.positive * (positive - p.cuts.positive));
    const confidence = label === "negative" ? 1 - pAbove : label === "positive" ? pTop : Math.min(pAbove, 1 - pTop);
    return { label, confidence, binary, score };
  }
}

/** A table slot for a bucket (Fibonacci hashing: bucket ids are already hashes, but low bits of small tables collide). */
const slotOf = (bucket: number) => Math.imul(bucket, 0x9e3779b1) >>> 7;

/**
 * A stored model (format 3, or format 2 read at its own hash width), or null
 * when it was written by an older version (the lexicon reads until the shop's
 * model is retrained).
 */
export function loadSentimentModel(params: unknown): ShopSentimentModel | null {
  const p = params as Partial<SentimentModelParams> | null;
  if (!readable(p)) return null;
  return new ShopSentimentModel(p as SentimentModelParams);
}
