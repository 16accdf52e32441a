// Training against the real database: what a failure leaves behind, and
// "Train now" while a version trains.
import prisma from "../../db.server";
import { databaseProvider } from "../../lib/database-url.js";
import { logger } from "../../lib/logger.server";
import { sql } from "../../lib/sql.server";
import { createModelVersion, getLiveModel } from "../../models/recommendations.server";
import { closeQueues } from "../../queues/connection.server";
import { purchasePages, writeOrders } from "../../models/orders.server";
import { writeProducts } from "../../models/products.server";
import { behaviourPages } from "../../models/storefront-events.server";
import { productRecord, seedSmallStore } from "../../../test/helpers/catalog";
import { createTestShop } from "../../../test/helpers/shops";
import { requestTraining } from "./overview.server";
import { trainRecommendationModel } from "./pipeline";
import { loadTrainingInput, trainRecommendations } from "./training.server";

afterAll(async () => {
  await closeQueues();
});

/**
 * Makes the database refuse writes of complementary pairs for one shop, as a
 * busy database would, until the returned function is called.
 */
async function refusePairWrites(shopId: string): Promise<() => Promise<void>> {
  const name = `test_refuse_pairs_${shopId.replace(/\W/g, "")}`;
  if (databaseProvider() === "sqlite") {
    for (const op of ["INSERT", "UPDATE"]) {
      await prisma.$executeRawUnsafe(
        `CREATE TRIGGER "${name}_${op}" BEFORE ${op} ON "ComplementaryPair" WHEN NEW."shopId" = '${shopId}' BEGIN SELECT RAISE(ABORT, 'database is locked'); END`,
      );
    }
    return async () => {
      for (const op of ["INSERT", "UPDATE"]) await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS "${name}_${op}"`);
    };
  }
  await prisma.$executeRawUnsafe(
    `CREATE FUNCTION "${name}"() RETURNS trigger AS $$ BEGIN IF NEW."shopId" = '${shopId}' THEN RAISE EXCEPTION 'database is locked'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
  );
  await prisma.$executeRawUnsafe(`CREATE TRIGGER "${name}" BEFORE INSERT OR UPDATE ON "ComplementaryPair" FOR EACH ROW EXECUTE FUNCTION "${name}"()`);
  return async () => {
    await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS "${name}" ON "ComplementaryPair"`);
    await prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS "${name}"()`);
  };
}

describe("a training that fails", () => {
  it("never leaves the shop without a live model, even when it fails after going live", async () => {
    const shop = await createTestShop();
    await seedSmallStore(shop.id);
    const first = await trainRecommendations(shop.id, logger);
    expect(first.promoted).toBe(true);
    // The next training writes pairs again, and that is where it will fail.
    expect(await prisma.complementaryPair.count({ where: { shopId: shop.id } })).toBeGreaterThan(0);

    const allow = await refusePairWrites(shop.id);
    try {
      await trainRecommendations(shop.id, logger).catch(() => undefined);
    } finally {
      await allow();
    }
    const live = await getLiveModel(shop.id);
    expect(live).not.toBeNull();
    const versions = await prisma.recommendationModel.findMany({
      where: { shopId: shop.id },
      orderBy: { version: "asc" },
      select: { version: true, status: true },
    });
    expect(versions.filter((v) => v.status === "live")).toHaveLength(1);
    // The new version went live before the failure and stays live, with its lists.
    expect(live!.version).toBe(2);
    expect(await prisma.recommendationList.count({ where: { shopId: shop.id, modelId: live!.id } })).toBeGreaterThan(0);
  });
});

describe("Train now", () => {
  it("says so while a version is training, instead of quietly doing nothing", async () => {
    const shop = await createTestShop();
    await createModelVersion(shop.id, 3, "{}");
    const result = await requestTraining(shop.id);
    expect(result).toMatchObject({ ok: false, status: 409 });
    expect(!result.ok && result.error).toMatch(/^Version 3 is training now \(started \d+ s ago\)/);
  });

  it("queues a training when none runs", async () => {
    const shop = await createTestShop();
    expect(await requestTraining(shop.id)).toEqual({ ok: true });
  });
});

