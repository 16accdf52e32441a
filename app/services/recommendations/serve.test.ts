import type { GroupRule } from "./group-rules";
import { MAX_LIST_READ, MAX_SEEDS, rank, reasonText, resolveStrategy, type CatalogProduct, type RankModel, type RankRequest, type RankRules } from "./serve";

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
    tags: [],
    stock: null,
    collections: [],
    ...overrides,
  };
}

interface State {
  model: RankModel;
  rules: RankRules;
}

function state(
  over: { excluded?: RankRules["excluded"]; pins?: RankRules["pins"]; groups?: RankRules["groups"]; families?: Map<string, string> } = {},
  settings: Partial<RankRules["settings"]> = {},
): State {
  const catalog = new Map(["1", "2", "3", "4", "5", "6", "7", "8"].map((id) => [id, product(id)]));
  return {
    model: {
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
        recent: [
          ["6", 3],
          ["7", 2],
        ],
      },
      families: over.families ?? new Map(),
      params: { trendWeight: 0.3, halfLifeDays: 120, diversity: 0.3 },
    },
    rules: {
      pins: over.pins ?? new Map(),
      excluded: over.excluded ?? new Map(),
      groups: over.groups ?? [],
      settings: { maxPerVendor: 2, maxPerFamily: 1, minSimilarity: 0.05, diversity: 0, excludePurchased: false, ...settings },
    },
  };
}

