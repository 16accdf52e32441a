import prisma from "../../db.server";
import { logger } from "../../lib/logger.server";
import { createTestShop } from "../../../test/helpers/shops";
import { seedSmallStore } from "../../../test/helpers/catalog";
import { forgetServingState } from "../recommendations/serving-state.server";
import { previewRecommendations, recommendForStorefront } from "../recommendations/serving.server";
import { trainRecommendations } from "../recommendations/training.server";
import { forgetSentimentDemotion } from "./demotion.server";
import { demoteWorsening, sentimentTrends } from "./sentiment-trend";

const now = new Date("2026-06-01T00:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const r = (product: string, score: number, d: number) => ({
  productShopifyId: product,
  score,
  sentiment: score > 0.2 ? "positive" : score < -0.2 ? "negative" : "neutral",
  createdAt: daysAgo(d),
});

describe("sentimentTrends", () => {
  it("flags a product whose recent reviews turned negative, and says why", () => {
    const trends = sentimentTrends(
      [r("A", 0.8, 60), r("A", 0.7, 50), r("A", -0.6, 5), r("A", -0.8, 3), r("A", 0.1, 1), r("B", 0.9, 2), r("B", 0.8, 3), r("B", -0.5, 4)],
      now,
    );
    expect(trends.get("A")).toMatchObject({ worsening: true, recentCount: 3 });
    expect(trends.get("A")!.reason).toMatch(/67% of the last 3 reviews are negative/);
    expect(trends.get("B")!.worsening).toBe(false);
  });

  it("needs a few recent reviews before calling a trend", () => {
    expect(sentimentTrends([r("A", -0.9, 1), r("A", -0.9, 2)], now).get("A")!.worsening).toBe(false);
  });

  it("ignores reviews older than the window", () => {
    expect(sentimentTrends([r("A", -0.9, 400)], now).size).toBe(0);
  });
});

describe("demoteWorsening", () => {
  it("moves worsening products last and keeps every other item's order", () => {
    const trends = sentimentTrends([r("B", -0.9, 1), r("B", -0.9, 2), r("B", -0.9, 3)], now);
    const items = ["A", "B", "C", "D"].map((productId) => ({ productId }));
    expect(demoteWorsening(items, trends).map((i) => i.productId)).toEqual(["A", "C", "D", "B"]);
    expect(demoteWorsening(items, new Map())).toBe(items);
  });
});

describe("recommendations with the demotion setting", () => {
  it("moves a product with negative recent reviews to the end, only when the setting is on", async () => {
    const shop = await createTestShop();
    await seedSmallStore(shop.id);
    expect((await trainRecommendations(shop.id, logger)).promoted).toBe(true);
    const query = { context: "home", strategy: "auto", limit: 6 } as Parameters<typeof recommendForStorefront>[1];
    const before = (await recommendForStorefront(shop.id, query, null)).items.map((i) => i.productId);
    const victim = before[0];
    await prisma.review.createMany({
      data: [1, 2, 3].map((k) => ({
        shopId: shop.id,
        productShopifyId: victim,
        rating: 1,
        body: `Broke at once ${k}`,
        status: "published",
        sentiment: "negative",
        sentimentScore: -0.8,
        analysedAt: new Date(),
        contentHash: `demote-${k}`,
      })),
    });
    forgetServingState();
    forgetSentimentDemotion();
    expect((await recommendForStorefront(shop.id, query, null)).items.map((i) => i.productId)).toEqual(before);
    await prisma.shop.update({ where: { id: shop.id }, data: { settings: JSON.stringify({ reviews: { demoteNegativeProducts: true } }) } });
    forgetServingState();
    forgetSentimentDemotion();
    const after = (await recommendForStorefront(shop.id, query, null)).items.map((i) => i.productId);
    expect(after).toEqual([...before.slice(1), victim]);
    // The preview says which product moved, and why.
    const preview = await previewRecommendations(shop.id, { context: "home", limit: 6 });
    expect(preview.items.map((i) => [i.productId, i.demotedBecause])).toEqual(
      after.map((id) => [id, id === victim ? "100% of the last 3 reviews are negative" : null]),
    );
  });
});
