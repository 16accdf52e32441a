import prisma from "../../db.server";
import { logger } from "../../lib/logger.server";
import { createTestShop } from "../../../test/helpers/shops";
import { signedProxyRequest } from "../../../test/helpers/app-proxy";
import { seedSmallStore } from "../../../test/helpers/catalog";
import { forgetServingState } from "../recommendations/serving-state.server";
import { trainRecommendations } from "../recommendations/training.server";
import { endExperiment, startExperiment } from "../recommendations/experiments.server";
import { assignArm } from "../recommendations/experiments/stats";
import { receiveStorefrontEvents, serveRecommendations, serveVisitor } from "./proxy.server";

let shop: { id: string; domain: string };

beforeAll(async () => {
  shop = await createTestShop();
  await seedSmallStore(shop.id);
  const result = await trainRecommendations(shop.id, logger);
  expect(result.promoted).toBe(true);
});

afterEach(() => forgetServingState());

const recs = async (query: Record<string, string>, options: Parameters<typeof signedProxyRequest>[3] = {}) => {
  const res = await serveRecommendations(signedProxyRequest("recommendations", shop.domain, query, options));
  return { status: res.status, body: await res.json() };
};

describe("GET /apps/aisle/recommendations", () => {
  it("serves what is bought together with a product, with reasons", async () => {
    const { status, body } = await recs({ context: "product", product_id: "1", limit: "4" });
    expect(status).toBe(200);
    expect(body.items[0]).toMatchObject({ productId: "2", reason: "Often bought with Product 1", url: "/products/product-2", variantId: "20" });
    expect(body.requestId).toMatch(/^r[pch]r_/);
    expect(body.items.map((i: { productId: string }) => i.productId)).not.toContain("1");
  });

  it("names the asking block in the request id, and refuses an unknown one", async () => {
    expect((await recs({ context: "product", product_id: "1", strategy: "bought_together", block: "bundle" })).body.requestId).toMatch(/^rpb_/);
    expect((await recs({ context: "cart", cart: "3", block: "cart" })).body.requestId).toMatch(/^rcc_/);
    expect((await recs({ context: "home" })).body.requestId).toMatch(/^rhr_/);
    expect((await recs({ context: "home", block: "popup" })).status).toBe(400);
  });

  it("complements a cart without repeating what is in it", async () => {
    const { body } = await recs({ context: "cart", cart: "3", limit: "4" });
    expect(body.items[0].productId).toBe("4");
    expect(body.items.map((i: { productId: string }) => i.productId)).not.toContain("3");
  });

  it("answers unknown products, garbage visitor ids and a shop with no model with a list, not an error", async () => {
    expect((await recs({ context: "product", product_id: "999999", limit: "4" })).status).toBe(200);
    expect((await recs({ context: "home", vid: "<script>alert(1)</script>" })).status).toBe(200);
    const bare = await createTestShop();
    const res = await serveRecommendations(signedProxyRequest("recommendations", bare.domain, { context: "home" }));
    expect(res.status).toBe(200);
    expect((await res.json()).items).toEqual([]);
  });

  it("refuses forged, stale and unsigned requests with 401", async () => {
    expect((await recs({ context: "home" }, { secret: "wrong" })).status).toBe(401);
    expect((await recs({ context: "home" }, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    const unsigned = await serveRecommendations(new Request(`http://127.0.0.1/proxy/recommendations?shop=${shop.domain}&context=home`));
    expect(unsigned.status).toBe(401);
  });

  it("answers 400 to a malformed query and 404 to a shop that does not use the app", async () => {
    expect((await recs({ context: "everywhere" })).status).toBe(400);
    const res = await serveRecommendations(signedProxyRequest("recommendations", "nobody.myshopify.com", { context: "home" }));
    expect(res.status).toBe(404);
  });

  it("personalises the home page from what the visitor viewed", async () => {
    const vid = "visitor-abcdef12";
    const post = await receiveStorefrontEvents(
      signedProxyRequest(
        "events",
        shop.domain,
        {},
        { method: "POST", body: JSON.stringify({ vid, events: [{ type: "view", productId: "3", ts: Date.now() }] }) },
      ),
    );
    expect(post.status).toBe(202);
    const { body } = await recs({ context: "home", vid, limit: "4" });
    expect(body.strategy).toBe("personal");
    expect(body.items.map((i: { productId: string }) => i.productId)).toContain("4");
  });
});

describe("POST /apps/aisle/events", () => {
  const post = (body: string, options: Parameters<typeof signedProxyRequest>[3] = {}) =>
    receiveStorefrontEvents(signedProxyRequest("events", shop.domain, {}, { method: "POST", body, ...options }));

  it("stores a batch once, even when it is sent twice, and joins a logged-in customer", async () => {
    const vid = "visitor-dup-0001";
    const batch = JSON.stringify({ vid, events: [{ type: "click", productId: "2", requestId: "r_x", position: 0, ts: 1_732_000_000_000 }] });
    expect((await post(batch, { customerId: "1001" })).status).toBe(202);
    expect((await post(batch, { customerId: "1001" })).status).toBe(202);
    const rows = await prisma.storefrontEvent.findMany({ where: { shopId: shop.id, visitorId: vid } });
    expect(rows).toHaveLength(1);
    expect(rows[0].customerShopifyId).toBe("1001");
  });

  it("drops events for products the shop does not have", async () => {
    const res = await post(JSON.stringify({ vid: "visitor-unknown1", events: [{ type: "view", productId: "424242", ts: Date.now() }] }));
    expect(await res.json()).toEqual({ accepted: 0 });
  });

  it("answers 400 to malformed and hostile bodies, storing nothing", async () => {
    for (const body of [
      "not json",
      "{}",
      JSON.stringify({ vid: "short", events: [] }),
      JSON.stringify({ vid: "visitor-ok-0001", events: [{ type: "purchase", productId: "1", ts: 1 }] }),
    ]) {
      expect((await post(body)).status).toBe(400);
    }
    expect((await post(JSON.stringify({ vid: "visitor-ok-0002", events: [{ type: "view", productId: "1'; DROP TABLE", ts: 1 }] }))).status).toBe(400);
    expect((await post("x".repeat(20_000))).status).toBe(413);
    expect(await prisma.storefrontEvent.count({ where: { shopId: shop.id, visitorId: { startsWith: "visitor-ok" } } })).toBe(0);
  });

  it("rate-limits one visitor's flood with 429", async () => {
    const vid = "visitor-flood-01";
    const statuses: number[] = [];
    for (let n = 0; n < 6; n++) {
      const events = Array.from({ length: 50 }, (_, i) => ({
        type: "impression",
        productId: "2",
        requestId: `r_${n}`,
        position: i,
        ts: Date.now() + n * 100 + i,
      }));
      statuses.push((await post(JSON.stringify({ vid, events }))).status);
    }
    expect(statuses.slice(0, 4)).toEqual([202, 202, 202, 202]);
    expect(statuses[5]).toBe(429);
  });

  it("refuses a forged signature", async () => {
    expect((await post(JSON.stringify({ vid: "visitor-forged1", events: [{ type: "view", productId: "1", ts: 1 }] }), { secret: "nope" })).status).toBe(401);
  });
});

describe("A/B tests per page type on the storefront", () => {
  it("files a block's events under the test of its page type, and hands the visitor's arm in every running test to the cart", async () => {
    const start = async (pageType: string) => {
      const started = await startExperiment(shop.id, { name: pageType, pageType, metric: "ctr", strategyA: "trending", strategyB: "similar", splitB: "50" });
      if (!started.ok) throw new Error(JSON.stringify(started.errors));
      return started.id;
    };
    const cartTest = await start("cart");
    const homeTest = await start("home");
    try {
      const vid = "visitor-ab-00001";
      const events = [
        { type: "click", productId: "2", requestId: "rcr_cartblock", position: 0, ts: Date.now() },
        { type: "click", productId: "3", requestId: "rpr_productblk", position: 1, ts: Date.now() },
        { type: "impression", productId: "4", requestId: "rhr_homeblock", position: 0, ts: Date.now() },
        { type: "view", productId: "2", ts: Date.now() },
      ];
      const posted = await receiveStorefrontEvents(signedProxyRequest("events", shop.domain, {}, { method: "POST", body: JSON.stringify({ vid, events }) }));
      expect(posted.status).toBe(202);
      const rows = await prisma.storefrontEvent.findMany({
        where: { shopId: shop.id, visitorId: vid },
        orderBy: [{ productShopifyId: "asc" }, { type: "asc" }],
      });
      expect(rows.map((r) => [r.type, r.productShopifyId, r.experimentId, r.arm])).toEqual([
        ["click", "2", cartTest, assignArm(cartTest, vid, 50)],
        ["view", "2", null, null],
        // The product page runs no test.
        ["click", "3", null, null],
        ["impression", "4", homeTest, assignArm(homeTest, vid, 50)],
      ]);

      const res = await serveVisitor(signedProxyRequest("visitor", shop.domain, { vid }));
      const body = (await res.json()) as { arm: string };
      expect(body.arm.split(",").sort()).toEqual([`${cartTest}:${assignArm(cartTest, vid, 50)}`, `${homeTest}:${assignArm(homeTest, vid, 50)}`].sort());
    } finally {
      await endExperiment(shop.id, cartTest, false);
      await endExperiment(shop.id, homeTest, false);
    }
  });
});
