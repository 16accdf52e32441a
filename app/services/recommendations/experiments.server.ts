import { z } from "zod";
import { ordersOfCustomersSince } from "../../models/orders.server";
import { createExperiment, getExperiment, getRunningExperiment, listExperiments, stopExperiment } from "../../models/recommendations.server";
import { keepStrategy } from "../settings.server";
import { experimentEngagements, experimentEventCounts } from "../../models/storefront-events.server";
import { fieldErrors, RequestError } from "../../lib/errors.server";
import { ATTRIBUTION_WINDOW_DAYS, STRATEGY_NAMES } from "./labels";
import { decideWinner, twoProportionTest, type ProportionTest, type Verdict } from "./experiments/stats";

const strategySchema = z.enum(STRATEGY_NAMES);
const DAY_MS = 86_400_000;

/** Below this many impressions in either arm, no winner is declared. */
export const MIN_IMPRESSIONS = 200;

export type Arm = "A" | "B";

export interface Engagement {
  arm: string | null;
  customerShopifyId: string | null;
  productShopifyId: string;
  occurredAt: Date;
}

export interface CustomerOrder {
  shopifyId: string;
  processedAt: Date;
  customerShopifyId: string;
  productShopifyIds: string[];
}

/**
 * Which arm each order is credited to: an order by a logged-in customer that
 * contains a product they clicked or added to the cart from a recommendation
 * within `windowMs` before the order. When engagements from both arms
 * qualify (one customer on two devices), the latest one before the order
 * takes the credit, so an order counts once. Pure.
 */
export function attributeOrders(engagements: Engagement[], orders: CustomerOrder[], windowMs = ATTRIBUTION_WINDOW_DAYS * DAY_MS): Map<string, Arm> {
  const byCustomerProduct = new Map<string, { arm: Arm; at: number }[]>();
  for (const e of engagements) {
    if (!e.customerShopifyId || (e.arm !== "A" && e.arm !== "B")) continue;
    const key = `${e.customerShopifyId}\u0000${e.productShopifyId}`;
    const list = byCustomerProduct.get(key) ?? [];
    list.push({ arm: e.arm, at: e.occurredAt.getTime() });
    byCustomerProduct.set(key, list);
  }
  const credited = new Map<string, Arm>();
  for (const order of orders) {
    const placed = order.processedAt.getTime();
    let best: { arm: Arm; at: number } | null = null;
    for (const product of new Set(order.productShopifyIds)) {
      for (const touch of byCustomerProduct.get(`${order.customerShopifyId}\u0000${product}`) ?? []) {
        if (touch.at <= placed && placed - touch.at <= windowMs && (!best || touch.at > best.at)) best = touch;
      }
    }
    if (best) credited.set(order.shopifyId, best.arm);
  }
  return credited;
}

export interface ArmResult {
  arm: Arm;
  strategy: string;
  impressions: number;
  clicks: number;
  addToCarts: number;
  /** Clicks per impression. */
  ctr: number;
  attributedOrders: number;
}

export interface ExperimentResults {
  arms: [ArmResult, ArmResult];
  test: ProportionTest;
  verdict: Verdict;
}

/** Impressions, clicks, add-to-carts, attributed orders and the CTR test for one experiment. */
export async function experimentResults(
  shopId: string,
  experiment: { id: string; strategyA: string; strategyB: string; startedAt: Date },
): Promise<ExperimentResults> {
  const [counts, engagements] = await Promise.all([experimentEventCounts(shopId, experiment.id), experimentEngagements(shopId, experiment.id)]);
  const customers = [...new Set(engagements.map((e) => e.customerShopifyId).filter((c): c is string => Boolean(c)))];
  const orders = await ordersOfCustomersSince(shopId, customers, experiment.startedAt);
  const credited = attributeOrders(
    engagements,
    orders.flatMap((o) =>
      o.customer
        ? [
            {
              shopifyId: o.shopifyId,
              processedAt: o.processedAt,
              customerShopifyId: o.customer.shopifyId,
              productShopifyIds: o.lines.flatMap((l) => (l.productShopifyId ? [l.productShopifyId] : [])),
            },
          ]
        : [],
    ),
  );
  const count = (arm: Arm, type: string) => counts.find((c) => c.arm === arm && c.type === type)?.count ?? 0;
  const arm = (name: Arm): ArmResult => {
    const impressions = count(name, "impression");
    const clicks = count(name, "click");
    return {
      arm: name,
      strategy: name === "A" ? experiment.strategyA : experiment.strategyB,
      impressions,
      clicks,
      addToCarts: count(name, "add_to_cart"),
      ctr: impressions ? clicks / impressions : 0,
      attributedOrders: [...credited.values()].filter((a) => a === name).length,
    };
  };
  const a = arm("A");
  const b = arm("B");
  const test = twoProportionTest(a.clicks, a.impressions, b.clicks, b.impressions);
  return { arms: [a, b], test, verdict: decideWinner(test, a.impressions, b.impressions, { minTrials: MIN_IMPRESSIONS }) };
}

/** The A/B tests page: the running test with its results, and the ones before it. */
export async function getExperimentsPage(shopId: string) {
  const [running, all] = await Promise.all([getRunningExperiment(shopId), listExperiments(shopId, 10)]);
  const past = all.filter((e) => e.status !== "running");
  const [runningResults, ...pastResults] = await Promise.all([
    running ? experimentResults(shopId, running) : Promise.resolve(null),
    ...past.map((e) => experimentResults(shopId, e)),
  ]);
  return {
    running: running && runningResults ? { ...running, results: runningResults } : null,
    past: past.map((e, i) => ({ ...e, results: pastResults[i] })),
  };
}

export const newExperimentSchema = z
  .object({
    name: z.string().trim().min(1, "Give the test a name").max(80, "80 characters at most"),
    strategyA: strategySchema,
    strategyB: strategySchema,
    splitB: z.coerce.number({ invalid_type_error: "Enter a percentage" }).int("Use a whole percentage").min(1, "At least 1%").max(99, "At most 99%"),
  })
  .refine((v) => v.strategyA !== v.strategyB, { path: ["strategyB"], message: "Choose a different strategy from A" });

/** Starts a test; the running one, if any, stops (one test at a time). */
export async function startExperiment(shopId: string, form: Record<string, unknown>) {
  const parsed = newExperimentSchema.safeParse(form);
  if (!parsed.success) {
    return { ok: false as const, errors: fieldErrors(parsed.error.issues) };
  }
  const created = await createExperiment(shopId, parsed.data);
  return { ok: true as const, id: created.id };
}

/**
 * Stops a test. With `keepWinner`, only when the results name a winner, and
 * the winning arm ("A" or "B") is recorded with the test and its strategy
 * becomes what "Automatic" blocks show (settings: keptStrategy).
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
  // Applied, not only recorded: the blocks the test ran in read it from the settings.
  if (strategy) await keepStrategy(shopId, strategy as Parameters<typeof keepStrategy>[1]);
  return { winner, strategy };
}
