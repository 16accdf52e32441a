import { parse, getOperationAST } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LeakyBucket, requestedQueryCost } from "./cost.js";
import { loadAdminSchema } from "./schema.js";
import { startLocalShopify, type LocalShopify } from "./server.js";
import type { LocalShop } from "./shop.js";
import { adminClient } from "./testing.js";

function cost(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  return requestedQueryCost(loadAdminSchema(), document, getOperationAST(document)!, variables);
}

describe("calculated query cost", () => {
  it("charges objects 1, scalars 0, connections 2 + page size x node cost, mutations 10", () => {
    expect(cost(`{ shop { name currencyCode } }`)).toBe(1);
    expect(cost(`{ products(first: 10) { edges { node { id title } } } }`)).toBe(12);
    expect(cost(`query($n: Int) { products(first: $n) { nodes { id variants(first: 5) { nodes { id } } } } }`, { n: 10 })).toBe(2 + 10 * (1 + 2 + 5));
    expect(cost(`mutation { productDelete(input: { id: "gid://shopify/Product/1" }) { deletedProductId } }`)).toBe(10);
  });

  it("charges an interface as its most expensive possible selection", () => {
    expect(cost(`{ node(id: "gid://shopify/Product/1") { id ... on Product { featuredMedia { id } } } }`)).toBe(2);
  });
});

describe("the leaky bucket", () => {
  it("refills at restoreRate points per second, up to maximumAvailable", () => {
    let now = 0;
    const bucket = new LeakyBucket(100, 10, () => now);
    expect(bucket.take(80)).toBe(true);
    expect(bucket.take(30)).toBe(false);
    now = 1;
    expect(bucket.status()).toEqual({ maximumAvailable: 100, currentlyAvailable: 30, restoreRate: 10 });
    now = 100;
    expect(bucket.status().currentlyAvailable).toBe(100);
  });
});

describe("throttling over HTTP", () => {
  let shopify: LocalShopify;
  let shop: LocalShop;
  let query: ReturnType<typeof adminClient>;

  beforeAll(async () => {
    shopify = await startLocalShopify({ apiKey: "key", apiSecret: "secret", appUrl: "http://127.0.0.1:9" });
    shop = await shopify.createShop("throttle.myshopify.com", { seed: "tiny", storefront: false, throttle: { maximumAvailable: 100, restoreRate: 50 } });
    query = adminClient(shopify.origin, shop.issueOfflineToken());
  });
  afterAll(() => shopify.close());

  it("reports the cost and the bucket on every answer", async () => {
    const res = await query(`{ products(first: 5) { nodes { id } } }`);
    expect(res.body.extensions?.cost).toEqual({
      requestedQueryCost: 7,
      actualQueryCost: 2 + Math.min(5, shop.store.products.size),
      throttleStatus: { maximumAvailable: 100, currentlyAvailable: expect.any(Number), restoreRate: 50 },
    });
  });

  it("answers THROTTLED (HTTP 200, no data) when the bucket is short, then recovers", async () => {
    shop.throttle.configure({ currentlyAvailable: 10 });
    const throttled = await query(`{ products(first: 20) { nodes { id } } }`);
    expect(throttled.status).toBe(200);
    expect(throttled.body.data).toBeUndefined();
    expect(throttled.body.errors).toEqual([
      { message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/limits#rate-limits" } },
    ]);
    expect(throttled.body.extensions?.cost).toMatchObject({ requestedQueryCost: 22, actualQueryCost: null, throttleStatus: { maximumAvailable: 100 } });

    // 22 points at 50/s: back within half a second.
    await new Promise((r) => setTimeout(r, 400));
    const again = await query(`{ products(first: 20) { nodes { id } } }`);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.extensions?.cost?.actualQueryCost).toBe(2 + shop.store.products.size);
  });

  it("refuses a single query over 1000 points with MAX_COST_EXCEEDED", async () => {
    const res = await query(`{ products(first: 250) { nodes { id variants(first: 10) { nodes { id } } } } }`);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^Query cost is 3252, which exceeds the single query max cost limit \(1000\)\./),
        extensions: expect.objectContaining({ code: "MAX_COST_EXCEEDED", cost: 3252, maxCost: 1000 }),
      }),
    ]);
  });
});
