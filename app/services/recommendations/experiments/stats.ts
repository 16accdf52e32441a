// The math of A/B tests between recommendation strategies. Pure functions.

/** 32-bit FNV-1a: fast, stable across processes and releases. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Deterministic assignment: the same visitor always lands in the same arm of
 * an experiment, on every server, without storing anything. `splitB` is the
 * share of visitors (0-100) who get arm B.
 */
export function assignArm(experimentId: string, visitorId: string, splitB: number): "A" | "B" {
  return fnv1a(`${experimentId}:${visitorId}`) % 100 < splitB ? "B" : "A";
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(z)) / Math.SQRT2);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

export interface ProportionTest {
  rateA: number;
  rateB: number;
  /** (rateB - rateA) / rateA; null when A converted nobody. */
  lift: number | null;
  z: number;
  /** Two-sided p-value. */
  pValue: number;
}

/**
 * Two-proportion z-test with a pooled standard error: do the arms' success
 * rates (clicks per impression, say) differ by more than chance?
 */
export function twoProportionTest(successA: number, trialsA: number, successB: number, trialsB: number): ProportionTest {
  const rateA = trialsA ? successA / trialsA : 0;
  const rateB = trialsB ? successB / trialsB : 0;
  const pooled = trialsA + trialsB ? (successA + successB) / (trialsA + trialsB) : 0;
  const se = Math.sqrt(pooled * (1 - pooled) * (trialsA && trialsB ? 1 / trialsA + 1 / trialsB : Infinity));
  const z = se > 0 && Number.isFinite(se) ? (rateB - rateA) / se : 0;
  return { rateA, rateB, lift: rateA > 0 ? (rateB - rateA) / rateA : null, z, pValue: 2 * (1 - normalCdf(Math.abs(z))) };
}

export interface Verdict {
  winner: "A" | "B" | null;
  reason: string;
}

/**
 * A winner is declared only with enough data in both arms and a significant
 * difference (two-sided, alpha 0.05 by default); otherwise the test goes on.
 */
export function decideWinner(test: ProportionTest, trialsA: number, trialsB: number, options: { minTrials?: number; alpha?: number } = {}): Verdict {
  const { minTrials = 200, alpha = 0.05 } = options;
  if (trialsA < minTrials || trialsB < minTrials) {
    return { winner: null, reason: `Needs at least ${minTrials} impressions in each arm (A ${trialsA}, B ${trialsB}).` };
  }
  if (test.pValue >= alpha) {
    return { winner: null, reason: `No significant difference yet (p = ${test.pValue.toFixed(3)}).` };
  }
  const winner = test.rateB > test.rateA ? "B" : "A";
  return { winner, reason: `${winner} is better (p = ${test.pValue.toFixed(4)}).` };
}
