import { describe, expect, it } from "vitest";
import { buildInteractions } from "./interactions";
import { recommendItemKnn, similarItemsKnn, trainItemKnn } from "./itemknn";
import type { InteractionEvent } from "./types";

// Same customers as the EASE test: a b c d bought by
// u0 {a,b}  u1 {a,b,c}  u2 {b,c}  u3 {c,d}  u4 {a,d}  u5 {a,b,d}
const ROWS = [
  ["a", "b"],
  ["a", "b", "c"],
  ["b", "c"],
  ["c", "d"],
  ["a", "d"],
  ["a", "b", "d"],
];
function data() {
  const events: InteractionEvent[] = [];
  ROWS.forEach((items, u) => items.forEach((item) => events.push({ userKey: `u${u}`, itemKey: item, timestamp: 0 })));
  return buildInteractions(events, { items: ["a", "b", "c", "d"] });
}

describe("item-kNN", () => {
  it("computes plain cosine similarities", () => {
    const m = trainItemKnn(data(), { weighting: "none", shrink: 0 });
    // a = {u0,u1,u4,u5}, b = {u0,u1,u2,u5}: 3 shared / sqrt(4 * 4)
    const list = similarItemsKnn(m, 0, 10);
    expect(list.map((e) => e.item)).toEqual([1, 3, 2]);
    expect(list[0].score).toBeCloseTo(0.75, 6);
    expect(list[1].score).toBeCloseTo(2 / Math.sqrt(12), 6);
    expect(list[2].score).toBeCloseTo(1 / Math.sqrt(12), 6);
  });

  it("applies shrinkage and keeps only k neighbours", () => {
    const m = trainItemKnn(data(), { weighting: "none", shrink: 1, k: 1 });
    expect(similarItemsKnn(m, 0, 10)).toEqual([{ item: 1, score: expect.closeTo(3 / 5, 6), anchor: 0, source: "itemknn" }]);
  });

  it("weights customers by inverse item frequency", () => {
    const m = trainItemKnn(data(), { weighting: "idf", shrink: 0 });
    const two = Math.log(4 / 2); // customers with two items
    const three = Math.log(4 / 3); // customers with three items
    // a and b share u0 (two items), u1 and u5 (three items); each has norm^2 = 2 two^2 + 2 three^2
    const expected = (two * two + 2 * three * three) / (2 * two * two + 2 * three * three);
    expect(similarItemsKnn(m, 0, 1)[0].score).toBeCloseTo(expected, 6);
  });

  it("sums neighbour similarities over the profile and names the strongest anchor", () => {
    const m = trainItemKnn(data(), { weighting: "none", shrink: 0 });
    const recs = recommendItemKnn(m, { items: [0, 2] }, 5);
    // b: sim(a,b) + sim(c,b) = 0.75 + 2/sqrt(12); d: sim(a,d) + sim(c,d) = 2/sqrt(12) + 1/3
    expect(recs.map((r) => r.item)).toEqual([1, 3]);
    expect(recs[0].score).toBeCloseTo(0.75 + 2 / Math.sqrt(12), 6);
    expect(recs[0].anchor).toBe(0);
    expect(recs[1].score).toBeCloseTo(2 / Math.sqrt(12) + 1 / 3, 6);
    expect(recommendItemKnn(m, { items: [0, 2] }, 5, [1]).map((r) => r.item)).toEqual([3]);
  });
});
