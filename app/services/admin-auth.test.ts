import { demoSignInShop } from "./admin-auth.server";

describe("demo sign-in", () => {
  it("signs in as the demo shop only when the Admin API is a local Shopify", () => {
    expect(demoSignInShop({ AISLE_DEMO_SHOP: "demo.myshopify.com", SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:4100" })).toBe("demo.myshopify.com");
    expect(demoSignInShop({ AISLE_DEMO_SHOP: undefined, SHOPIFY_ADMIN_API_ORIGIN: "https://shopify.example.com" })).toBeUndefined();
  });

  it("refuses when the Admin API is elsewhere", () => {
    for (const origin of ["https://shopify.example.com", undefined]) {
      let thrown: unknown;
      try {
        demoSignInShop({ AISLE_DEMO_SHOP: "demo.myshopify.com", SHOPIFY_ADMIN_API_ORIGIN: origin });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(403);
    }
  });
});