const recommend = (s: State, req: RankRequest) => rank(s.model, req, s.rules);
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
    (s.model.catalog as Map<string, CatalogProduct>).set("2", product("2", { sellable: false }));
    const r = recommend(s, { context: "product", productId: "1", strategy: "auto", limit: 8, cart: ["4"] });
    expect(ids(r)).not.toContain("1");
    expect(ids(r)).not.toContain("2");
    expect(ids(r)).not.toContain("3");
    expect(ids(r)).not.toContain("4");
  });

  it("caps products per vendor", () => {
    const s = state({}, { maxPerVendor: 1 });
    for (const id of ["2", "3", "4"]) (s.model.catalog as Map<string, CatalogProduct>).set(id, product(id, { vendor: "Same" }));
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

  it("uses the variety training chose when the merchant leaves it automatic, and the merchant's when set", () => {
    const req = { context: "product", productId: "1", strategy: "similar", limit: 3 } as const;
    const automatic = (diversity: number) => {
      const s = state({}, { diversity: null });
      return recommend({ ...s, model: { ...s.model, params: { ...s.model.params, diversity } } }, req);
    };
    expect(ids(automatic(0)).slice(0, 2)).toEqual(["4", "5"]);
    expect(ids(automatic(0.8))[1]).not.toBe("5");
    // A value the merchant set wins over the model's.
    const s = state({}, { diversity: 0 });
    expect(ids(recommend({ ...s, model: { ...s.model, params: { ...s.model.params, diversity: 0.8 } } }, req)).slice(0, 2)).toEqual(["4", "5"]);
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

  it("ranks what sells now first when the shop's trend weight is above 1, and personal picks first below it", () => {
    const request: RankRequest = { context: "home", strategy: "auto", limit: 3, history: [{ productId: "2", weight: 1 }] };
    const personalFirst = state();
    expect(ids(recommend(personalFirst, request))).toEqual(["8", "6", "7"]);
    const trendFirst = state();
    trendFirst.model = { ...trendFirst.model, params: { trendWeight: 5, halfLifeDays: 120, diversity: 0.3 } };
    expect(ids(recommend(trendFirst, request))).toEqual(["6", "7", "8"]);
  });

  it("complements a cart from every item in it", () => {
    const r = recommend(state(), { context: "cart", cart: ["1"], strategy: "auto", limit: 2 });
    expect(r.items.map((i) => i.reasonCode)).toEqual(["goes_with_cart", "goes_with_cart"]);
  });

  it("complements a cart from its first MAX_SEEDS lines", () => {
    const base = state();
    const catalog = new Map(base.model.catalog);
    const cart = Array.from({ length: MAX_SEEDS + 1 }, (_, i) => `c${i}`);
    for (const id of [...cart, "late"]) catalog.set(id, product(id));
    const boughtTogether = new Map<string, [string, number][]>([[cart[MAX_SEEDS], [["late", 1]]]]);
    const model: RankModel = { ...base.model, catalog, lists: { ...base.model.lists, bought_together: boughtTogether } };
    const r = rank(model, { context: "cart", cart, strategy: "auto", limit: 4 }, base.rules);
    expect(ids(r)).not.toContain("late");
    expect(ids(rank(model, { context: "cart", cart: cart.slice(MAX_SEEDS), strategy: "auto", limit: 4 }, base.rules))[0]).toBe("late");
  });

  it("does not say an empty cart's picks go with the cart: they rest on what the visitor viewed", () => {
    const r = recommend(state(), { context: "cart", cart: [], strategy: "auto", limit: 2, history: [{ productId: "1", weight: 1 }] });
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.items.map((i) => i.reasonCode)).not.toContain("goes_with_cart");
  });

  it("serves a shop with no model yet, or a catalog of one product, without failing", () => {
    const base = state();
    const empty: State = {
      ...base,
      model: { ...base.model, lists: { bought_together: new Map(), similar: new Map(), neighbours: new Map(), trending: [], popular: [], recent: [] } },
    };
    expect(recommend(empty, { context: "product", productId: "1", strategy: "auto", limit: 4 }).items).toEqual([]);
    const single: State = { ...empty, model: { ...empty.model, catalog: new Map([["1", product("1")]]) } };
    expect(recommend(single, { context: "home", strategy: "auto", limit: 4 }).items).toEqual([]);
    expect(recommend(single, { context: "product", productId: "999", strategy: "auto", limit: 4 }).items).toEqual([]);
  });

  it("keeps a similar list's items that are also bought together, labelled as similar", () => {
    const s = state();
    (s.model.lists.similar as Map<string, readonly (readonly [string, number])[]>).set("1", [
      ["2", 0.9],
      ["4", 0.8],
    ]);
    const r = recommend(s, { context: "product", productId: "1", strategy: "similar", limit: 2 });
    expect(ids(r)).toEqual(["2", "4"]);
    expect(r.items.map((i) => i.reasonCode)).toEqual(["similar_to", "similar_to"]);
  });

  it("filters similar products on the merchant's threshold, by their real scores", () => {
    const loose = recommend(state({}, { minSimilarity: 0.01 }), { context: "product", productId: "1", strategy: "similar", limit: 3 });
    expect(ids(loose)).toEqual(["4", "5", "6"]);
    const strict = recommend(state({}, { minSimilarity: 0.75 }), { context: "product", productId: "1", strategy: "similar", limit: 3 });
    expect(ids(strict)[0]).toBe("4");
    expect(strict.items.filter((i) => i.reasonCode === "similar_to").map((i) => i.productId)).toEqual(["4"]);
  });

  it("shows at most the setting's number of products per family, keeping the family's best", () => {
    const families = new Map([
      ["2", "f"],
      ["3", "f"],
      ["4", "f"],
    ]);
    const one = recommend(state({ families }), { context: "product", productId: "1", strategy: "auto", limit: 4 });
    expect(ids(one).filter((id) => families.has(id))).toEqual(["2"]);
    expect(one.items).toHaveLength(4);
    const two = recommend(state({ families }, { maxPerFamily: 2 }), { context: "product", productId: "1", strategy: "auto", limit: 4 });
    expect(ids(two).filter((id) => families.has(id))).toEqual(["2", "3"]);
  });

  it("pins a product at its position even when the ranking has it elsewhere, and drops unsellable pins", () => {
    const s = state({
      pins: new Map([
        [
          "1",
          [
            { productId: "5", position: 1 },
            { productId: "3", position: 3 },
          ],
        ],
        ["*", [{ productId: "9", position: 2 }]],
      ]),
    });
    const r = recommend(s, { context: "product", productId: "1", strategy: "auto", limit: 4 });
    expect(ids(r)[0]).toBe("5");
    expect(ids(r)[2]).toBe("3");
    expect(ids(r)).not.toContain("9"); // not in the catalog
    expect(r.items.filter((i) => i.reasonCode === "pinned").map((i) => i.productId)).toEqual(["5", "3"]);
    expect(new Set(ids(r)).size).toBe(4);
  });

  it("gives a known customer personal picks from their purchases, as the admin preview shows them", () => {
    // A customer with orders but no storefront views: their purchases are their history.
    const now = Date.UTC(2026, 0, 31);
    const history = [
      { productId: "2", weight: 1, at: now - 5 * 86_400_000 },
      { productId: "1", weight: 1, at: now - 400 * 86_400_000 },
    ];
    const r = recommend(state(), { context: "home", strategy: "auto", limit: 3, history, purchased: new Set(["1", "2"]), now });
    expect(r.strategy).toBe("personal");
    expect(r.items[0]).toMatchObject({ productId: "8", reasonCode: "picked_for_you", anchorId: "2" });
    const anonymous = recommend(state(), { context: "home", strategy: "auto", limit: 3, now });
    expect(anonymous.strategy).toBe("trending");
    expect(ids(r)).not.toEqual(ids(anonymous));
  });

  it("ranks thousands of candidates in score order (partial selection) with ties broken by id", () => {
    const base = state();
    const catalog = new Map<string, CatalogProduct>();
    const neighbours = new Map<string, [string, number][]>();
    const all: [string, number][] = [];
    // 30 seeds of 100 entries each (training's longest rows): 3,000 candidates, many with equal scores.
    for (let seed = 0; seed < 30; seed++) {
      const row: [string, number][] = [];
      for (let k = 0; k < 100; k++) {
        const i = seed * 100 + k;
        const id = String(100 + i);
        catalog.set(id, product(id, { vendor: "" }));
        row.push([id, 1000 - ((i * 7919) % 1000)]);
      }
      row.sort((a, b) => b[1] - a[1]);
      neighbours.set(`s${seed}`, row);
      all.push(...row);
    }
    const model: RankModel = { ...base.model, catalog, lists: { ...base.model.lists, neighbours, recent: [] } };
    const history = [...neighbours.keys()].map((productId) => ({ productId, weight: 1 }));
    const expected = (limit: number) =>
      all
        .slice()
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, limit)
        .map(([id]) => id);
    for (const limit of [20, 50]) expect(ids(rank(model, { context: "home", strategy: "personal", limit, history }, base.rules))).toEqual(expected(limit));
    // Read past the first selection: most candidates are not sellable.
    const sparse = new Map([...catalog].map(([id, p]) => [id, { ...p, sellable: Number(id) % 97 === 0 }]));
    const r = rank({ ...model, catalog: sparse }, { context: "home", strategy: "personal", limit: 20, history }, base.rules);
    expect(ids(r)).toEqual(
      all
        .filter(([id]) => Number(id) % 97 === 0)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 20)
        .map(([id]) => id),
    );
  });

  it("sums a long history's strongest MAX_SEEDS entries, earlier ones first among equals", () => {
    const base = state();
    const catalog = new Map(base.model.catalog);
    const neighbours = new Map<string, [string, number][]>();
    // 150 purchases (weight 1) and 300 views (0.1), each product with a neighbour of its own.
    const history = Array.from({ length: 450 }, (_, i) => ({ productId: `h${i}`, weight: i % 3 === 2 ? 1 : 0.1 }));
    for (const h of history) {
      const id = `n${h.productId}`;
      catalog.set(id, product(id, { vendor: "" }));
      neighbours.set(h.productId, [[id, 0.5]]);
    }
    const model: RankModel = { ...base.model, catalog, lists: { ...base.model.lists, neighbours, recent: [] } };
    const strongest = history.filter((h) => h.weight === 1).slice(0, MAX_SEEDS);
    const request = (h: typeof history): RankRequest => ({ context: "home", strategy: "personal", limit: 50, history: h });
    const r = rank(model, request(history), base.rules);
    expect(r.items).toEqual(rank(model, request(strongest), base.rules).items);
    expect(ids(r)).toEqual(
      strongest
        .map((h) => `n${h.productId}`)
        .sort()
        .slice(0, 50),
    );
  });

  it("reads a seed's list only to its first MAX_LIST_READ entries (training's longest rows)", () => {
    const base = state();
    const catalog = new Map<string, CatalogProduct>();
    const row: [string, number][] = [];
    for (let i = 0; i < MAX_LIST_READ + 20; i++) {
      const id = String(100 + i);
      // The first MAX_LIST_READ cannot be shown: a longer read would reach the rest.
      catalog.set(id, product(id, { vendor: "", sellable: i >= MAX_LIST_READ }));
      row.push([id, 1 - i / 1000]);
    }
    for (const id of ["5", "6", "7", "8"]) catalog.set(id, product(id));
    const model: RankModel = { ...base.model, catalog, lists: { ...base.model.lists, neighbours: new Map([["1", row]]) } };
    const r = rank(model, { context: "home", strategy: "personal", limit: 4, history: [{ productId: "1", weight: 1 }] }, base.rules);
    expect(r.items.every((i) => i.reasonCode !== "picked_for_you")).toBe(true);
  });

  it("explains each item in the shopper's words", () => {
    expect(reasonText("bought_with", "Red Mug", "Mugs")).toBe("Often bought with Red Mug");
    expect(reasonText("popular_in_type", undefined, "Mugs")).toBe("Popular in Mugs");
    expect(resolveStrategy({ context: "cart", strategy: "auto" })).toBe("bought_together");
  });
});

