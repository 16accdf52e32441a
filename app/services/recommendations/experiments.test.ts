import { describe, expect, it } from "vitest";
import { createTestShop } from "../../../test/helpers/shops";
import prisma from "../../db.server";
import { env } from "../../lib/env.server";
import { RequestError } from "../../lib/errors.server";
import { writeOrders } from "../../models/orders.server";
import type { OrderRecord } from "../../models/records";
import { getExperiment, listRunningExperiments } from "../../models/recommendations.server";
import { visitorSignature } from "../attribution/cart-attributes";
import { readSettings } from "../settings.server";
import { armOutcomes, endExperiment, experimentResults, getExperimentsPage, startExperiment } from "./experiments.server";
import { assignArm } from "./experiments/stats";
import { recommendForStorefront } from "./serving.server";

const DAY = 86_400_000;
const ID_BASE = 8_260_300_000_000 + Math.floor(Math.random() * 100_000) * 1000;
let seq = 0;

async function testShop() {
  const created = await createTestShop();
  return prisma.shop.findUniqueOrThrow({ where: { id: created.id }, select: { id: true, domain: true, settings: true, moneyFormat: true } });
}

async function newExperiment(shopId: string, fields: Record<string, string> = {}) {
  const started = await startExperiment(shopId, {
    name: "Picks",
    pageType: "product",
    metric: "conversion",
    strategyA: "bought_together",
    strategyB: "similar",
    splitB: "50",
    ...fields,
  });
  if (!started.ok) throw new Error(JSON.stringify(started.errors));
  return (await getExperiment(shopId, started.id))!;
}

/**
 * One arm's traffic: `visitors` visitors see an impression, the first
 * `clickers` click product 501 a day ago, and the first `buyers` of them
 * order it for `price` (with their signed visitor id in the cart).
 */
async function seedArm(
  shop: { id: string; domain: string },
  experimentId: string,
  arm: "A" | "B",
  counts: { visitors: number; clickers: number; buyers: number; price?: string },
) {
  const clickedAt = new Date(Date.now() - DAY);
  const vid = (i: number) => `vis-${arm}-${experimentId.slice(-6)}-${i}`;
  const event = (i: number, type: string) => ({
    shopId: shop.id,
    visitorId: vid(i),
    type,
    productShopifyId: "501",
    requestId: "rpr_test",
    position: 0,
    experimentId,
    arm,
    dedupeKey: `${type}:${++seq}`,
    occurredAt: clickedAt,
  });
  await prisma.storefrontEvent.createMany({
    data: [
      ...Array.from({ length: counts.visitors }, (_, i) => event(i, "impression")),
      ...Array.from({ length: counts.clickers }, (_, i) => event(i, "click")),
    ],
  });
  const orders: OrderRecord[] = Array.from({ length: counts.buyers }, (_, i) => order(shop.domain, vid(i), counts.price ?? "10.00"));
  await writeOrders(shop.id, orders);
  return vid;
}

function order(shopDomain: string, visitorId: string | null, price: string, options: { cancelled?: boolean } = {}): OrderRecord {
  const id = String(ID_BASE + ++seq);
  const now = new Date();
  return {
    shopifyId: id,
    name: `#${id}`,
    customerShopifyId: null,
    totalPrice: price,
    currencyCode: "USD",
    financialStatus: "paid",
    cancelledAt: options.cancelled ? now : null,
    processedAt: now,
    shopifyUpdatedAt: now,
    cartAttribution: visitorId ? JSON.stringify({ vid: visitorId, sig: visitorSignature(env().SHOPIFY_API_SECRET, shopDomain, visitorId), arm: null }) : null,
    lines: [{ shopifyId: `${id}1`, productShopifyId: "501", variantShopifyId: null, sku: null, title: "Mug", quantity: 1, price }],
  };
}

describe("armOutcomes", () => {
  it("counts each arm's distinct visitors and credits revenue only to visitors of the same arm", () => {
    const outcomes = armOutcomes(
      [
        { arm: "A", visitorId: "v1" },
        { arm: "A", visitorId: "v2" },
        { arm: "B", visitorId: "v3" },
        { arm: null, visitorId: "v9" },
      ],
      [
        { arm: "A", visitorId: "v1", revenueCents: 1000 },
        { arm: "A", visitorId: "v1", revenueCents: 500 },
        { arm: "A", visitorId: "v3", revenueCents: 700 }, // v3 is in B
        { arm: "B", visitorId: null, revenueCents: 900 }, // no visitor
        { arm: "B", visitorId: "v3", revenueCents: 200 },
      ],
    );
    expect(outcomes.A.visitors).toBe(2);
    expect([...outcomes.A.revenueByVisitor]).toEqual([["v1", 1500]]);
    expect(outcomes.B.visitors).toBe(1);
    expect([...outcomes.B.revenueByVisitor]).toEqual([["v3", 200]]);
  });
});

