// Pure: a shop's own sentiment model, learned from its rated reviews
// (multinomial logistic regression over word and word-pair features plus the
// lexicon's reading). Its regularisation and its decision offsets are chosen
// by validation on the shop's data at training time, never fixed to one
// dataset. The rating is the training signal only: predictions read text.

import { DENSE_NAMES, extractFeatures, type ReviewFeatures } from "./features";
import type { Lexicon } from "./lexicon-score";
import { macroF1, type Polarity, POLARITIES } from "./metrics";

export interface LabelledReview {
  text: string;
  /** A rating 1-5, or 0/1 for a binary label, or a polarity. */
  label: number | Polarity;
}

export interface SentimentModelParams {
  version: 1;
  /** The label values the model predicts, and the polarity each stands for. */
  classes: (number | Polarity)[];
  polarity: Polarity[];
  vocabulary: string[];
  /** classes × (vocabulary + dense + bias), row-major, rounded. */
  weights: number[];
  /** Log-offsets added to each polarity before choosing (validation-tuned, for macro-F1). */
  offsets: Record<Polarity, number>;
  /**
   * With ratings as labels: cut-offs on the expected rating (negative below
   * the first, positive from the second), used instead of the offsets when
   * they did better on validation.
   */
  ratingCuts: [number, number] | null;
  /** Positive vs negative cut on log P(positive) - log P(negative), for the binary reading. */
  binaryThreshold: number;
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

interface Prepared {
  idx: Int32Array;
  scale: number;
  dense: number[];
  cls: number;
  polarity: Polarity;
}

const VOCAB_MIN_COUNT = 2;
const VOCAB_MAX = 60_000;

function buildVocabulary(features: ReviewFeatures[]): string[] {
  const counts = new Map<string, number>();
  for (const f of features) for (const g of f.grams) counts.set(g, (counts.get(g) ?? 0) + 1);
  return [...counts.entries()]
    .filter(([, n]) => n >= VOCAB_MIN_COUNT)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, VOCAB_MAX)
    .map(([g]) => g);
}

function prepare(f: ReviewFeatures, index: Map<string, number>): { idx: Int32Array; scale: number } {
  const ids: number[] = [];
  for (const g of f.grams) {
    const i = index.get(g);
    if (i !== undefined) ids.push(i);
  }
  return { idx: Int32Array.from(ids), scale: 1 / Math.sqrt(Math.max(1, ids.length)) };
}

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

function fit(data: Prepared[], K: number, V: number, l2: number, epochs: number): Float64Array {
  const D = DENSE_NAMES.length;
  const width = V + D + 1;
  const w = new Float64Array(K * width);
  const g2 = new Float64Array(K * width).fill(1e-8);
  const lr = 0.5;
  const scores = new Float64Array(K);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const n of shuffled(data.length, 17 + epoch)) {
      const x = data[n];
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        const row = k * width;
        let s = w[row + V + D];
        for (let j = 0; j < x.idx.length; j++) s += w[row + x.idx[j]] * x.scale;
        for (let d = 0; d < D; d++) s += w[row + V + d] * x.dense[d];
        scores[k] = s;
        if (s > max) max = s;
      }
      let z = 0;
      for (let k = 0; k < K; k++) z += scores[k] = Math.exp(scores[k] - max);
      for (let k = 0; k < K; k++) {
        const grad = scores[k] / z - (k === x.cls ? 1 : 0);
        const row = k * width;
        const step = (at: number, value: number, decay: number) => {
          const g = grad * value + decay * w[at];
          g2[at] += g * g;
          w[at] -= (lr * g) / Math.sqrt(g2[at]);
        };
        for (let j = 0; j < x.idx.length; j++) step(row + x.idx[j], x.scale, l2);
        // The lexicon features and the bias are few and general: not shrunk.
        for (let d = 0; d < D; d++) step(row + V + d, x.dense[d], 0);
        step(row + V + D, 1, 0);
      }
    }
  }
  return w;
}

/** Probabilities per class. */
function classProbs(w: ArrayLike<number>, K: number, V: number, idx: Int32Array, scale: number, dense: number[]): number[] {
  const D = DENSE_NAMES.length;
  const width = V + D + 1;
  const scores = new Array<number>(K);
  let max = -Infinity;
  for (let k = 0; k < K; k++) {
    const row = k * width;
    let s = w[row + V + D];
    for (let j = 0; j < idx.length; j++) s += w[row + idx[j]] * scale;
    for (let d = 0; d < D; d++) s += w[row + V + d] * dense[d];
    scores[k] = s;
    if (s > max) max = s;
  }
  let z = 0;
  for (let k = 0; k < K; k++) z += scores[k] = Math.exp(scores[k] - max);
  for (let k = 0; k < K; k++) scores[k] /= z;
  return scores;
}

export interface ModelReading {
  /** Log-probabilities per polarity (classes of one polarity summed). */
  logp: Record<Polarity, number>;
  /** Expected rating, when the classes are ratings. */
  expected: number | null;
}

