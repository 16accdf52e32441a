// The dashboard's actions, through the route, signed in as a shop (demo sign-in).
import { randomBytes } from "node:crypto";
import { storeOfflineSession } from "../../test/helpers/local-shopify";
import { createTestShop } from "../../test/helpers/shops";
import { closeQueues } from "../queues/connection.server";
import { QUEUES } from "../services/health.server";

const domain = `dashboard-${randomBytes(4).toString("hex")}.myshopify.com`;
// Read once by the environment check, before the route is imported.
process.env.AISLE_DEMO_SHOP = domain;
// Demo sign-in is allowed only against a local Shopify; these actions never call it.
process.env.SHOPIFY_ADMIN_API_ORIGIN ??= "http://127.0.0.1:9";

beforeAll(async () => {
  await createTestShop({ domain });
  await storeOfflineSession(domain, "offline-token");
});
afterAll(async () => {
  await closeQueues();
});

async function post(form: Record<string, string>) {
  const { action } = await import("./app._index");
  const request = new Request("http://127.0.0.1/app?index", { method: "POST", body: new URLSearchParams(form) });
  return (await action({ request, params: {}, context: {} })) as Response;
}

describe("Retry failed jobs", () => {
  it("answers 400 with a message naming the queues for an unknown queue", async () => {
    const response = await post({ intent: "retry", queue: "no-such-queue" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, error: `There is no queue named "no-such-queue". Queues: ${QUEUES.join(", ")}.` });
  });

  it("retries a known queue", async () => {
    const response = await post({ intent: "retry", queue: "sync" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe("Retry a change from Shopify that failed", () => {
  async function failedDelivery(shopDomain: string) {
    const { default: prisma } = await import("../db.server");
    const shop = await prisma.shop.findUniqueOrThrow({ where: { domain: shopDomain }, select: { id: true } });
    return prisma.webhookDelivery.create({
      data: {
        webhookId: randomBytes(8).toString("hex"),
        shopDomain,
        shopId: shop.id,
        topic: "products/update",
        payload: "{}",
        status: "failed",
        error: "database is busy",
      },
      select: { id: true },
    });
  }

  it("puts a failed delivery of this shop back in the queue", async () => {
    const { default: prisma } = await import("../db.server");
    const delivery = await failedDelivery(domain);
    const response = await post({ intent: "retry-delivery", deliveryId: delivery.id });
    expect(await response.json()).toEqual({ ok: true });
    expect((await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe("received");
    // Twice: it is no longer failed.
    expect((await post({ intent: "retry-delivery", deliveryId: delivery.id })).status).toBe(404);
  });

  it("answers 404 for an unknown delivery or another shop's, and 400 for a malformed one", async () => {
    const other = await createTestShop();
    const theirs = await failedDelivery(other.domain);
    expect((await post({ intent: "retry-delivery", deliveryId: "no-such-delivery" })).status).toBe(404);
    expect((await post({ intent: "retry-delivery", deliveryId: theirs.id })).status).toBe(404);
    expect((await post({ intent: "retry-delivery", deliveryId: "x".repeat(500) })).status).toBe(400);
    expect((await post({ intent: "retry-delivery" })).status).toBe(400);
  });
});