describe("A/B test results", () => {
  it("counts visitors, CTR, converting visitors and revenue per visitor per arm from the credited orders", async () => {
    const shop = await testShop();
    const exp = await newExperiment(shop.id);
    const vidA = await seedArm(shop, exp.id, "A", { visitors: 4, clickers: 2, buyers: 1, price: "10.00" });
    const vidB = await seedArm(shop, exp.id, "B", { visitors: 2, clickers: 1, buyers: 1, price: "20.00" });
    await writeOrders(shop.id, [
      order(shop.domain, vidA(0), "5.00"), // A's buyer again: one converting visitor, 15.00 in all
      order(shop.domain, vidA(1), "7.00", { cancelled: true }), // cancelled: earns nothing
      order(shop.domain, vidB(1), "9.00"), // saw B but never clicked: nothing credited
      order(shop.domain, null, "3.00"), // no visitor id
    ]);

    const page = await getExperimentsPage(shop);
    const running = page.pageTypes.find((p) => p.pageType === "product")?.test;
    expect(page.pageTypes.filter((p) => p.test).map((p) => p.pageType)).toEqual(["product"]);
    const [a, b] = running!.results.arms;
    expect(a).toMatchObject({ arm: "A", strategy: "bought_together", visitors: 4, impressions: 4, clicks: 2, convertingVisitors: 1, revenueCents: 1500 });
    expect(a.conversion).toBeCloseTo(0.25);
    expect(a.revenuePerVisitorCents).toBeCloseTo(375);
    expect(b).toMatchObject({ arm: "B", strategy: "similar", visitors: 2, impressions: 2, clicks: 1, convertingVisitors: 1, revenueCents: 2000 });
    expect(b.revenuePerVisitorCents).toBeCloseTo(1000);
    expect(running!.results.verdict).toEqual({ winner: null, reason: "Needs at least 200 visitors in each arm (A 4, B 2)." });
    expect(running!.results.metrics.conversion.words).toBe("not enough evidence yet");
  });

  it("only sees its own shop's events and orders", async () => {
    const shop = await testShop();
    const other = await testShop();
    const exp = await newExperiment(shop.id);
    await seedArm(other, exp.id, "A", { visitors: 3, clickers: 1, buyers: 1 });
    const results = await experimentResults(shop.id, exp);
    expect(results.arms.map((a) => [a.visitors, a.clicks, a.convertingVisitors])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it("declares a winner only on the metric the test is decided on", async () => {
    const shop = await testShop();
    // CTR differs (5 vs 30 clicks in 200) but conversion does not (5 vs 6 buyers in 200).
    const exp = await newExperiment(shop.id, { metric: "conversion" });
    await seedArm(shop, exp.id, "A", { visitors: 200, clickers: 5, buyers: 5 });
    await seedArm(shop, exp.id, "B", { visitors: 200, clickers: 30, buyers: 6 });
    const page = await getExperimentsPage(shop);
    const { results } = page.pageTypes[0].test!;
    expect(results.metrics.ctr.comparison.pValue).toBeLessThan(0.001);
    expect(results.metrics.ctr.words).toMatch(/^B gets 500% more clicks; 99% sure$/);
    expect(results.metrics.conversion.comparison.pValue).toBeGreaterThan(0.5);
    expect(results.verdict.winner).toBeNull();
    expect(results.verdict.reason).toMatch(/^No significant difference yet/);
    await expect(endExperiment(shop.id, exp.id, true)).rejects.toThrow(/no winner to keep yet/);
    expect((await getExperiment(shop.id, exp.id))?.status).toBe("running");
  });

  it("keeps a revenue winner on its page type only: product blocks serve it, cart and home blocks are untouched", async () => {
    const shop = await testShop();
    const before = async (context: "product" | "cart" | "home") =>
      (await recommendForStorefront(shop.id, { context, cart: [], strategy: "auto", limit: 4, vid: undefined }, null, { fresh: true })).strategy;
    const cartBefore = await before("cart");
    const homeBefore = await before("home");
    const exp = await newExperiment(shop.id, { metric: "revenue", strategyA: "trending", strategyB: "similar" });
    await seedArm(shop, exp.id, "A", { visitors: 200, clickers: 6, buyers: 6, price: "10.00" });
    await seedArm(shop, exp.id, "B", { visitors: 200, clickers: 30, buyers: 30, price: "25.00" });
    await getExperimentsPage(shop); // credits the orders
    const results = await experimentResults(shop.id, exp);
    expect(results.metrics.revenue.comparison).toMatchObject({ valueA: 30, valueB: 375 });
    expect(results.verdict.winner).toBe("B");

    expect(await endExperiment(shop.id, exp.id, true)).toEqual({ winner: "B", strategy: "similar", pageType: "product" });
    const settings = readSettings((await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).settings).recommendations;
    expect(settings.keptStrategies).toEqual({ product: "similar", cart: "auto", home: "auto" });
    expect(await before("product")).toBe("similar");
    expect(await before("cart")).toBe(cartBefore);
    expect(await before("home")).toBe(homeBefore);
    expect(await getExperiment(shop.id, exp.id)).toMatchObject({ status: "stopped", winner: "B" });
    await expect(endExperiment(shop.id, exp.id, false)).rejects.toMatchObject({ status: 409 });
  });

  it("stops without a winner", async () => {
    const shop = await testShop();
    const exp = await newExperiment(shop.id);
    const refused = await endExperiment(shop.id, exp.id, true).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RequestError);
    expect(await endExperiment(shop.id, exp.id, false)).toEqual({ winner: null, strategy: null, pageType: "product" });
    expect(await getExperiment(shop.id, exp.id)).toMatchObject({ status: "stopped", winner: null });
    expect(await listRunningExperiments(shop.id)).toEqual([]);
  });
});

describe("A/B tests per page type", () => {
  it("assigns arms only on the test's page type", async () => {
    const shop = await testShop();
    const exp = await newExperiment(shop.id, { pageType: "cart", strategyA: "trending", strategyB: "similar" });
    const serve = (context: "product" | "cart", vid: string) =>
      recommendForStorefront(shop.id, { context, cart: [], strategy: "auto", limit: 4, vid }, null, { fresh: true });
    const productBaseline = (await recommendForStorefront(shop.id, { context: "product", cart: [], strategy: "auto", limit: 4, vid: undefined }, null))
      .strategy;
    for (const vid of ["visitor-0001", "visitor-0002", "visitor-0003", "visitor-0004"]) {
      const arm = assignArm(exp.id, vid, 50);
      const onCart = await serve("cart", vid);
      expect(onCart.experiment).toEqual({ id: exp.id, arm });
      expect(onCart.strategy).toBe(arm === "A" ? "trending" : "similar");
      const onProduct = await serve("product", vid);
      expect(onProduct.experiment).toBeNull();
      expect(onProduct.strategy).toBe(productBaseline);
    }
  });

  it("runs one test per page type and refuses a second one on the same page type", async () => {
    const shop = await testShop();
    const first = await newExperiment(shop.id, { pageType: "product", name: "Product picks" });
    const onCart = await startExperiment(shop.id, {
      name: "Cart picks",
      pageType: "cart",
      metric: "ctr",
      strategyA: "trending",
      strategyB: "similar",
      splitB: "20",
    });
    expect(onCart.ok).toBe(true);
    const second = await startExperiment(shop.id, {
      name: "Again",
      pageType: "product",
      metric: "ctr",
      strategyA: "trending",
      strategyB: "similar",
      splitB: "50",
    });
    expect(second).toEqual({
      ok: false,
      errors: { pageType: "“Product picks” already runs on the product pages. Stop it first, or choose another page type." },
    });
    expect((await getExperiment(shop.id, first.id))?.status).toBe("running");
    const page = await getExperimentsPage(shop);
    expect(page.pageTypes.map((p) => [p.pageType, p.test?.name ?? null])).toEqual([
      ["product", "Product picks"],
      ["cart", "Cart picks"],
      ["home", null],
    ]);
    // Once stopped, the page type is free again.
    await endExperiment(shop.id, first.id, false);
    expect(
      (await startExperiment(shop.id, { name: "Again", pageType: "product", metric: "revenue", strategyA: "trending", strategyB: "similar", splitB: "50" })).ok,
    ).toBe(true);
    expect(page.past).toEqual([]);
    expect((await getExperimentsPage(shop)).past.map((p) => p.id)).toEqual([first.id]);
  });

  it("answers bad input with a message per field", async () => {
    const shop = await testShop();
    const bad = await startExperiment(shop.id, {
      name: " ",
      pageType: "checkout",
      metric: "clicks",
      strategyA: "similar",
      strategyB: "similar",
      splitB: "100",
    });
    expect(bad).toEqual({
      ok: false,
      errors: {
        name: "Give the test a name",
        pageType: "Choose product pages, the cart page or the home page",
        metric: "Choose click-through rate, conversion rate or revenue per visitor",
        strategyB: "Choose a different strategy from A",
        splitB: "At most 99%",
      },
    });
    const strategies = await startExperiment(shop.id, { name: "x", pageType: "home", metric: "ctr", strategyA: "magic", strategyB: "similar", splitB: "0" });
    expect(strategies).toEqual({ ok: false, errors: { strategyA: "Choose a strategy from the list", splitB: "At least 1%" } });
    const split = await startExperiment(shop.id, { name: "x", pageType: "home", metric: "ctr", strategyA: "trending", strategyB: "similar", splitB: "ten" });
    expect(split).toEqual({ ok: false, errors: { splitB: "Enter a percentage" } });
    expect(await listRunningExperiments(shop.id)).toEqual([]);
  });
});
