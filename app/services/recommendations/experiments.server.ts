import { z } from "zod";
import { creditsOfExperiment } from "../../models/attributions.server";
import { createExperiment, getExperiment, listRunningExperiments, listStoppedExperiments, stopExperiment } from "../../models/recommendations.server";
import { experimentEventCounts, experimentVisitors } from "../../models/storefront-events.server";
import { fieldErrors, RequestError } from "../../lib/errors.server";
import { refreshAttribution } from "../attribution/refresh.server";
import { keepStrategy, readSettings, type KeptStrategy } from "../settings.server";
import { PAGE_TYPE_LABELS, PAGE_TYPES, STRATEGY_NAMES, type TestPageType } from "./labels";
import {
  comparisonWords,
  decideWinner,
  METRICS,
  SAMPLE_RULE,
  summarizeWithZeros,
  twoProportionTest,
  welchTest,
  type Comparison,
  type Metric,
  type Verdict,
} from "./experiments/stats";

export type Arm = "A" | "B";

export interface ArmResult {
  arm: Arm;
  strategy: string;
  /** Distinct visitors with an impression in this arm. */
  visitors: number;
  impressions: number;
  clicks: number;
  addToCarts: number;
  /** Clicks per impression. */
  ctr: number;
  /** Visitors of the arm with an order line credited to the arm. */
  convertingVisitors: number;
  /** Converting visitors per visitor. */
  conversion: number;
  /** Revenue credited to the arm, in minor units. */
  revenueCents: number;
  /** Revenue per visitor in minor units, non-buyers counting as 0. */
  revenuePerVisitorCents: number;
}

export interface MetricResult {
  comparison: Comparison;
  /** The test statistic: z for the proportions, Welch's t for revenue. */
  statistic: number;
  /** "B converts 12% better; 97% sure", or "not enough evidence yet". */
  words: string;
}

export interface ExperimentResults {
  arms: [ArmResult, ArmResult];
  metrics: Record<Metric, MetricResult>;
  /** The verdict on the metric the test is decided on. */
  verdict: Verdict;
}

/** Where a credited line's order came from: the visitor id in its cart attributes (verified when it was credited). */
function visitorOfCart(cartAttribution: string | null): string | null {
  try {
    const parsed = JSON.parse(cartAttribution ?? "null") as { vid?: unknown } | null;
    return typeof parsed?.vid === "string" ? parsed.vid : null;
  } catch {
    return null;
  }
}

/**
 * Each arm's visitors and what those visitors' orders earned the arm. A
 * visitor belongs to the arm they saw an impression in; a credited line counts
 * only for a visitor of the same arm. Pure.
 */
export function armOutcomes(
  visitors: readonly { arm: string | null; visitorId: string }[],
  credits: readonly { arm: string | null; visitorId: string | null; revenueCents: number }[],
): Record<Arm, { visitors: number; revenueByVisitor: Map<string, number> }> {
  const out = {
    A: { visitors: new Set<string>(), revenueByVisitor: new Map<string, number>() },
    B: { visitors: new Set<string>(), revenueByVisitor: new Map<string, number>() },
  };
  for (const v of visitors) if (v.arm === "A" || v.arm === "B") out[v.arm].visitors.add(v.visitorId);
  for (const c of credits) {
    if ((c.arm !== "A" && c.arm !== "B") || !c.visitorId || !out[c.arm].visitors.has(c.visitorId)) continue;
    const arm = out[c.arm];
    arm.revenueByVisitor.set(c.visitorId, (arm.revenueByVisitor.get(c.visitorId) ?? 0) + c.revenueCents);
  }
  return {
    A: { visitors: out.A.visitors.size, revenueByVisitor: out.A.revenueByVisitor },
    B: { visitors: out.B.visitors.size, revenueByVisitor: out.B.revenueByVisitor },
  };
}

/**
 * Per arm: visitors, impressions, clicks, CTR, converting visitors and revenue
 * per visitor (from the credited order lines, docs/decisions/0015), each metric
 * with its significance test, and the verdict on the test's own metric.
 */
