// Pure: which products' recent reviews are turning negative, and how a
// recommendation list makes room for the others.

export interface DatedSentiment {
  productShopifyId: string;
  /** -1 (negative) .. 1 (positive). */
  score: number;
  sentiment: string;
  createdAt: Date;
}

export interface SentimentTrend {
  recentCount: number;
  recentMean: number;
  earlierMean: number | null;
  recentNegativeShare: number;
  /** Demoted in recommendation blocks, and why (for the admin). */
  worsening: boolean;
  reason: string | null;
}

export const RECENT_DAYS = 30;
const EARLIER_DAYS = 120;
// Too few recent reviews say nothing about a trend.
const MIN_RECENT = 3;

/** Per product: recent (last 30 days) sentiment against the 120 days before. */
export function sentimentTrends(reviews: DatedSentiment[], now = new Date()): Map<string, SentimentTrend> {
  const recentFrom = now.getTime() - RECENT_DAYS * 86_400_000;
  const earlierFrom = recentFrom - EARLIER_DAYS * 86_400_000;
  const by = new Map<string, { recent: DatedSentiment[]; earlier: DatedSentiment[] }>();
  for (const r of reviews) {
    const t = r.createdAt.getTime();
    if (t < earlierFrom) continue;
    const entry = by.get(r.productShopifyId) ?? { recent: [], earlier: [] };
    by.set(r.productShopifyId, entry);
    (t >= recentFrom ? entry.recent : entry.earlier).push(r);
  }
  const mean = (xs: DatedSentiment[]) => xs.reduce((s, x) => s + x.score, 0) / xs.length;
  const out = new Map<string, SentimentTrend>();
  for (const [product, { recent, earlier }] of by) {
    if (!recent.length) continue;
    const recentMean = mean(recent);
    const earlierMean = earlier.length ? mean(earlier) : null;
    const negativeShare = recent.filter((r) => r.sentiment === "negative").length / recent.length;
    let reason: string | null = null;
    if (recent.length >= MIN_RECENT) {
      if (negativeShare >= 0.5) reason = `${Math.round(negativeShare * 100)}% of the last ${recent.length} reviews are negative`;
      else if (earlierMean !== null && recentMean < 0 && earlierMean - recentMean >= 0.4)
        reason = `recent reviews turned negative (${earlierMean.toFixed(2)} → ${recentMean.toFixed(2)})`;
    }
    out.set(product, { recentCount: recent.length, recentMean, earlierMean, recentNegativeShare: negativeShare, worsening: reason !== null, reason });
  }
  return out;
}

/** Moves products whose sentiment is worsening to the end of a list, keeping every other item's order. */
export function demoteWorsening<T extends { productId: string }>(items: T[], trends: Map<string, SentimentTrend>): T[] {
  const kept = items.filter((i) => !trends.get(i.productId)?.worsening);
  if (kept.length === items.length) return items;
  return [...kept, ...items.filter((i) => trends.get(i.productId)?.worsening)];
}
