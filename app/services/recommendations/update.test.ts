// Updates between trainings against the real database, through the real
// webhook path: a model trained on a small shop, a product and orders sent as
// Shopify sends them, the update job's work, then the serving state and
// `rank` as the storefront reads them.
import prisma from "../../db.server";
import { logger } from "../../lib/logger.server";
import { getLiveModel, patchLiveModel, servedListsPage } from "../../models/recommendations.server";
import { closeQueues } from "../../queues/connection.server";
import { seedSmallStore } from "../../../test/helpers/catalog";
import { createTestShop } from "../../../test/helpers/shops";
import { orderPayload, productPayload, signedWebhookRequest } from "../../../test/helpers/webhooks";
import { applyWebhookDelivery } from "../webhooks/apply.server";
import { receiveWebhook } from "../webhooks/receive.server";
import type { WebhookTopic } from "../webhooks/topics";
import { rank } from "./serve";
import { getServingState } from "./serving-state.server";
import { trainRecommendations } from "./training.server";
import { updateRecommendations } from "./update.server";

afterAll(async () => {
  await closeQueues();
});

/** Sends a webhook as Shopify does and applies it as the worker does. */
async function sendWebhook(shopDomain: string, topic: WebhookTopic, payload: unknown) {
  const webhookId = `${topic}-${Math.random().toString(36).slice(2)}`;
  const request = signedWebhookRequest(`http://127.0.0.1/webhooks/${topic}`, { topic, shop: shopDomain, payload, webhookId });
  expect((await receiveWebhook(request, topic)).status).toBe(200);
  const delivery = await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId }, select: { id: true } });
  expect((await applyWebhookDelivery(delivery.id)).status).toBe("applied");
}

const now = () => new Date().toISOString();
/** An order placed now. */
const newOrder = (id: number, customerId: number, productIds: number[]) => ({
  ...orderPayload(id, now(), customerId, productIds),
  created_at: now(),
  processed_at: now(),
});
/** A mug like product 1 (a mug of vendor 1), new to the shop. */
const newMug = (id: number) => productPayload(id, now(), { title: "Enamel camping mug", product_type: "Mugs", vendor: "Vendor 1", tags: "" });

/** Shopify ids are global: each test's new product and orders get their own. */
const fresh = () => 1e9 + Math.floor(Math.random() * 1e8) * 10;

/** The update job's work, now: nothing written in the last seconds is left waiting. */
const runUpdate = (shopId: string) => updateRecommendations(shopId, logger, { settleMs: 0, now: Date.now() + 1 });

