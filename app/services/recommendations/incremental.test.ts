// Updates between trainings: the training's own formulas on trained + new
// counts, and new products placed by their content.
import { buildInteractions } from "./core/interactions";
import { DAY, T0 } from "./core/test-data";
import type { InteractionEvent } from "./core/types";
import {
  addBaskets,
  boughtTogetherFromCounts,
  bumpRecent,
  changedContent,
  contentNeighbours,
  patchOrders,
  patchProducts,
  placeInFamilies,
  placeInRow,
  usableBaskets,
  type LiveRows,
  type NewOrder,
} from "./incremental";
import { DEFAULT_PARAMS, trainLists, type CatalogItem } from "./pipeline";

const item = (id: string, title: string, productType = "Mugs", tags: string[] = []): CatalogItem => ({
  id,
  text: { title, productType, vendor: "Acme", tags },
  groups: [productType],
  handle: title.toLowerCase().replace(/\W+/g, "-"),
});

const catalog: CatalogItem[] = [
  item("1", "Red enamel camping mug", "Mugs", ["camping"]),
  item("2", "Blue enamel camping mug", "Mugs", ["camping"]),
  item("3", "Stoneware tea cup", "Mugs", ["tea"]),
  item("4", "Canvas tote bag", "Bags", ["market"]),
  item("5", "Leather weekend bag", "Bags", ["travel"]),
  item("6", "Linen tea towel", "Kitchen", ["tea"]),
];

function emptyLive(over: Partial<LiveRows> = {}): LiveRows {
  return {
    basketCounts: new Map(),
    pairCounts: new Map(),
    boughtTogether: new Map(),
    similar: new Map(),
    trendCounts: new Map(),
    trendBaseline: new Map(),
    contentKeys: new Map(),
    families: new Map(),
    recent: [],
    trending: [],
    listsAt: T0,
    recentHalfLifeDays: 30,
    ...over,
  };
}

const order = (buyer: string, at: number, ...productIds: string[]): NewOrder => ({ buyerKey: buyer, productIds, at });

