import { createTestShop } from "../../../test/helpers/shops";
import { atRiskVariants, deadStockVariants, latestForecastRun, updateForecastRun, variantForecast, variantsToOrder } from "../../models/forecasts.server";
import { writeInventoryItem, writeInventoryLevel } from "../../models/inventory-items.server";
import { writeLocations } from "../../models/locations.server";
import { writeOrders } from "../../models/orders.server";
import { writeProducts } from "../../models/products.server";
import { createOrderedPurchaseOrder } from "../../models/purchase-orders.server";
import { logger } from "../../lib/logger.server";
import type { ProductRecord } from "../../models/records";
import { runForecasts } from "./run.server";
import { daysBack, numberedDailyOrders } from "../../../test/helpers/daily-orders";

// The run's progress writes, recorded (and still made).
vi.mock("../../models/forecasts.server", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../models/forecasts.server")>();
  return { ...original, updateForecastRun: vi.fn(original.updateForecastRun) };
});

// Shopify ids are global: this file's records keep to their own range.
const ID = 9_713_000_000_000;
const NOW = new Date("2026-11-30T06:00:00Z");

function product(n: number, vendor: string, price: string, tracksInventory = true): ProductRecord {
  const id = String(ID + n);
  return {
    shopifyId: id,
    title: `Product ${n}`,
    handle: `product-${n}`,
    descriptionHtml: "",
    vendor,
    productType: "Mugs",
    status: "ACTIVE",
    tags: [],
    isGiftCard: false,
    tracksInventory,
    shopifyCreatedAt: null,
    shopifyUpdatedAt: new Date("2026-01-01T00:00:00Z"),
    variants: [
      {
        shopifyId: String(ID + n * 10),
        title: "Default Title",
        sku: `SKU-${n}`,
        price,
        compareAtPrice: null,
        inventoryQuantity: 0,
        availableForSale: true,
        position: 1,
      },
    ],
    media: [],
  };
}

/** One order a day for `days` days before NOW, each buying `units(day)` of the variant. */
async function sell(shopId: string, n: number, days: number, units: (day: number) => number) {
  await writeOrders(shopId, numberedDailyOrders(ID, n, { now: NOW, days: daysBack(days), units, price: "1.00" }));
}

async function stock(shopId: string, n: number, available: number, cost: string | null, tracked = true) {
  const item = String(ID + 900_000 + n);
  await writeInventoryItem(shopId, { shopifyId: item, variantShopifyId: String(ID + n * 10), sku: `SKU-${n}`, tracked, unitCost: cost, updatedAt: null });
  await writeInventoryLevel(shopId, { itemShopifyId: item, locationShopifyId: "1", available, updatedAt: null });
}

describe("forecasting a shop", () => {
  it("finds what runs out first, what does not move, and what to order from whom", async () => {
    const shop = await createTestShop();
    await writeProducts(shop.id, [
      product(1, "Acme", "20.00"),
      product(2, "Acme", "5.00"),
      product(3, "Brill", "8.00"),
      product(4, "Brill", "3.00", false),
      product(5, "Cole", "9.00"),
    ]);
    await writeLocations(shop.id, [{ shopifyId: "1", name: "Warehouse", isActive: true }]);
    await sell(shop.id, 1, 200, () => 10); // 10 a day, 20.00 each, 15 in stock: runs out tomorrow
    await sell(shop.id, 2, 200, () => 10); // 10 a day, 5.00 each, 12 in stock
    await sell(shop.id, 3, 200, (d) => (d % 7 === 0 ? 3 : 0)); // slow, plenty of stock
    await sell(shop.id, 4, 200, () => 2); // not tracked
    // Product 5 last sold 150 days ago: dead stock.
    await sell(shop.id, 5, 200, (d) => (d > 150 && d % 5 === 0 ? 1 : 0));
    await stock(shop.id, 1, 15, "8.00");
    await stock(shop.id, 2, 12, null);
    await stock(shop.id, 3, 400, "2.00");
    await stock(shop.id, 4, 0, "1.00", false);
    await stock(shop.id, 5, 40, "4.00");

    const result = await runForecasts(shop.id, logger, "manual", NOW);
    expect(result.variants).toBe(5);
    // Long work shows progress: the run's share done was written while it ran, phase by phase.
    const written = vi.mocked(updateForecastRun).mock.calls.flatMap(([, , data]) => (data.status === undefined && data.done !== undefined ? [data.done] : []));
    expect(written.slice(0, 2)).toEqual([1, 2]);
    expect(written.at(-1)).toBe(5);
    expect(written).toEqual([...written].sort((a, b) => a - b));

    const atRisk = await atRiskVariants(shop.id);
    expect(atRisk.map((v) => v.variantShopifyId)).toEqual([String(ID + 10), String(ID + 20)]);
    expect(atRisk[0].revenueAtRisk).toBeGreaterThan(atRisk[1].revenueAtRisk);
    const first = await variantForecast(shop.id, String(ID + 10));
    const series = JSON.parse(first!.series);
    expect(series.mean).toHaveLength(56);
    expect(series.mean[0]).toBeCloseTo(10, 0);
    expect(series.history).toHaveLength(56);
    expect(JSON.parse((await variantForecast(shop.id, String(ID + 20)))!.plan).warnings).toContain("missing_cost");
    expect((await variantForecast(shop.id, String(ID + 40)))!.state).toBe("not_tracked");
    expect((await deadStockVariants(shop.id)).map((v) => v.variantShopifyId)).toEqual([String(ID + 50)]);

    const toOrder = await variantsToOrder(shop.id);
    expect(toOrder.map((v) => v.vendor)).toEqual(["Acme", "Acme"]);
    // 14-day default lead time + 7-day review at 10 a day: at least 210 minus what is on hand.
    expect(toOrder[0].suggestedQuantity).toBeGreaterThanOrEqual(210 - 15);
    expect(await latestForecastRun(shop.id)).toMatchObject({ status: "succeeded", done: 5, variants: 5 });

    // Marked as ordered, the quantity counts as incoming: nothing more to order.
    await createOrderedPurchaseOrder(shop.id, "Acme", [
      { variantShopifyId: String(ID + 10), sku: "SKU-1", title: "Product 1", quantity: 400, unitCost: "8.00" },
    ]);
    await runForecasts(shop.id, logger, "manual", NOW);
    expect((await variantsToOrder(shop.id)).map((v) => v.variantShopifyId)).toEqual([String(ID + 20)]);
  });
});
