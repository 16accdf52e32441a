import prisma from "../../app/db.server";
import { purchaseHistoryOf } from "../../app/models/catalog.server";
import { writeOrders } from "../../app/models/orders.server";
import { insertStorefrontEvents, recentViewsOf } from "../../app/models/storefront-events.server";
import { createTestShop } from "../helpers/shops";

// What personal picks read per storefront request: a customer's purchases and
// a visitor's latest behaviour, as plain SQL on both databases.

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);

function order(key: string, customer: string | null, at: Date, products: (string | null)[], cancelledAt: Date | null = null) {
  return {
    shopifyId: key,
    name: `#${key}`,
    customerShopifyId: customer,
    totalPrice: "10.00",
    currencyCode: "USD",
    financialStatus: "PAID",
    cancelledAt,
    processedAt: at,
    shopifyUpdatedAt: at,
    lines: products.map((p, n) => ({
      shopifyId: `${key}-${n}`,
      productShopifyId: p,
      variantShopifyId: p ? `${p}0` : null,
      sku: null,
      title: "",
      quantity: 1,
      price: "5.00",
    })),
  };
}

describe("purchaseHistoryOf", () => {
  it("lists each product once with its latest purchase, newest first, leaving out cancelled orders and other shops", async () => {
    const shop = await createTestShop();
    const other = await createTestShop();
    await writeOrders(shop.id, [
      order("1", "77", day(1), ["10", "11"]),
      order("2", "77", day(5), ["10", null]),
      order("3", "77", day(9), ["12"], day(10)),
      order("4", "78", day(12), ["13"]),
      order("5", null, day(13), ["14"]),
    ]);
    await writeOrders(other.id, [order("1", "77", day(20), ["99"])]);

    const history = await purchaseHistoryOf(shop.id, "77");
    expect(history).toEqual([
      { productId: "10", at: day(5).getTime() },
      { productId: "11", at: day(1).getTime() },
    ]);
    expect(await purchaseHistoryOf(shop.id, "404")).toEqual([]);
    expect(await purchaseHistoryOf(shop.id, "77", 1)).toEqual([{ productId: "10", at: day(5).getTime() }]);
  });

  it("reads only the customer's latest 500 orders, however much they bought", async () => {
    const shop = await createTestShop();
    // 600 orders: the oldest 100 hold products nothing later holds.
    const orders = Array.from({ length: 600 }, (_, n) => order(`o${n}`, "5", new Date(day(0).getTime() + n * 60_000), [n < 100 ? `old${n}` : `p${n % 7}`]));
    await writeOrders(shop.id, orders);
    const history = await purchaseHistoryOf(shop.id, "5");
    expect(history.map((h) => h.productId).sort()).toEqual(["p0", "p1", "p2", "p3", "p4", "p5", "p6"]);
    expect(history[0]).toEqual({ productId: "p4", at: new Date(day(0).getTime() + 599 * 60_000).getTime() });
  });
});

describe("recentViewsOf", () => {
  const event = (visitorId: string, customer: string | null, type: string, product: string, at: Date, key = `${type}:${product}:${at.getTime()}`) => ({
    visitorId,
    customerShopifyId: customer,
    type,
    productShopifyId: product,
    variantShopifyId: null,
    requestId: null,
    position: null,
    experimentId: null,
    arm: null,
    dedupeKey: key,
    occurredAt: at,
  });

  it("joins the visitor's and the signed-in customer's behaviour, newest first, once each, without impressions", async () => {
    const shop = await createTestShop();
    const other = await createTestShop();
    await insertStorefrontEvents(shop.id, [
      event("visitor-a", null, "view", "1", day(1)),
      event("visitor-a", "42", "add_to_cart", "2", day(3)),
      event("visitor-a", null, "impression", "3", day(4)),
    ]);
    // The same customer on another device.
    await insertStorefrontEvents(shop.id, [event("visitor-b", "42", "click", "4", day(2))]);
    await insertStorefrontEvents(shop.id, [event("visitor-c", null, "view", "5", day(5))]);
    await insertStorefrontEvents(other.id, [event("visitor-a", "42", "view", "9", day(6))]);

    const seen = await recentViewsOf(shop.id, "visitor-a", "42");
    expect(seen).toEqual([
      { productShopifyId: "2", type: "add_to_cart", occurredAt: day(3) },
      { productShopifyId: "4", type: "click", occurredAt: day(2) },
      { productShopifyId: "1", type: "view", occurredAt: day(1) },
    ]);
    expect((await recentViewsOf(shop.id, "", "42")).map((e) => e.productShopifyId)).toEqual(["2", "4"]);
    expect((await recentViewsOf(shop.id, "visitor-a", null)).map((e) => e.productShopifyId)).toEqual(["2", "1"]);
    expect(await recentViewsOf(shop.id, "", null)).toEqual([]);
    expect(await recentViewsOf(shop.id, "visitor-a", "42", 2)).toHaveLength(2);
  });

  it("returns at most `take` events for a visitor with thousands", async () => {
    const shop = await createTestShop();
    const many = Array.from({ length: 2_000 }, (_, n) => event("visitor-busy", null, "view", String(n % 50), new Date(day(0).getTime() + n * 1_000)));
    for (let i = 0; i < many.length; i += 100) await insertStorefrontEvents(shop.id, many.slice(i, i + 100));
    const seen = await recentViewsOf(shop.id, "visitor-busy", null, 20);
    expect(seen).toHaveLength(20);
    expect(seen[0].occurredAt).toEqual(new Date(day(0).getTime() + 1_999 * 1_000));
    expect(await prisma.storefrontEvent.count({ where: { shopId: shop.id } })).toBe(2_000);
  });
});