describe("new orders", () => {
  it("bring a pair into both products' bought-together lists, with training's support shrinkage", () => {
    // Trained: 3 and 6 shared one basket (below the minimum support of 2), 3 was in 4 baskets, 6 in 2.
    const live = emptyLive({
      basketCounts: new Map([
        ["3", 4],
        ["6", 2],
      ]),
      pairCounts: new Map([
        ["3", new Map([["6", 1]])],
        ["6", new Map([["3", 1]])],
      ]),
    });
    expect(boughtTogetherFromCounts("3", live.pairCounts.get("3")!, live.basketCounts)).toEqual([]);
    const { rows, touched } = patchOrders([order("c:9", T0, "3", "6")], live);
    expect(touched.sort()).toEqual(["3", "6"]);
    // c_36 = 2, c_3 = 5, c_6 = 3: 2 / (sqrt(5) sqrt(3) + 5) times 2 / (2 + 3).
    const expected = Math.round((2 / (Math.sqrt(5) * Math.sqrt(3) + 5)) * (2 / 5) * 1e4) / 1e4;
    const bought = (id: string) => rows.find((r) => r.kind === "bought_together" && r.productShopifyId === id)?.items;
    expect(bought("3")).toEqual([["6", expected]]);
    expect(bought("6")).toEqual([["3", expected]]);
    expect(rows.find((r) => r.kind === "pair_counts" && r.productShopifyId === "3")?.items).toEqual([["6", 2]]);
    expect(rows.find((r) => r.kind === "basket_counts")?.items).toEqual(
      expect.arrayContaining([
        ["3", 5],
        ["6", 3],
      ]),
    );
  });

  it("with one line change no pair and no basket count, only what sells now", () => {
    const live = emptyLive({ basketCounts: new Map([["3", 4]]) });
    const { rows, touched } = patchOrders([order("c:9", T0, "3", "3")], live);
    expect(touched).toEqual([]);
    expect(rows.map((r) => r.kind).sort()).toEqual(["recent", "trend_counts", "trending"]);
    expect(live.basketCounts.get("3")).toBe(4);
    expect(rows.find((r) => r.kind === "recent")?.items).toEqual([["3", 1]]);
  });

  it("of more than 100 products add no pairs, as training skips them", () => {
    const lines = Array.from({ length: 500 }, (_, n) => `p${n}`);
    expect(usableBaskets([order("c:1", T0, ...lines)])).toEqual([]);
    const live = emptyLive();
    expect(patchOrders([order("c:1", T0, ...lines)], live).touched).toEqual([]);
    expect(live.pairCounts.size).toBe(0);
  });

  it("reproduce training's bought-together lists from the counts it stored, before adding anything", async () => {
    const events: InteractionEvent[] = [];
    const baskets = [
      ["1", "2"],
      ["1", "2", "3"],
      ["1", "2"],
      ["3", "6"],
      ["3", "6", "4"],
      ["4", "5"],
      ["4", "5"],
      ["1", "3"],
      ["1", "3"],
    ];
    baskets.forEach((b, n) => b.forEach((id) => events.push({ userKey: `c${n}`, itemKey: id, timestamp: T0 + n * DAY, basketKey: `o${n}` })));
    const lists = await trainLists(buildInteractions(events, { items: catalog.map((c) => c.id) }), catalog, DEFAULT_PARAMS);
    const basketCounts = new Map(lists.counts.basketCounts);
    for (const [id, trained] of lists.bought_together) {
      expect(boughtTogetherFromCounts(id, new Map(lists.counts.pairCounts.get(id)), basketCounts)).toEqual(trained);
    }
    // And a pair seen once in training is counted: one more basket makes it a pair.
    expect(lists.bought_together.get("2")?.some(([j]) => j === "3")).toBe(false);
    const live = emptyLive({
      basketCounts,
      pairCounts: new Map([...lists.counts.pairCounts].map(([id, r]) => [id, new Map(r)])),
    });
    addBaskets([["2", "3"]], live.basketCounts, live.pairCounts);
    expect(boughtTogetherFromCounts("2", live.pairCounts.get("2")!, live.basketCounts).some(([j]) => j === "3")).toBe(true);
  });

  it("move what sells now: a sale after training weighs more than one before it", () => {
    const recent: [string, number][] = [
      ["1", 1.5],
      ["2", 1.2],
    ];
    const moved = bumpRecent(recent, [order("c:1", T0 + 30 * DAY, "2")], 30, T0);
    expect(moved[0]).toEqual(["2", 3.2]);
  });
});

