import prisma from "../../db.server";
import { env } from "../../lib/env.server";
import { writeOrders } from "../../models/orders.server";
import { createTestShop } from "../../../test/helpers/shops";
import { orderFromWebhook } from "../sync/mappers";
import { visitorSignature } from "./cart-attributes";
import { startExperiment } from "../recommendations/experiments.server";
import { assignArm } from "../recommendations/experiments/stats";
import { refreshAttribution } from "./refresh.server";
import { getRevenuePage } from "./revenue-page.server";

const ID_BASE = 8_150_200_000_000 + Math.floor(Math.random() * 100_000) * 100;
const VID = "0b7c2c5e-1111-4a2b-9c3d-aabbccddeeff";

async function shopWithClick() {
  const created = await createTestShop();
  const shop = await prisma.shop.findUniqueOrThrow({ where: { id: created.id }, select: { id: true, domain: true, settings: true, moneyFormat: true } });
  await prisma.storefrontEvent.create({
    data: {
      shopId: shop.id,
      visitorId: VID,
      type: "click",
      productShopifyId: "501",
      requestId: "rpr_abc",
      dedupeKey: "c1",
      occurredAt: new Date(Date.now() - 2 * 86_400_000),
    },
  });
  return shop;
}

let next = 0;
function orderPayload(attributes: unknown) {
  next++;
  const now = new Date().toISOString();
  return {
    id: ID_BASE + next,
    name: `#${next}`,
    created_at: now,
    updated_at: now,
    currency: "GBP",
    total_price: "30.00",
    note_attributes: attributes,
    line_items: [
      { id: ID_BASE + 50 + next * 2, product_id: 501, variant_id: 5010, quantity: 2, price: "12.50", title: "Mug" },
      { id: ID_BASE + 51 + next * 2, product_id: 502, variant_id: 5020, quantity: 1, price: "5.00", title: "Spoon" },
    ],
  };
}

describe("refreshAttribution", () => {
  it("credits a webhook order's line to the visitor's click, once, and the revenue page shows it", async () => {
    const shop = await shopWithClick();
    const sig = visitorSignature(env().SHOPIFY_API_SECRET, shop.domain, VID);
    await writeOrders(shop.id, [
      orderFromWebhook(
        orderPayload([
          { name: "_aisle_vid", value: VID },
          { name: "_aisle_sig", value: sig },
        ]),
      ),
    ]);
    expect(await refreshAttribution(shop)).toEqual({ orders: 1, lines: 1 });
    // Nothing new: nothing done again.
    expect(await refreshAttribution(shop)).toEqual({ orders: 0, lines: 0 });
    const page = await getRevenuePage(shop, 7);
    expect(page.totals).toMatchObject({ revenueCents: 2500, orders: 1, aovCents: 2500 });
    expect(page.byPageType).toEqual([{ key: "product", revenueCents: 2500, orders: 1, aovCents: 2500 }]);
  });

  it("credits nothing for garbage, forged or another shop's attributes, and never fails the order for them", async () => {
    const shop = await shopWithClick();
    const otherShopSig = visitorSignature(env().SHOPIFY_API_SECRET, "someone-else.myshopify.com", VID);
    const hostile: unknown[] = [
      "garbage",
      [
        { name: "_aisle_vid", value: VID },
        { name: "_aisle_sig", value: otherShopSig },
      ],
      [
        { name: "_aisle_vid", value: VID },
        { name: "_aisle_sig", value: "B".repeat(22) },
      ],
      [
        { name: "_aisle_vid", value: { $ne: null } },
        { name: "_aisle_sig", value: ["x"] },
      ],
      [null, 7, { name: "_aisle_vid" }],
    ];
    await writeOrders(
      shop.id,
      hostile.map((a) => orderFromWebhook(orderPayload(a))),
    );
    expect(await prisma.order.count({ where: { shopId: shop.id } })).toBe(5);
    await refreshAttribution(shop);
    expect(await prisma.recommendationAttribution.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("keeps the revenue of an order whose A/B arm names a test that no longer exists, without the arm", async () => {
    const shop = await shopWithClick();
    const sig = visitorSignature(env().SHOPIFY_API_SECRET, shop.domain, VID);
    await writeOrders(shop.id, [
      orderFromWebhook(
        orderPayload([
          { name: "_aisle_vid", value: VID },
          { name: "_aisle_sig", value: sig },
          { name: "_aisle_arm", value: "deleted-test:B" },
        ]),
      ),
    ]);
    await refreshAttribution(shop);
    expect(
      await prisma.recommendationAttribution.findMany({ where: { shopId: shop.id }, select: { revenueCents: true, experimentId: true, arm: true } }),
    ).toEqual([{ revenueCents: 2500, experimentId: null, arm: null }]);
  });

  it("credits a line whose touch carries no test to the order's arm in the test of the touch's page type", async () => {
    const shop = await shopWithClick(); // a click on a product page ("rpr_"), recorded outside any test
    const start = async (pageType: string) => {
      const started = await startExperiment(shop.id, { name: pageType, pageType, metric: "ctr", strategyA: "trending", strategyB: "similar", splitB: "50" });
      if (!started.ok) throw new Error(JSON.stringify(started.errors));
      return started.id;
    };
    const cartTest = await start("cart");
    const productTest = await start("product");
    const sig = visitorSignature(env().SHOPIFY_API_SECRET, shop.domain, VID);
    // The cart test comes first in the attribute: it must not take the product page's credit.
    const arms = `${cartTest}:${assignArm(cartTest, VID, 50)},${productTest}:${assignArm(productTest, VID, 50)}`;
    await writeOrders(shop.id, [
      orderFromWebhook(
        orderPayload([
          { name: "_aisle_vid", value: VID },
          { name: "_aisle_sig", value: sig },
          { name: "_aisle_arm", value: arms },
        ]),
      ),
    ]);
    await refreshAttribution(shop);
    expect(await prisma.recommendationAttribution.findMany({ where: { shopId: shop.id }, select: { pageType: true, experimentId: true, arm: true } })).toEqual([
      { pageType: "product", experimentId: productTest, arm: assignArm(productTest, VID, 50) },
    ]);
  });
});
