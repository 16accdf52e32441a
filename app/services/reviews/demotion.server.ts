import { analysedReviewsSince } from "../../models/reviews.server";
import { shopSettingsJson } from "../../models/shops.server";
import { readSettings } from "../settings.server";
import { demoteWorsening, RECENT_DAYS, sentimentTrends, type SentimentTrend } from "./sentiment-trend";

// Recommendation blocks are a hot path: each shop's trends are computed at most once a minute.
const TTL_MS = 60_000;
const cache = new Map<string, { at: number; enabled: boolean; trends: Map<string, SentimentTrend> }>();

export async function productSentimentTrends(shopId: string, now = new Date()) {
  const rows = await analysedReviewsSince(shopId, new Date(now.getTime() - (RECENT_DAYS + 120) * 86_400_000));
  return sentimentTrends(
    rows.map((r) => ({ productShopifyId: r.productShopifyId, score: r.sentimentScore ?? 0, sentiment: r.sentiment ?? "neutral", createdAt: r.createdAt })),
    now,
  );
}

/**
 * The shop's setting "demote products whose recent reviews turn negative":
 * when on, such products move to the end of a recommendation list.
 */
export async function applySentimentDemotion<T extends { productId: string }>(
  shopId: string,
  items: T[],
): Promise<{ items: T[]; demoted: Map<string, string> }> {
  let entry = cache.get(shopId);
  if (!entry || Date.now() - entry.at > TTL_MS) {
    const enabled = readSettings(await shopSettingsJson(shopId)).reviews.demoteNegativeProducts;
    entry = { at: Date.now(), enabled, trends: enabled ? await productSentimentTrends(shopId) : new Map() };
    if (cache.size > 10_000) cache.clear();
    cache.set(shopId, entry);
  }
  if (!entry.enabled) return { items, demoted: new Map() };
  // Why each moved product moved, for the admin's preview.
  const demoted = new Map<string, string>();
  for (const item of items) {
    const reason = entry.trends.get(item.productId)?.reason;
    if (reason) demoted.set(item.productId, reason);
  }
  return { items: demoteWorsening(items, entry.trends), demoted };
}

/** Forgets cached trends (a setting changed, tests). */
export function forgetSentimentDemotion(shopId?: string) {
  if (shopId) cache.delete(shopId);
  else cache.clear();
}
