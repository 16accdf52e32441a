import { describeGroupRule, groupRuleDefinitionSchema, matches, readGroupRule, type GroupFacts } from "./group-rules";

const product = (over: Partial<GroupFacts> = {}): GroupFacts => ({
  price: "10.00",
  vendor: "Acme",
  productType: "Mug",
  tags: [],
  stock: 5,
  collections: [],
  ...over,
});

describe("groups of products", () => {
  it("matches tags, vendors and product types in any case and spacing", () => {
    expect(matches({ field: "tag", value: " gift-wrap" }, product({ tags: ["Summer", "Gift-Wrap"] }))).toBe(true);
    expect(matches({ field: "tag", value: "gift" }, product({ tags: ["Gift-Wrap"] }))).toBe(false);
    expect(matches({ field: "vendor", value: "acme" }, product())).toBe(true);
    expect(matches({ field: "productType", value: "Teapot" }, product())).toBe(false);
  });

  it("matches a collection by its id: a product is in the collections its facts list", () => {
    expect(matches({ field: "collection", value: "900" }, product({ collections: ["901", "900"] }))).toBe(true);
    expect(matches({ field: "collection", value: "900" }, product({ collections: [] }))).toBe(false);
    // Not by title: titles change, ids do not.
    expect(groupRuleDefinitionSchema.safeParse({ action: "exclude", target: { field: "collection", value: "Gift wrap" } }).success).toBe(false);
  });

  it("says a rule by collection with the collection's title, or its id when the title is unknown", () => {
    const rule = { action: "exclude" as const, target: { field: "collection" as const, value: "900" } };
    expect(describeGroupRule(rule, undefined, (id) => (id === "900" ? "Gift wrap" : undefined))).toBe("Never recommend products in collection Gift wrap");
    expect(describeGroupRule(rule)).toBe("Never recommend products in collection 900");
    expect(describeGroupRule({ action: "pin", when: { field: "collection", value: "901" }, productId: "11", position: 2 }, "Red mug", () => "Kitchen")).toBe(
      "Show Red mug at position 2 on pages of products in collection Kitchen",
    );
  });

  it("matches price and stock ranges, ends included; an untracked stock is in no range", () => {
    expect(matches({ field: "price", min: 10, max: 20 }, product())).toBe(true);
    expect(matches({ field: "price", max: 9.99 }, product())).toBe(false);
    expect(matches({ field: "stock", max: 2 }, product({ stock: 2 }))).toBe(true);
    expect(matches({ field: "stock", max: 2 }, product({ stock: 3 }))).toBe(false);
    expect(matches({ field: "stock", max: 2 }, product({ stock: null }))).toBe(false);
  });

  it("says each rule in words", () => {
    expect(describeGroupRule({ action: "exclude", target: { field: "tag", value: "gift-wrap" } })).toBe("Never recommend products tagged gift-wrap");
    expect(describeGroupRule({ action: "exclude", target: { field: "stock", max: 2 } })).toBe("Never recommend products with stock of at most 2");
    expect(describeGroupRule({ action: "pin", when: { field: "vendor", value: "Acme" }, productId: "11", position: 1 }, "Red mug")).toBe(
      "Show Red mug at position 1 on pages of products by Acme",
    );
    expect(describeGroupRule({ action: "price_cap", when: { field: "price", min: 10, max: 50 }, maxPriceRatio: 1.2 })).toBe(
      "Only recommend products priced at most 120% of the viewed product's price on pages of products with a price from 10 to 50",
    );
  });

  it("reads back only definitions it can apply", () => {
    expect(readGroupRule({ id: "a", definition: JSON.stringify({ action: "price_cap", maxPriceRatio: 1.5 }) })).toEqual({
      id: "a",
      action: "price_cap",
      maxPriceRatio: 1.5,
    });
    expect(readGroupRule({ id: "b", definition: "{" })).toBeNull();
    expect(readGroupRule({ id: "c", definition: JSON.stringify({ action: "exclude", target: { field: "collection", value: "Kitchen" } }) })).toBeNull();
    expect(groupRuleDefinitionSchema.safeParse({ action: "price_cap", maxPriceRatio: 0.9 }).success).toBe(false);
    expect(groupRuleDefinitionSchema.safeParse({ action: "exclude", target: { field: "price", min: 5, max: 1 } }).success).toBe(false);
    expect(groupRuleDefinitionSchema.safeParse({ action: "exclude", target: { field: "price" } }).success).toBe(false);
  });
});
