import { describe, expect, it } from "vitest";
import { productRecord, seedSmallStore } from "../../../test/helpers/catalog";
import { createTestShop } from "../../../test/helpers/shops";
import { logger } from "../../lib/logger.server";
import { markCollectionDeleted, replaceCollectionProducts, writeCollections } from "../../models/collections.server";
import { writeProducts } from "../../models/products.server";
import type { ProductRecord } from "../../models/records";
import { addGroupRuleFromForm, addRuleFromForm, getGroupRules, getRules, removeGroupRule, removeRule } from "./rules.server";
import { previewRecommendations } from "./serving.server";
import { trainRecommendations } from "./training.server";

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

describe("rules by group", () => {
  it("adds, lists in words and removes rules by group", async () => {
    const shop = await shopWithProducts();
    expect(await addGroupRuleFromForm(shop.id, { ruleAction: "exclude", whenField: "", targetField: "tag", targetValue: " gift-wrap " })).toEqual({
      ok: true,
      text: "Never recommend products tagged gift-wrap",
    });
    expect(await addGroupRuleFromForm(shop.id, { ruleAction: "pin", whenField: "vendor", whenValue: "Acme", productId: "11", position: "1" })).toEqual({
      ok: true,
      text: "Show Red mug at position 1 on pages of products by Acme",
    });
    expect(await addGroupRuleFromForm(shop.id, { ruleAction: "price_cap", whenField: "price", whenMin: "10", whenMax: "", percent: "120" })).toEqual({
      ok: true,
      text: "Only recommend products priced at most 120% of the viewed product's price on pages of products with a price of at least 10",
    });
    expect((await addGroupRuleFromForm(shop.id, { ruleAction: "exclude", targetField: "stock", targetMax: "2" })).ok).toBe(true);
    // The same rule again is kept once.
    expect((await addGroupRuleFromForm(shop.id, { ruleAction: "exclude", targetField: "tag", targetValue: "gift-wrap" })).ok).toBe(true);

    const rules = await getGroupRules(shop.id);
    expect(rules.map((r) => r.text)).toEqual([
      "Never recommend products tagged gift-wrap",
      "Show Red mug at position 1 on pages of products by Acme",
      "Only recommend products priced at most 120% of the viewed product's price on pages of products with a price of at least 10",
      "Never recommend products with stock of at most 2",
    ]);
    expect(rules[1].product?.title).toBe("Red mug");
    await removeGroupRule(shop.id, rules[0].id);
    // Another shop cannot remove this shop's rules.
    const other = await createTestShop();
    await removeGroupRule(other.id, rules[1].id);
    expect((await getGroupRules(shop.id)).map((r) => r.id)).toEqual(rules.slice(1).map((r) => r.id));
  });

  it("answers bad input with a message on the field, and stores nothing", async () => {
    const shop = await shopWithProducts();
    const other = await createTestShop();
    await writeProducts(other.id, [product("99", "Someone else's product")]);
    const errors = async (form: Record<string, string>) => {
      const r = await addGroupRuleFromForm(shop.id, form);
      return r.ok ? null : r.errors;
    };

    expect(await errors({ ruleAction: "exclude", targetField: "tag", targetValue: "  " })).toEqual({ targetValue: "Enter a tag, e.g. gift-wrap" });
    expect(await errors({ ruleAction: "exclude", whenField: "vendor", whenValue: "", targetField: "productType", targetValue: "Wrap" })).toEqual({
      whenValue: "Enter a vendor",
    });
    expect(await errors({ ruleAction: "exclude", targetField: "price", targetMin: "50", targetMax: "10" })).toEqual({
      targetMax: "The maximum is below the minimum (50)",
    });
    expect(await errors({ ruleAction: "exclude", targetField: "price", targetMin: "", targetMax: "" })).toEqual({
      targetMin: "Enter a minimum, a maximum or both",
    });
    expect(await errors({ ruleAction: "exclude", targetField: "price", targetMin: "-5" })).toEqual({ targetMin: "Enter a price of 0 or more" });
    expect(await errors({ ruleAction: "exclude", targetField: "stock", targetMax: "-1" })).toEqual({ targetMax: "Enter a stock level of 0 or more" });
    expect(await errors({ ruleAction: "exclude", targetField: "stock", targetMax: "2.5" })).toEqual({ targetMax: "Enter a whole number of units" });
    expect(await errors({ ruleAction: "exclude", targetField: "price", targetMax: "ten" })).toEqual({ targetMax: "Enter a number, e.g. 25" });
    expect(await errors({ ruleAction: "exclude", targetField: "colour", targetValue: "Red" })).toEqual({
      targetField: "Choose one of: tag, vendor, product type, collection, price range, stock range",
    });
    expect(await errors({ ruleAction: "exclude", targetField: "collection", targetValue: "Kitchen" })).toEqual({
      targetValue: "Choose a collection from the list",
    });
    expect(await errors({ ruleAction: "price_cap", percent: "90" })).toEqual({
      percent: "Enter 100% or more: under 100% even products priced like the viewed one are left out",
    });
    expect(await errors({ ruleAction: "price_cap", percent: "" })).toEqual({
      percent: "Enter a percentage, e.g. 120 for up to 20% above the viewed product's price",
    });
    expect(await errors({ ruleAction: "price_cap", whenField: "price", whenMin: "-1", percent: "150" })).toEqual({ whenMin: "Enter a price of 0 or more" });
    expect(await errors({ ruleAction: "pin", productId: "404", position: "1" })).toEqual({
      productId: "This shop has no product 404. Choose one from the list.",
    });
    expect(await errors({ ruleAction: "pin", productId: "99", position: "1" })).toEqual({
      productId: "This shop has no product 99. Choose one from the list.",
    });
    expect(await errors({ ruleAction: "pin", productId: "", position: "0" })).toEqual({
      productId: "Choose a product",
      position: "Choose a position from 1 to 12",
    });
    expect(await errors({ ruleAction: "hide" })).toEqual({ ruleAction: "Choose exclude, pin or price cap" });

    expect(await getGroupRules(shop.id)).toEqual([]);
  });

  it("applies a saved rule in the preview at once, and says so when rules leave nothing", async () => {
    const shop = await createTestShop();
    // Customers buy 1 with 2 again and again; 2 is gift wrap.
    await seedSmallStore(shop.id);
    await writeProducts(shop.id, [productRecord(2, { tags: ["Gift-Wrap"] })]);
    expect((await trainRecommendations(shop.id, logger)).promoted).toBe(true);
    const shown = async () => (await previewRecommendations(shop.id, { context: "product", productId: "1" })).items.map((i) => i.productId);
    expect((await shown())[0]).toBe("2");

    expect((await addGroupRuleFromForm(shop.id, { ruleAction: "exclude", targetField: "tag", targetValue: "gift-wrap" })).ok).toBe(true);
    expect(await shown()).not.toContain("2");
    expect((await shown()).length).toBeGreaterThan(0);
    expect((await previewRecommendations(shop.id, { context: "product", productId: "1" })).warning).toBeNull();

    // Every product costs 5.00: a rule leaving out everything from 5 up leaves nothing, and the preview says which rule did it.
    expect((await addGroupRuleFromForm(shop.id, { ruleAction: "exclude", targetField: "price", targetMin: "5" })).ok).toBe(true);
    const empty = await previewRecommendations(shop.id, { context: "product", productId: "1" });
    expect(empty.items).toEqual([]);
    expect(empty.warning).toMatch(/leave no candidate .*“Never recommend products with a price of at least 5”/);

    const [, everything] = await getGroupRules(shop.id);
    await removeGroupRule(shop.id, everything.id);
    expect((await shown()).length).toBeGreaterThan(0);
  });
});