describe("rules by group in ranking", () => {
  const onPage = (s: State, productId: string, limit = 6) => recommend(s, { context: "product", productId, strategy: "auto", limit });
  const setProduct = (s: State, id: string, over: Partial<CatalogProduct>) => (s.model.catalog as Map<string, CatalogProduct>).set(id, product(id, over));

  it("never recommends products with a tag (any case), and fills the block from further down", () => {
    const s = state({ groups: [{ id: "r1", action: "exclude", target: { field: "tag", value: "gift-wrap" } }] });
    setProduct(s, "3", { tags: ["Summer", "Gift-Wrap"] });
    expect(ids(onPage(state(), "1"))).toEqual(["2", "3", "4", "5", "8", "7"]);
    expect(ids(onPage(s, "1"))).toEqual(["2", "4", "5", "8", "7", "6"]);
    // Everywhere: on the home page too.
    setProduct(s, "6", { tags: ["gift-wrap"] });
    expect(ids(recommend(s, { context: "home", strategy: "trending", limit: 4 }))).not.toContain("6");
  });

  it("leaves out low stock, but not products whose stock is not tracked", () => {
    const s = state({ groups: [{ id: "r1", action: "exclude", target: { field: "stock", max: 2 } }] });
    setProduct(s, "2", { stock: 1 });
    setProduct(s, "3", { stock: null });
    setProduct(s, "4", { stock: 3 });
    expect(ids(onPage(s, "1"))).toEqual(["3", "4", "5", "8", "7", "6"]);
  });

  it("caps prices relative to the viewed product's price", () => {
    const s = state({ groups: [{ id: "r1", action: "price_cap", maxPriceRatio: 1.2 }] });
    setProduct(s, "1", { price: "10.00" });
    setProduct(s, "2", { price: "12.01" });
    setProduct(s, "3", { price: "12.00" });
    setProduct(s, "4", { price: "4.00" });
    setProduct(s, "5", { price: "4.00" });
    expect(ids(onPage(s, "1"))).toEqual(["3", "4", "5", "8", "7", "6"]);
    // On a product at 4.00 the cap is 4.80: only the products at 4.00 are left.
    expect(ids(onPage(s, "4"))).toEqual(["5"]);
    // With no viewed product (home page) there is nothing to cap against.
    expect(ids(recommend(s, { context: "home", strategy: "trending", limit: 2 }))).toEqual(["6", "7"]);
  });

  it("pins a product only on pages of products that meet the rule's condition", () => {
    const pin: GroupRule = { id: "r1", action: "pin", when: { field: "vendor", value: "v1" }, productId: "8", position: 1 };
    const s = state({ groups: [pin] });
    expect(onPage(s, "1", 3).items[0]).toMatchObject({ productId: "8", reasonCode: "pinned" });
    expect(onPage(s, "1", 3).items).toHaveLength(3);
    const elsewhere = onPage(s, "4", 3);
    expect(elsewhere.items.some((i) => i.reasonCode === "pinned")).toBe(false);
    expect(recommend(s, { context: "home", strategy: "trending", limit: 3 }).items.some((i) => i.reasonCode === "pinned")).toBe(false);
    // A pinned product that a rule by group excludes is not shown.
    const both = state({
      groups: [pin, { id: "r2", action: "exclude", target: { field: "productType", value: "Mugs" }, when: { field: "vendor", value: "V1" } }],
    });
    setProduct(both, "8", { productType: "Mugs" });
    expect(ids(onPage(both, "1", 3))).toEqual([]);
  });

  it("excludes only on pages that meet the condition", () => {
    const s = state({ groups: [{ id: "r1", action: "exclude", when: { field: "tag", value: "sale" }, target: { field: "price", min: 5 } }] });
    setProduct(s, "1", { tags: ["sale"] });
    expect(ids(onPage(s, "1"))).toEqual([]);
    expect(ids(onPage(s, "4"))).not.toEqual([]);
  });

  it("excludes a collection's products, and pins on pages of products of a collection", () => {
    const s = state({
      groups: [
        { id: "r1", action: "exclude", target: { field: "collection", value: "900" } },
        { id: "r2", action: "pin", when: { field: "collection", value: "901" }, productId: "6", position: 1 },
      ],
    });
    setProduct(s, "3", { collections: ["900"] });
    setProduct(s, "5", { collections: ["901", "900"] });
    setProduct(s, "4", { collections: ["901"] });
    expect(ids(onPage(s, "1"))).toEqual(["2", "4", "8", "7", "6"]);
    // On the page of a product of collection 901, product 6 comes first.
    expect(onPage(s, "4", 3).items[0]).toMatchObject({ productId: "6", reasonCode: "pinned" });
    expect(onPage(s, "1", 3).items.some((i) => i.reasonCode === "pinned")).toBe(false);
  });

  it("names the collection by its title when its rule leaves nothing", () => {
    const s = state({ groups: [{ id: "r1", action: "exclude", target: { field: "collection", value: "900" } }] });
    for (const id of s.model.catalog.keys()) setProduct(s, id, { collections: ["900"] });
    const rules = { ...s.rules, collectionTitles: new Map([["900", "Gift wrap"]]) };
    expect(rank(s.model, { context: "product", productId: "1", strategy: "auto", limit: 6 }, rules).warning).toBe(
      "Nothing to recommend on this page: the rules by group leave no candidate (“Never recommend products in collection Gift wrap”).",
    );
  });

  it("says which rules left nothing to recommend, instead of an empty block without a word", () => {
    const s = state({ groups: [{ id: "r1", action: "exclude", target: { field: "price", min: 0 } }] });
    const r = onPage(s, "1");
    expect(r.items).toEqual([]);
    expect(r.warning).toBe("Nothing to recommend on this page: the rules by group leave no candidate (“Never recommend products with a price of at least 0”).");
    // A block that is full, or empty for another reason, has no warning.
    expect(onPage(state({ groups: [{ id: "r1", action: "exclude", target: { field: "tag", value: "none" } }] }), "1").warning).toBeUndefined();
    const empty = state();
    for (const id of empty.model.catalog.keys()) setProduct(empty, id, { sellable: false });
    expect(onPage(empty, "1").warning).toBeUndefined();
  });
});
