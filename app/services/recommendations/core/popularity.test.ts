import { describe, expect, it } from "vitest";
import { recommendPopular, recommendTrending, trainPopularity } from "./popularity";
import { DAY, T0, ordersToInteractions } from "./test-data";

// Day 0..100. "classic" sold to 4 customers long ago, "new" to 3 customers in
// the last week, "steady" to one customer per fortnight.
const data = () =>
  ordersToInteractions(
    [
      ["u1", "o1", 0, "classic"],
      ["u2", "o2", 0, "classic"],
      ["u3", "o3", 0, "classic"],
      ["u4", "o4", 0, "classic"],
      ["u1", "o5", 95, "new"],
      ["u2", "o6", 97, "new"],
      ["u5", "o7", 100, "new"],
      ["u1", "o8", 58, "steady"],
      ["u2", "o9", 72, "steady"],
      ["u3", "o10", 86, "steady"],
      ["u4", "o11", 100, "steady"],
    ],
    ["classic", "new", "steady", "cold"],
  );

describe("popularity", () => {
  it("counts distinct buyers, optionally decayed by recency", () => {
    const plain = trainPopularity(data(), { halfLifeDays: Infinity });
    expect(Array.from(plain.popular)).toEqual([4, 3, 4, 0]);
    const decayed = trainPopularity(data(), { halfLifeDays: 50 });
    expect(decayed.popular[0]).toBeCloseTo(4 * 0.25, 9); // 100 days = two half-lives
    expect(decayed.now).toBe(T0 + 100 * DAY);
    expect(recommendPopular(decayed, 3).map((r) => r.item)).toEqual([2, 1, 0]);
    expect(recommendPopular(decayed, 3, { exclude: [2] }).map((r) => r.item)).toEqual([1, 0]);
  });

  it("finds trending items: recent sales against their own baseline", () => {
    const m = trainPopularity(data(), { trendWindowDays: 14, trendBaselineDays: 56, trendPrior: 1, trendMinRecent: 2 });
    // new: 3 recent, 0 baseline -> (3 + 1) / (0 + 1) = 4
    // steady: 2 recent (days 86 and 100; the window is days 86..100), 2 in the
    // baseline (days 58 and 72; the baseline is days 30..86) -> (2 + 1) / (2 * 14/56 + 1) = 2
    expect(Array.from(m.recent)).toEqual([0, 3, 2, 0]);
    expect(m.trending[1]).toBeCloseTo(4, 9);
    expect(m.trending[2]).toBeCloseTo(2, 9);
    expect(m.trending[0]).toBe(0);
    expect(recommendTrending(m, 5).map((r) => [r.item, r.source])).toEqual([
      [1, "trending"],
      [2, "trending"],
    ]);
  });

  it("ranks within groups", () => {
    const m = trainPopularity(data(), { halfLifeDays: Infinity, groups: [["Mugs"], ["Mugs", "Sale"], ["Lamps"], ["Mugs"]] });
    expect(recommendPopular(m, 5, { group: "Mugs" }).map((r) => r.item)).toEqual([0, 1]);
    expect(recommendTrending(m, 5, { group: "Lamps" }).map((r) => r.item)).toEqual([]);
    expect(recommendPopular(m, 5, { group: "Unknown" })).toEqual([]);
    expect(Array.from(m.groups.get("Mugs")!)).toEqual([0, 1, 3]);
  });
});
