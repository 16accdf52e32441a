import { classifyReview } from "./classify";
import { extractFeatures } from "./features";
import { loadLexicon } from "./lexicon.server";
import {
  headTarget,
  loadSentimentModel,
  ordinalLabel,
  ShopSentimentModel,
  trainSentimentModel,
  tuneCuts,
  tuneTemperature,
  tuneThreshold,
} from "./linear-model";
import type { Polarity } from "./metrics";

const lexicon = loadLexicon();

describe("the ordinal decision and its validation-tuned parameters", () => {
  it("reads negative below the first cut, positive from the second, neutral between", () => {
    const cuts = { negative: 0, positive: 1 };
    expect(ordinalLabel(-0.5, 5, cuts)).toBe("negative");
    expect(ordinalLabel(0.5, 0.5, cuts)).toBe("neutral");
    expect(ordinalLabel(0.5, 1, cuts)).toBe("positive");
  });

  it("finds the cuts that separate three classes on an ordinal score", () => {
    const truth: Polarity[] = [];
    const above: number[] = [];
    const positive: number[] = [];
    for (let i = 0; i < 90; i++) {
      const p: Polarity = i < 30 ? "negative" : i < 60 ? "neutral" : "positive";
      truth.push(p);
      above.push(p === "negative" ? -2 - (i % 5) : 1 + (i % 3));
      positive.push(p === "positive" ? 3 + (i % 4) : -1 - (i % 2));
    }
    const { cuts, f1 } = tuneCuts(above, positive, truth);
    expect(f1).toBe(1);
    expect(truth.every((t, i) => ordinalLabel(above[i], positive[i], cuts) === t)).toBe(true);
  });

  it("finds a binary threshold, leaving neutral reviews out", () => {
    const scores = [-3, -2, -1, 0.2, 0.5, 1, 2, 0];
    const truth: Polarity[] = ["negative", "negative", "negative", "positive", "positive", "positive", "positive", "neutral"];
    const { threshold, f1 } = tuneThreshold(scores, truth);
    expect(f1).toBe(1);
    expect(threshold).toBeGreaterThan(-1);
    expect(threshold).toBeLessThanOrEqual(0.2);
  });

  it("recovers the scale of a logistic relation for calibrated confidences", () => {
    // Targets drawn in exact proportion sigmoid(2z): the calibrated scale is 2.
    const logits: number[] = [];
    const targets: number[] = [];
    for (let z = -3; z <= 3; z += 0.25) {
      const ones = Math.round(200 / (1 + Math.exp(-2 * z)));
      for (let k = 0; k < 200; k++) {
        logits.push(z + 0.5);
        targets.push(k < ones ? 1 : 0);
      }
    }
    expect(tuneTemperature(logits, 0.5, targets)).toBeCloseTo(2, 0);
  });

  it("gives each head its target: the pair head ignores neutral reviews", () => {
    expect(headTarget("above", "neutral")).toBe(1);
    expect(headTarget("positive", "neutral")).toBe(0);
    expect(headTarget("pair", "neutral")).toBe(-1);
    expect(headTarget("pair", "negative")).toBe(0);
  });
});

describe("a shop's model on hand-made reviews", () => {
  // A shop where negation decides: "comfortable" is praise, "not comfortable" a complaint,
  // and the 3-star reviews are mixed ("... but ...").
  const shop = (n: number) => {
    const out: { text: string; label: number }[] = [];
    const items = ["dress", "skirt", "jumper", "coat", "shirt", "scarf", "blouse", "jacket"];
    for (let i = 0; i < n; i++) {
      const item = items[i % items.length];
      out.push({ text: `The ${item} is comfortable and the colour is lovely ${i}`, label: i % 2 ? 5 : 4 });
      out.push({ text: `The ${item} is not comfortable and the seams are poor ${i}`, label: i % 2 ? 1 : 2 });
      out.push({ text: `The ${item} colour is lovely but the seams are poor ${i}`, label: 3 });
    }
    return out;
  };
  const trained = trainSentimentModel(shop(40), lexicon)!;
  const model = new ShopSentimentModel(trained.params);
  const read = (text: string) => classifyReview(text, lexicon, model);

  it("chooses its parameters by cross-validation and reports how it did", () => {
    expect(trained.params.heads).toEqual(["above", "positive", "pair"]);
    expect([1e-5, 1e-4, 1e-3]).toContain(trained.params.l2);
    expect(trained.validation.macroF1).toBeGreaterThan(0.9);
    expect(trained.params.cuts).not.toBeNull();
  });

  it("reads negation: the same word, negated, turns the review", () => {
    expect(read("This top is comfortable").label).toBe("positive");
    expect(read("This top is not comfortable").label).toBe("negative");
  });

  it("reads a mixed review as neutral, and its binary reading still picks a side", () => {
    const s = read("The colour is lovely but the seams are poor");
    expect(s.label).toBe("neutral");
    expect(["positive", "negative"]).toContain(s.binary);
  });

  it("is more confident of a clear review than of an ambiguous one; confidences are probabilities", () => {
    const decide = (text: string) => model.decide(model.read(extractFeatures(text, lexicon)));
    // "lovely colour" is in the 5-star and in the 3-star reviews alike.
    const clear = decide("Comfortable, lovely colour, comfortable");
    const ambiguous = decide("Lovely colour");
    for (const s of [clear, ambiguous]) {
      expect(s.confidence).toBeGreaterThan(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
    }
    expect(clear.confidence).toBeGreaterThan(ambiguous.confidence);
    expect(read("Not comfortable, poor seams").score).toBeLessThan(0);
    expect(read("Comfortable, lovely colour, comfortable").score).toBeGreaterThan(0);
  });

  it("survives a round trip through JSON, and reads the same", () => {
    const again = loadSentimentModel(JSON.parse(JSON.stringify(trained.params)))!;
    const text = "The coat is not comfortable";
    expect(classifyReview(text, lexicon, again)).toEqual(read(text));
  });

  it("declines a model stored by an older version (the lexicon reads until retrained)", () => {
    expect(loadSentimentModel({ version: 1, vocabulary: ["fit"], weights: [0] })).toBeNull();
    expect(loadSentimentModel(null)).toBeNull();
  });

  it("with a 0/1 label, learns the binary reading only and never answers neutral", () => {
    const binary = shop(30)
      .filter((e) => e.label !== 3)
      .map((e) => ({ text: e.text, label: e.label >= 4 ? 1 : 0 }));
    const m = new ShopSentimentModel(trainSentimentModel(binary, lexicon)!.params);
    expect(m.params.heads).toEqual(["pair"]);
    expect(m.params.cuts).toBeNull();
    const s = classifyReview("The colour is lovely but the seams are poor", lexicon, m);
    expect(s.label).not.toBe("neutral");
    expect(s.label).toBe(s.binary);
  });
});
