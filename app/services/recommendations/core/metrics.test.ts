import { describe, expect, it } from "vitest";
import { catalogCoverage, evaluate, hitRateAtK, ndcgAtK, recallAtK, timeSplit } from "./metrics";
import { EventLog } from "./event-log";
import type { InteractionEvent } from "./types";
import { DAY, T0 } from "./test-data";

describe("ranking metrics", () => {
  const relevant = new Set([2, 7, 9]);
  const ranked = [2, 4, 7, 1, 5];

  it("Recall@K divides hits by min(K, |relevant|)", () => {
    expect(recallAtK(ranked, relevant, 1)).toBe(1); // 1 hit / min(1, 3)
    expect(recallAtK(ranked, relevant, 2)).toBe(1 / 2);
    expect(recallAtK(ranked, relevant, 5)).toBe(2 / 3);
    expect(recallAtK(ranked, new Set(), 5)).toBe(0);
  });

  it("NDCG@K uses log2(rank + 1) discounts", () => {
    // hits at ranks 1 and 3: DCG = 1 + 1/2; ideal (3 hits) = 1 + 1/log2(3) + 1/2
    expect(ndcgAtK(ranked, relevant, 5)).toBeCloseTo(1.5 / (1.5 + 1 / Math.log2(3)), 12);
    // K = 2: DCG = 1, ideal = 1 + 1/log2(3)
    expect(ndcgAtK(ranked, relevant, 2)).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 12);
    expect(ndcgAtK([9, 7, 2], relevant, 3)).toBeCloseTo(1, 12);
  });

  it("HitRate@K and coverage", () => {
    expect(hitRateAtK([4, 2], relevant, 1)).toBe(0);
    expect(hitRateAtK([4, 2], relevant, 2)).toBe(1);
    expect(
      catalogCoverage(
        [
          [1, 2, 3],
          [3, 4, 9],
        ],
        10,
        2,
      ),
    ).toBe(4 / 10); // top-2 lists {1, 2} and {3, 4}
  });
});

describe("time split and evaluate", () => {
  const ev = (userKey: string, itemKey: string, day: number): InteractionEvent => ({
    userKey,
    itemKey,
    timestamp: T0 + day * DAY,
    basketKey: `${userKey}-${day}`,
  });
  const events = [
    ev("u1", "a", 1),
    ev("u1", "b", 2),
    ev("u1", "c", 20),
    ev("u1", "a", 21), // u1: new item c after the split
    ev("u2", "a", 3),
    ev("u2", "a", 25), // u2: nothing new -> not a test customer
    ev("u3", "d", 22), // u3: unknown before the split
    ev("u4", "b", 4),
    ev("u4", "d", 23),
    ev("u4", "e", 24), // u4: new d and e (e first sold after the split)
  ];
  const split = timeSplit(EventLog.of(events, { items: ["a", "b", "c", "d"] }), T0 + 10 * DAY);

  it("tests train-known customers on the new items they bought later", () => {
    expect(split.train.nItems).toBe(5); // e joins the catalog
    expect(split.users.map((u) => split.train.users.keys[u])).toEqual(["u1", "u4"]);
    expect(split.relevant.map((r) => [...r].map((i) => split.train.items.keys[i]).sort())).toEqual([["c"], ["d", "e"]]);
  });

  it("reads nothing from the end on", () => {
    const early = timeSplit(EventLog.of(events, { items: ["a", "b", "c", "d"] }), T0 + 10 * DAY, { end: T0 + 23 * DAY });
    expect(early.train.nItems).toBe(4); // e was first sold on day 24
    expect(early.users.map((u) => early.train.users.keys[u])).toEqual(["u1"]);
  });

  it("averages metrics over test customers with bought items excluded", () => {
    const ids = (...keys: string[]) => keys.map((k) => split.train.items.indexOf(k)!);
    // The model returns an already-bought item first; the harness must skip it.
    const model = (u: number) => (split.train.users.keys[u] === "u1" ? ids("a", "c", "d") : ids("b", "a", "d"));
    const r = evaluate(model, split, { ks: [1, 2] });
    expect(r.users).toBe(2);
    // u1 ranked [c, d]: hit at 1. u4 ranked [a, d]: a is a miss, d a hit at 2.
    expect(r.metrics["recall@1"]).toBe((1 + 0) / 2);
    expect(r.metrics["recall@2"]).toBe((1 + 1 / 2) / 2);
    expect(r.metrics["hr@1"]).toBe(1 / 2);
    expect(r.metrics["ndcg@2"]).toBeCloseTo((1 + 1 / Math.log2(3) / (1 + 1 / Math.log2(3))) / 2, 12);
    expect(r.metrics.coverage).toBe(3 / 5); // c, d, a
  });
});
