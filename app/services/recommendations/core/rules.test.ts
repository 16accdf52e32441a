import { describe, expect, it } from "vitest";
import { applyRules, reasonFor, reasonText, type ProductFacts } from "./rules";
import type { ScoredItem } from "./types";

const active = (vendor: string, extra: Partial<ProductFacts> = {}): ProductFacts => ({ status: "ACTIVE", availableForSale: true, vendor, productType: "Mugs", ...extra });
// 0..9; 1 is sold out, 2 a draft, 3 archived, 4 a gift card, 10 unlisted.
const facts: ProductFacts[] = [
  active("A", { title: "Linen Apron" }),
  active("A", { availableForSale: false }),
  active("A", { status: "DRAFT" }),
  active("A", { status: "ARCHIVED" }),
  active("B", { isGiftCard: true }),
  active("A"),
  active("A"),
  active("B"),
  active("C"),
  active("A"),
  active("A", { status: "UNLISTED" }),
];
const product = (i: number) => facts[i];
const ranked = (...items: number[]): ScoredItem[] => items.map((item, n) => ({ item, score: 10 - n, source: "ease" }));

describe("applyRules", () => {
  it("filters unavailable, draft, archived, gift-card, unlisted, cart, excluded and bought products", () => {
    const out = applyRules(ranked(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 42), 10, { exclusions: [7], excludePurchased: true }, { product, cart: [5], purchased: [6] });
    expect(out.map((r) => r.item)).toEqual([0, 8, 9]); // 42 is not in the catalog
  });

  it("keeps bought products when asked to", () => {
    expect(applyRules(ranked(6, 8), 5, { excludePurchased: false }, { product, purchased: [6] }).map((r) => r.item)).toEqual([6, 8]);
  });

  it("places pins at their positions and skips unavailable pins", () => {
    const out = applyRules(ranked(0, 5, 6, 8), 4, { pins: [{ item: 9, position: 2 }, { item: 1, position: 1 }, { item: 7, position: 2 }] }, { product });
    expect(out.map((r) => [r.item, r.reason.code])).toEqual([
      [0, "picked_for_you"],
      [9, "merchant_pick"],
      [7, "merchant_pick"], // same slot asked: moved to the next free one
      [5, "picked_for_you"],
    ]);
  });

  it("drops pins beyond the block and never repeats a pinned item", () => {
    const out = applyRules(ranked(9, 0), 2, { pins: [{ item: 9, position: 1 }, { item: 8, position: 5 }] }, { product });
    expect(out.map((r) => r.item)).toEqual([9, 0]);
  });

  it("caps items per vendor, counting pins", () => {
    const out = applyRules(ranked(0, 5, 6, 9, 7, 8), 4, { maxPerVendor: 2, pins: [{ item: 6, position: 4 }] }, { product });
    expect(out.map((r) => r.item)).toEqual([0, 7, 8, 6]);
  });

  it("applies the minimum score", () => {
    const c: ScoredItem[] = [{ item: 0, score: 0.4 }, { item: 5, score: 0.05 }];
    expect(applyRules(c, 5, { minScore: 0.1 }, { product }).map((r) => r.item)).toEqual([0]);
  });

  it("reorders near-duplicates with MMR", () => {
    // 0, 5 and 6 are near-copies; 8 is different but scores lower.
    const similarity = (a: number, b: number) => ([0, 5, 6].includes(a) && [0, 5, 6].includes(b) ? 0.95 : 0.1);
    const c: ScoredItem[] = [{ item: 0, score: 1 }, { item: 5, score: 0.95 }, { item: 6, score: 0.9 }, { item: 8, score: 0.6 }];
    expect(applyRules(c, 3, {}, { product, similarity }).map((r) => r.item)).toEqual([0, 5, 6]);
    expect(applyRules(c, 3, { diversity: 0.5 }, { product, similarity }).map((r) => r.item)).toEqual([0, 8, 5]);
  });
});

describe("reasons", () => {
  it("derives the reason from the model part and its anchor", () => {
    expect(reasonFor({ item: 1, score: 1, source: "copurchase", anchor: 0 }, facts[1])).toEqual({ code: "bought_with", anchorItem: 0 });
    expect(reasonFor({ item: 1, score: 1, source: "content", anchor: 0 }, facts[1])).toEqual({ code: "similar_to_viewed", anchorItem: 0 });
    expect(reasonFor({ item: 1, score: 1, source: "popularity" }, facts[1])).toEqual({ code: "popular_in_type", productType: "Mugs" });
    expect(reasonFor({ item: 1, score: 1, source: "trending" }, facts[1])).toEqual({ code: "trending" });
    expect(reasonFor({ item: 1, score: 1, source: "ease" }, facts[1])).toEqual({ code: "picked_for_you" });
  });

  it("words reasons for shoppers", () => {
    const titleOf = (i: number) => facts[i]?.title;
    expect(reasonText({ code: "bought_with", anchorItem: 0 }, titleOf)).toBe("Often bought with Linen Apron");
    expect(reasonText({ code: "similar_to_viewed", anchorItem: 0 }, titleOf)).toBe("Similar to Linen Apron");
    expect(reasonText({ code: "bought_with", anchorItem: 5 }, titleOf)).toBe("Often bought together");
    expect(reasonText({ code: "popular_in_type", productType: "Mugs" }, titleOf)).toBe("Popular in Mugs");
    expect(reasonText({ code: "trending" }, titleOf)).toBe("Trending now");
  });
});
