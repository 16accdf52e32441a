// The local transformers.js sentiment backend, run through the real
// text-classification pipeline on tiny models written by the test itself.
import { mkdtempSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeTextClassifier } from "../../../../test/helpers/tiny-models";
import { loadLexicon } from "./lexicon.server";
import { LocalModelError } from "../../../lib/local-models.server";
import { loadSentimentModel, polaritiesOfLabels, readProbabilities, sentimentModelDir } from "./transformers.server";

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "aisle-sentiment-models-"));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  delete process.env.AISLE_MODELS_DIR;
});

const softmax = (logits: number[]) => {
  const m = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

describe("polaritiesOfLabels", () => {
  it("reads named, star and generic labels", () => {
    expect(polaritiesOfLabels({ 0: "NEGATIVE", 1: "POSITIVE" })).toEqual(["negative", "positive"]);
    expect(polaritiesOfLabels({ 0: "negative", 1: "neutral", 2: "positive" })).toEqual(["negative", "neutral", "positive"]);
    expect(polaritiesOfLabels({ 0: "1 star", 1: "2 stars", 2: "3 stars", 3: "4 stars", 4: "5 stars" })).toEqual([
      "negative",
      "negative",
      "neutral",
      "positive",
      "positive",
    ]);
    expect(polaritiesOfLabels({ 1: "LABEL_1", 0: "LABEL_0" })).toEqual(["negative", "positive"]);
    expect(polaritiesOfLabels({ 0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2" })).toEqual(["negative", "neutral", "positive"]);
  });

  it("refuses labels that say nothing about polarity", () => {
    expect(() => polaritiesOfLabels({ 0: "toxic", 1: "clean" })).toThrow(/"toxic"/);
    expect(() => polaritiesOfLabels({ 0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2", 3: "LABEL_3" })).toThrow(LocalModelError);
    expect(() => polaritiesOfLabels({ 0: "POSITIVE" })).toThrow(/at least two labels/);
  });
});

describe("readProbabilities", () => {
  it("sums label probabilities per polarity", () => {
    const stars = polaritiesOfLabels({ 0: "1", 1: "2", 2: "3", 3: "4", 4: "5" });
    expect(readProbabilities([0.3, 0.25, 0.05, 0.2, 0.2], stars)).toEqual({ label: "negative", confidence: 0.55, score: -0.15, binary: "negative" });
    expect(readProbabilities([0.1, 0.1, 0.5, 0.2, 0.1], stars)).toMatchObject({ label: "neutral", confidence: 0.5, binary: "positive" });
  });
});

describe("the local sentiment model", () => {
  const lexicon = loadLexicon();

  it("is found only when its folder holds a model", () => {
    process.env.AISLE_MODELS_DIR = path.join(root, "empty");
    expect(sentimentModelDir()).toBeNull();
  });

  it("classifies through the real pipeline, mapping POSITIVE/NEGATIVE with the model's probabilities", async () => {
    process.env.AISLE_MODELS_DIR = path.join(root, "binary");
    writeTextClassifier(path.join(root, "binary", "sentiment"), {
      labels: ["NEGATIVE", "POSITIVE"],
      words: { love: [0, 3], soft: [0, 1], broke: [2.5, 0], awful: [3, 0] },
    });
    const dir = sentimentModelDir();
    expect(dir).toBe(path.join(root, "binary", "sentiment"));
    const model = await loadSentimentModel(dir!);
    const out = await model.classify(["I love it, so soft", "It broke after a week. Awful.", "I love it but it broke"], lexicon);
    expect(out.map((o) => o.label)).toEqual(["positive", "negative", "positive"]);
    expect(out[0].confidence).toBeCloseTo(softmax([0, 4])[1], 3);
    expect(out[1].confidence).toBeCloseTo(softmax([5.5, 0])[0], 3);
    expect(out[2].score).toBeCloseTo(softmax([2.5, 3])[1] - softmax([2.5, 3])[0], 3);
    expect(out[0].backend).toBe("transformers:sentiment");
    // A model without a neutral label never says neutral, even on nothing it knows.
    expect((await model.classify(["Arrived on Tuesday."], lexicon))[0]).toMatchObject({ label: "positive", confidence: 0.5, score: 0, binary: "positive" });
  });

  it("maps 1-5 star labels to three polarities and batches more texts than one run holds", async () => {
    const dir = writeTextClassifier(path.join(root, "stars", "sentiment"), {
      labels: ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"],
      words: { terrible: [4, 1, 0, 0, 0], fine: [0, 0, 3, 0, 0], okay: [0, 1, 2, 1, 0], lovely: [0, 0, 0, 1, 4] },
    });
    const model = await loadSentimentModel(dir);
    const texts = Array.from({ length: 40 }, (_, i) => ["Terrible zip", "It is fine, okay", "Lovely colour"][i % 3]);
    const out = await model.classify(texts, lexicon);
    expect(out).toHaveLength(40);
    expect(out.slice(0, 3).map((o) => o.label)).toEqual(["negative", "neutral", "positive"]);
    expect(out[39].label).toBe("negative");
    const p = softmax([0, 1, 5, 1, 0]);
    expect(out[1].confidence).toBeCloseTo(p[2], 3);
    // Aspects come from the review's words, as with the offline default.
    expect(out[0].aspects.length + out[2].aspects.length).toBeGreaterThan(0);
  });

  it("reads the model's own label names from config.json whatever their order", async () => {
    const dir = writeTextClassifier(path.join(root, "three", "sentiment"), {
      labels: ["positive", "negative", "neutral"],
      words: { great: [3, 0, 0], bad: [0, 3, 0], arrived: [0, 0, 2] },
    });
    const model = await loadSentimentModel(dir);
    expect((await model.classify(["great", "bad", "it arrived"], lexicon)).map((o) => o.label)).toEqual(["positive", "negative", "neutral"]);
  });

  it("gives a clear error for a folder it cannot use", async () => {
    const unlabelled = writeTextClassifier(path.join(root, "odd", "sentiment"), { labels: ["spam", "ham"], words: { buy: [1, 0] } });
    await expect(loadSentimentModel(unlabelled)).rejects.toThrow(/polarity of the sentiment model's label "spam"/);
    const noWeights = writeTextClassifier(path.join(root, "broken", "sentiment"), { labels: ["NEGATIVE", "POSITIVE"], words: { ok: [0, 1] } });
    unlinkSync(path.join(noWeights, "onnx", "model.onnx"));
    await expect(loadSentimentModel(noWeights)).rejects.toThrow(/neither model.onnx nor model_quantized.onnx/);
  });
});
