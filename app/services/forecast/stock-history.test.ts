// The stock history through the real path: inventory levels arrive as signed
// webhooks (as Shopify sends them, also when an order takes stock), each
// becomes the item's closing stock for its day, and the forecast run reads
// the days without stock as unknown demand rather than days of no demand.
import { randomUUID } from "node:crypto";
import prisma from "../../db.server";
import { logger } from "../../lib/logger.server";
import { variantForecast } from "../../models/forecasts.server";
import { writeInventoryItem } from "../../models/inventory-items.server";
import { writeLocations } from "../../models/locations.server";
import { writeOrders } from "../../models/orders.server";
import { writeProducts } from "../../models/products.server";
import { epochDay, pruneStockDays, stockDaysSince } from "../../models/stock-history.server";
import { closeQueues } from "../../queues/connection.server";
import { createTestShop } from "../../../test/helpers/shops";
import { signedWebhookRequest } from "../../../test/helpers/webhooks";
import { applyWebhookDelivery } from "../webhooks/apply.server";
import { receiveWebhook } from "../webhooks/receive.server";
import { runForecasts } from "./run.server";
import { dailyOrders, daysBack } from "../../../test/helpers/daily-orders";

// Shopify ids are global: this file's records keep to their own range.
const ID = 9_714_000_000_000;
const DAY = 86_400_000;
const NOW = new Date("2026-11-30T06:00:00Z");
const LOCATION = ID + 1;
const CLOSED_LOCATION = ID + 2;

afterAll(async () => {
  await closeQueues();
});

async function deliverLevel(domain: string, itemId: string, location: number, available: number, at: Date) {
  const webhookId = randomUUID();
  const payload = { inventory_item_id: Number(itemId), location_id: location, available, updated_at: at.toISOString() };
  const res = await receiveWebhook(
    signedWebhookRequest("http://127.0.0.1/webhooks/inventory", { topic: "inventory_levels/update", shop: domain, payload, webhookId }),
    "inventory_levels/update",
  );
  expect(res.status).toBe(200);
  const row = await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });
  await applyWebhookDelivery(row.id);
  return (await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } })).outcome;
}

/** A shop selling `perDay` units a day of one variant for 150 days, except the last `outDays` (nothing sold). */
async function shopSelling(n: number, perDay: number, outDays: number) {
  const shop = await createTestShop();
  const productId = String(ID + n * 100);
  const variantId = String(ID + n * 100 + 1);
  const itemId = String(ID + n * 100 + 2);
  await writeProducts(shop.id, [
    {
      shopifyId: productId,
      title: "Enamel mug",
      handle: `enamel-mug-${n}`,
      descriptionHtml: "",
      vendor: "Acme",
      productType: "Mugs",
      status: "ACTIVE",
      tags: [],
      isGiftCard: false,
      tracksInventory: true,
      shopifyCreatedAt: null,
      shopifyUpdatedAt: new Date("2026-01-01T00:00:00Z"),
      variants: [
        {
          shopifyId: variantId,
          title: "Default Title",
          sku: `MUG-${n}`,
          price: "12.00",
          compareAtPrice: null,
          inventoryQuantity: 0,
          availableForSale: true,
          position: 1,
        },
      ],
      media: [],
    },
  ]);
  await writeOrders(
    shop.id,
    dailyOrders({
      now: NOW,
      days: daysBack(150, outDays + 1),
      units: () => perDay,
      productId,
      variantId,
      price: "12.00",
      orderId: (d) => String(ID + n * 100_000 + d),
      lineId: (d) => String(ID + n * 100_000 + 50_000 + d),
    }),
  );
  await writeLocations(shop.id, [
    { shopifyId: String(LOCATION), name: "Warehouse", isActive: true },
    { shopifyId: String(CLOSED_LOCATION), name: "Old shop (closed)", isActive: false },
  ]);
  // The item as the inventory sync writes it.
  await writeInventoryItem(shop.id, { shopifyId: itemId, variantShopifyId: variantId, sku: `MUG-${n}`, tracked: true, unitCost: "4.00", updatedAt: null });
  return { shop, variantId, itemId };
}

