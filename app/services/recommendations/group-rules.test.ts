import { applyGroupRules, matches, type GroupRule, type ProductFacts } from "./group-rules";

const product = (id: string, over: Partial<ProductFacts> = {}): ProductFacts => ({
  id,
  price: 10,
  vendor: "Acme",
  productType: "Mug",
  tags: [],
  collections: [],
  stock: 5,
  ...over,
});
const catalog = [
  product("viewed", { price: 20, collections: ["Kitchen"] }),
  product("a", { price: 18 }),
  product("wrap", { price: 2, tags: ["Gift Wrap"], productType: "Service" }),
  product("b", { price: 30 }),
  product("c", { price: 23.99, vendor: "Other", stock: 0 }),
  product("y", { price: 12 }),
];
const facts = new Map(catalog.map((p) => [p.id, p]));
const viewed = facts.get("viewed")!;
const ranked = ["a", "wrap", "b", "c", "y"];
const run = (rules: GroupRule[], v: ProductFacts | null = viewed, limit = 4) => applyGroupRules(ranked, { rules, facts, viewed: v, limit });

describe("group rules in ranking", () => {
  it("never recommends gift wrap (exclusion by tag, any case)", () => {
    expect(run([{ id: "no-wrap", action: "exclude", target: { field: "tag", value: "gift wrap" } }]).productIds).toEqual(["a", "b", "c", "y"]);
  });

  it("pins Y on products of collection X only", () => {
    const pin: GroupRule = { id: "pin-y", action: "pin", when: { field: "collection", value: "kitchen" }, productId: "y", position: 1 };
    expect(run([pin]).productIds).toEqual(["y", "a", "wrap", "b"]);
    // On a product outside the collection, and on pages with no product, the pin does not apply.
    expect(run([pin], facts.get("a")!).productIds).toEqual(["wrap", "b", "c", "y"]);
    expect(run([pin], null).applied).toEqual([]);
  });

  it("keeps only items under the viewed product's price + 20%", () => {
    expect(run([{ id: "cap", action: "price_cap", maxPriceRatio: 1.2 }]).productIds).toEqual(["a", "wrap", "c", "y"]);
  });

  it("filters by vendor, product type, price range and stock level", () => {
    expect(run([{ id: "v", action: "exclude", target: { field: "vendor", value: "other" } }]).productIds).not.toContain("c");
    expect(run([{ id: "t", action: "exclude", target: { field: "productType", value: "service" } }]).productIds).not.toContain("wrap");
    expect(run([{ id: "p", action: "exclude", target: { field: "price", min: 25 } }]).productIds).not.toContain("b");
    expect(run([{ id: "s", action: "exclude", target: { field: "stock", max: 0 } }]).productIds).not.toContain("c");
    expect(matches({ field: "stock", max: 0 }, product("untracked", { stock: null }))).toBe(false);
  });

  it("says so when a rule matches every product, instead of an empty block", () => {
    const result = run([{ id: "everything", action: "exclude", target: { field: "price", min: 0 } }]);
    expect(result.productIds).toEqual([]);
    expect(result.warning).toMatch(/leave nothing to recommend: everything/);
  });

  it("never recommends the viewed product itself, even pinned", () => {
    expect(run([{ id: "self", action: "pin", productId: "viewed", position: 1 }], viewed, 10).productIds).not.toContain("viewed");
  });
});
