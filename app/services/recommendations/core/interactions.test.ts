import { describe, expect, it } from "vitest";
import { EventLog, lastPurchaseTime } from "./event-log";
import { buildInteractions, exclusionMask, interactionsOf, itemUserCounts, itemsOfUser, profileOfUser, transposeCsr } from "./interactions";
import type { InteractionEvent, Interactions } from "./types";
import { TopK, topKDense } from "./topk";
import { DAY, T0, ordersToInteractions } from "./test-data";

describe("event log and interactions", () => {
  it("indexes catalog items first, merges repeated (customer, item) events and keeps baskets", () => {
    const b = new EventLog({ items: ["cold", "a"] });
    b.add({ userKey: "u1", itemKey: "a", timestamp: T0, basketKey: "o1" });
    b.add({ userKey: "u1", itemKey: "b", timestamp: T0, basketKey: "o1" });
    b.add({ userKey: "u1", itemKey: "a", timestamp: T0 + 5 * DAY, basketKey: "o2", weight: 2 });
    b.add({ userKey: "u2", itemKey: "b", timestamp: new Date(T0 + DAY), weight: 0.1 });
    const d = interactionsOf(b);
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
    const b = new EventLog();
    expect(() => b.add({ userKey: "u", itemKey: "i", timestamp: Number.NaN })).toThrow(/timestamp/);
    expect(() => b.add({ userKey: "u", itemKey: "i", timestamp: 0, weight: 0 })).toThrow(/weight/);
  });

  it("compiles the events before a time as a log of only those events would", () => {
    // Random events, out of time order, with views (no basket) and repeats.
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const events: InteractionEvent[] = [];
    for (let n = 0; n < 3_000; n++) {
      const basket = random() < 0.8 ? `o${Math.floor(random() * 400)}` : undefined;
      events.push({
        userKey: `u${Math.floor(random() * 150)}`,
        itemKey: `i${Math.floor(random() * 90)}`,
        timestamp: T0 + Math.floor(random() * 100) * DAY,
        ...(basket ? { basketKey: basket } : { weight: 0.3 }),
      });
    }
    const catalog = ["i5", "cold", "i1"];
    const log = EventLog.of(events, { items: catalog });
    const before = T0 + 60 * DAY;
    const until = T0 + 80 * DAY;
    const got = interactionsOf(log, { before, itemsUntil: until });
    const kept = events.filter((e) => (e.timestamp as number) < before);
    const later = events.filter((e) => (e.timestamp as number) >= before && (e.timestamp as number) < until);
    const expected = EventLog.of(kept, { items: catalog });
    for (const e of later) expected.addItem(e.itemKey);
    expectSame(got, interactionsOf(expected));
    // Everything: the same as a log of the events in one call.
    expectSame(interactionsOf(log), buildInteractions(events, { items: catalog }));
    expect(lastPurchaseTime(log, before)).toBe(Math.max(...kept.filter((e) => e.basketKey).map((e) => e.timestamp as number)));
    expect(lastPurchaseTime(new EventLog())).toBeNull();
  });

  it("grows past its first capacity and hands out trimmed columns", () => {
    const log = new EventLog();
    for (let n = 0; n < 5_000; n++) log.add({ userKey: `u${n % 7}`, itemKey: `i${n % 11}`, timestamp: T0 + n, basketKey: `o${n >> 2}` });
    const cols = log.columns();
    expect(log.length).toBe(5_000);
    expect(cols.time.length).toBe(5_000);
    expect(cols.time[4_999]).toBe(T0 + 4_999);
    expect(log.baskets.size).toBe(1_250);
    log.add({ userKey: "late", itemKey: "i0", timestamp: T0 });
    expect(log.columns().user.length).toBe(5_001);
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

function expectSame(a: Interactions, b: Interactions) {
  expect(a.items.keys).toEqual(b.items.keys);
  expect(a.users.keys).toEqual(b.users.keys);
  for (const k of [
    "userPtr",
    "userItems",
    "userWeights",
    "userLastSeen",
    "basketPtr",
    "basketItems",
    "basketUser",
    "basketTime",
    "eventUser",
    "eventItem",
    "eventTime",
    "eventWeight",
  ] as const) {
    expect(Array.from(a[k]), k).toEqual(Array.from(b[k]));
  }
  expect([a.nBaskets, a.nEvents, a.firstEventTime, a.lastEventTime]).toEqual([b.nBaskets, b.nEvents, b.firstEventTime, b.lastEventTime]);
}
