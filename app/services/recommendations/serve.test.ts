import { recommend, reasonText, resolveStrategy, type ServeState } from "./serve";
import type { CatalogProduct } from "./serving-state.server";

function product(id: string, overrides: Partial<CatalogProduct> = {}): CatalogProduct {
  return {
    id,
    handle: `p-${id}`,
    title: `Product ${id}`,
    vendor: `V${id}`,
    productType: "Mugs",
    sellable: true,
    variantId: `${id}0`,
    price: "5.00",
    compareAtPrice: null,
    imageUrl: null,
    imageAlt: null,
    ...overrides,
  };
}

function state(over: Partial<ServeState> = {}, settings: Partial<ServeState["settings"]> = {}): ServeState {
  const catalog = new Map(["1", "2", "3", "4", "5", "6", "7", "8"].map((id) => [id, product(id)]));
  return {
    catalog,
    lists: {
      bought_together: new Map([
        [
          "1",
          [
            ["2", 0.9],
            ["3", 0.5],
          ],
        ],
      ]),
      similar: new Map([
        [
          "1",
          [
            ["4", 0.8],
            ["5", 0.7],
            ["6", 0.02],
          ],
        ],
        ["4", [["5", 0.95]]],
      ]),
      neighbours: new Map([
        ["1", [["7", 0.6]]],
        ["2", [["8", 0.9]]],
      ]),
      trending: [
        ["6", 3],
        ["7", 2],
      ],
      popular: [
        ["8", 10],
        ["7", 9],
        ["6", 8],
        ["5", 7],
      ],
    },
    pins: new Map(),
    excluded: new Map(),
    ...over,
    settings: { maxPerVendor: 2, minSimilarity: 0.05, diversity: 0, excludePurchased: false, ...settings },
  };
}

const ids = (r: ReturnType<typeof recommend>) => r.items.map((i) => i.productId);

describe("serving recommendations", () => {
  it("puts what is bought together first, then similar products, then popular ones", () => {
    const r = recommend(state(), { context: "product", productId: "1", strategy: "auto", limit: 6 });
    expect(r.strategy).toBe("bought_together");
    expect(ids(r)).toEqual(["2", "3", "4", "5", "8", "7"]);
    expect(r.items[0]).toMatchObject({ reasonCode: "bought_with", anchorId: "1" });
    expect(r.items[2]).toMatchObject({ reasonCode: "similar_to" });
  });

  it("drops similar products under the similarity threshold", () => {
    const r = recommend(state(), { context: "product", productId: "1", strategy: "similar", limit: 3 });
    expect(ids(r)).toEqual(["4", "5", "2"]);
  });

  it("never shows unsellable, excluded, in-cart or the page's own product", () => {
    const s = state({ excluded: new Map([["*", new Set(["3"])]]) });
    (s.catalog as Map<string, CatalogProduct>).set("2", product("2", { sellable: false }));
    const r = recommend(s, { context: "product", productId: "1", strategy: "auto", limit: 8, cart: ["4"] });
    expect(ids(r)).not.toContain("1");
    expect(ids(r)).not.toContain("2");
    expect(ids(r)).not.toContain("3");
    expect(ids(r)).not.toContain("4");
  });

  it("caps products per vendor", () => {
    const s = state({}, { maxPerVendor: 1 });
    for (const id of ["2", "3", "4"]) (s.catalog as Map<string, CatalogProduct>).set(id, product(id, { vendor: "Same" }));
    const r = recommend(s, { context: "product", productId: "1", strategy: "auto", limit: 4 });
    expect(ids(r).filter((id) => ["2", "3", "4"].includes(id))).toEqual(["2"]);
  });

  it("trades relevance for variety: near-copies are spread out", () => {
    // 4 and 5 are near-copies (similarity 0.95); with diversity the second copy drops behind 6.
    const plain = recommend(state(), { context: "product", productId: "1", strategy: "similar", limit: 3 });
    const varied = recommend(state({}, { diversity: 0.8 }), { context: "product", productId: "1", strategy: "similar", limit: 3 });
    expect(ids(plain).slice(0, 2)).toEqual(["4", "5"]);
    expect(ids(varied)[1]).not.toBe("5");
  });

  it("places pins where the merchant put them", () => {
    const s = state({ pins: new Map([["1", [{ productId: "8", position: 1 }]]]) });
    const r = recommend(s, { context: "product", productId: "1", strategy: "auto", limit: 3 });
    expect(r.items[0]).toMatchObject({ productId: "8", reasonCode: "pinned" });
    expect(r.items).toHaveLength(3);
  });

  it("personalises the home page from history, and falls back to trending without one", () => {
    const personal = recommend(state(), { context: "home", strategy: "auto", limit: 2, history: [{ productId: "2", weight: 1 }] });
    expect(personal.strategy).toBe("personal");
    expect(personal.items[0]).toMatchObject({ productId: "8", reasonCode: "picked_for_you" });
    const anonymous = recommend(state(), { context: "home", strategy: "auto", limit: 2 });
    expect(anonymous.strategy).toBe("trending");
    expect(ids(anonymous)).toEqual(["6", "7"]);
  });

  it("complements a cart from every item in it", () => {
    const r = recommend(state(), { context: "cart", cart: ["1"], strategy: "auto", limit: 2 });
    expect(r.items.map((i) => i.reasonCode)).toEqual(["goes_with_cart", "goes_with_cart"]);
  });

  it("serves a shop with no model yet, or a catalog of one product, without failing", () => {
    const empty: ServeState = { ...state(), lists: { bought_together: new Map(), similar: new Map(), neighbours: new Map(), trending: [], popular: [] } };
    expect(recommend(empty, { context: "product", productId: "1", strategy: "auto", limit: 4 }).items).toEqual([]);
    const single = { ...empty, catalog: new Map([["1", product("1")]]) };
    expect(recommend(single, { context: "home", strategy: "auto", limit: 4 }).items).toEqual([]);
    expect(recommend(single, { context: "product", productId: "999", strategy: "auto", limit: 4 }).items).toEqual([]);
  });

  it("explains each item in the shopper's words", () => {
    expect(reasonText("bought_with", "Red Mug", "Mugs")).toBe("Often bought with Red Mug");
    expect(reasonText("popular_in_type", undefined, "Mugs")).toBe("Popular in Mugs");
    expect(resolveStrategy({ context: "cart", strategy: "auto", limit: 4 })).toBe("bought_together");
  });
});
