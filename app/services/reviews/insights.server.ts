import { analysedReviewsSince } from "../../models/reviews.server";
import { productSummaries } from "../../models/products.server";
import { productSentimentTrends } from "./demotion.server";
import { insightsOf } from "./insights";

/** Products whose recent reviews are turning negative, with why, worst first. */
export async function worseningProducts(shopId: string) {
  const trends = await productSentimentTrends(shopId);
  const worsening = [...trends.entries()].filter(([, t]) => t.worsening).sort((a, b) => a[1].recentMean - b[1].recentMean);
  const titles = new Map(
    (
      await productSummaries(
        shopId,
        worsening.map(([id]) => id),
      )
    ).map((p) => [p.shopifyId, p.title]),
  );
  return worsening.map(([productId, t]) => ({
    productId,
    title: titles.get(productId) ?? `Product ${productId}`,
    reason: t.reason!,
    recentMean: t.recentMean,
    earlierMean: t.earlierMean,
  }));
}

/** The insights page: sentiment over time (shop and one product), top aspects with quotes, worsening products. */
export async function reviewInsights(shopId: string, productShopifyId: string | null, now = new Date()) {
  const since = new Date(now.getTime() - 365 * 86_400_000);
  const rows = await analysedReviewsSince(shopId, since);
  const products = await productSummaries(shopId, [...new Set(rows.map((r) => r.productShopifyId))]);
  return {
    ...insightsOf(rows, productShopifyId, now),
    products: products.map((p) => ({ id: p.shopifyId, title: p.title })).sort((a, b) => a.title.localeCompare(b.title)),
    worsening: await worseningProducts(shopId),
  };
}
