import { classifyReview } from "./classify";
import { extractFeatures, FEATURE_BITS, hashedFeatures, hashWord, mixHash } from "./features";
import { loadLexicon } from "./lexicon.server";
import {
  headTarget,
  loadSentimentModel,
  logCountRatios,
  ordinalLabel,
  ShopSentimentModel,
  trainSentimentModel,
  trainSentimentModelSliced,
  tuneCuts,
  tuneTemperature,
  tuneThreshold,
} from "./linear-model";
import type { Polarity } from "./metrics";
import { tokenize } from "./tokens";

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

  it("gives the star heads their targets from the rating, and no target without one", () => {
    expect(headTarget("above-one", "negative", 1)).toBe(0);
    expect(headTarget("above-one", "negative", 2)).toBe(1);
    expect(headTarget("top", "positive", 4)).toBe(0);
    expect(headTarget("top", "positive", 5)).toBe(1);
    expect(headTarget("top", "positive")).toBe(-1);
    expect(headTarget("above-one", "negative", null)).toBe(-1);
  });

  it("scales a feature by how well it tells the sides apart (naive Bayes log-count ratio)", () => {
    // Feature 0 only in target-1 reviews, feature 1 on both sides alike, feature 2 only in a review without a target.
    const rows = [
      { ids: Int32Array.from([0, 1]), y: 1 },
      { ids: Int32Array.from([0, 1]), y: 1 },
      { ids: Int32Array.from([1]), y: 0 },
      { ids: Int32Array.from([1]), y: 0 },
      { ids: Int32Array.from([2]), y: -1 },
    ];
    const r = logCountRatios(rows, 3);
    // p = [3, 3, 1] / 7, q = [1, 3, 1] / 5.
    expect(r[0]).toBeCloseTo(Math.abs(Math.log(3 / 7) - Math.log(1 / 5)), 10);
    expect(r[1]).toBeCloseTo(Math.abs(Math.log(3 / 7) - Math.log(3 / 5)), 10);
    expect(r[0]).toBeGreaterThan(r[1]);
    expect(r[2]).toBeCloseTo(Math.abs(Math.log(1 / 7) - Math.log(1 / 5)), 10);
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

  it("trains in slices that give the event loop back, to the same model", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const sliced = await trainSentimentModelSliced(shop(120), lexicon, {}, 5);
    clearInterval(timer);
    // Timers ran while it trained: a worker keeps renewing its job locks meanwhile.
    expect(ticks).toBeGreaterThan(3);
    expect(sliced).toEqual(trainSentimentModel(shop(120), lexicon));
  });

  it("chooses its parameters by cross-validation and reports how it did", () => {
    // Star heads are kept only when the reading chosen by validation sums them in.
    expect(trained.params.heads).toEqual(trained.params.ordinal === "fine" ? ["above", "positive", "pair", "above-one", "top"] : ["above", "positive", "pair"]);
    expect(trained.params.version).toBe(3);
    expect(trained.params.bits).toBe(FEATURE_BITS);
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

  it("reads its known buckets through its table exactly as a plain lookup would", () => {
    const p = trained.params;
    const weightOf = new Map(p.buckets.map((b, j) => [b, j]));
    for (const text of ["The coat is not comfortable", "The colour is lovely but the seams are poor", "Lovely", "xyzzy"]) {
      const f = extractFeatures(text, lexicon);
      const js = [...f.ids].flatMap((i) => (weightOf.has(i) ? [weightOf.get(i)!] : []));
      const r = model.read(f);
      expect(r.known).toBe(js.length);
      p.heads.forEach((_, h) => {
        const D = p.dense[h].length - 1;
        let s = js.reduce((sum, j) => sum + Math.fround(p.weights[h][j]), 0) / Math.sqrt(Math.max(1, js.length)) + p.dense[h][D];
        for (let d = 0; d < D; d++) s += p.dense[h][d] * f.dense[d];
        expect(r.logits[h]).toBeCloseTo(s, 5);
      });
    }
  });

  it("declines a model stored by an older version (the lexicon reads until retrained)", () => {
    expect(loadSentimentModel({ version: 1, vocabulary: ["fit"], weights: [0] })).toBeNull();
    expect(loadSentimentModel({ ...trained.params, version: 4 })).toBeNull();
    expect(loadSentimentModel(null)).toBeNull();
  });

  it("still reads a format 2 model, hashing the words at its own 18 bits", () => {
    expect(FEATURE_BITS).not.toBe(18);
    const bucket18 = (word: string) => mixHash(hashWord(word, 0), 1) & ((1 << 18) - 1);
    const lovely = bucket18("lovely");
    expect([...hashedFeatures(tokenize("lovely"), 18)]).toContain(lovely);
    // One known word, pushing every head up; the coarse reading (no `ordinal` in format 2).
    const v2 = loadSentimentModel({
      version: 2,
      bits: 18,
      polarities: ["negative", "neutral", "positive"],
      heads: ["above", "positive", "pair"],
      buckets: [lovely],
      weights: [[3], [3], [3]],
      dense: [0, 1, 2].map(() => [0, 0, 0, 0, 0, 0, 0, -1]),
      cuts: { negative: 0, positive: 1 },
      binary: { reading: "pair", threshold: 0 },
      temperature: { above: 1, positive: 1, pair: 1 },
      l2: 1e-4,
      trainedOn: 100,
    })!;
    expect(v2).not.toBeNull();
    const known = v2.read(extractFeatures("lovely", lexicon));
    expect(known.known).toBe(1);
    expect(v2.decide(known).label).toBe("positive");
    const unknown = v2.read(extractFeatures("seams", lexicon));
    expect(unknown.known).toBe(0);
    expect(v2.decide(unknown).label).toBe("negative");
  });

  it("with the fine reading, adds each star head to its class head before the cuts", () => {
    const lovely = mixHash(hashWord("lovely", 0), 1) & ((1 << FEATURE_BITS) - 1);
    const params = {
      ...trained.params,
      heads: ["above", "positive", "pair", "above-one", "top"] as const,
      buckets: [lovely],
      // "lovely" alone is not enough for the "positive" head; with the "top" head it is.
      weights: [[2], [0.6], [2], [0], [0.6]],
      dense: [0, 1, 2, 3, 4].map(() => [0, 0, 0, 0, 0, 0, 0, 0]),
      cuts: { negative: 0, positive: 1 },
    };
    const f = extractFeatures("lovely", lexicon);
    const fine = new ShopSentimentModel({ ...params, heads: [...params.heads], ordinal: "fine" });
    const coarse = new ShopSentimentModel({ ...params, heads: [...params.heads], ordinal: "coarse" });
    expect(fine.decide(fine.read(f)).label).toBe("positive");
    expect(coarse.decide(coarse.read(f)).label).toBe("neutral");
  });

  it("learns no star heads from polarity labels", () => {
    const polar = shop(30).map((e) => ({ text: e.text, label: (e.label <= 2 ? "negative" : e.label === 3 ? "neutral" : "positive") as Polarity }));
    const m = trainSentimentModel(polar, lexicon)!;
    expect(m.params.heads).toEqual(["above", "positive", "pair"]);
    expect(m.params.ordinal).toBe("coarse");
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
