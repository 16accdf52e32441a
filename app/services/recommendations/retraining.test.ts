import prisma from "../../db.server";
import { writeProducts } from "../../models/products.server";
import { productRecord } from "../../../test/helpers/catalog";
import { createTestShop } from "../../../test/helpers/shops";
import { scheduledTrainingNeeded } from "./retraining.server";

const ID_BASE = 8_150_100_000_000 + Math.floor(Math.random() * 100_000) * 10;

describe("scheduledTrainingNeeded", () => {
  it("trains a shop that has no version yet", async () => {
    const shop = await createTestShop();
    expect(await scheduledTrainingNeeded(shop.id)).toBe(true);
  });

  it("skips when nothing changed since the last version, and trains again after a change or a day", async () => {
    const shop = await createTestShop();
    await writeProducts(shop.id, [productRecord(ID_BASE + 1)]);
    await new Promise((r) => setTimeout(r, 5));
    const version = await prisma.recommendationModel.create({ data: { shopId: shop.id, version: 1, status: "live" } });
    expect(await scheduledTrainingNeeded(shop.id)).toBe(false);
    // A day later the evaluation window has moved: train anyway.
    expect(await scheduledTrainingNeeded(shop.id, new Date(version.createdAt.getTime() + 25 * 3600_000))).toBe(true);

    await new Promise((r) => setTimeout(r, 5));
    await prisma.storefrontEvent.create({
      data: { shopId: shop.id, visitorId: "v1", type: "view", productShopifyId: String(ID_BASE + 1), dedupeKey: "k1", occurredAt: new Date() },
    });
    expect(await scheduledTrainingNeeded(shop.id)).toBe(true);
  });

  it("does not count a failed version as trained", async () => {
    const shop = await createTestShop();
    await writeProducts(shop.id, [productRecord(ID_BASE + 2)]);
    await new Promise((r) => setTimeout(r, 5));
    await prisma.recommendationModel.create({ data: { shopId: shop.id, version: 1, status: "failed" } });
    expect(await scheduledTrainingNeeded(shop.id)).toBe(true);
  });
});