export async function experimentResults(
  shopId: string,
  experiment: { id: string; strategyA: string; strategyB: string; metric: string },
): Promise<ExperimentResults> {
  const [counts, visitorRows, creditRows] = await Promise.all([
    experimentEventCounts(shopId, experiment.id),
    experimentVisitors(shopId, experiment.id),
    creditsOfExperiment(shopId, experiment.id),
  ]);
  const outcomes = armOutcomes(
    visitorRows,
    creditRows.map((c) => ({ arm: c.arm, revenueCents: c.revenueCents, visitorId: visitorOfCart(c.order.cartAttribution) })),
  );
  const count = (arm: Arm, type: string) => counts.find((c) => c.arm === arm && c.type === type)?.count ?? 0;
  const arm = (name: Arm): ArmResult => {
    const impressions = count(name, "impression");
    const clicks = count(name, "click");
    const { visitors, revenueByVisitor } = outcomes[name];
    const convertingVisitors = [...revenueByVisitor.values()].filter((r) => r > 0).length;
    const revenueCents = [...revenueByVisitor.values()].reduce((s, r) => s + r, 0);
    return {
      arm: name,
      strategy: name === "A" ? experiment.strategyA : experiment.strategyB,
      visitors,
      impressions,
      clicks,
      addToCarts: count(name, "add_to_cart"),
      ctr: impressions ? clicks / impressions : 0,
      convertingVisitors,
      conversion: visitors ? convertingVisitors / visitors : 0,
      revenueCents,
      revenuePerVisitorCents: visitors ? revenueCents / visitors : 0,
    };
  };
  const a = arm("A");
  const b = arm("B");
  const ctr = twoProportionTest(a.clicks, a.impressions, b.clicks, b.impressions);
  const conversion = twoProportionTest(a.convertingVisitors, a.visitors, b.convertingVisitors, b.visitors);
  const revenue = welchTest(
    summarizeWithZeros([...outcomes.A.revenueByVisitor.values()], a.visitors),
    summarizeWithZeros([...outcomes.B.revenueByVisitor.values()], b.visitors),
  );
  const comparisons: Record<Metric, { comparison: Comparison; statistic: number; successes: number }> = {
    ctr: { comparison: { valueA: ctr.rateA, valueB: ctr.rateB, pValue: ctr.pValue }, statistic: ctr.z, successes: a.clicks + b.clicks },
    conversion: {
      comparison: { valueA: conversion.rateA, valueB: conversion.rateB, pValue: conversion.pValue },
      statistic: conversion.z,
      successes: a.convertingVisitors + b.convertingVisitors,
    },
    revenue: {
      comparison: { valueA: revenue.meanA, valueB: revenue.meanB, pValue: revenue.pValue },
      statistic: revenue.t,
      successes: a.convertingVisitors + b.convertingVisitors,
    },
  };
  const metrics = Object.fromEntries(
    METRICS.map((m) => [
      m,
      { comparison: comparisons[m].comparison, statistic: comparisons[m].statistic, words: comparisonWords(m, comparisons[m].comparison) },
    ]),
  ) as Record<Metric, MetricResult>;
  const decisive = comparisons[experiment.metric as Metric] ?? comparisons.ctr;
  const verdict = decideWinner(decisive.comparison, { visitorsA: a.visitors, visitorsB: b.visitors, successes: decisive.successes });
  return { arms: [a, b], metrics, verdict };
}

// A page load credits at most this many new orders; the rest follow on the next load.
const ORDERS_PER_LOAD = 20_000;

/** The A/B tests page: the running test of each page type with its results, and the tests before. */
export async function getExperimentsPage(shop: { id: string; domain: string; settings: string; moneyFormat: string }) {
  // New orders are credited first, so conversion and revenue are current.
  await refreshAttribution(shop, { maxOrders: ORDERS_PER_LOAD });
  const [running, past] = await Promise.all([listRunningExperiments(shop.id), listStoppedExperiments(shop.id, 10)]);
  const withResults = async <T extends { id: string; strategyA: string; strategyB: string; metric: string }>(e: T) => ({
    ...e,
    results: await experimentResults(shop.id, e),
  });
  const [runningResults, pastResults] = await Promise.all([Promise.all(running.map(withResults)), Promise.all(past.map(withResults))]);
  return {
    pageTypes: PAGE_TYPES.map((pageType) => ({ pageType, test: runningResults.find((e) => e.pageType === pageType) ?? null })),
    past: pastResults,
    moneyFormat: shop.moneyFormat,
    windowDays: readSettings(shop.settings).recommendations.attributionWindowDays,
    sampleRule: SAMPLE_RULE,
  };
}

