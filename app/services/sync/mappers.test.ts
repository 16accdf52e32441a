import { collectionFromWebhook, orderFromWebhook, PayloadError, productFromBulk, productFromWebhook } from "./mappers";
import { orderPayload, productPayload } from "../../../test/helpers/webhooks";

describe("webhook payload mapping", () => {
  it("reads numeric ids, gid strings, amounts as numbers or strings, and tags as a string or a list", () => {
    const product = productFromWebhook(productPayload(5, "2024-03-01T10:00:00.123+01:00", { id: "gid://shopify/Product/5", tags: ["a", "b"] }));
    expect(product).toMatchObject({ shopifyId: "5", tags: ["a", "b"], shopifyUpdatedAt: new Date("2024-03-01T09:00:00.123Z") });
    const order = orderFromWebhook({ ...orderPayload(7, "2024-03-01T00:00:00Z", 3, [5]), total_price: 12.5 });
    expect(order).toMatchObject({ shopifyId: "7", totalPrice: "12.50", customerShopifyId: "3" });
  });

  it.each([
    ["an empty id", { id: "" }, /id: Expected a Shopify id/],
    ["a fractional id", { id: 1.5 }, /id: Expected a Shopify id/],
    ["a date that is not ISO 8601", { updated_at: "March 1st" }, /updated_at: Invalid datetime/],
    ["an impossible date", { updated_at: "2024-13-40T00:00:00Z" }, /updated_at: Invalid datetime/],
    ["a date without its offset", { updated_at: "2024-03-01T00:00:00" }, /updated_at: Invalid datetime/],
    ["a price that is an object", { variants: [{ id: 1, price: { amount: 1 } }] }, /variants\.0\.price: Expected an amount/],
    ["tags that are numbers", { tags: [1, 2] }, /tags: Expected tags/],
    ["options that are not a list", { options: "Farbe: Rosa" }, /options: Expected array/],
    ["an option without its values", { options: [{ name: "Farbe" }] }, /options\.0\.values: Required/],
    ["an option value that is a number", { options: [{ name: "Size", values: [40] }] }, /options\.0\.values\.0: Expected string/],
  ])("refuses %s with a message naming the field", (_, override, message) => {
    expect(() => productFromWebhook(productPayload(5, "2024-03-01T00:00:00Z", override))).toThrow(PayloadError);
    expect(() => productFromWebhook(productPayload(5, "2024-03-01T00:00:00Z", override))).toThrow(message);
  });
});

describe("product options", () => {
  it("keeps a product's options from a webhook and a bulk line, without Shopify's Title placeholder", () => {
    const farbe = { id: 70, product_id: 5, name: "Farbe", position: 1, values: ["Rosa"] };
    expect(productFromWebhook(productPayload(5, "2024-03-01T00:00:00Z", { options: [farbe] })).options).toEqual([{ name: "Farbe", values: ["Rosa"] }]);
    expect(productFromWebhook(productPayload(5, "2024-03-01T00:00:00Z")).options).toEqual([]);
    // A payload without the field says nothing: what we hold is kept.
    expect(productFromWebhook(productPayload(5, "2024-03-01T00:00:00Z", { options: undefined })).options).toBeUndefined();

    const node = { id: "gid://shopify/Product/5", title: "Teetasse Rosa", handle: "teetasse-rosa", status: "ACTIVE", updatedAt: "2024-03-01T00:00:00Z" };
    const options = [
      { name: "Farbe", values: ["Rosa"] },
      { name: "Größe", values: ["S", "M"] },
    ];
    expect(productFromBulk({ ...node, options }, []).options).toEqual(options);
    expect(productFromBulk({ ...node, options: [{ name: "Title", values: ["Default Title"] }] }, []).options).toEqual([]);
  });

  it("names a malformed bulk option", () => {
    const node = { id: "gid://shopify/Product/5", title: "Mug", handle: "mug", status: "ACTIVE", updatedAt: "2024-03-01T00:00:00Z" };
    expect(() => productFromBulk({ ...node, options: [{ name: "Farbe", values: null }] }, [])).toThrow("product: options.0.values: Expected array");
  });
});

describe("collections", () => {
  it("reads a product's collections from its bulk lines, apart from its variants and media", () => {
    const product = productFromBulk({ id: "gid://shopify/Product/5", title: "Mug", handle: "mug", status: "ACTIVE", updatedAt: "2024-03-01T00:00:00Z" }, [
      { id: "gid://shopify/ProductVariant/50", price: "4.50", __parentId: "gid://shopify/Product/5" },
      {
        id: "gid://shopify/Collection/9",
        title: "Retrospot",
        handle: "retrospot",
        updatedAt: "2024-02-01T00:00:00Z",
        ruleSet: { appliedDisjunctively: false },
      },
      { id: "gid://shopify/Collection/8", title: "Gift wrap", handle: "gift-wrap", updatedAt: "2024-02-02T00:00:00Z", ruleSet: null },
      { id: "gid://shopify/MediaImage/7", mediaContentType: "IMAGE", preview: { image: { url: "https://cdn.example.com/7.png" } } },
    ]);
    expect(product.variants).toHaveLength(1);
    expect(product.media).toHaveLength(1);
    expect(product.collections).toEqual([
      { shopifyId: "9", title: "Retrospot", handle: "retrospot", smart: true, shopifyUpdatedAt: new Date("2024-02-01T00:00:00Z") },
      { shopifyId: "8", title: "Gift wrap", handle: "gift-wrap", smart: false, shopifyUpdatedAt: new Date("2024-02-02T00:00:00Z") },
    ]);
    // Webhooks do not name a product's collections: membership is left as it is.
    expect(productFromWebhook(productPayload(5, "2024-03-01T00:00:00Z")).collections).toBeUndefined();
  });

  it("reads collections/update and names a missing field", () => {
    expect(collectionFromWebhook({ id: 9, title: "Retrospot", handle: "retrospot", updated_at: "2024-02-01T00:00:00Z", published_scope: "web" })).toEqual({
      shopifyId: "9",
      title: "Retrospot",
      handle: "retrospot",
      shopifyUpdatedAt: new Date("2024-02-01T00:00:00Z"),
    });
    expect(() => collectionFromWebhook({ id: 9, updated_at: "2024-02-01T00:00:00Z" })).toThrow("collection payload: title: Required");
  });
});
