// Words and limits the recommendations admin shares between its services and
// its pages. Not a .server module: the browser bundle needs them too.

import type { Strategy } from "./serve";

/** The storefront block's strategies (docs/storefront-api.md), in the merchant's words. */
export const STRATEGY_LABELS: Record<Strategy, string> = {
  auto: "Automatic (best for the page)",
  bought_together: "Frequently bought together",
  similar: "Similar products",
  personal: "Picked for the shopper",
  trending: "Trending",
};
export type StrategyName = Strategy;
export const STRATEGY_NAMES = Object.keys(STRATEGY_LABELS) as [Strategy, ...Strategy[]];
export const strategyLabel = (s: string) => STRATEGY_LABELS[s as Strategy] ?? s;

/** The offline metrics the admin shows, in the order it shows them. */
export const METRIC_COLUMNS = [
  { key: "recall@10", label: "Recall@10" },
  { key: "recall@20", label: "Recall@20" },
  { key: "ndcg@20", label: "NDCG@20" },
  { key: "hr@10", label: "HR@10" },
  { key: "coverage", label: "Coverage" },
] as const;
export type MetricKey = (typeof METRIC_COLUMNS)[number]["key"];

/** The page types an A/B test can run on, in the merchant's words. */
export const PAGE_TYPE_LABELS = { product: "Product pages", cart: "Cart page", home: "Home page" } as const;
export type TestPageType = keyof typeof PAGE_TYPE_LABELS;
export const PAGE_TYPES = Object.keys(PAGE_TYPE_LABELS) as [TestPageType, ...TestPageType[]];

/** The metrics an A/B test can be decided on, in the merchant's words (keys as in experiments/stats.ts). */
export const TEST_METRIC_LABELS = { ctr: "Click-through rate", conversion: "Conversion rate", revenue: "Revenue per visitor" } as const;

/** Pins go to positions 1-12: a recommendations block shows at most 12 products. */
export const MAX_PIN_POSITION = 12;

export const PAIR_STATUSES = ["suggested", "approved", "published", "rejected"] as const;
export type PairStatus = (typeof PAIR_STATUSES)[number];
