// Impact per published version against the storefront events and orders held
// in the database: the figures in each window, what is left out (other
// products, other shops, cancelled orders, events outside the windows), and
// the "too little traffic" threshold.
import prisma from "../../db.server";
import { MIN_VIEWS, versionImpact } from "./impact.server";

const DAY = 86_400_000;
const publishedAt = new Date("2026-06-15T12:00:00Z");
const at = (days: number) => new Date(publishedAt.getTime() + days * DAY);

async function newShop(name: string) {
  return prisma.shop.create({ data: { domain: `${name}-${Math.random().toString(36).slice(2, 8)}.myshopify.com` }, select: { id: true } });
}

let seq = 0;
async function events(shopId: string, productShopifyId: string, type: "view" | "add_to_cart", count: number, days: number) {
  await prisma.storefrontEvent.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      shopId,
      visitorId: `v${seq}-${i}`,
      type,
      productShopifyId,
      dedupeKey: `${type}-${seq++}-${i}`,
      // Spread over the day given (days is negative before the version).
      occurredAt: new Date(at(days).getTime() + (i % 20) * 60_000),
    })),
  });
}

async function order(shopId: string, productShopifyIds: string[], days: number, cancelled = false) {
  const n = seq++;
  await prisma.order.create({
    data: {
      shopId,
      shopifyId: `o${n}`,
      processedAt: at(days),
      shopifyUpdatedAt: at(days),
      cancelledAt: cancelled ? at(days + 0.1) : null,
      lines: { create: productShopifyIds.map((p, i) => ({ shopId, shopifyId: `l${n}-${i}`, productShopifyId: p })) },
    },
  });
}

describe("impact per version", () => {
  it("counts views, add-to-carts and orders in equal windows each side of the version", async () => {
    const { id: shopId } = await newShop("impact");
    const { id: otherShop } = await newShop("impact-other");
    // Before: 40 views, 4 add-to-carts, 2 orders (one of them with the product on two lines; a cancelled one does not count).
    await events(shopId, "11", "view", 40, -3);
    await events(shopId, "11", "add_to_cart", 4, -2);
    await order(shopId, ["11", "11"], -5);
    await order(shopId, ["11", "12"], -1);
    await order(shopId, ["11"], -1, true);
    // After: 50 views, 10 add-to-carts, 5 orders.
    await events(shopId, "11", "view", 50, 2);
    await events(shopId, "11", "add_to_cart", 10, 3);
    for (let i = 0; i < 5; i++) await order(shopId, ["11"], 1 + i);
    // Not counted: outside the 14-day windows, another product, another shop.
    await events(shopId, "11", "view", 30, -16);
    await events(shopId, "11", "view", 30, 15);
    await order(shopId, ["11"], -20);
    await events(shopId, "12", "view", 100, 1);
    await order(shopId, ["12"], 1);
    await events(otherShop, "11", "view", 100, 1);
    await order(otherShop, ["11"], 1);

    const impact = await versionImpact(shopId, "11", publishedAt, at(20));
    expect(impact).toEqual({
      windowDays: 14,
      before: { views: 40, addToCarts: 4, orders: 2 },
      after: { views: 50, addToCarts: 10, orders: 5 },
      enoughTraffic: true,
      summary: "14 days each side: add-to-cart rate 10.0% → 20.0%, orders 2 → 5.",
    });

    // Three days after publishing, the windows are three days each: the events five days before are out.
    const early = await versionImpact(shopId, "11", publishedAt, at(3));
    expect(early.windowDays).toBe(3);
    expect(early.before).toEqual({ views: 40, addToCarts: 4, orders: 1 });
  });

  it("says plainly when there is too little traffic to tell, at the threshold", async () => {
    const { id: shopId } = await newShop("impact-thin");
    await events(shopId, "21", "view", MIN_VIEWS, -3);
    await events(shopId, "21", "view", MIN_VIEWS - 1, 2);
    await events(shopId, "21", "add_to_cart", 5, 2);
    const thin = await versionImpact(shopId, "21", publishedAt, at(20));
    expect(thin.enoughTraffic).toBe(false);
    expect(thin.summary).toBe(
      `Too little traffic to tell yet: ${MIN_VIEWS} views before and ${MIN_VIEWS - 1} after (14 days each side; at least ${MIN_VIEWS} each are needed).`,
    );
    expect(thin.summary).not.toMatch(/%/);

    // One more view after: exactly the threshold on both sides is enough.
    await events(shopId, "21", "view", 1, 4);
    const enough = await versionImpact(shopId, "21", publishedAt, at(20));
    expect(enough.enoughTraffic).toBe(true);
    expect(enough.summary).toBe(`14 days each side: add-to-cart rate 0.0% → ${((5 / MIN_VIEWS) * 100).toFixed(1)}%, orders 0 → 0.`);

    // Just published: nothing after yet.
    const fresh = await versionImpact(shopId, "21", publishedAt, new Date(publishedAt.getTime() + 3_600_000));
    expect(fresh.enoughTraffic).toBe(false);
    expect(fresh.summary).toContain("less than a day each side");
  });
});
