// New variants borrow from established products like them: by the live
// recommendation model's "similar" lists when it has one for the product, by
// the recommendations core's content similarity when not, and by vendor and
// product type when nothing is similar.
import { logger } from "../../lib/logger.server";
import { variantForecast } from "../../models/forecasts.server";
import { writeOrders } from "../../models/orders.server";
import { writeProducts } from "../../models/products.server";
import { createModelVersion, finishModelVersion } from "../../models/recommendations.server";
import type { ProductRecord } from "../../models/records";
import { createTestShop } from "../../../test/helpers/shops";
import { runForecasts } from "./run.server";
import { daysBack, numberedDailyOrders } from "../../../test/helpers/daily-orders";

// Shopify ids are global: this file's records keep to their own range.
const ID = 9_715_000_000_000;
const DAY = 86_400_000;
const NOW = new Date("2026-11-30T06:00:00Z");

const text = {
  mug: (colour: string) => ({
    title: `${colour} enamel camping mug`,
    tags: ["enamel", "camping"],
    descriptionHtml: "<p>Enamelled steel mug, 350 ml, for the trail.</p>",
  }),
  candle: (scent: string) => ({ title: `${scent} soy candle`, tags: ["candle", "home"], descriptionHtml: "<p>Hand-poured soy wax candle in a glass jar.</p>" }),
};

function product(n: number, t: { title: string; tags: string[]; descriptionHtml: string }, createdDaysAgo: number): ProductRecord {
  return {
    shopifyId: String(ID + n),
    title: t.title,
    handle: `p-${n}`,
    descriptionHtml: t.descriptionHtml,
    vendor: "Northwind",
    productType: "Outdoor",
    status: "ACTIVE",
    tags: t.tags,
    isGiftCard: false,
    tracksInventory: true,
    shopifyCreatedAt: new Date(NOW.getTime() - createdDaysAgo * DAY),
    shopifyUpdatedAt: new Date(NOW.getTime() - createdDaysAgo * DAY),
    variants: [
      {
        shopifyId: String(ID + n * 10),
        title: "Default Title",
        sku: `S-${n}`,
        price: "9.00",
        compareAtPrice: null,
        inventoryQuantity: 0,
        availableForSale: true,
        position: 1,
      },
    ],
    media: [],
  };
}

async function sell(shopId: string, n: number, days: number, units: (day: number) => number) {
  await writeOrders(shopId, numberedDailyOrders(ID, n, { now: NOW, days: daysBack(days), units, price: "9.00" }));
}

/** Mugs sell 8 a day, candles 1 a day, all from one vendor and product type; a red mug and a pine candle are new today. */
async function shop() {
  const s = await createTestShop();
  await writeProducts(s.id, [
    product(1, text.mug("Blue"), 300),
    product(2, text.mug("Green"), 300),
    product(3, text.candle("Lavender"), 300),
    product(4, text.candle("Cedar"), 300),
    product(5, text.candle("Vanilla"), 300),
    product(6, text.candle("Orange"), 300),
    product(7, text.mug("Red"), 0),
    product(8, { title: "Gift voucher", tags: [], descriptionHtml: "" }, 0),
  ]);
  // 8 a day on average for the mugs, 1 for the candles, never quite the same.
  await sell(s.id, 1, 200, (d) => [5, 8, 11][d % 3]);
  await sell(s.id, 2, 200, (d) => [11, 8, 5][d % 3]);
  for (const n of [3, 4, 5, 6]) await sell(s.id, n, 200, (d) => [0, 1, 2][(d + n) % 3]);
  return s;
}

const series = async (shopId: string, n: number) =>
  JSON.parse((await variantForecast(shopId, String(ID + n * 10)))!.series) as { mean: number[]; p10: number[]; p90: number[]; notes: string[] };
const weekRate = (s: { mean: number[] }) => s.mean.slice(0, 7).reduce((a, b) => a + b, 0) / 7;

describe("new variants borrow from similar products", () => {
  it("by content similarity when no recommendation model is live, by vendor and type when nothing is similar", async () => {
    const s = await shop();
    await runForecasts(s.id, logger, "manual", NOW);
    const red = await series(s.id, 7);
    expect(red.notes).toContain("borrowed_from_similar_products");
    // Like the mugs (8 a day), not the vendor's average (20 units over 6 products, about 3.3 a day).
    expect(weekRate(red)).toBeGreaterThan(7);
    expect(weekRate(red)).toBeLessThan(9);
    // With wider intervals than an established mug's.
    const blue = await series(s.id, 1);
    expect(red.p90[0] - red.p10[0]).toBeGreaterThan(blue.p90[0] - blue.p10[0]);

    const voucher = await series(s.id, 8);
    expect(voucher.notes).toContain("borrowed_from_vendor_and_type");
    expect(weekRate(voucher)).toBeGreaterThan(2.5);
    expect(weekRate(voucher)).toBeLessThan(4.5);
  });

  it("by the live recommendation model's similar list when it has one for the product", async () => {
    const s = await shop();
    // The model (say, from who bought what) finds the red mug most like the candles.
    const version = await createModelVersion(s.id, 1, "{}");
    await finishModelVersion(s.id, version.id, {
      lists: [
        {
          productShopifyId: String(ID + 7),
          kind: "similar",
          items: [
            [String(ID + 3), 0.9],
            [String(ID + 4), 0.8],
            [String(ID + 7), 1],
          ],
        },
      ],
      metrics: "{}",
      params: "{}",
      items: 8,
      interactions: 0,
      trainingSeconds: 0,
      promote: true,
      reason: "test",
    });
    await runForecasts(s.id, logger, "manual", NOW);
    const red = await series(s.id, 7);
    expect(red.notes).toContain("borrowed_from_similar_products");
    expect(weekRate(red)).toBeGreaterThan(0.7);
    expect(weekRate(red)).toBeLessThan(1.3);
  });
});