const strategySchema = z.enum(STRATEGY_NAMES, { errorMap: () => ({ message: "Choose a strategy from the list" }) });

const newExperimentSchema = z.object({
  name: z.string().trim().min(1, "Give the test a name").max(80, "80 characters at most"),
  pageType: z.enum(PAGE_TYPES, { errorMap: () => ({ message: "Choose product pages, the cart page or the home page" }) }),
  metric: z.enum(METRICS, { errorMap: () => ({ message: "Choose click-through rate, conversion rate or revenue per visitor" }) }),
  strategyA: strategySchema,
  strategyB: strategySchema,
  splitB: z.coerce.number({ invalid_type_error: "Enter a percentage" }).int("Use a whole percentage").min(1, "At least 1%").max(99, "At most 99%"),
});

const busyMessage = (pageType: TestPageType, name: string) =>
  `“${name}” already runs on the ${PAGE_TYPE_LABELS[pageType].toLowerCase()}. Stop it first, or choose another page type.`;

/**
 * Starts a test on one page type. A page type runs one test at a time: a
 * second one is refused with a message on the page type, and the running
 * test goes on (stopping it is the merchant's own step, with its results in view).
 */
export async function startExperiment(shopId: string, form: Record<string, unknown>) {
  const parsed = newExperimentSchema.safeParse(form);
  const errors: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error.issues);
  // Checked on the raw form, so it shows alongside the other fields' messages.
  if (typeof form.strategyA === "string" && form.strategyA === form.strategyB && !errors.strategyB) errors.strategyB = "Choose a different strategy from A";
  if (!parsed.success || Object.keys(errors).length) return { ok: false as const, errors };
  const { pageType } = parsed.data;
  const busy = (await listRunningExperiments(shopId)).find((e) => e.pageType === pageType);
  if (busy) return { ok: false as const, errors: { pageType: busyMessage(pageType, busy.name) } };
  const created = await createExperiment(shopId, parsed.data);
  if (!created) {
    // Another request started one in between.
    const other = (await listRunningExperiments(shopId)).find((e) => e.pageType === pageType);
    return { ok: false as const, errors: { pageType: busyMessage(pageType, other?.name ?? "Another test") } };
  }
  return { ok: true as const, id: created.id };
}

/**
 * Stops a test. With `keepWinner`, only when the results name a winner on the
 * test's metric; the winning arm ("A" or "B") is recorded with the test and
 * its strategy becomes what "Automatic" blocks show on the test's page type
 * (settings: keptStrategies), other page types unchanged.
 */
export async function endExperiment(shopId: string, id: string, keepWinner: boolean) {
  const experiment = await getExperiment(shopId, id);
  if (!experiment) throw new RequestError(404, "This test does not exist.");
  if (experiment.status !== "running") throw new RequestError(409, "This test has already stopped.");
  let winner: Arm | null = null;
  if (keepWinner) {
    const { verdict } = await experimentResults(shopId, experiment);
    if (!verdict.winner) throw new RequestError(409, `There is no winner to keep yet. ${verdict.reason}`);
    winner = verdict.winner;
  }
  await stopExperiment(shopId, id, winner);
  const strategy = winner ? (winner === "A" ? experiment.strategyA : experiment.strategyB) : null;
  const pageType = experiment.pageType as TestPageType;
  // Applied, not only recorded: the blocks on the test's page type read it from the settings.
  if (strategy) await keepStrategy(shopId, pageType, strategy as KeptStrategy);
  return { winner, strategy, pageType };
}
