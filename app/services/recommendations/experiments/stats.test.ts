import { assignArm, decideWinner, normalCdf, twoProportionTest } from "./stats";

describe("experiment statistics", () => {
  it("assigns each visitor to one arm, deterministically, in about the configured split", () => {
    expect(assignArm("exp1", "visitor-1", 50)).toBe(assignArm("exp1", "visitor-1", 50));
    let b = 0;
    for (let i = 0; i < 10_000; i++) if (assignArm("exp1", `v${i}`, 30) === "B") b++;
    expect(b / 10_000).toBeGreaterThan(0.27);
    expect(b / 10_000).toBeLessThan(0.33);
    expect(assignArm("exp1", "anyone", 0)).toBe("A");
    expect(assignArm("exp1", "anyone", 100)).toBe("B");
  });

  it("computes the normal CDF", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 4);
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 4);
  });

  it("matches a textbook two-proportion z-test", () => {
    // 200/1000 vs 250/1000: pooled p = 0.225, se = 0.018675, z = 2.677, p ≈ 0.0074
    const t = twoProportionTest(200, 1000, 250, 1000);
    expect(t.z).toBeCloseTo(2.677, 2);
    expect(t.pValue).toBeCloseTo(0.0074, 3);
    expect(t.lift).toBeCloseTo(0.25, 6);
  });

  it("declares a winner only with enough data and a significant difference", () => {
    expect(decideWinner(twoProportionTest(5, 50, 20, 50), 50, 50).winner).toBeNull();
    expect(decideWinner(twoProportionTest(100, 1000, 104, 1000), 1000, 1000).winner).toBeNull();
    expect(decideWinner(twoProportionTest(200, 1000, 250, 1000), 1000, 1000).winner).toBe("B");
    expect(decideWinner(twoProportionTest(250, 1000, 200, 1000), 1000, 1000).winner).toBe("A");
  });
});
