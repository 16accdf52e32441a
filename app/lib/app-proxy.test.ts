import { appProxySignature, verifyAppProxy } from "./app-proxy.server";

describe("app proxy signatures", () => {
  it("matches Shopify's documented example", () => {
    // https://shopify.dev/docs/apps/build/online-store/display-dynamic-data#calculate-a-digital-signature
    const params = new URLSearchParams(
      "extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555&signature=4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb",
    );
    expect(appProxySignature(params, "hush")).toBe("4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb");
  });

  const signed = (extra: Record<string, string>, secret = "s3cret", timestamp = 1_700_000_000) => {
    const params = new URLSearchParams({
      shop: "a.myshopify.com",
      logged_in_customer_id: "",
      path_prefix: "/apps/aisle",
      timestamp: String(timestamp),
      ...extra,
    });
    params.set("signature", appProxySignature(params, secret));
    return new URL(`http://app/proxy/recommendations?${params}`);
  };

  it("accepts a fresh, correctly signed request", () => {
    expect(verifyAppProxy(signed({ context: "home" }), "s3cret", 1_700_000_010)).toEqual({ shop: "a.myshopify.com", customerId: null });
    expect(verifyAppProxy(signed({ logged_in_customer_id: "42" }), "s3cret", 1_700_000_010).customerId).toBe("42");
  });

  it("refuses forged, tampered, unsigned and stale requests", () => {
    const url = signed({ context: "home" });
    expect(() => verifyAppProxy(url, "other", 1_700_000_010)).toThrow(/signature/);
    const tampered = new URL(url);
    tampered.searchParams.set("context", "cart");
    expect(() => verifyAppProxy(tampered, "s3cret", 1_700_000_010)).toThrow(/signature/);
    const unsigned = new URL(url);
    unsigned.searchParams.delete("signature");
    expect(() => verifyAppProxy(unsigned, "s3cret", 1_700_000_010)).toThrow(/signature/);
    expect(() => verifyAppProxy(url, "s3cret", 1_700_000_000 + 3600)).toThrow(/expired/);
  });
});