describe("product families from options", () => {
  it("loads each product's own option values, so a German shop's colours make one family", async () => {
    const shop = await createTestShop();
    await writeProducts(shop.id, [
      productRecord(101, { title: "Teetasse Rosa", productType: "Tassen", options: [{ name: "Farbe", values: ["Rosa"] }] }),
      productRecord(102, { title: "Teetasse Grün", productType: "Tassen", options: [{ name: "Farbe", values: ["Grün"] }] }),
      productRecord(103, { title: "Teetasse Blau", productType: "Tassen" }),
    ]);
    const input = await loadTrainingInput(shop.id);
    expect(Object.fromEntries(input.catalog.map((c) => [c.id, c.optionValues]))).toEqual({ "101": ["Rosa"], "102": ["Grün"], "103": [] });
    const { lists } = await trainRecommendationModel(input);
    // "Blau" is no option of product 103 and not on the English list: it stays alone.
    expect(Object.fromEntries(lists.families)).toEqual({ "101": "101", "102": "101" });
  });
});

describe("training's input, a page at a time", () => {
  it("reads every purchase and every view exactly once, across pages and equal times", async () => {
    const shop = await createTestShop();
    await seedSmallStore(shop.id, 12, 7);
    // An order with no lines, and a cancelled one (not a purchase).
    const when = new Date("2024-02-01T00:00:00Z");
    const bare = {
      name: "#x",
      customerShopifyId: null,
      totalPrice: "0.00",
      currencyCode: "GBP",
      financialStatus: "PAID",
      processedAt: when,
      shopifyUpdatedAt: when,
    };
    await writeOrders(shop.id, [
      { ...bare, shopifyId: "900", cancelledAt: null, lines: [] },
      {
        ...bare,
        shopifyId: "901",
        cancelledAt: when,
        lines: [{ shopifyId: "901-0", productShopifyId: "1", variantShopifyId: "10", sku: null, title: "P", quantity: 1, price: "5.00" }],
      },
    ]);
    const expected = await prisma.order.findMany({
      where: { shopId: shop.id, cancelledAt: null },
      select: { shopifyId: true, _count: { select: { lines: true } } },
    });
    expect(expected.map((o) => o.shopifyId)).toContain("900");
    const read: [string, number][] = [];
    for await (const page of purchasePages(shop.id, 3)) read.push(...page.map((o): [string, number] => [o.shopifyId, o.lines.length]));
    expect(read).toHaveLength(expected.length);
    expect(new Map(read)).toEqual(new Map(expected.map((o) => [o.shopifyId, o._count.lines])));

    // Seven views at one instant: paging by time alone would lose or repeat some.
    const at = new Date(Date.now() - 86_400_000);
    await prisma.storefrontEvent.createMany({
      data: Array.from({ length: 7 }, (_, n) => ({
        shopId: shop.id,
        visitorId: `v${n}`,
        type: "view",
        productShopifyId: "1",
        dedupeKey: `k${n}`,
        occurredAt: at,
      })),
    });
    const views: string[] = [];
    for await (const page of behaviourPages(shop.id, new Date(Date.now() - 7 * 86_400_000), 2)) views.push(...page.map((e) => e.visitorId));
    expect(views.sort()).toEqual(["v0", "v1", "v2", "v3", "v4", "v5", "v6"]);

    // The log holds each order line and view once, its items starting with the catalog's.
    const input = await loadTrainingInput(shop.id);
    const lines = await prisma.orderLine.count({ where: { order: { shopId: shop.id, cancelledAt: null } } });
    expect(input.events.length).toBe(lines + 7);
    expect(input.events.catalogSize).toBe(input.catalog.length);
  });
});

describe("a catalog past PostgreSQL's 65,535 bind parameters", () => {
  it("is read whole", { timeout: 120_000 }, async () => {
    const shop = await createTestShop();
    const db = await sql();
    const n = 70_000;
    await db.run(
      `INSERT INTO "Product" ("id", "shopId", "shopifyId", "title", "handle", "shopifyUpdatedAt")
       WITH RECURSIVE "n"("i") AS (SELECT 1 UNION ALL SELECT "i" + 1 FROM "n" WHERE "i" < ?)
       SELECT ? || "i", ?, CAST(900000000 + "i" AS TEXT), 'Product ' || "i", 'product-' || "i", ? FROM "n"`,
      [n, `${shop.id}-p`, shop.id, db.timestamp(new Date())],
    );
    const input = await loadTrainingInput(shop.id);
    expect(input.catalog).toHaveLength(n);
    expect(input.events.length).toBe(0);
  });
});
