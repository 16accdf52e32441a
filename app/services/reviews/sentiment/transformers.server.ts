// A local transformers.js sentiment model, used instead of the offline
// default when a text-classification model folder is present
// (<AISLE_MODELS_DIR>/sentiment, see README "Local models"). Nothing is
// downloaded: remote models are disabled before the pipeline is created.
//
// The model's own labels (config.json id2label) are mapped to Aisle's three
// polarities: names that say negative/neutral/positive, star ratings (1-2
// negative, 3 neutral, 4-5 positive), or bare LABEL_i: two labels are read as
// negative, positive and three as negative, neutral, positive (the order of
// the common sentiment checkpoints). A model whose labels cannot be mapped is
// refused at load with a message naming them. A model without a neutral
// label never says neutral.

import { readFileSync } from "node:fs";
import path from "node:path";
import { LocalModelError, localModelDir, localTransformers, onnxDtype } from "../../../lib/local-models.server";
import { findAspects, type AspectMention } from "./aspects";
import { extractFeatures } from "./features";
import type { Lexicon } from "./lexicon-score";
import type { Polarity } from "./metrics";

export interface TransformersSentiment {
  label: Polarity;
  /** Probability of the chosen polarity (the model's label probabilities summed per polarity). */
  confidence: number;
  /** P(positive) - P(negative), -1 .. 1. */
  score: number;
  binary: "positive" | "negative";
  aspects: AspectMention[];
  backend: string;
}

/** Each of the model's labels (by logit index) as a polarity. Throws when a label cannot be read. */
export function polaritiesOfLabels(id2label: Record<string, string>): Polarity[] {
  const labels = Object.keys(id2label)
    .map(Number)
    .sort((a, b) => a - b)
    .map((i) => String(id2label[i]));
  if (labels.length < 2) throw new LocalModelError(`A sentiment model needs at least two labels; config.json has ${labels.length}.`);
  const generic = labels.every((l, i) => l.toUpperCase() === `LABEL_${i}`);
  if (generic) {
    if (labels.length === 2) return ["negative", "positive"];
    if (labels.length === 3) return ["negative", "neutral", "positive"];
    throw new LocalModelError(`A sentiment model's labels ${labels.join(", ")} say nothing about polarity; name them in config.json id2label.`);
  }
  return labels.map((label) => {
    const l = label.toLowerCase().trim();
    const stars = /^([1-5])(?:\s*stars?)?$/.exec(l);
    if (stars) return Number(stars[1]) <= 2 ? "negative" : Number(stars[1]) === 3 ? "neutral" : "positive";
    if (/^(very\s+)?neg(ative)?$/.test(l)) return "negative";
    if (/^(very\s+)?pos(itive)?$/.test(l)) return "positive";
    if (/^neu(tral)?$/.test(l)) return "neutral";
    throw new LocalModelError(`Cannot tell the polarity of the sentiment model's label "${label}" (labels: ${labels.join(", ")}).`);
  });
}

/** Label probabilities (by label index) summed per polarity, then Aisle's reading of them. */
export function readProbabilities(
  probabilities: readonly number[],
  polarities: readonly Polarity[],
): Pick<TransformersSentiment, "label" | "confidence" | "score" | "binary"> {
  const p: Record<Polarity, number> = { negative: 0, neutral: 0, positive: 0 };
  probabilities.forEach((q, i) => (p[polarities[i]] += q));
  const hasNeutral = polarities.includes("neutral");
  // Ties go to neutral, then positive (as `binary` does).
  const order: Polarity[] = hasNeutral ? ["neutral", "positive", "negative"] : ["positive", "negative"];
  const label = order.reduce((best, x) => (p[x] > p[best] ? x : best), order[0]);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { label, confidence: round(p[label]), score: round(p.positive - p.negative), binary: p.positive >= p.negative ? "positive" : "negative" };
}

/** The sentiment model folder in use, or null when there is none. */
export function sentimentModelDir(): string | null {
  return localModelDir("sentiment");
}

type Classify = (texts: string[], options: { top_k: number }) => Promise<unknown>;

export interface LocalSentimentModel {
  dir: string;
  name: string;
  polarities: Polarity[];
  classify(texts: readonly string[], lexicon: Lexicon): Promise<TransformersSentiment[]>;
}

const loaded = new Map<string, Promise<LocalSentimentModel>>();
const BATCH = 16;

/** Loads (once per folder) the text-classification model in `dir`. Throws LocalModelError with the reason when it cannot. */
export function loadSentimentModel(dir: string): Promise<LocalSentimentModel> {
  const key = path.resolve(dir);
  let model = loaded.get(key);
  if (!model) {
    model = load(key);
    loaded.set(key, model);
    model.catch(() => loaded.delete(key));
  }
  return model;
}

async function load(dir: string): Promise<LocalSentimentModel> {
  let config: { id2label?: Record<string, string> };
  try {
    config = JSON.parse(readFileSync(path.join(dir, "config.json"), "utf8")) as typeof config;
  } catch (error) {
    throw new LocalModelError(`${path.join(dir, "config.json")} is not readable JSON (${(error as Error).message}).`);
  }
  if (!config.id2label) throw new LocalModelError(`${path.join(dir, "config.json")} has no id2label: it is not a text-classification model.`);
  const polarities = polaritiesOfLabels(config.id2label);
  const { pipeline } = await localTransformers(dir);
  let classifier: Classify;
  try {
    classifier = (await pipeline("text-classification", path.basename(dir), { dtype: onnxDtype(dir, ["model"]) })) as unknown as Classify;
  } catch (error) {
    if (error instanceof LocalModelError) throw error;
    throw new LocalModelError(`The sentiment model in ${dir} failed to load: ${(error as Error).message}`);
  }
  const labelIndex = new Map(Object.entries(config.id2label).map(([i, l]) => [String(l), Number(i)]));
  const name = path.basename(dir);
  return {
    dir,
    name,
    polarities,
    async classify(texts, lexicon) {
      const out: TransformersSentiment[] = [];
      for (let s = 0; s < texts.length; s += BATCH) {
        const batch = texts.slice(s, s + BATCH).map((t) => t.trim() || ".");
        // An array of texts with top_k > 1 gives one list of label scores per text.
        const rows = (await classifier(batch, { top_k: polarities.length })) as { label: string; score: number }[][];
        rows.forEach((scores, i) => {
          const probabilities = new Array<number>(polarities.length).fill(0);
          for (const { label, score } of scores) probabilities[labelIndex.get(label)!] = score;
          const f = extractFeatures(texts[s + i], lexicon);
          out.push({ ...readProbabilities(probabilities, polarities), aspects: findAspects(f.tokens, f.reading.valences), backend: `transformers:${name}` });
        });
      }
      return out;
    },
  };
}
