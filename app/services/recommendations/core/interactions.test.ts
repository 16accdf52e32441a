import { describe, expect, it } from "vitest";
import { InteractionsBuilder, exclusionMask, itemUserCounts, itemsOfUser, profileOfUser, transposeCsr } from "./interactions";
import { TopK, topKDense } from "./topk";
import { DAY, T0, ordersToInteractions } from "./test-data";

describe("InteractionsBuilder", () => {
  it("indexes catalog items first, merges repeated (customer, item) events and keeps baskets", () => {
    const b = new InteractionsBuilder({ items: ["cold", "a"] });
    b.add({ userKey: "u1", itemKey: "a", timestamp: T0, basketKey: "o1" });
    b.add({ userKey: "u1", itemKey: "b", timestamp: T0, basketKey: "o1" });
    b.add({ userKey: "u1", itemKey: "a", timestamp: T0 + 5 * DAY, basketKey: "o2", weight: 2 });
    b.add({ userKey: "u2", itemKey: "b", timestamp: new Date(T0 + DAY), weight: 0.1 });
    const d = b.build();
    expect(d.items.keys).toEqual(["cold", "a", "b"]);
    expect(d.items.indexOf("b")).toBe(2);
    expect(d.users.keys).toEqual(["u1", "u2"]);
    expect(Array.from(itemsOfUser(d, 0))).toEqual([1, 2]);
    expect(Array.from(d.userWeights.subarray(0, 2))).toEqual([3, 1]);
    expect(d.userLastSeen[0]).toBe(T0 + 5 * DAY);
    expect(d.nBaskets).toBe(2); // the view has no basket
    expect(Array.from(d.basketItems.subarray(d.basketPtr[0], d.basketPtr[1]))).toEqual([1, 2]);
    expect(Array.from(itemUserCounts(d))).toEqual([0, 1, 2]);
    expect(d.firstEventTime).toBe(T0);
    expect(d.lastEventTime).toBe(T0 + 5 * DAY);
  });

  it("rejects invalid weights and timestamps", () => {
    const b = new InteractionsBuilder();
    expect(() => b.add({ userKey: "u", itemKey: "i", timestamp: Number.NaN })).toThrow(/timestamp/);
    expect(() => b.add({ userKey: "u", itemKey: "i", timestamp: 0, weight: 0 })).toThrow(/weight/);
  });

  it("decays a profile by the age of each item", () => {
    const d = ordersToInteractions([
      ["u", "o1", 0, "old"],
      ["u", "o2", 30, "new"],
    ]);
    const p = profileOfUser(d, 0, { halfLifeDays: 30 });
    expect(p.items).toEqual([0, 1]);
    expect(p.weights![0]).toBeCloseTo(0.5, 12);
    expect(p.weights![1]).toBeCloseTo(1, 12);
  });

  it("transposes CSR structures", () => {
    const t = transposeCsr(Uint32Array.from([0, 2, 3]), Uint32Array.from([0, 2, 2]), 3);
    expect(Array.from(t.ptr)).toEqual([0, 1, 1, 3]);
    expect(Array.from(t.rows)).toEqual([0, 0, 1]);
  });
});

describe("top-k selection", () => {
  it("keeps the k best with ties broken by the lower index", () => {
    expect(topKDense([0.5, 2, 2, -1, 3], 3)).toEqual([
      { item: 4, score: 3 },
      { item: 1, score: 2 },
      { item: 2, score: 2 },
    ]);
    expect(topKDense([1, 2, 3], 5, { mask: exclusionMask(3, [2]), minScore: 1 })).toEqual([{ item: 1, score: 2 }]);
    const h = new TopK(0);
    h.push(1, 1);
    expect(h.result()).toEqual([]);
  });
});