describe("new and changed products", () => {
  const withNew = [...catalog, item("7", "Green enamel camping mug", "Mugs", ["camping"])];

  it("are found by their content key: a new product and a retitled one, not an unchanged one", () => {
    const keys = new Map(catalog.map((c) => [c.id, 0]));
    const known = new Map(
      catalog.map((c) => {
        const k = changedContent([c], [c.id], keys).length;
        return [c.id, k];
      }),
    );
    expect([...known.values()].every((n) => n === 1)).toBe(true);
    const stored = new Map<string, number>();
    patchProducts(
      catalog,
      catalog.map((c) => c.id),
      contentNeighbours(
        catalog,
        catalog.map((c) => c.id),
      ),
      emptyLive({ contentKeys: stored }),
    );
    expect(changedContent(withNew, ["1", "7"], stored)).toEqual(["7"]);
    const retitled = withNew.map((c) => (c.id === "1" ? { ...c, text: { ...c.text, title: "Red enamel camping kettle" } } : c));
    expect(changedContent(retitled, ["1", "2"], stored)).toEqual(["1"]);
  });

  it("get a similar list by content, a place in their closest products' lists, a family and a borrowed bought-together list", () => {
    const neighbours = contentNeighbours(withNew, ["7"]);
    expect(
      neighbours
        .get("7")!
        .slice(0, 2)
        .map(([j]) => j)
        .sort(),
    ).toEqual(["1", "2"]);
    const live = emptyLive({
      // Mug 1 has co-purchase evidence (its similar list mixes in behaviour); 2 has none.
      basketCounts: new Map([["1", 5]]),
      similar: new Map([
        ["1", [["2", 0.6]]],
        ["2", [["1", 0.9]]],
      ]),
      boughtTogether: new Map([["1", [["4", 0.5]]]]),
      families: new Map([
        ["1", 0],
        ["2", 0],
      ]),
    });
    const rows = patchProducts(withNew, ["7"], neighbours, live);
    const row = (kind: string, id: string) => rows.find((r) => r.kind === kind && r.productShopifyId === id)?.items;
    const sim = new Map(neighbours.get("7"));
    expect(row("similar", "7")!.length).toBeGreaterThan(0);
    expect(row("similar", "7")![0][1]).toBeCloseTo(Math.min(1, neighbours.get("7")![0][1]), 3);
    // In 2's list on content's scale, in 1's at half of it (training's mix for a product with buyers).
    expect(row("similar", "2")).toContainEqual(["7", Math.round(sim.get("2")! * 1e4) / 1e4]);
    expect(row("similar", "1")).toContainEqual(["7", Math.round(0.5 * sim.get("1")! * 1e4) / 1e4]);
    expect(row("families", "*")).toContainEqual(["7", 0]);
    // Borrowed from mug 1: the tote bag it sells with, weighted by how alike 7 and 1 are.
    expect(row("bought_together", "7")).toEqual([["4", Math.round(Math.min(1, sim.get("1")!) * 0.5 * 1e4) / 1e4]]);
    expect(row("content_keys", "*")!.map(([id]) => id)).toEqual(["7"]);
  });

  it("earn a place in a full list only by beating its last entry", () => {
    const full = Array.from({ length: 24 }, (_, n): [string, number] => [`p${n}`, 1 - n / 100]);
    expect(placeInRow(full, "new", 0.5)).toBeNull();
    const placed = placeInRow(full, "new", 0.95)!;
    expect(placed).toHaveLength(24);
    expect(placed.findIndex(([id]) => id === "new")).toBe(5);
    expect(placed.at(-1)![0]).toBe("p22");
  });

  it("join the family their title puts them in, and leave it when retitled", () => {
    const families = new Map<string, number>([["9", 3]]);
    const keys = new Map([
      ["1", "mugs|enamel camping mug"],
      ["2", "mugs|enamel camping mug"],
      ["9", "bags|tote"],
      ["10", "bags|tote"],
    ]);
    expect(placeInFamilies(families, ["2"], keys)).toBe(true);
    expect(families.get("1")).toBe(families.get("2"));
    expect(families.get("1")).toBe(4);
    expect(placeInFamilies(families, ["10"], keys)).toBe(true);
    expect(families.get("10")).toBe(3);
    keys.set("2", "mugs|enamel camping kettle");
    expect(placeInFamilies(families, ["2"], keys)).toBe(true);
    expect(families.has("2")).toBe(false);
  });

  it("join the family their own option values put them in, and count a change of option values as a change of content", () => {
    const rosa: CatalogItem = { ...item("20", "Teetasse Rosa", "Tassen"), optionValues: ["Rosa"] };
    const grün: CatalogItem = { ...item("21", "Teetasse Grün", "Tassen"), optionValues: ["Grün"] };
    const live = emptyLive({ families: new Map([["9", 0]]) });
    const rows = patchProducts([rosa, grün], ["20", "21"], contentNeighbours([rosa, grün], ["20", "21"]), live);
    const families = new Map(rows.find((r) => r.kind === "families")!.items as [string, number][]);
    expect(families.get("20")).toBe(1);
    expect(families.get("21")).toBe(1);

    const stored = new Map(rows.find((r) => r.kind === "content_keys")!.items as [string, number][]);
    expect(changedContent([rosa, grün], ["20", "21"], stored)).toEqual([]);
    expect(changedContent([{ ...rosa, optionValues: ["Pink"] }, grün], ["20", "21"], stored)).toEqual(["20"]);
  });
});