function readingOf(probs: number[], classes: (number | Polarity)[], polarity: Polarity[], ratings: boolean): ModelReading {
  const p: Record<Polarity, number> = { negative: 0, neutral: 0, positive: 0 };
  let expected = 0;
  for (let k = 0; k < probs.length; k++) {
    p[polarity[k]] += probs[k];
    if (ratings) expected += probs[k] * (classes[k] as number);
  }
  return {
    logp: { negative: Math.log(p.negative + 1e-12), neutral: Math.log(p.neutral + 1e-12), positive: Math.log(p.positive + 1e-12) },
    expected: ratings ? expected : null,
  };
}

/** Ratings 1-5 as labels (rather than 0/1 or polarities): the expected rating is meaningful. */
const areRatings = (classes: (number | Polarity)[], binary: boolean) => !binary && classes.every((c) => typeof c === "number");

function decideByCuts(r: ModelReading, cuts: [number, number]): { label: Polarity; confidence: number } {
  const e = r.expected!;
  const label: Polarity = e < cuts[0] ? "negative" : e >= cuts[1] ? "positive" : "neutral";
  return { label, confidence: Math.exp(r.logp[label]) };
}

function tuneRatingCuts(readings: ModelReading[], truth: Polarity[]): { cuts: [number, number]; f1: number } {
  let best: [number, number] = [2.5, 3.5];
  let bestF1 = -1;
  for (let a = 1.5; a <= 4.5; a += 0.05) {
    for (let b = a + 0.05; b <= 5; b += 0.05) {
      const cuts: [number, number] = [Math.round(a * 100) / 100, Math.round(b * 100) / 100];
      const f1 = macroF1(
        truth,
        readings.map((r) => decideByCuts(r, cuts).label),
        POLARITIES,
      );
      if (f1 > bestF1) {
        bestF1 = f1;
        best = cuts;
      }
    }
  }
  return { cuts: best, f1: bestF1 };
}

