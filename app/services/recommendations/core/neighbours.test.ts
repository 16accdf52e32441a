import { describe, expect, it } from "vitest";
import { blendNeighbours } from "./neighbours";

describe("blending two neighbour rows", () => {
  const ease = [
    { item: 1, score: 0.9 },
    { item: 2, score: 0.5 },
  ];
  const knn = [
    { item: 3, score: 1 },
    { item: 2, score: 0.4 },
  ];

  it("adds the second row's scores at their weight and ranks the sum, strongest first", () => {
    expect(blendNeighbours(ease, knn, 0.5)).toEqual([
      { item: 1, score: 0.9 },
      { item: 2, score: 0.7 },
      { item: 3, score: 0.5 },
    ]);
  });

  it("is the first row unchanged at weight 0 or with nothing to blend", () => {
    expect(blendNeighbours(ease, knn, 0)).toEqual(ease);
    expect(blendNeighbours(ease, [], 0.5)).toEqual(ease);
  });
});
