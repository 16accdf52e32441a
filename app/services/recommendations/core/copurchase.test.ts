import { describe, expect, it } from "vitest";
import { boughtTogether, complementsForCart, trainCopurchase } from "./copurchase";
import { ordersToInteractions } from "./test-data";

// Orders: o1 {a,b,c}  o2 {a,b}  o3 {a,b,d}  o4 {c,d}  o5 {a,c}  o6 {e}
// Baskets per item: a 4, b 3, c 3, d 2 (o6 has one item: no pairs).
// Pair support: ab 3, ac 2, ad 1, bc 1, bd 1, cd 1.
const data = () =>
  ordersToInteractions(
    [
      ["u1", "o1", 0, "a", "b", "c"],
      ["u1", "o2", 1, "a", "b"],
      ["u2", "o3", 2, "a", "b", "d"],
      ["u3", "o4", 3, "c", "d"],
      ["u4", "o5", 4, "a", "c"],
      ["u4", "o6", 5, "e"],
    ],
    ["a", "b", "c", "d", "e"],
  );

describe("co-purchase", () => {
  it("keeps pairs with enough support, scored by cosine", () => {
    const m = trainCopurchase(data(), { minSupport: 2, shrink: 0, alpha: 0.5 });
    expect(Array.from(m.basketCounts)).toEqual([4, 3, 3, 2, 0]);
    const list = boughtTogether(m, 0, 10);
    expect(list.map((e) => [e.item, e.support])).toEqual([
      [1, 3],
      [2, 2],
    ]);
    expect(list[0].score).toBeCloseTo(3 / Math.sqrt(4 * 3), 6);
    expect(list[1].score).toBeCloseTo(2 / Math.sqrt(4 * 3), 6);
    expect(boughtTogether(m, 3, 10)).toEqual([]); // d's pairs all have support 1
  });

  it("alpha = 1 is the conditional probability; shrinkage lowers rare pairs", () => {
    const p = trainCopurchase(data(), { minSupport: 1, shrink: 0, alpha: 1 });
    expect(boughtTogether(p, 3, 1)[0].score).toBeCloseTo(1 / 2, 6); // P(x | d) = 1/2 for a, b and c
    const s = trainCopurchase(data(), { minSupport: 2, shrink: 5, alpha: 0.5 });
    expect(boughtTogether(s, 0, 1)[0].score).toBeCloseTo(3 / (Math.sqrt(12) + 5), 6);
  });

  it("ignores baskets above the size limit", () => {
    const m = trainCopurchase(data(), { minSupport: 1, maxBasketSize: 2 });
    expect(Array.from(m.basketCounts)).toEqual([2, 1, 2, 1, 0]); // o2, o4, o5 only
  });

  it("scores a cart: complements summed over seeds, seeds excluded, anchored", () => {
    const m = trainCopurchase(data(), { minSupport: 2, shrink: 0 });
    const recs = complementsForCart(m, [1, 2], 5);
    expect(recs).toEqual([{ item: 0, score: expect.closeTo(5 / Math.sqrt(12), 6), anchor: 1, source: "copurchase" }]);
    expect(complementsForCart(m, [1, 2], 5, [0])).toEqual([]);
  });
});
