import { describe, expect, it } from "vitest";
import { createTestShop } from "../../../test/helpers/shops";
import { writeOrders } from "../../models/orders.server";
import type { OrderRecord } from "../../models/records";
import { getExperiment, getRunningExperiment } from "../../models/recommendations.server";
import { insertStorefrontEvents, type NewStorefrontEvent } from "../../models/storefront-events.server";
import { RequestError } from "../../lib/errors.server";
import { attributeOrders, endExperiment, experimentResults, getExperimentsPage, startExperiment } from "./experiments.server";

const DAY = 86_400_000;
const T0 = new Date("2026-03-02T10:00:00Z").getTime();

let seq = 0;
function event(
  experimentId: string,
  arm: "A" | "B",
  type: string,
  productShopifyId: string,
  at: number,
  customer: string | null = null,
  visitor = `visitor-${arm}-${customer ?? "anon"}`,
): NewStorefrontEvent {
  return {
    visitorId: visitor,
    customerShopifyId: customer,
    type,
    productShopifyId,
    variantShopifyId: null,
    requestId: "r_1",
    position: 0,
    experimentId,
    arm,
    dedupeKey: `${type}:${productShopifyId}:${++seq}`,
    occurredAt: new Date(at),
  };
}

/** Stores events in per-visitor batches, as the storefront sends them. */
async function store(shopId: string, events: NewStorefrontEvent[]) {
  const byVisitor = new Map<string, NewStorefrontEvent[]>();
  for (const e of events) byVisitor.set(e.visitorId, [...(byVisitor.get(e.visitorId) ?? []), e]);
  for (const batch of byVisitor.values()) await insertStorefrontEvents(shopId, batch);
}

function order(id: string, customer: string | null, at: number, products: string[]): OrderRecord {
  return {
    shopifyId: id,
    name: `#${id}`,
    customerShopifyId: customer,
    totalPrice: "10.00",
    currencyCode: "USD",
    financialStatus: "paid",
    cancelledAt: null,
    processedAt: new Date(at),
    shopifyUpdatedAt: new Date(at),
    lines: products.map((p, i) => ({ shopifyId: `${id}-${i}`, productShopifyId: p, variantShopifyId: null, sku: null, title: p, quantity: 1, price: "10.00" })),
  };
}

async function newExperiment(shopId: string, strategyA = "auto", strategyB = "personal") {
  const started = await startExperiment(shopId, { name: "Home page picks", strategyA, strategyB, splitB: "50" });
  if (!started.ok) throw new Error(JSON.stringify(started.errors));
  const experiment = await getExperiment(shopId, started.id);
  return { ...experiment!, startedAt: new Date(T0 - DAY) };
}

