import { attributeOrder, toCents, type AttributableOrder, type Touch } from "./attribute";
import { placementOf, requestIdPrefix } from "./placement";

const DAY = 86_400_000;
const T0 = Date.parse("2026-11-20T12:00:00Z");
const order: AttributableOrder = {
  id: "o1",
  processedAt: T0,
  currencyCode: "GBP",
  lines: [
    { shopifyId: "l1", productShopifyId: "10", quantity: 2, price: "12.50" },
    { shopifyId: "l2", productShopifyId: "20", quantity: 1, price: "5.00" },
    { shopifyId: "l3", productShopifyId: null, quantity: 1, price: "3.00" },
  ],
};
const touch = (productShopifyId: string, ago: number, type: Touch["type"] = "click", requestId: string | null = "rpr_abc"): Touch => ({
  type,
  productShopifyId,
  requestId,
  occurredAt: T0 - ago,
  experimentId: null,
  arm: null,
});

describe("attributeOrder", () => {
  it("credits a line to a click on the same product within the window, with its revenue, page type and block", () => {
    const lines = attributeOrder(order, [touch("10", 2 * DAY)], 7 * DAY);
    expect(lines).toEqual([
      expect.objectContaining({
        lineShopifyId: "l1",
        productShopifyId: "10",
        revenueCents: 2500,
        touch: "click",
        pageType: "product",
        block: "recommendations",
      }),
    ]);
  });

  it("ignores touches outside the window, after the order, and on other products", () => {
    expect(attributeOrder(order, [touch("10", 8 * DAY), touch("10", -1000), touch("99", DAY)], 7 * DAY)).toEqual([]);
    // The window is a setting: 10 days takes the 8-day-old click.
    expect(attributeOrder(order, [touch("10", 8 * DAY)], 10 * DAY)).toHaveLength(1);
  });

  it("takes the latest touch, an add to cart over a click at the same moment", () => {
    const [line] = attributeOrder(
      order,
      [touch("20", 3 * DAY, "click", "rhr_x"), touch("20", DAY, "click", "rcr_y"), touch("20", DAY, "add_to_cart", "rcr_z")],
      7 * DAY,
    );
    expect(line).toMatchObject({ lineShopifyId: "l2", touch: "add_to_cart", pageType: "cart", revenueCents: 500 });
  });

  it("keeps a touch whose request id names no placement, as unknown", () => {
    const [line] = attributeOrder(order, [touch("10", DAY, "click", "r_legacy")], 7 * DAY);
    expect(line).toMatchObject({ pageType: "unknown", block: "unknown" });
  });
});

describe("toCents", () => {
  it("converts decimal strings exactly and refuses garbage", () => {
    expect(toCents("12.50")).toBe(1250);
    expect(toCents("0.1")).toBe(10);
    expect(toCents("19.999")).toBe(2000);
    expect(toCents("7")).toBe(700);
    expect(toCents("1e5")).toBeNull();
    expect(toCents("")).toBeNull();
  });
});

describe("placement", () => {
  it("round-trips page type and block through the request id", () => {
    expect(placementOf(`${requestIdPrefix("home")}_xyz`)).toEqual({ pageType: "home", block: "recommendations" });
    expect(placementOf(`${requestIdPrefix("cart")}_xyz`)).toEqual({ pageType: "cart", block: "recommendations" });
    expect(requestIdPrefix("product", "bundle")).toBe("rpb");
    expect(placementOf(`${requestIdPrefix("product", "bundle")}_xyz`)).toEqual({ pageType: "product", block: "bundle" });
    expect(placementOf(`${requestIdPrefix("home", "cart")}_xyz`)).toEqual({ pageType: "home", block: "cart" });
    expect(placementOf("rzz_1")).toEqual({ pageType: "unknown", block: "unknown" });
    expect(placementOf(null)).toEqual({ pageType: "unknown", block: "unknown" });
  });
});
