import { orderFromWebhook, PayloadError, productFromWebhook } from "./mappers";
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
  ])("refuses %s with a message naming the field", (_, override, message) => {
    expect(() => productFromWebhook(productPayload(5, "2024-03-01T00:00:00Z", override))).toThrow(PayloadError);
    expect(() => productFromWebhook(productPayload(5, "2024-03-01T00:00:00Z", override))).toThrow(message);
  });
});
