import { classifyReview } from "./classify";
import { loadLexicon } from "./lexicon.server";
import { ShopSentimentModel, trainSentimentModel } from "./linear-model";
import { macroF1 } from "./metrics";
import { tokenize } from "./tokens";

const lexicon = loadLexicon();
const lex = (text: string) => classifyReview(text, lexicon, null);

describe("tokens", () => {
  it("marks the scope of a negation up to the clause's end", () => {
    const t = tokenize("It didn't fit well, but the colour is lovely.");
    expect(t.filter((x) => x.negated).map((x) => x.word)).toEqual(["fit", "well"]);
    expect(t.find((x) => x.word === "lovely")).toMatchObject({ negated: false, afterContrast: true });
    expect(t.find((x) => x.word === "fit")!.beforeContrast).toBe(true);
  });

  it("keeps emoji and emoticons as words", () => {
    expect(tokenize("Love it 😍 :)").map((t) => t.word)).toEqual(["love", "it", "😍", ":)"]);
  });
});

describe("the lexicon reading (no training)", () => {
  it.each([
    ["Great quality, I love it!", "positive"],
    ["Terrible. It broke after two days and the seller never answered.", "negative"],
    ["not bad at all", "positive"],
    ["It is not good.", "negative"],
    ["I wasn't disappointed", "positive"],
    ["Never again, awful experience", "negative"],
    ["The box arrived on Tuesday.", "neutral"],
  ])("%s → %s", (text, label) => {
    expect(lex(text).label).toBe(label);
  });

  it("weighs what comes after 'but' more: a mixed review ends where the writer ends", () => {
    expect(lex("The colour is nice but the fabric is cheap and it fell apart").label).toBe("negative");
    expect(lex("Shipping was slow and annoying, but the dress is gorgeous and I love it").label).toBe("positive");
  });

  it("reads light sarcasm with its tell-tale words as negative", () => {
    expect(lex("Oh great, another zipper that broke on day one. Just perfect... not.").score).toBeLessThan(0.3);
    expect(lex("Yeah right, 'premium quality'. Waste of money.").label).toBe("negative");
  });

  it("has no opinion on emoji-free symbols, other languages or empty text, and is sure of little", () => {
    for (const text of ["", "!!!", "Très belle robe, je recommande", "1234"]) {
      const s = lex(text);
      expect(s.label).toBe("neutral");
      expect(s.confidence).toBeLessThanOrEqual(0.5);
    }
    expect(lex("😍😍😍").label).toBe("positive");
    expect(lex("😡👎").label).toBe("negative");
  });

  it("handles enormous text quickly", () => {
    const huge = "The fabric is soft and lovely but it runs small. ".repeat(2000);
    const start = performance.now();
    expect(["positive", "negative", "neutral"]).toContain(lex(huge).label);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe("aspects", () => {
  it("finds what a review talks about, with the words that show it", () => {
    const { aspects } = lex("The fabric is beautiful quality but it runs small and the shipping was slow.");
    const by = Object.fromEntries(aspects.map((a) => [a.aspect, a]));
    expect(by.quality.polarity).toBe("positive");
    expect(by.quality.evidence).toContain("fabric");
    expect(by.fit.polarity).toBe("negative");
    expect(by.fit.evidence).toEqual(expect.arrayContaining(["runs", "small"]));
    expect(by.shipping).toBeDefined();
  });

  it("reads negated aspect words: 'didn't fit' and 'not comfortable'", () => {
    const by = Object.fromEntries(lex("It was not comfortable at all.").aspects.map((a) => [a.aspect, a]));
    expect(by.comfort.polarity).toBe("negative");
  });
});

describe("the shop's own model", () => {
  // A tiny shop: the words differ from the lexicon's ("runs small" is bad, "snug" is good here).
  const positive = [
    "Soft and warm, fits like a glove",
    "Snug in the best way, my favourite",
    "Lovely colour, true to size",
    "Perfect for work, great fit",
    "So cosy, buying another",
  ];
  const negative = [
    "Runs small, had to send it back",
    "Itchy and the seams came apart",
    "Shrank after one wash",
    "Too tight in the arms, returned",
    "Colour faded, poor stitching",
  ];
  const neutral = ["Okay for the price, nothing special", "Fine but the sleeves are long", "Average, as expected"];
  const examples = [
    ...positive.flatMap((t, i) => [5, 4, 5, 4, 5, 4].map((label, k) => ({ text: `${t} ${k}${i}`, label }))),
    ...negative.flatMap((t, i) => [1, 2, 1, 2, 1, 2].map((label, k) => ({ text: `${t} ${k}${i}`, label }))),
    ...neutral.flatMap((t, i) => [3, 3, 3, 3, 3, 3].map((label, k) => ({ text: `${t} ${k}${i}`, label }))),
  ];

  it("learns from rated reviews, chooses its parameters by validation and reads text alone", () => {
    const trained = trainSentimentModel(examples, lexicon);
    expect(trained).not.toBeNull();
    const model = new ShopSentimentModel(trained!.params);
    expect([1e-5, 1e-4, 1e-3]).toContain(trained!.params.l2);
    const read = (text: string) => classifyReview(text, lexicon, model);
    expect(read("Runs small, sending it back").label).toBe("negative");
    expect(read("Soft and warm, true to size").label).toBe("positive");
    expect(read("Shrank after one wash").backend).toBe("shop-model");
    // Nothing it or the lexicon knows: no opinion.
    expect(read("Très belle robe").label).toBe("neutral");
  });

  it("declines to learn from too few reviews or a single polarity", () => {
    expect(trainSentimentModel(examples.slice(0, 20), lexicon)).toBeNull();
    expect(
      trainSentimentModel(
        examples.filter((e) => e.label >= 4),
        lexicon,
      ),
    ).toBeNull();
    // Neutral and positive but no negative review: no binary reading can be learned.
    expect(
      trainSentimentModel(
        examples.filter((e) => e.label >= 3),
        lexicon,
      ),
    ).toBeNull();
  });

  it("learns from a binary 0/1 label", () => {
    const binary = examples.filter((e) => e.label !== 3).map((e) => ({ text: e.text, label: e.label >= 4 ? 1 : 0 }));
    const trained = trainSentimentModel(binary, lexicon)!;
    expect(trained.params.polarities).toEqual(["negative", "positive"]);
    expect(new ShopSentimentModel(trained.params).hasNeutral).toBe(false);
  });
});

describe("macroF1", () => {
  it("averages per-class F1 without weighting by class size", () => {
    expect(macroF1(["a", "a", "b"], ["a", "a", "b"], ["a", "b"])).toBe(1);
    expect(macroF1(["a", "a", "a", "b"], ["a", "a", "a", "a"], ["a", "b"])).toBeCloseTo((6 / 7 + 0) / 2);
  });
});
