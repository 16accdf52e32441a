import { assignArm, comparisonWords, decideWinner, normalCdf, studentTwoSidedP, summarizeWithZeros, twoProportionTest, welchTest } from "./stats";

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
    // 200/1000 vs 250/1000: pooled p = 0.225, se = sqrt(0.225 * 0.775 * 2/1000) = 0.018675, z = 0.05 / 0.018675 = 2.677, p ≈ 0.0074
    const t = twoProportionTest(200, 1000, 250, 1000);
    expect(t.z).toBeCloseTo(2.677, 2);
    expect(t.pValue).toBeCloseTo(0.0074, 3);
    expect(t.lift).toBeCloseTo(0.25, 6);
    // 30/400 vs 18/400 (conversion): pooled 0.06, se = sqrt(0.06 * 0.94 / 200) = 0.016793, z = -0.03 / 0.016793 = -1.786, p ≈ 0.074
    const c = twoProportionTest(30, 400, 18, 400);
    expect(c.z).toBeCloseTo(-1.786, 2);
    expect(c.pValue).toBeCloseTo(0.074, 3);
  });

  it("computes Student's t tail probabilities", () => {
    // Table values: t = 2.228 at 10 df is the 5% two-sided critical value; t = 2 at 10 df gives 0.0734.
    expect(studentTwoSidedP(2.228139, 10)).toBeCloseTo(0.05, 5);
    expect(studentTwoSidedP(2, 10)).toBeCloseTo(0.07339, 4);
    // One degree of freedom is the Cauchy distribution: p = 1 - (2/π) atan(3) = 0.204833.
    expect(studentTwoSidedP(3, 1)).toBeCloseTo(0.204833, 5);
    expect(studentTwoSidedP(-3, 1)).toBeCloseTo(0.204833, 5);
    // Many degrees of freedom: the normal distribution.
    expect(studentTwoSidedP(1.959964, 1e7)).toBeCloseTo(0.05, 4);
    expect(studentTwoSidedP(0, 5)).toBeCloseTo(1, 10);
  });

  it("matches a hand-computed Welch t-test with non-buyers as zeros", () => {
    // A = 0 0 0 0 10 20: mean 5, variance (4·25 + 25 + 225) / 5 = 70.
    // B = 0 0 5 15 25 30: mean 12.5, variance (2·156.25 + 56.25 + 6.25 + 156.25 + 306.25) / 5 = 167.5.
    // se² = 70/6 + 167.5/6 = 39.583, t = 7.5 / 6.2916 = 1.1921,
    // df = 39.583² / ((70/6)²/5 + (167.5/6)²/5) = 1566.8 / 183.09 = 8.558, two-sided p = 0.2652.
    const t = welchTest(summarizeWithZeros([10, 20], 6), summarizeWithZeros([5, 15, 25, 30], 6));
    expect(t.meanA).toBeCloseTo(5, 10);
    expect(t.meanB).toBeCloseTo(12.5, 10);
    expect(t.t).toBeCloseTo(1.1921, 4);
    expect(t.df).toBeCloseTo(8.558, 3);
    expect(t.pValue).toBeCloseTo(0.2652, 4);
    expect(t.lift).toBeCloseTo(1.5, 10);
    // Swapping the arms flips the sign, not the p-value.
    const swapped = welchTest(summarizeWithZeros([5, 15, 25, 30], 6), summarizeWithZeros([10, 20], 6));
    expect(swapped.t).toBeCloseTo(-1.1921, 4);
    expect(swapped.pValue).toBeCloseTo(t.pValue, 10);
  });

  it("gives no evidence when an arm has no spread or fewer than two visitors", () => {
    expect(welchTest(summarizeWithZeros([], 500), summarizeWithZeros([], 500))).toMatchObject({ t: 0, pValue: 1 });
    expect(welchTest(summarizeWithZeros([5], 1), summarizeWithZeros([1, 2], 3)).pValue).toBe(1);
  });

  it("declares a winner only with enough visitors, enough successes and a significant difference", () => {
    const sample = { visitorsA: 1000, visitorsB: 1000, successes: 450 };
    const cmp = (a: number, b: number) => {
      const t = twoProportionTest(a, 1000, b, 1000);
      return { valueA: t.rateA, valueB: t.rateB, pValue: t.pValue };
    };
    expect(decideWinner(cmp(200, 250), { visitorsA: 199, visitorsB: 1000, successes: 450 })).toEqual({
      winner: null,
      reason: "Needs at least 200 visitors in each arm (A 199, B 1000).",
    });
    expect(decideWinner(cmp(2, 7), { visitorsA: 1000, visitorsB: 1000, successes: 9 }).reason).toBe(
      "Needs at least 10 successes in both arms together (9 so far).",
    );
    expect(decideWinner(cmp(100, 104), sample).winner).toBeNull();
    expect(decideWinner(cmp(200, 250), sample).winner).toBe("B");
    expect(decideWinner(cmp(250, 200), sample).winner).toBe("A");
  });

  it("puts a comparison in words", () => {
    // p = 0.0074: 99.26% sure, said as 99%.
    expect(comparisonWords("conversion", { valueA: 0.2, valueB: 0.25, pValue: 0.0074 })).toBe("B converts 25% better; 99% sure");
    expect(comparisonWords("revenue", { valueA: 5.6, valueB: 5, pValue: 0.03 })).toBe("A earns 12% more per visitor; 97% sure");
    expect(comparisonWords("ctr", { valueA: 0.1, valueB: 0.112, pValue: 0.049 })).toBe("B gets 12% more clicks; 95% sure");
    expect(comparisonWords("conversion", { valueA: 0, valueB: 0.02, pValue: 0.01 })).toBe("B converts where the other does not; 99% sure");
    expect(comparisonWords("conversion", { valueA: 0.2, valueB: 0.25, pValue: 0.05 })).toBe("not enough evidence yet");
  });
});
