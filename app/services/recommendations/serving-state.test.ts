// The storefront's serving state follows the catalog and the live model by
// reading only what changed: an update between trainings, products written
// or deleted. What it did not read stays the very same object.
import prisma from "../../db.server";
import { logger } from "../../lib/logger.server";
import { servingProductsPage } from "../../models/catalog.server";
import { markProductDeleted, writeProducts } from "../../models/products.server";
import { getLiveModel, patchLiveModel, servedListsPage } from "../../models/recommendations.server";
import { productRecord, seedSmallStore } from "../../../test/helpers/catalog";
import { createTestShop } from "../../../test/helpers/shops";
import { NO_RULES, rank } from "./serve";
import { forgetServingState, getServingState } from "./serving-state.server";
import { trainRecommendations } from "./training.server";

let shop: { id: string; domain: string };

beforeEach(async () => {
  shop = await createTestShop();
  await seedSmallStore(shop.id);
  expect((await trainRecommendations(shop.id, logger)).promoted).toBe(true);
});

afterEach(() => forgetServingState());

describe("serving state", () => {
  it("reads only the rows an update between trainings wrote, and drops the lists it emptied", async () => {
    const before = await getServingState(shop.id, { fresh: true });
    const untouched = before.model.lists.similar.get("3");
    expect(untouched?.length).toBeGreaterThan(0);
    expect(before.model.lists.similar.get("2")?.length).toBeGreaterThan(0);

    const live = (await getLiveModel(shop.id))!;
    expect(
      await patchLiveModel(shop.id, { id: live.id, revision: live.revision }, new Date(), [
        { productShopifyId: "1", kind: "bought_together", items: [["7", 0.9]] },
        { productShopifyId: "2", kind: "similar", items: [] },
        { productShopifyId: "4", kind: "similar", items: [["9", 0.5]] },
      ]),
    ).toBe(true);

    const after = await getServingState(shop.id, { fresh: true });
    expect(after.model.lists.bought_together.get("1")).toEqual([["7", 0.9]]);
    expect(after.model.lists.similar.has("2")).toBe(false);
    // Not read again: the same array as before the update.
    expect(after.model.lists.similar.get("3")).toBe(untouched);
    expect(after.model.lists.similar.get("4")).toEqual([["9", 0.5]]);
    expect(rank(after.model, { context: "product", strategy: "bought_together", limit: 4, productId: "1" }, NO_RULES).items[0].productId).toBe("7");

    // Read whole (a new process): the emptied row is no list at all.
    forgetServingState();
    const whole = await getServingState(shop.id);
    expect(whole.model.lists.similar.has("2")).toBe(false);
    expect(whole.model.lists.bought_together.get("1")).toEqual([["7", 0.9]]);
    expect(whole.model.lists.similar.get("3")).toEqual(untouched);
  });

  it("reads only the products written since, deleted ones included", async () => {
    // Product 5 was written an hour before the newest write: it is not read again.
    await prisma.product.updateMany({ where: { shopId: shop.id }, data: { syncedAt: new Date(Date.now() - 3_600_000) } });
    await prisma.product.updateMany({ where: { shopId: shop.id, shopifyId: "5" }, data: { syncedAt: new Date(Date.now() - 7_200_000) } });
    const before = await getServingState(shop.id, { fresh: true });
    const untouched = before.model.catalog.get("5");
    expect(before.model.catalog.has("2")).toBe(true);

    const now = new Date();
    await writeProducts(shop.id, [productRecord(1, { title: "Renamed mug", shopifyUpdatedAt: now }), productRecord(99, { shopifyUpdatedAt: now })]);
    expect(await markProductDeleted(shop.id, "2", new Date(now.getTime() + 1_000))).toBe("deleted");

    const after = await getServingState(shop.id, { fresh: true });
    expect(after.model.catalog.get("1")?.title).toBe("Renamed mug");
    expect(after.model.catalog.get("99")).toMatchObject({ title: "Product 99", sellable: true, variantId: "990" });
    expect(after.model.catalog.has("2")).toBe(false);
    expect(after.model.catalog.get("5")).toBe(untouched);
  });

  it("notices a product removed outright and reads the catalog again", async () => {
    const before = await getServingState(shop.id, { fresh: true });
    const size = before.model.catalog.size;
    expect(before.model.catalog.has("4")).toBe(true);
    await prisma.product.delete({ where: { shopId_shopifyId: { shopId: shop.id, shopifyId: "4" } } });
    const after = await getServingState(shop.id, { fresh: true });
    expect(after.model.catalog.has("4")).toBe(false);
    expect(after.model.catalog.size).toBe(size - 1);
  });
});

describe("reading a page at a time", () => {
  it("covers every product and every served list exactly once", async () => {
    const products: string[] = [];
    for (let after = ""; ;) {
      const page = await servingProductsPage(shop.id, { after, limit: 5 });
      products.push(...page.products.map((p) => p.shopifyId));
      if (!page.last) break;
      after = page.last;
    }
    expect(products.sort()).toEqual(Array.from({ length: 12 }, (_, n) => String(n + 1)).sort());

    const live = (await getLiveModel(shop.id))!;
    const all = (await servedListsPage(shop.id, live.id, { after: null, limit: 100_000 })).rows.map((r) => `${r.kind}/${r.productShopifyId}`);
    const paged: string[] = [];
    for (let after: { productShopifyId: string; kind: string } | null = null; ;) {
      const page = await servedListsPage(shop.id, live.id, { after, limit: 7 });
      paged.push(...page.rows.map((r) => `${r.kind}/${r.productShopifyId}`));
      if (!page.last) break;
      after = page.last;
    }
    expect(all.length).toBeGreaterThan(14);
    expect(paged).toEqual(all);
    expect(new Set(paged).size).toBe(paged.length);
  });
});