describe("stock history", () => {
  it("reads days without stock as unknown demand, so a stock-out does not drag the forecast down", async () => {
    const out = 35;
    // The same sales in two shops: 6 a day, then nothing for the last 35 days.
    const known = await shopSelling(1, 6, out);
    const blind = await shopSelling(2, 6, out);
    // In the first, the levels tell why: the last units went 36 days ago, and a delivery came in this morning.
    const soldOut = new Date(NOW.getTime() - out * DAY - 2 * 3600_000);
    expect(await deliverLevel(known.shop.domain, known.itemId, LOCATION, 40, new Date(soldOut.getTime() - 30 * DAY))).toBe(
      `available 40 at location ${LOCATION}`,
    );
    expect(await deliverLevel(known.shop.domain, known.itemId, LOCATION, 0, soldOut)).toBe(`available 0 at location ${LOCATION}`);
    // Units left at the closed shop are not sellable: they do not end the stock-out.
    expect(await deliverLevel(known.shop.domain, known.itemId, CLOSED_LOCATION, 25, new Date(soldOut.getTime() + 5 * DAY))).toMatch(/deactivated: not counted/);
    await deliverLevel(known.shop.domain, known.itemId, LOCATION, 200, new Date(NOW.getTime() - 3600_000));
    // In the second, only this morning's level is known.
    await deliverLevel(blind.shop.domain, blind.itemId, LOCATION, 200, new Date(NOW.getTime() - 3600_000));

    const [closings] = await stockDaysSince(known.shop.id, epochDay(NOW) - 365);
    expect(closings.closings).toEqual([
      { day: epochDay(soldOut) - 30, available: 40 },
      { day: epochDay(soldOut), available: 0 },
      { day: epochDay(soldOut) + 5, available: 0 },
      { day: epochDay(NOW), available: 200 },
    ]);

    await runForecasts(known.shop.id, logger, "manual", NOW);
    await runForecasts(blind.shop.id, logger, "manual", NOW);
    const withHistory = JSON.parse((await variantForecast(known.shop.id, known.variantId))!.series);
    const without = JSON.parse((await variantForecast(blind.shop.id, blind.variantId))!.series);
    const week = (s: { mean: number[] }) => s.mean.slice(0, 7).reduce((a, b) => a + b, 0) / 7;
    expect(withHistory.notes).toContain("stock_out_days");
    expect(without.notes).not.toContain("stock_out_days");
    // Demand was 6 a day whenever it could be bought.
    expect(week(withHistory)).toBeGreaterThan(5);
    expect(week(withHistory)).toBeLessThan(7);
    // Read as five weeks of no demand, the same sales forecast far less.
    expect(week(without)).toBeLessThan(0.6 * week(withHistory));
  });

  it("keeps nothing for an unknown item and prunes old days but the one later days carry on from", async () => {
    const { shop, itemId } = await shopSelling(3, 1, 0);
    expect(await deliverLevel(shop.domain, String(ID + 999), LOCATION, 7, NOW)).toMatch(/^ignored: unknown inventory item/);
    expect(await prisma.stockDay.count({ where: { shopId: shop.id } })).toBe(0);

    for (const [daysAgo, available] of [
      [500, 10],
      [450, 0],
      [420, 3],
      [10, 8],
    ])
      await deliverLevel(shop.domain, itemId, LOCATION, available, new Date(NOW.getTime() - daysAgo * DAY));
    expect(await pruneStockDays(shop.id, epochDay(NOW) - 365)).toBe(2);
    const [v] = await stockDaysSince(shop.id, epochDay(NOW) - 365);
    expect(v.closings).toEqual([
      { day: epochDay(NOW) - 420, available: 3 },
      { day: epochDay(NOW) - 10, available: 8 },
    ]);
  });
});
