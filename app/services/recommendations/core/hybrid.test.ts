import { describe, expect, it } from "vitest";
import type { ProductText } from "./content";
import { neighboursOf } from "./neighbours";
import {
  decayedProfile,
  purchaseHistoryOfUser,
  trainHybridAsync,
  recommendForCart,
  recommendForCustomer,
  recommendForProduct,
  recommendFromLists,
  servingLists,
  trainHybrid,
} from "./hybrid";
import { buildInteractions } from "./interactions";
import { DAY, T0, ordersToInteractions } from "./test-data";

const catalog = ["mug", "saucer", "candle", "wick", "apron", "mug-xl"];
const products: ProductText[] = [
  { title: "Blue enamel mug", productType: "Mugs" },
  { title: "Enamel saucer", productType: "Tableware" },
  { title: "Beeswax candle", productType: "Candles" },
  { title: "Cotton wick refill", productType: "Candles" },
  { title: "Linen apron", productType: "Textiles" },
  { title: "Blue enamel mug, extra large", productType: "Mugs" }, // new: nobody bought it yet
];
const M = 0,
  SAUCER = 1,
  CANDLE = 2,
  WICK = 3,
  APRON = 4,
  MUG_XL = 5;

function data() {
  const orders: [string, string, number, ...string[]][] = [];
  for (let u = 0; u < 6; u++) orders.push([`m${u}`, `om${u}`, u, "mug", "saucer"]);
  for (let u = 0; u < 4; u++) orders.push([`c${u}`, `oc${u}`, 10 + u, "candle", "wick"]);
  for (let u = 0; u < 5; u++) orders.push([`a${u}`, `oa${u}`, 60 + u, "apron"]); // recent best seller
  return ordersToInteractions(orders, catalog);
}
const model = () => trainHybrid(data(), { products }, { ease: { lambda: 1 }, copurchase: { minSupport: 2 } });

describe("shipped hybrid model", () => {
  const m = model();

  it("recommends what goes with a customer's purchases, then what sells now", () => {
    const recs = recommendForCustomer(m, { items: [M], times: [T0 + 5 * DAY] }, 3);
    expect(recs[0]).toMatchObject({ item: SAUCER, source: "ease" });
    expect(recs.map((r) => r.item)).not.toContain(M);
    expect(recs.map((r) => r.item)).toContain(APRON);
  });

  it("gives a customer without history the best sellers", () => {
    const recs = recommendForCustomer(m, { items: [] }, 2);
    expect(recs[0].item).toBe(APRON);
    expect(recs.map((r) => r.source)).toEqual(["trending", "popularity"]);
  });

  it("honours exclusions", () => {
    const recs = recommendForCustomer(m, { items: [M] }, 6, { exclude: [SAUCER, APRON] });
    expect(recs.map((r) => r.item)).not.toContain(SAUCER);
    expect(recs.map((r) => r.item)).not.toContain(APRON);
  });

  it("puts bought-together first on a product page", () => {
    const recs = recommendForProduct(m, CANDLE, 3);
    expect(recs[0]).toMatchObject({ item: WICK, anchor: CANDLE, source: "copurchase" });
    expect(new Set(recs.map((r) => r.item)).size).toBe(recs.length);
  });

  it("recommends around a product nobody bought yet from its text", () => {
    const recs = recommendForProduct(m, MUG_XL, 3);
    expect(recs.map((r) => [r.item, r.source])).toEqual([
      [M, "content"],
      [SAUCER, "content"], // "enamel"
      [APRON, "popularity"],
    ]);
    expect(recs[0].anchor).toBe(MUG_XL);
  });

  it("completes a cart with complements of its items", () => {
    const recs = recommendForCart(m, [M, CANDLE], 3);
    expect(
      recs
        .slice(0, 2)
        .map((r) => r.item)
        .sort(),
    ).toEqual([SAUCER, WICK]);
    expect(recs.find((r) => r.item === WICK)).toMatchObject({ anchor: CANDLE, source: "copurchase" });
    expect(recs.map((r) => r.item)).not.toContain(M);
  });

  it("decays the profile by purchase age", () => {
    const p = decayedProfile({ items: [1, 2], times: [T0, T0 + 120 * DAY] }, 120, T0 + 120 * DAY);
    expect(p.weights).toEqual([0.5, 1]);
    expect(decayedProfile({ items: [1] }, 120, T0).weights).toEqual([1]);
  });

  it("reads a customer's history with purchase times from training data", () => {
    const d = data();
    expect(purchaseHistoryOfUser(d, d.users.indexOf("c1")!)).toEqual({ items: [CANDLE, WICK], times: [T0 + 11 * DAY, T0 + 11 * DAY] });
  });

  it("serves the same picks from stored per-product lists", () => {
    const lists = servingLists(m, 10);
    expect(neighboursOf(lists.personal, M)[0].item).toBe(SAUCER); // EASE weights
    expect(neighboursOf(lists.personal, MUG_XL)[0].item).toBe(M); // content, for a product nobody bought
    const now = T0 + 64 * DAY;
    const fromLists = recommendFromLists(lists, { items: [M], times: [T0 + 5 * DAY] }, 3, { now });
    const dense = recommendForCustomer(m, { items: [M], times: [T0 + 5 * DAY] }, 3, { now });
    // The dense model also reaches cold products from content; the lists only from cold purchases.
    expect(fromLists.slice(0, 2).map((r) => r.item)).toEqual(dense.slice(0, 2).map((r) => r.item));
    expect(dense[2]).toMatchObject({ item: MUG_XL, source: "content", anchor: M });
    expect(fromLists[0]).toMatchObject({ item: SAUCER, anchor: M, source: "ease" });
    expect(recommendFromLists(lists, { items: [] }, 2, { now }).map((r) => [r.item, r.source])).toEqual([
      [APRON, "trending"],
      [M, "popularity"],
    ]);
  });

  it("works for a new shop with a catalog and no orders yet", () => {
    const empty = trainHybrid(buildInteractions([], { items: catalog }), { products });
    expect(empty.ease.n).toBe(0);
    expect(recommendForProduct(empty, M, 2).map((r) => [r.item, r.source])).toEqual([
      [MUG_XL, "content"],
      [SAUCER, "content"],
    ]);
    // Every product is cold: a customer's picks come from content alone.
    expect(recommendForCustomer(empty, { items: [M] }, 3).map((r) => [r.item, r.source])).toEqual([
      [MUG_XL, "content"],
      [SAUCER, "content"],
    ]);
  });

  it("trains asynchronously to the same lists", async () => {
    const a = await trainHybridAsync(data(), { products }, { ease: { lambda: 1 }, copurchase: { minSupport: 2 } });
    expect(recommendForCustomer(a, { items: [M] }, 4)).toEqual(recommendForCustomer(m, { items: [M] }, 4));
    expect(a.timings.ease).toBeGreaterThanOrEqual(0);
  });
});