describe("updates between trainings", () => {
  it("serve a new product in a related product's similar list and a new pair in bought together, within the live model", async () => {
    const shop = await createTestShop();
    await seedSmallStore(shop.id);
    const trained = await trainRecommendations(shop.id, logger);
    expect(trained.promoted).toBe(true);
    const before = await getServingState(shop.id, { fresh: true });
    // Nobody bought 8 or 10: no bought-together lists of their own.
    expect(before.model.lists.bought_together.get("8")).toBeUndefined();

    const mug = fresh();
    const orderId = fresh();
    await sendWebhook(shop.domain, "products/create", newMug(mug));
    // Two orders of 8 with 10: a pair with the minimum support.
    await sendWebhook(shop.domain, "orders/create", newOrder(orderId + 1, orderId + 1, [8, 10]));
    await sendWebhook(shop.domain, "orders/create", newOrder(orderId + 2, orderId + 2, [8, 10]));
    // An order of one line: no pair.
    await sendWebhook(shop.domain, "orders/create", newOrder(orderId + 3, orderId + 3, [7]));

    const outcome = await runUpdate(shop.id);
    expect(outcome).toMatchObject({ written: true, orders: 3, products: 1, more: false });
    const live = await getLiveModel(shop.id);
    expect(live?.version).toBe(trained.version);
    expect(live?.revision).toBe(1);

    const state = await getServingState(shop.id, { fresh: true });
    expect(state.fingerprint).not.toBe(before.fingerprint);
    const similarToMug = rank(state.model, { context: "product", productId: "1", strategy: "similar", limit: 12 }, state.rules);
    expect(similarToMug.items.find((i) => i.productId === String(mug))).toMatchObject({ reasonCode: "similar_to", anchorId: "1" });
    // The new product's own blocks are not empty: similar by content, bought together borrowed.
    expect(state.model.lists.similar.get(String(mug))?.[0][0]).toBe("1");
    expect(state.model.lists.bought_together.get(String(mug))?.length).toBeGreaterThan(0);
    const onNewProduct = rank(state.model, { context: "product", productId: String(mug), strategy: "auto", limit: 4 }, state.rules);
    expect(onNewProduct.items).toHaveLength(4);
    const boughtWith8 = rank(state.model, { context: "product", productId: "8", strategy: "bought_together", limit: 4 }, state.rules);
    expect(boughtWith8.items[0]).toMatchObject({ productId: "10", reasonCode: "bought_with", anchorId: "8" });
    expect(state.model.lists.bought_together.get("7")).toEqual(before.model.lists.bought_together.get("7"));

    // Applied once: a second update finds nothing new and leaves the revision alone.
    expect(await runUpdate(shop.id)).toMatchObject({ written: false, reason: "nothing new" });
    expect((await getLiveModel(shop.id))?.revision).toBe(1);

    // A price change is not a content change: the log moves on, the lists stay.
    const repriced = newMug(mug);
    await sendWebhook(shop.domain, "products/update", {
      ...repriced,
      updated_at: new Date(Date.now() + 1000).toISOString(),
      variants: [{ ...repriced.variants[0], price: "9.00" }],
    });
    expect(await runUpdate(shop.id)).toMatchObject({ products: 0, orders: 0, rows: 0 });
    expect((await getLiveModel(shop.id))?.revision).toBe(1);
  });

  it("write nothing into a model a training retired meanwhile, and apply it all to the new one", async () => {
    const shop = await createTestShop();
    await seedSmallStore(shop.id);
    const first = await trainRecommendations(shop.id, logger);
    const retired = (await getLiveModel(shop.id))!;
    const mug = fresh();
    await sendWebhook(shop.domain, "products/create", newMug(mug));
    const second = await trainRecommendations(shop.id, logger);
    expect(second.promoted).toBe(true);
    expect(second.version).toBe(first.version + 1);
    const retiredLists = await prisma.recommendationList.count({ where: { modelId: retired.id } });

    // An update that read the first model before the second went live.
    expect(
      await patchLiveModel(shop.id, { id: retired.id, revision: retired.revision }, new Date(), [
        { productShopifyId: "1", kind: "similar", items: [[String(mug), 1]] },
      ]),
    ).toBe(false);
    expect(await prisma.recommendationList.count({ where: { modelId: retired.id } })).toBe(retiredLists);
    expect(await prisma.recommendationModel.findUniqueOrThrow({ where: { id: retired.id }, select: { revision: true, status: true } })).toEqual({
      revision: 0,
      status: "retired",
    });

    // The new model was trained with the product: nothing to update, and it stays live.
    expect(await runUpdate(shop.id)).toMatchObject({ written: false, reason: "nothing new" });
    await sendWebhook(shop.domain, "orders/create", newOrder(fresh(), fresh(), [5, mug]));
    expect(await runUpdate(shop.id)).toMatchObject({ written: true, orders: 1 });
    const live = (await getLiveModel(shop.id))!;
    expect(live).toMatchObject({ version: second.version, revision: 1 });
    const { rows } = await servedListsPage(shop.id, live.id, { after: null, limit: 10_000 });
    expect(rows.some((r) => r.kind === "pair_counts")).toBe(false);
    expect(
      JSON.parse(rows.find((r) => r.kind === "recent")!.items)
        .slice(0, 2)
        .map(([id]: [string]) => id)
        .sort(),
    ).toEqual([String(mug), "5"].sort());
  });

  it("stop at their cap between webhook batches, and the next update goes on from there", async () => {
    const shop = await createTestShop();
    await seedSmallStore(shop.id);
    await trainRecommendations(shop.id, logger);
    const base = fresh();
    // Three orders, three batches, two products each, none of them pairs before.
    for (const [n, pair] of [
      [8, 10],
      [8, 12],
      [10, 12],
    ].entries()) {
      await sendWebhook(shop.domain, "orders/create", newOrder(base + n, base + n, pair));
    }
    const capped = (now: number) => updateRecommendations(shop.id, logger, { settleMs: 0, now, maxProducts: 2 });
    const now = Date.now() + 1;
    expect(await capped(now)).toMatchObject({ written: true, orders: 1, more: true });
    expect(await capped(now)).toMatchObject({ written: true, orders: 1, more: true });
    expect(await capped(now)).toMatchObject({ written: true, orders: 1, more: false });
    expect(await capped(now)).toMatchObject({ written: false, reason: "nothing new" });
    // Each order counted once: every pair was seen in one basket.
    const live = (await getLiveModel(shop.id))!;
    const counts = await prisma.recommendationList.findMany({
      where: { modelId: live.id, kind: "pair_counts", productShopifyId: { in: ["8", "10", "12"] } },
      select: { productShopifyId: true, items: true },
    });
    expect(Object.fromEntries(counts.map((r) => [r.productShopifyId, Object.fromEntries(JSON.parse(r.items) as [string, number][])]))).toEqual({
      "8": { "10": 1, "12": 1 },
      "10": { "8": 1, "12": 1 },
      "12": { "8": 1, "10": 1 },
    });
  });
});
