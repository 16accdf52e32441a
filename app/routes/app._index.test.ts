// The dashboard's actions, through the route, signed in as a shop (demo sign-in).
import { randomBytes } from "node:crypto";
import { storeOfflineSession } from "../../test/helpers/local-shopify";
import { createTestShop } from "../../test/helpers/shops";
import { closeQueues } from "../queues/connection.server";

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
    expect(await response.json()).toEqual({ ok: false, error: 'There is no queue named "no-such-queue". Queues: webhooks, sync, recommendations.' });
  });

  it("retries a known queue", async () => {
    const response = await post({ intent: "retry", queue: "sync" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});
