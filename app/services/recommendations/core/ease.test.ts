import { describe, expect, it } from "vitest";
import { easeNeighbours, easeScores, easeSimilar, recommendEase, trainEase, trainEaseAsync } from "./ease";
import { neighboursOf } from "./neighbours";
import { buildInteractions } from "./interactions";
import type { InteractionEvent } from "./types";

// X (customers x items):   a b c d
//   u0                      1 1 0 0
//   u1                      1 1 1 0
//   u2                      0 1 1 0
//   u3                      0 0 1 1
//   u4                      1 0 0 1
//   u5                      1 1 0 1
// With lambda = 0.5, B = I - P diag(1/diag P) (diag zeroed), P = (X^T X + I/2)^-1,
// computed independently with numpy.linalg.inv:
const B_EXPECTED = [
  [0, 2 / 3, -2 / 7, 4 / 7],
  [2 / 3, 0, 4 / 7, -2 / 7],
  [-2 / 9, 4 / 9, 0, 2 / 7],
  [4 / 9, -2 / 9, 2 / 7, 0],
];
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

describe("EASE", () => {
  it("reproduces the closed-form weights on a tiny matrix", () => {
    const m = trainEase(data(), { lambda: 0.5 });
    expect(m.n).toBe(4);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const mi = m.position[i];
        const mj = m.position[j];
        expect(m.weights[mi * 4 + mj]).toBeCloseTo(B_EXPECTED[i][j], 6);
      }
    }
  });

  it("scores a profile as x B and ranks unseen items", () => {
    const m = trainEase(data(), { lambda: 0.5 });
    const scores = new Float64Array(4);
    expect(easeScores(m, { items: [0] }, scores)).toBe(1);
    expect(Array.from(scores).map((s) => Number(s.toFixed(6)))).toEqual([0, 0.666667, -0.285714, 0.571429]);
    const recs = recommendEase(m, { items: [0] }, 2, [0]);
    expect(recs.map((r) => r.item)).toEqual([1, 3]);
    expect(recs[0].source).toBe("ease");
    expect(easeSimilar(m, 2, 1, [2])[0]).toMatchObject({ item: 1, anchor: 2 });
  });

  it("keeps only the most-bought items and leaves the others unscored", () => {
    const m = trainEase(data(), { lambda: 0.5, maxItems: 2 });
    expect(Array.from(m.items)).toEqual([0, 1]); // a and b have four buyers each
    expect(m.position[2]).toBe(-1);
    const scores = new Float64Array(4);
    easeScores(m, { items: [2, 0] }, scores);
    expect(Number.isNaN(scores[2])).toBe(true);
    expect(recommendEase(m, { items: [3] }, 5)).toEqual([]);
  });

  it("keeps each item's largest positive weights as lists", () => {
    const lists = easeNeighbours(trainEase(data(), { lambda: 0.5 }), 1);
    // row a: b 2/3, d 4/7 (c is negative); row c: b 4/9, d 2/7
    expect(neighboursOf(lists, 0)).toEqual([{ item: 1, score: expect.closeTo(2 / 3, 6) }]);
    expect(neighboursOf(lists, 2)).toEqual([{ item: 1, score: expect.closeTo(4 / 9, 6) }]);
  });

  it("trains the same model asynchronously, letting the event loop run", async () => {
    const order: string[] = [];
    setImmediate(() => order.push("other work"));
    const m = await trainEaseAsync(data(), { lambda: 0.5 }, 0);
    order.push("trained");
    expect(order).toEqual(["other work", "trained"]); // a synchronous run would finish first
    expect(Array.from(m.weights)).toEqual(Array.from(trainEase(data(), { lambda: 0.5 }).weights));
  });
});
