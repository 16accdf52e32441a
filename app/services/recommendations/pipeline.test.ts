// Training's own choices: parameters tuned per shop on a validation split,
// safe defaults (said so) when the split is too thin, and lists for every
// product, including products nobody bought and products with no text.
import { generateStore } from "../../../bench/lib/synthetic-store";
import {
  DEFAULT_PARAMS,
  EASE_NEIGHBOUR_LENGTH,
  NEIGHBOUR_LENGTH,
  precomputeLists,
  trainRecommendationModel,
  trainingInputOf,
  tuneParams,
  type CatalogItem,
} from "./pipeline";
import { buildInteractions } from "./core/interactions";
import { catalogProducts, rankModelOf, trainLists } from "./pipeline";
import { NO_RULES, rank } from "./serve";

describe("tuning per shop", () => {
  it("chooses different values on two differently shaped stores", { timeout: 300_000 }, async () => {
    const taste = generateStore({ products: 400, lines: 30_000, shape: "taste", seed: 3 });
    const trend = generateStore({ products: 400, lines: 30_000, shape: "trend", seed: 3 });
    const a = await tuneParams(trainingInputOf(taste.catalog, taste.events));
    const b = await tuneParams(trainingInputOf(trend.catalog, trend.events));
    expect(a.status).toBe("tuned");
    expect(b.status).toBe("tuned");
    expect(a.chosen).not.toEqual(b.chosen);
    // The store whose catalog turns over leans more on what sells now: so
    // much that what sells now comes first (a weight above the personal
    // scores' maximum of 1), while the steady store's personal scores lead.
    expect(b.chosen.trendWeight).toBeGreaterThan(a.chosen.trendWeight);
    expect(b.chosen.trendWeight).toBeGreaterThan(1);
    expect(a.chosen.trendWeight).toBeLessThan(1);
  });

  it("tries variety only when the merchant left it automatic", { timeout: 300_000 }, async () => {
    const store = generateStore({ products: 300, lines: 15_000, shape: "taste", seed: 5 });
    const input = trainingInputOf(store.catalog, store.events);
    const automatic = await tuneParams(input);
    const set = await tuneParams(input, { ...NO_RULES, settings: { ...NO_RULES.settings, diversity: 0.6 } });
    expect(set.chosen.diversity).toBe(DEFAULT_PARAMS.diversity);
    expect(automatic.trials).toBeGreaterThan(set.trials);
    expect([0, 0.15, 0.3, 0.5]).toContain(automatic.chosen.diversity);
  });

  it("keeps safe defaults and says so when the validation split is too small", async () => {
    const store = generateStore({ products: 50, lines: 60, shape: "taste", seed: 1 });
    const t = await tuneParams(trainingInputOf(store.catalog, store.events));
    expect(t.status).toBe("defaults");
    expect(t.chosen).toEqual(DEFAULT_PARAMS);
    expect(t.note).toMatch(/Too little history to tune on/);
  });
});

describe("lists for every product", () => {
  it("keeps EASE's neighbour rows longer than item-kNN's, and only theirs", async () => {
    const store = generateStore({ products: 400, lines: 30_000, shape: "taste", seed: 3 });
    const data = buildInteractions(store.events, { items: store.catalog.map((c) => c.id) });
    const longest = async (models: "ease+itemknn" | "itemknn") =>
      Math.max(...[...(await trainLists(data, store.catalog, { ...DEFAULT_PARAMS, models })).neighbours.values()].map((row) => row.length));
    const withEase = await longest("ease+itemknn");
    expect(withEase).toBeGreaterThan(NEIGHBOUR_LENGTH);
    expect(withEase).toBeLessThanOrEqual(EASE_NEIGHBOUR_LENGTH);
    expect(await longest("itemknn")).toBeLessThanOrEqual(NEIGHBOUR_LENGTH);
  });

  it("adds item-kNN's similarities to EASE's rows when tuning chose a share for it", async () => {
    const store = generateStore({ products: 400, lines: 30_000, shape: "taste", seed: 3 });
    const data = buildInteractions(store.events, { items: store.catalog.map((c) => c.id) });
    const plain = (await trainLists(data, store.catalog, DEFAULT_PARAMS)).neighbours;
    const blended = (await trainLists(data, store.catalog, { ...DEFAULT_PARAMS, easeKnnBlend: 0.5 })).neighbours;
    let raised = 0;
    for (const [id, row] of plain) {
      const other = new Map(blended.get(id));
      // Nothing loses weight; items item-kNN also likes gain it.
      for (const [j, score] of row) if (other.has(j)) expect(other.get(j)!).toBeGreaterThanOrEqual(score);
      if (row.some(([j, score]) => (other.get(j) ?? 0) > score)) raised++;
    }
    expect(raised).toBeGreaterThan(0);
  });

  it("gives every product, new ones and ones with no text included, a non-empty list in every block", async () => {
    const store = generateStore({ products: 120, lines: 3_000, shape: "taste", seed: 5 });
    const catalog: CatalogItem[] = [
      ...store.catalog,
      { id: "9000001", text: { title: "" }, groups: [] }, // no text, never bought
      { id: "9000002", text: { title: "classic mug brand new" }, groups: [] }, // new
    ];
    const data = buildInteractions(store.events, { items: catalog.map((c) => c.id) });
    const lists = await trainLists(data, catalog, DEFAULT_PARAMS);
    const model = rankModelOf(lists, catalogProducts(catalog), DEFAULT_PARAMS);
    for (const c of catalog) {
      for (const strategy of ["bought_together", "similar"] as const) {
        expect(rank(model, { context: "product", productId: c.id, strategy, limit: 4 }, NO_RULES).items.length).toBe(4);
      }
      expect(rank(model, { context: "cart", cart: [c.id], strategy: "auto", limit: 4 }, NO_RULES).items.length).toBe(4);
      expect(rank(model, { context: "home", strategy: "auto", limit: 4, history: [{ productId: c.id, weight: 0.1 }] }, NO_RULES).items.length).toBe(4);
    }
  });

  it("trains a catalog of one product and a catalog with no orders without failing", async () => {
    const one = await trainRecommendationModel(trainingInputOf([{ id: "1", text: { title: "Mug" }, groups: [] }], []));
    expect(one.tuning.status).toBe("defaults");
    expect(precomputeLists(one).filter((l) => l.productShopifyId !== "*")).toEqual([]);
    const catalog = Array.from({ length: 2_000 }, (_, i) => ({ id: String(i + 1), text: { title: `Product ${i % 50} ${i}` }, groups: [] }));
    const none = await trainRecommendationModel(trainingInputOf(catalog, []));
    expect(none.evaluation).toBeNull();
    expect(none.lists.similar.size).toBeGreaterThan(0);
  });
});
