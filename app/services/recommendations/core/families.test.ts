import { describe, expect, it } from "vitest";
import { familyKey, productFamilies } from "./families";

describe("product families", () => {
  it("groups an item's English colours, sizes and pack counts without options, as before", () => {
    const families = productFamilies([
      { title: "Teacup, pink", productType: "Cups" },
      { title: "Teacup, green", productType: "Cups" },
      { title: "Teacup set of 4", productType: "Cups" },
      { title: "Teacup, pink", productType: "Saucers" },
      { title: "Red" },
      { title: "Mug" },
    ]);
    expect(families).toEqual([0, 0, 0, undefined, undefined, undefined]);
  });

  it("drops the product's own option values, in any language, from its title", () => {
    const families = productFamilies([
      { title: "Teetasse Rosa", productType: "Tassen", optionValues: ["Rosa"] },
      { title: "Teetasse Grün", productType: "Tassen", optionValues: ["Grün"] },
      { title: "Tasse à thé Bleu canard", productType: "Tassen", optionValues: ["Bleu canard"] },
      { title: "Tasse à thé Vert sapin", productType: "Tassen", optionValues: ["Vert sapin"] },
    ]);
    expect(families).toEqual([0, 0, 2, 2]);
  });

  it("without options, words outside the English list keep products apart", () => {
    expect(productFamilies([{ title: "Teetasse Rosa" }, { title: "Teetasse Grün" }])).toEqual([undefined, undefined]);
  });

  it("drops only the product's own values: another product's Style option does not merge Owl Hoodie and Owl T-Shirt", () => {
    const catalog = [
      { title: "Night Owl Hoodie", productType: "Apparel", optionValues: ["S", "M", "L"] },
      { title: "Night Owl T-Shirt", productType: "Apparel", optionValues: ["S", "M", "L"] },
      { title: "Owl Hoodie", productType: "Apparel", optionValues: ["S", "M", "L"] },
      { title: "Owl T-Shirt", productType: "Apparel", optionValues: ["S", "M", "L"] },
      { title: "Fox Print", productType: "Apparel", optionValues: ["Hoodie", "T-Shirt"] },
    ];
    expect(productFamilies(catalog)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    // What a shop-wide list of values would have done: one family.
    const shopWide = ["S", "M", "L", "Hoodie", "T-Shirt"];
    expect(productFamilies(catalog.slice(0, 2).map((p) => ({ ...p, optionValues: shopWide })))).toEqual([0, 0]);
  });

  it("keeps the other rules: the same product type, and enough left of the title", () => {
    expect(familyKey({ title: "Teetasse Rosa", productType: "Tassen", optionValues: ["Rosa"] })).toBe("tassen|teetasse");
    expect(familyKey({ title: "Rosa", optionValues: ["Rosa"] })).toBe("");
    expect(familyKey({ title: "Tee Rosa", optionValues: ["Rosa"] })).toBe("");
    expect(
      productFamilies([
        { title: "Teetasse Rosa", productType: "Tassen", optionValues: ["Rosa"] },
        { title: "Teetasse Grün", productType: "Becher", optionValues: ["Grün"] },
      ]),
    ).toEqual([undefined, undefined]);
  });
});