describe("A/B test results", () => {
  it("counts impressions, clicks and add-to-carts per arm and credits orders placed within 7 days of a click or add", async () => {
    const shop = await createTestShop();
    const exp = await newExperiment(shop.id);
    await store(shop.id, [
      ...Array.from({ length: 10 }, (_, i) => event(exp.id, "A", "impression", `10${i}`, T0)),
      ...Array.from({ length: 8 }, (_, i) => event(exp.id, "B", "impression", `10${i}`, T0)),
      event(exp.id, "A", "click", "101", T0, "c1"),
      event(exp.id, "A", "add_to_cart", "101", T0 + 1000, "c1"),
      event(exp.id, "B", "click", "102", T0, "c2"),
      event(exp.id, "B", "click", "103", T0, "c3"),
      event(exp.id, "B", "click", "104", T0), // anonymous: counted as a click, cannot be credited with an order
    ]);
    await writeOrders(shop.id, [
      order("o1", "c1", T0 + 2 * DAY, ["101", "999"]), // A: clicked and added 2 days before
      order("o2", "c2", T0 + 8 * DAY, ["102"]), // too late: 8 days after the click
      order("o3", "c3", T0 + DAY, ["555"]), // a product the customer never clicked
      order("o4", "c3", T0 - 3600_000, ["103"]), // before the click
      order("o5", null, T0 + DAY, ["104"]), // a guest
      order("o6", "c2", T0 + 6 * DAY, ["102"]), // B: 6 days after the click
    ]);

    const results = await experimentResults(shop.id, exp);
    const [a, b] = results.arms;
    expect(a).toMatchObject({ arm: "A", strategy: "auto", impressions: 10, clicks: 1, addToCarts: 1, attributedOrders: 1 });
    expect(a.ctr).toBeCloseTo(0.1);
    expect(b).toMatchObject({ arm: "B", strategy: "personal", impressions: 8, clicks: 3, addToCarts: 0, attributedOrders: 1 });
    expect(b.ctr).toBeCloseTo(3 / 8);
    expect(results.verdict.winner).toBeNull();
    expect(results.verdict.reason).toBe("Needs at least 200 impressions in each arm (A 10, B 8).");
  });

  it("only sees its own shop's events and orders", async () => {
    const shop = await createTestShop();
    const other = await createTestShop();
    const exp = await newExperiment(shop.id);
    await store(other.id, [event(exp.id, "A", "impression", "1", T0), event(exp.id, "A", "click", "1", T0, "c1")]);
    await writeOrders(other.id, [order("x1", "c1", T0 + DAY, ["1"])]);
    const results = await experimentResults(shop.id, exp);
    expect(results.arms.map((a) => [a.impressions, a.clicks, a.attributedOrders])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it("declares B the winner when its CTR is significantly higher with enough impressions, and keeps it", async () => {
    const shop = await createTestShop();
    const exp = await newExperiment(shop.id, "bought_together", "similar");
    const events: NewStorefrontEvent[] = [];
    // A: 300 impressions, 15 clicks (5%); B: 300 impressions, 45 clicks (15%).
    for (let i = 0; i < 300; i++) {
      events.push(event(exp.id, "A", "impression", String(1000 + (i % 20)), T0 + i, null, `va${i % 30}`));
      events.push(event(exp.id, "B", "impression", String(1000 + (i % 20)), T0 + i, null, `vb${i % 30}`));
    }
    for (let i = 0; i < 15; i++) events.push(event(exp.id, "A", "click", "1000", T0 + i, null, `va${i}`));
    for (let i = 0; i < 45; i++) events.push(event(exp.id, "B", "click", "1000", T0 + i, null, `vb${i % 30}`));
    await store(shop.id, events);

    const results = await experimentResults(shop.id, exp);
    expect(results.arms[0]).toMatchObject({ impressions: 300, clicks: 15 });
    expect(results.arms[1]).toMatchObject({ impressions: 300, clicks: 45 });
    expect(results.test.pValue).toBeLessThan(0.001);
    expect(results.verdict.winner).toBe("B");
    expect(results.verdict.reason).toMatch(/^B is better \(p = 0\.\d{4}\)\.$/);

    const ended = await endExperiment(shop.id, exp.id, true);
    expect(ended).toEqual({ winner: "B", strategy: "similar" });
    // Kept, not only recorded: "Automatic" blocks now serve B's strategy.
    const { default: prisma } = await import("../../db.server");
    const { readSettings } = await import("../settings.server");
    const { recommendForStorefront } = await import("./serving.server");
    expect(readSettings((await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).settings).recommendations.keptStrategy).toBe("similar");
    const served = await recommendForStorefront(
      shop.id,
      { context: "product", product_id: "1000", cart: [], strategy: "auto", limit: 4, vid: undefined },
      null,
    );
    expect(served.strategy).toBe("similar");
    expect(await getExperiment(shop.id, exp.id)).toMatchObject({ status: "stopped", winner: "B" });
    expect(await getRunningExperiment(shop.id)).toBeNull();
    await expect(endExperiment(shop.id, exp.id, false)).rejects.toMatchObject({ status: 409 });
  });

  it("refuses to keep a winner before there is one, and stops without one", async () => {
    const shop = await createTestShop();
    const exp = await newExperiment(shop.id);
    const refused = await endExperiment(shop.id, exp.id, true).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RequestError);
    expect((refused as RequestError).message).toMatch(/no winner to keep yet.*Needs at least 200 impressions/);
    expect((await getExperiment(shop.id, exp.id))?.status).toBe("running");

    expect(await endExperiment(shop.id, exp.id, false)).toEqual({ winner: null, strategy: null });
    expect(await getExperiment(shop.id, exp.id)).toMatchObject({ status: "stopped", winner: null });
  });

  it("runs one test at a time and validates a new test", async () => {
    const shop = await createTestShop();
    const first = await newExperiment(shop.id);
    const second = await startExperiment(shop.id, { name: "Trending vs similar", strategyA: "trending", strategyB: "similar", splitB: "20" });
    expect(second.ok).toBe(true);
    expect((await getExperiment(shop.id, first.id))?.status).toBe("stopped");
    const page = await getExperimentsPage(shop.id);
    expect(page.running).toMatchObject({ name: "Trending vs similar", splitB: 20 });
    expect(page.past.map((p) => p.id)).toEqual([first.id]);

    const bad = await startExperiment(shop.id, { name: " ", strategyA: "similar", strategyB: "similar", splitB: "100" });
    expect(bad).toEqual({
      ok: false,
      errors: { name: "Give the test a name", strategyB: "Choose a different strategy from A", splitB: "At most 99%" },
    });
    const unknown = await startExperiment(shop.id, { name: "x", strategyA: "magic", strategyB: "similar", splitB: "50" });
    expect(unknown.ok).toBe(false);
  });
});

describe("attributeOrders", () => {
  it("credits the latest qualifying engagement when a customer saw both arms", () => {
    const credited = attributeOrders(
      [
        { arm: "A", customerShopifyId: "c", productShopifyId: "p", occurredAt: new Date(T0) },
        { arm: "B", customerShopifyId: "c", productShopifyId: "p", occurredAt: new Date(T0 + DAY) },
        { arm: "A", customerShopifyId: "c", productShopifyId: "q", occurredAt: new Date(T0 + 3 * DAY) }, // after the order
      ],
      [{ shopifyId: "o", processedAt: new Date(T0 + 2 * DAY), customerShopifyId: "c", productShopifyIds: ["p", "q"] }],
    );
    expect([...credited]).toEqual([["o", "B"]]);
  });
});