export function decide(logp: Record<Polarity, number>, offsets: Record<Polarity, number>, hasNeutral: boolean): { label: Polarity; confidence: number } {
  const candidates = hasNeutral ? POLARITIES : (["negative", "positive"] as Polarity[]);
  let best: Polarity = "neutral";
  let bestScore = -Infinity;
  let z = 0;
  for (const c of candidates) {
    const s = logp[c] + offsets[c];
    z += Math.exp(s);
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return { label: best, confidence: Math.exp(bestScore) / z };
}

function tuneOffsets(logps: Record<Polarity, number>[], truth: Polarity[], hasNeutral: boolean): Record<Polarity, number> {
  let best = { negative: 0, neutral: 0, positive: 0 };
  let bestF1 = -1;
  const grid: number[] = [];
  for (let v = -2; v <= 3.001; v += 0.25) grid.push(Math.round(v * 100) / 100);
  for (const on of grid) {
    for (const ou of hasNeutral ? grid : [0]) {
      const offsets = { negative: on, neutral: ou, positive: 0 };
      const predicted = logps.map((lp) => decide(lp, offsets, hasNeutral).label);
      const f1 = macroF1(truth, predicted, hasNeutral ? POLARITIES : ["negative", "positive"]);
      if (f1 > bestF1 + 1e-9) {
        bestF1 = f1;
        best = offsets;
      }
    }
  }
  return best;
}

function tuneBinaryThreshold(margins: number[], truth: Polarity[]): number {
  const pairs = margins.map((m, i) => [m, truth[i]] as const).filter(([, t]) => t !== "neutral");
  if (!pairs.length) return 0;
  const sorted = [...new Set(pairs.map(([m]) => Math.round(m * 100) / 100))].sort((a, b) => a - b);
  let best = 0;
  let bestF1 = -1;
  for (const t of sorted) {
    const f1 = macroF1(
      pairs.map(([, y]) => y),
      pairs.map(([m]) => (m >= t ? "positive" : "negative")),
      ["negative", "positive"],
    );
    if (f1 > bestF1) {
      bestF1 = f1;
      best = t;
    }
  }
  return best;
}

export interface TrainOptions {
  /** Candidate L2 strengths; the one with the best validation macro-F1 wins. */
  l2Grid?: number[];
  epochs?: number;
  /** Share of the training data held out to choose parameters. */
  validationShare?: number;
}

/**
 * Learns a shop's model from its labelled reviews. Returns null when there
 * is too little to learn from (fewer than 50 reviews, or one polarity only):
 * the lexicon then reads the shop's reviews alone.
 */
export function trainSentimentModel(
  examples: LabelledReview[],
  lexicon: Lexicon,
  options: TrainOptions = {},
): { params: SentimentModelParams; validation: { macroF1: number; binaryMacroF1: number } } | null {
  const binary = isBinaryLabelSet(examples.map((e) => e.label));
  const classes = [...new Set(examples.map((e) => e.label))].sort((a, b) => String(a).localeCompare(String(b), undefined, { numeric: true }));
  const polarity = classes.map((c) => polarityOfLabel(c, binary));
  if (examples.length < 50 || new Set(polarity).size < 2) return null;
  const hasNeutral = polarity.includes("neutral");
  const features = examples.map((e) => extractFeatures(e.text, lexicon));
  const order = shuffled(examples.length, 7);
  const nValid = Math.max(10, Math.round(examples.length * (options.validationShare ?? 0.2)));
  const validIds = new Set(order.slice(0, nValid));

  const run = (ids: number[], l2: number) => {
    const vocabulary = buildVocabulary(ids.map((i) => features[i]));
    const index = new Map(vocabulary.map((g, i) => [g, i]));
    const data = ids.map((i) => ({
      ...prepare(features[i], index),
      dense: features[i].dense,
      cls: classes.indexOf(examples[i].label),
      polarity: polarity[classes.indexOf(examples[i].label)],
    }));
    return { vocabulary, index, w: fit(data, classes.length, vocabulary.length, l2, options.epochs ?? 6) };
  };
  const trainIds = order.filter((i) => !validIds.has(i));
  const validList = order.filter((i) => validIds.has(i));
  const truth = validList.map((i) => polarity[classes.indexOf(examples[i].label)]);

  const ratings = areRatings(classes, binary);
  let chosen: { l2: number; f1: number; binaryF1: number; offsets: Record<Polarity, number>; cuts: [number, number] | null; threshold: number } | null = null;
  for (const l2 of options.l2Grid ?? [1e-6, 1e-5, 1e-4]) {
    const m = run(trainIds, l2);
    const readings = validList.map((i) => {
      const p = prepare(features[i], m.index);
      return readingOf(classProbs(m.w, classes.length, m.vocabulary.length, p.idx, p.scale, features[i].dense), classes, polarity, ratings);
    });
    const logps = readings.map((r) => r.logp);
    const offsets = tuneOffsets(logps, truth, hasNeutral);
    let f1 = macroF1(
      truth,
      logps.map((lp) => decide(lp, offsets, hasNeutral).label),
      hasNeutral ? POLARITIES : ["negative", "positive"],
    );
    let cuts: [number, number] | null = null;
    if (ratings && hasNeutral) {
      const byCuts = tuneRatingCuts(readings, truth);
      if (byCuts.f1 > f1) {
        f1 = byCuts.f1;
        cuts = byCuts.cuts;
      }
    }
    const margins = logps.map((lp) => lp.positive - lp.negative);
    const threshold = tuneBinaryThreshold(margins, truth);
    const pairs = margins.map((m, i) => [m, truth[i]] as const).filter(([, t]) => t !== "neutral");
    const binaryF1 = macroF1(
      pairs.map(([, t]) => t),
      pairs.map(([m]) => (m >= threshold ? "positive" : "negative")),
      ["negative", "positive"],
    );
    if (!chosen || f1 + binaryF1 > chosen.f1 + chosen.binaryF1) chosen = { l2, f1, binaryF1, offsets, cuts, threshold };
  }
  const final = run(
    order.map((i) => i),
    chosen!.l2,
  );
  return {
    params: {
      version: 1,
      classes,
      polarity,
      vocabulary: final.vocabulary,
      weights: Array.from(final.w, (v) => Math.round(v * 1e4) / 1e4),
      offsets: chosen!.offsets,
      ratingCuts: chosen!.cuts,
      binaryThreshold: chosen!.threshold,
      l2: chosen!.l2,
      trainedOn: examples.length,
    },
    validation: { macroF1: chosen!.f1, binaryMacroF1: chosen!.binaryF1 },
  };
}

/** A trained model, ready to read reviews (vocabulary index built once). */
export class ShopSentimentModel {
  private readonly index: Map<string, number>;
  private readonly weights: Float64Array;
  readonly hasNeutral: boolean;

  constructor(readonly params: SentimentModelParams) {
    this.index = new Map(params.vocabulary.map((g, i) => [g, i]));
    this.weights = Float64Array.from(params.weights);
    this.hasNeutral = params.polarity.includes("neutral");
  }

  /** The model's reading of a review, and how many of its features the model knows. */
  read(f: ReviewFeatures): ModelReading & { known: number } {
    const p = prepare(f, this.index);
    const probs = classProbs(this.weights, this.params.classes.length, this.params.vocabulary.length, p.idx, p.scale, f.dense);
    return { ...readingOf(probs, this.params.classes, this.params.polarity, this.params.ratingCuts !== null), known: p.idx.length };
  }

  /** The class: by expected rating when validation preferred that, else by offset probabilities. */
  decide(r: ModelReading): { label: Polarity; confidence: number } {
    const cuts = this.params.ratingCuts;
    if (cuts && r.expected !== null) {
      const { label } = decideByCuts(r, cuts);
      // Confidence: that polarity's share once the offsets are applied.
      const all = decide(r.logp, this.params.offsets, this.hasNeutral);
      return { label, confidence: all.label === label ? all.confidence : Math.exp(r.logp[label]) };
    }
    return decide(r.logp, this.params.offsets, this.hasNeutral);
  }
}
