// reviews.rating and reviews.rating_count through the app's real Admin API
// client, against the local Shopify (which checks each value against its type).
import type { LocalShopify } from "../shopify-local/index.js";
import { startLocalShopifyForApp, storeOfflineSession } from "../helpers/local-shopify";

let shopify: LocalShopify;

beforeAll(async () => {
  shopify = await startLocalShopifyForApp();
});
afterAll(async () => {
  await shopify?.close();
});

describe("product rating metafields", () => {
  it("writes each product's published average and count", async () => {
    const domain = `ratings-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;
    const local = await shopify.createShop(domain, { webhooks: false, storefront: false, seed: "generated", maxProducts: 3, maxOrders: 1 });
    await storeOfflineSession(domain, local.issueOfflineToken());
    const { default: prisma } = await import("../../app/db.server");
    const shop = await prisma.shop.create({ data: { domain }, select: { id: true } });
    const [rated, unrated] = local.store.productList();
    const review = { shopId: shop.id, productShopifyId: String(rated.id), body: "x" };
    await prisma.review.createMany({
      data: [
        { ...review, rating: 5, status: "published", contentHash: "r1" },
        { ...review, rating: 4, status: "published", contentHash: "r2" },
        { ...review, rating: 1, status: "hidden", contentHash: "r3" },
      ],
    });
    const { adminForShop } = await import("../../app/services/admin-for-shop.server");
    const { publishProductRatings } = await import("../../app/services/reviews/ratings.server");
    expect(await publishProductRatings(await adminForShop(domain), shop.id, [String(rated.id), String(unrated.id)])).toBe(2);
    const values = (p: typeof rated) =>
      Object.fromEntries(p.metafields.map((m: { namespace: string; key: string; value: string }) => [`${m.namespace}.${m.key}`, m.value]));
    expect(values(rated)).toEqual({ "reviews.rating": JSON.stringify({ value: "4.50", scale_min: "1.0", scale_max: "5.0" }), "reviews.rating_count": "2" });
    expect(values(unrated)["reviews.rating_count"]).toBe("0");
  });
});
