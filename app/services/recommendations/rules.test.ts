import { describe, expect, it } from "vitest";
import { createTestShop } from "../../../test/helpers/shops";
import { writeProducts } from "../../models/products.server";
import type { ProductRecord } from "../../models/records";
import { addRuleFromForm, getRules, removeRule } from "./rules.server";
import { previewRecommendations } from "./serving.server";

function product(shopifyId: string, title: string): ProductRecord {
  return {
    shopifyId,
    title,
    handle: title.toLowerCase().replace(/\s+/g, "-"),
    descriptionHtml: "",
    vendor: "",
    productType: "",
    status: "ACTIVE",
    tags: [],
    isGiftCard: false,
    tracksInventory: false,
    shopifyCreatedAt: null,
    shopifyUpdatedAt: new Date("2026-01-01T00:00:00Z"),
    variants: [],
    media: [],
  };
}

async function shopWithProducts() {
  const shop = await createTestShop();
  await writeProducts(shop.id, [product("11", "Red mug"), product("12", "Tea towel"), product("13", "Teapot")]);
  return shop;
}

describe("recommendation rules", () => {
  it("adds pins and exclusions and lists them with their products' titles", async () => {
    const shop = await shopWithProducts();
    expect(await addRuleFromForm(shop.id, { kind: "pin", productId: "11", anchorId: "", position: "2" })).toEqual({ ok: true, kind: "pin" });
    expect(await addRuleFromForm(shop.id, { kind: "exclude", productId: "12", anchorId: "13" })).toEqual({ ok: true, kind: "exclude" });
    // The same pin again moves it instead of adding a second one.
    expect(await addRuleFromForm(shop.id, { kind: "pin", productId: "11", anchorId: "", position: "5" })).toEqual({ ok: true, kind: "pin" });

    const { pins, exclusions } = await getRules(shop.id);
    expect(pins.map((p) => [p.product.title, p.anchor, p.position])).toEqual([["Red mug", null, 5]]);
    expect(exclusions.map((e) => [e.product.title, e.anchor?.title, e.position])).toEqual([["Tea towel", "Teapot", 0]]);

    await removeRule(shop.id, pins[0].id);
    expect((await getRules(shop.id)).pins).toEqual([]);
  });

  it("shows a pin in the preview as soon as it is saved", async () => {
    const shop = await createTestShop();
    const sellable = (id: string, title: string): ProductRecord => ({
      ...product(id, title),
      variants: [
        { shopifyId: `${id}0`, title: "Default", sku: null, price: "5.00", compareAtPrice: null, inventoryQuantity: 3, availableForSale: true, position: 1 },
      ],
    });
    await writeProducts(shop.id, [sellable("21", "Blue mug"), sellable("22", "Jug"), sellable("23", "Saucer")]);
    const before = await previewRecommendations(shop.id, { context: "home" });
    expect(before.items[0]?.productId).not.toBe("23");

    expect((await addRuleFromForm(shop.id, { kind: "pin", productId: "23", anchorId: "", position: "1" })).ok).toBe(true);
    const after = await previewRecommendations(shop.id, { context: "home" });
    expect(after.items[0]).toMatchObject({ productId: "23", reason: "Staff pick" });
  });

  it("answers an unknown product, a bad position or a pin on its own page with a message on the field, and stores nothing", async () => {
    const shop = await shopWithProducts();
    const other = await createTestShop();
    await writeProducts(other.id, [product("99", "Someone else's product")]);

    expect(await addRuleFromForm(shop.id, { kind: "pin", productId: "99", anchorId: "", position: "1" })).toEqual({
      ok: false,
      errors: { productId: "This shop has no product 99. Choose one from the list." },
    });
    expect(await addRuleFromForm(shop.id, { kind: "exclude", productId: "11", anchorId: "404" })).toEqual({
      ok: false,
      errors: { anchorId: "This shop has no product 404. Choose one from the list." },
    });
    expect(await addRuleFromForm(shop.id, { kind: "pin", productId: "11", anchorId: "", position: "13" })).toEqual({
      ok: false,
      errors: { position: "Choose a position from 1 to 12" },
    });
    expect(await addRuleFromForm(shop.id, { kind: "pin", productId: "", position: "1" })).toEqual({ ok: false, errors: { productId: "Choose a product" } });
    expect(await addRuleFromForm(shop.id, { kind: "pin", productId: "gid://shopify/Product/11", position: "1" })).toEqual({
      ok: false,
      errors: { productId: "Choose a product from the list" },
    });
    const own = await addRuleFromForm(shop.id, { kind: "pin", productId: "11", anchorId: "11", position: "1" });
    expect(own.ok ? null : own.errors.anchorId).toMatch(/never recommended on its own page/);

    expect(await getRules(shop.id)).toEqual({ pins: [], exclusions: [] });
  });
});