describe("rules by collection", () => {
  const collection = (shopifyId: string, title: string) => ({
    shopifyId,
    title,
    handle: title.toLowerCase(),
    smart: false,
    shopifyUpdatedAt: new Date("2026-01-01T00:00:00Z"),
  });

  it("offers only this shop's live collections: another shop's, an unknown or a deleted one gets a message on the field", async () => {
    const shop = await shopWithProducts();
    const other = await createTestShop();
    await writeCollections(shop.id, [collection("7100", "Gift wrap"), collection("7101", "Kitchen")]);
    await writeCollections(other.id, [collection("7199", "Their collection")]);
    await markCollectionDeleted(shop.id, "7101", new Date("2026-02-01T00:00:00Z"));
    const errors = async (form: Record<string, string>) => {
      const r = await addGroupRuleFromForm(shop.id, form);
      return r.ok ? null : r.errors;
    };
    expect(await errors({ ruleAction: "exclude", targetField: "collection", targetValue: "7199" })).toEqual({
      targetValue: "This shop has no collection 7199. Choose one from the list.",
    });
    expect(await errors({ ruleAction: "exclude", targetField: "collection", targetValue: "404" })).toEqual({
      targetValue: "This shop has no collection 404. Choose one from the list.",
    });
    expect(await errors({ ruleAction: "pin", whenField: "collection", whenValue: "7101", productId: "11", position: "1" })).toEqual({
      whenValue: "The collection “Kitchen” was deleted in Shopify. Choose another.",
    });
    expect(await errors({ ruleAction: "exclude", targetField: "collection", targetValue: "" })).toEqual({ targetValue: "Choose a collection from the list" });
    expect(await getGroupRules(shop.id)).toEqual([]);

    expect(await addGroupRuleFromForm(shop.id, { ruleAction: "exclude", targetField: "collection", targetValue: "7100" })).toEqual({
      ok: true,
      text: "Never recommend products in collection Gift wrap",
    });
    expect(await addGroupRuleFromForm(shop.id, { ruleAction: "pin", whenField: "collection", whenValue: "7100", productId: "11", position: "2" })).toEqual({
      ok: true,
      text: "Show Red mug at position 2 on pages of products in collection Gift wrap",
    });
    expect((await getGroupRules(shop.id)).map((r) => r.problem)).toEqual([null, null]);

    // Deleted in Shopify afterwards: the rules stay, match nothing, and the page says why.
    await markCollectionDeleted(shop.id, "7100", new Date("2026-03-01T00:00:00Z"));
    const rules = await getGroupRules(shop.id);
    expect(rules[0].text).toBe("Never recommend products in collection Gift wrap");
    expect(rules.map((r) => r.problem)).toEqual([
      "The collection “Gift wrap” no longer exists in Shopify: this rule matches no product. Remove it, or add it again with another collection.",
      "The collection “Gift wrap” no longer exists in Shopify: this rule matches no product. Remove it, or add it again with another collection.",
    ]);
  });

  it("applies a rule by collection in the preview at once, and follows membership changes", async () => {
    const shop = await createTestShop();
    await seedSmallStore(shop.id);
    expect((await trainRecommendations(shop.id, logger)).promoted).toBe(true);
    const shown = async () => (await previewRecommendations(shop.id, { context: "product", productId: "1" })).items.map((i) => i.productId);
    expect((await shown())[0]).toBe("2");

    await writeCollections(shop.id, [collection("7200", "Gift wrap")]);
    await replaceCollectionProducts(shop.id, "7200", ["2"]);
    expect((await addGroupRuleFromForm(shop.id, { ruleAction: "exclude", targetField: "collection", targetValue: "7200" })).ok).toBe(true);
    expect(await shown()).not.toContain("2");

    // Product 2 leaves the collection (a collections/update): it is recommended again at the next check.
    await replaceCollectionProducts(shop.id, "7200", []);
    expect((await shown())[0]).toBe("2");
    await replaceCollectionProducts(shop.id, "7200", ["2"]);
    expect(await shown()).not.toContain("2");
    // The collection is deleted: its rule matches nothing.
    await markCollectionDeleted(shop.id, "7200", new Date());
    expect((await shown())[0]).toBe("2");
  });
});
