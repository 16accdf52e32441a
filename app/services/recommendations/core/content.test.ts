import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  contentSimilarity,
  embedTexts,
  productSentence,
  productTerms,
  recommendContent,
  similarByContent,
  trainContent,
  trainContentFromEmbeddings,
  type ProductText,
} from "./content";
import { singular, tokenize } from "./text";

const catalog: ProductText[] = [
  { title: "White Hanging Heart T-Light Holder", productType: "Candle holders", vendor: "Lumen", tags: ["hearts"] },
  { title: "Red Hanging Heart T-Light Holder", productType: "Candle holders", vendor: "Lumen", tags: ["hearts"] },
  { title: "Knitted Union Flag Hot Water Bottle", productType: "Home", vendor: "Cosy", description: "<p>A <b>knitted</b> cover.</p>" },
  { title: "Cream Knitted Hot Water Bottle", productType: "Home", vendor: "Cosy", description: "Knitted &amp; warm" },
  { title: "Glass Star Frosted T-Light Holder", productType: "Candle holders", vendor: "Lumen" },
  { title: "Gift voucher" },
];

describe("text", () => {
  it("tokenises, drops stop words and folds plurals", () => {
    expect(tokenize("The HEARTS & Boxes, for Café-lights!")).toEqual(["heart", "box", "cafe", "light"]);
    expect(singular("glass")).toBe("glass");
    expect(singular("berries")).toBe("berry");
  });

  it("weights fields and adds whole-value tokens", () => {
    const t = productTerms(catalog[0]);
    expect(t.get("heart")).toBe(3 + 2); // title 3 + tag 2
    expect(t.get("type=candle holders")).toBe(2);
    expect(t.get("vendor=lumen")).toBe(1);
    expect(productTerms(catalog[2]).get("knitted")).toBe(3 + 1); // HTML stripped
  });
});

describe("TF-IDF content similarity", () => {
  const m = trainContent(catalog, { k: 3 });

  it("finds the nearest products by text", () => {
    expect(similarByContent(m, 0, 1)[0].item).toBe(1);
    expect(similarByContent(m, 2, 1)[0].item).toBe(3);
    expect(
      similarByContent(m, 4, 2)
        .map((e) => e.item)
        .sort(),
    ).toEqual([0, 1]);
    expect(similarByContent(m, 5, 3)).toEqual([]); // nothing in common
  });

  it("keeps vectors unit-length so similarity is a cosine", () => {
    expect(contentSimilarity(m, 0, 0)).toBe(1);
    const s = contentSimilarity(m, 0, 1);
    expect(s).toBeGreaterThan(0.5);
    expect(s).toBeLessThan(1);
    expect(contentSimilarity(m, 1, 0)).toBeCloseTo(s, 12);
    expect(similarByContent(m, 0, 1)[0].score).toBeCloseTo(s, 6);
    expect(contentSimilarity(m, 0, 2)).toBe(0);
  });

  it("recommends from a profile, excluding the profile", () => {
    const recs = recommendContent(m, { items: [2] }, 2);
    expect(recs[0]).toMatchObject({ item: 3, anchor: 2, source: "content" });
  });

  it("builds the same lists from dense vectors", () => {
    const e = trainContentFromEmbeddings(
      [
        [1, 0],
        [0.9, 0.1],
        [0, 1],
      ],
      { k: 1 },
    );
    expect(similarByContent(e, 0, 1)[0].item).toBe(1);
    expect(contentSimilarity(e, 0, 2)).toBeCloseTo(0, 12);
    expect(e.representation).toBe("embedding:local");
  });
});

describe("embedTexts", () => {
  it("falls back to TF-IDF when no local model directory exists", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "aisle-no-model-"));
    const messages: string[] = [];
    try {
      const out = await embedTexts([productSentence(catalog[0])], { modelDir: path.join(dir, "all-MiniLM-L6-v2"), log: (m) => messages.push(m) });
      expect(out).toBeNull();
      expect(messages).toEqual([`No local embedding model at ${path.join(dir, "all-MiniLM-L6-v2")}; using TF-IDF content similarity`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("composes the text to embed from the product fields", () => {
    expect(productSentence(catalog[2])).toBe("Knitted Union Flag Hot Water Bottle. Home. Cosy. A knitted cover.");
  });
});
