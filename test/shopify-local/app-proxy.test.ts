import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appProxySignature, proxyToApp, signAppProxyQuery } from "./app-proxy.js";
import { startLocalShopify, type LocalShopify } from "./server.js";
import type { LocalShop } from "./shop.js";
import { startFakeApp } from "./testing.js";

describe("app proxy signature", () => {
  it("matches the example in Shopify's documentation", () => {
    // https://shopify.dev/docs/apps/build/online-store/app-proxies/authenticate-app-proxies
    const query = new URLSearchParams("extra=1&extra=2&shop=shop-name.myshopify.com&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555");
    const signed = new URLSearchParams(signAppProxyQuery(query, "hush"));
    expect(signed.get("signature")).toBe("a9718877bea71c2484f91608a7eaea1532bdf71f5c56825065fa4ccabe549ef3");
    expect(signed.getAll("extra")).toEqual(["1", "2"]);
    expect(
      appProxySignature({ extra: ["1", "2"], shop: "shop-name.myshopify.com", path_prefix: "/apps/awesome_reviews", timestamp: "1317327555" }, "hush"),
    ).toBe("a9718877bea71c2484f91608a7eaea1532bdf71f5c56825065fa4ccabe549ef3");
  });

  it("ignores an incoming signature parameter when signing", () => {
    const params = { shop: "a.myshopify.com", timestamp: "1", path_prefix: "/apps/aisle", logged_in_customer_id: "" };
    expect(appProxySignature({ ...params, signature: "whatever" }, "s")).toBe(appProxySignature(params, "s"));
  });
});

describe("proxyToApp", () => {
  let app: Awaited<ReturnType<typeof startFakeApp>>;
  let storefront: http.Server;
  let storefrontUrl: string;

  beforeAll(async () => {
    app = await startFakeApp((r) => ({ body: JSON.stringify({ path: r.url }), headers: { "set-cookie": "tracking=1", "x-app": "aisle" } }));
    storefront = http.createServer((req, res) => {
      void proxyToApp(req, res, {
        appUrl: app.url,
        secret: "proxy-secret",
        shop: "proxy.myshopify.com",
        loggedInCustomerId: req.headers["x-customer"] as string | undefined,
      }).then((handled) => {
        if (!handled) {
          res.writeHead(404);
          res.end();
        }
      });
    });
    await new Promise<void>((r) => storefront.listen(0, "127.0.0.1", r));
    storefrontUrl = `http://127.0.0.1:${(storefront.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => storefront.close(() => r()));
    await app.close();
  });

  it("forwards GET /apps/aisle/* to /proxy/* with Shopify's signed parameters", async () => {
    const res = await fetch(`${storefrontUrl}/apps/aisle/recommendations?context=product&product_id=42`, { headers: { cookie: "_secure_session_id=abc" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-app")).toBe("aisle");
    expect(res.headers.get("set-cookie")).toBeNull();

    const req = app.received.at(-1)!;
    const url = new URL(req.url, app.url);
    expect(url.pathname).toBe("/proxy/recommendations");
    expect(req.headers.cookie).toBeUndefined();
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({ context: "product", product_id: "42", shop: "proxy.myshopify.com", logged_in_customer_id: "", path_prefix: "/apps/aisle" });
    expect(Math.abs(Number(params.timestamp) - Date.now() / 1000)).toBeLessThan(5);
    const { signature, ...rest } = params;
    expect(signature).toBe(appProxySignature(rest, "proxy-secret"));
  });

  it("forwards POST bodies and the signed-in customer", async () => {
    const body = JSON.stringify({ vid: "v1", events: [{ type: "view", productId: "1", ts: 1 }] });
    const res = await fetch(`${storefrontUrl}/apps/aisle/events`, { method: "POST", headers: { "content-type": "application/json", "x-customer": "7" }, body });
    expect(res.status).toBe(200);
    const req = app.received.at(-1)!;
    expect(req.method).toBe("POST");
    expect(req.body.toString()).toBe(body);
    expect(new URL(req.url, app.url).searchParams.get("logged_in_customer_id")).toBe("7");
  });

  it("leaves other paths alone", async () => {
    expect((await fetch(`${storefrontUrl}/products/mug`)).status).toBe(404);
  });
});

describe("the shop's storefront listener", () => {
  let app: Awaited<ReturnType<typeof startFakeApp>>;
  let shopify: LocalShopify;
  let shop: LocalShop;

  beforeAll(async () => {
    app = await startFakeApp(() => ({ body: JSON.stringify({ items: [] }) }));
    shopify = await startLocalShopify({ apiKey: "key", apiSecret: "listener-secret", appUrl: app.url });
    shop = await shopify.createShop("storefront.myshopify.com", { seed: "tiny" });
  });
  afterAll(async () => {
    await shopify.close();
    await app.close();
  });

  it("reaches the app through the app proxy declared in shopify.app.toml", async () => {
    expect(shop.storefrontUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${shop.storefrontUrl}/apps/aisle/recommendations?context=home`);
    expect(res.status).toBe(200);
    const req = await app.waitFor((r) => r.url.startsWith("/proxy/recommendations"));
    const params = Object.fromEntries(new URL(req.url, app.url).searchParams);
    const { signature, ...rest } = params;
    expect(rest.shop).toBe("storefront.myshopify.com");
    expect(signature).toBe(appProxySignature(rest, "listener-secret"));
  });

  it("lists the published catalogue for the storefront", () => {
    const products = shop.storefrontProducts();
    expect(products.map((p) => p.handle)).toEqual(["red-retrospot-mug", "retrospot-tea-towel", "woodland-lantern", "tiny-gift-card", "pink-retrospot-mug"]);
    expect(products.find((p) => p.handle === "woodland-lantern")?.available).toBe(false);
  });
});
