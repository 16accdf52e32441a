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

/** ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms; ~15 significant digits). */
function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const num of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-14) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** Two-sided p-value of Student's t with `df` degrees of freedom (df may be fractional, as in Welch's test). */
export function studentTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  if (!(df > 0)) return 1;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** Mean and sample variance of a sample given by its size, sum and sum of squares. */
export interface SampleSummary {
  n: number;
  sum: number;
  sumSquares: number;
}

/** Summary of a sample where only the non-zero values are listed and the other `n - values.length` are 0. */
export function summarizeWithZeros(values: readonly number[], n: number): SampleSummary {
  let sum = 0;
  let sumSquares = 0;
  for (const v of values) {
    sum += v;
    sumSquares += v * v;
  }
  return { n: Math.max(n, values.length), sum, sumSquares };
}

export interface MeanTest {
  meanA: number;
  meanB: number;
  /** (meanB - meanA) / meanA; null when A's mean is 0. */
  lift: number | null;
  t: number;
  /** Welch-Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value. */
  pValue: number;
}

function meanAndVariance(s: SampleSummary): { mean: number; variance: number } {
  if (s.n === 0) return { mean: 0, variance: 0 };
  const mean = s.sum / s.n;
  // Sum of squared deviations, clamped at 0 against rounding.
  const ss = Math.max(0, s.sumSquares - s.n * mean * mean);
  return { mean, variance: s.n > 1 ? ss / (s.n - 1) : 0 };
}

/**
 * Welch's unequal-variance t-test: do the arms' means (revenue per visitor,
 * say, with non-buyers as 0) differ by more than chance? Two-sided.
 */
export function welchTest(a: SampleSummary, b: SampleSummary): MeanTest {
  const { mean: meanA, variance: varA } = meanAndVariance(a);
  const { mean: meanB, variance: varB } = meanAndVariance(b);
  const lift = meanA > 0 ? (meanB - meanA) / meanA : null;
  const qa = a.n > 1 ? varA / a.n : 0;
  const qb = b.n > 1 ? varB / b.n : 0;
  const se2 = qa + qb;
  if (a.n < 2 || b.n < 2 || !(se2 > 0)) return { meanA, meanB, lift, t: 0, df: 0, pValue: 1 };
  const t = (meanB - meanA) / Math.sqrt(se2);
  const df = (se2 * se2) / ((qa * qa) / (a.n - 1) + (qb * qb) / (b.n - 1));
  return { meanA, meanB, lift, t, df, pValue: studentTwoSidedP(t, df) };
}

export interface Verdict {
  winner: "A" | "B" | null;
  reason: string;
}

/** One metric compared between the arms: each arm's value and the test's two-sided p-value. */
export interface Comparison {
  valueA: number;
  valueB: number;
  pValue: number;
}

export interface SampleRule {
  /** Visitors needed in each arm. */
  minVisitors: number;
  /** Successes (clicks, or converting visitors) needed in both arms together. */
  minSuccesses: number;
  alpha: number;
}

/** The minimum sample rule: 200 visitors in each arm and 10 successes in all, p < 0.05 two-sided. */
export const SAMPLE_RULE: SampleRule = { minVisitors: 200, minSuccesses: 10, alpha: 0.05 };

/**
 * A winner is declared only when both arms have enough visitors, the arms
 * together have enough successes for the test's approximation to hold, and
 * the difference in the chosen metric is significant; otherwise the test goes on.
 */
export function decideWinner(
  comparison: Comparison,
  sample: { visitorsA: number; visitorsB: number; successes: number },
  rule: SampleRule = SAMPLE_RULE,
): Verdict {
  const { visitorsA, visitorsB, successes } = sample;
  if (visitorsA < rule.minVisitors || visitorsB < rule.minVisitors) {
    return { winner: null, reason: `Needs at least ${rule.minVisitors} visitors in each arm (A ${visitorsA}, B ${visitorsB}).` };
  }
  if (successes < rule.minSuccesses) {
    return { winner: null, reason: `Needs at least ${rule.minSuccesses} successes in both arms together (${successes} so far).` };
  }
  if (!(comparison.pValue < rule.alpha) || comparison.valueA === comparison.valueB) {
    return { winner: null, reason: `No significant difference yet (p = ${comparison.pValue.toFixed(3)}).` };
  }
  const winner = comparison.valueB > comparison.valueA ? "B" : "A";
  return { winner, reason: `${winner} is better (p = ${comparison.pValue.toFixed(4)}).` };
}

/** The metrics a test can be decided on: clicks per impression, share of visitors who buy, revenue per visitor. */
export const METRICS = ["ctr", "conversion", "revenue"] as const;
export type Metric = (typeof METRICS)[number];

const PHRASES: Record<Metric, (arm: string, lift: number | null) => string> = {
  ctr: (arm, lift) => (lift === null ? `${arm} gets clicks where the other gets none` : `${arm} gets ${lift}% more clicks`),
  conversion: (arm, lift) => (lift === null ? `${arm} converts where the other does not` : `${arm} converts ${lift}% better`),
  revenue: (arm, lift) => (lift === null ? `${arm} earns where the other does not` : `${arm} earns ${lift}% more per visitor`),
};

/**
 * The comparison in the merchant's words: "B converts 12% better; 97% sure",
 * or "not enough evidence yet" when the difference is not significant.
 * "Sure" is 1 - p, rounded down (p = 0.049 reads "95% sure", never more).
 */
export function comparisonWords(metric: Metric, comparison: Comparison, alpha = SAMPLE_RULE.alpha): string {
  const { valueA, valueB, pValue } = comparison;
  if (!(pValue < alpha) || valueA === valueB) return "not enough evidence yet";
  const [better, worse, arm] = valueB > valueA ? [valueB, valueA, "B"] : [valueA, valueB, "A"];
  const lift = worse > 0 ? Math.round(((better - worse) / worse) * 100) : null;
  return `${PHRASES[metric](arm, lift)}; ${Math.floor((1 - pValue) * 100)}% sure`;
}
