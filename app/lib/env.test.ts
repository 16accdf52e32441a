import { EnvError, isLoopbackOrigin, parseEnv } from "./env.server";

const base = { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret", SHOPIFY_APP_URL: "https://aisle.example.com" };

describe("the environment check", () => {
  it("refuses demo sign-in against an Admin API that is not on loopback, in every environment", () => {
    for (const NODE_ENV of ["production", "development", "test"] as const) {
      for (const origin of ["https://shopify.example.com", "http://10.0.0.5:4100", "http://127.0.0.1.example.com", "http://localhost@example.com"]) {
        expect(() => parseEnv({ ...base, NODE_ENV, AISLE_DEMO_SHOP: "demo.myshopify.com", SHOPIFY_ADMIN_API_ORIGIN: origin }), `${NODE_ENV} ${origin}`).toThrow(
          /SHOPIFY_ADMIN_API_ORIGIN: .*loopback/,
        );
      }
    }
  });

  it("refuses demo sign-in without a local Shopify at all", () => {
    expect(() => parseEnv({ ...base, NODE_ENV: "development", AISLE_DEMO_SHOP: "demo.myshopify.com" })).toThrow(EnvError);
  });

  it("accepts demo sign-in against a local Shopify", () => {
    for (const origin of ["http://127.0.0.1:4100", "http://localhost:4100", "http://[::1]:4100", "http://127.0.0.2"]) {
      const env = parseEnv({ ...base, NODE_ENV: "production", AISLE_DEMO_SHOP: "demo.myshopify.com", SHOPIFY_ADMIN_API_ORIGIN: origin });
      expect(env.AISLE_DEMO_SHOP).toBe("demo.myshopify.com");
    }
  });

  it("tells loopback origins from look-alikes", () => {
    expect(isLoopbackOrigin("http://127.0.0.1:4100")).toBe(true);
    expect(isLoopbackOrigin("http://[::1]")).toBe(true);
    expect(isLoopbackOrigin("http://LOCALHOST:1")).toBe(true);
    expect(isLoopbackOrigin("http://0x7f000001")).toBe(true); // the URL parser reads it as 127.0.0.1
    expect(isLoopbackOrigin("http://0.0.0.0:4100")).toBe(false);
    expect(isLoopbackOrigin("http://localhost.example.com")).toBe(false);
    expect(isLoopbackOrigin("http://[::ffff:8.8.8.8]")).toBe(false);
    expect(isLoopbackOrigin("not a url")).toBe(false);
    expect(isLoopbackOrigin(undefined)).toBe(false);
  });
});
