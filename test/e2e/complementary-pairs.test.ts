// Complementary pairs in a real browser: the production build in demo mode
// against the local Shopify, the complementary queue's worker running in
// this process. Staff search the pairs (each listed once), approve one and
// publish, and watch the publishing finish.
import { Worker } from "bullmq";
import { startDemoApp, type DemoApp } from "../helpers/demo-app";
import { deleteOurRedisKeys } from "../helpers/redis";
import { screenshot } from "./browser";

let app: DemoApp;
let worker: Worker | undefined;
let disconnect: (() => void) | undefined;

beforeAll(async () => {
  app = await startDemoApp({ name: "e2e-pairs", seed: { maxProducts: 40, maxOrders: 400 }, viewport: { width: 1280, height: 1000 } });
  const { QUEUE_PREFIX, producerConnection } = await import("../../app/queues/connection.server");
  const { COMPLEMENTARY_QUEUE } = await import("../../app/queues/complementary.server");
  const { QUEUE_WORKERS } = await import("../../workers/registry");
  const connection = producerConnection().duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
  disconnect = () => connection.disconnect();
  worker = new Worker(COMPLEMENTARY_QUEUE, QUEUE_WORKERS.find((w) => w.queue === COMPLEMENTARY_QUEUE)!.process, { connection, prefix: QUEUE_PREFIX });
}, 240_000);

afterAll(async () => {
  await worker?.close();
  disconnect?.();
  await deleteOurRedisKeys();
  await app?.close();
});

describe("complementary pairs", () => {
  it("lists each pair once, searches by title, approves a pair and publishes it with progress", async () => {
    const { page, appUrl, shopId, local } = app;
    const { default: prisma } = await import("../../app/db.server");
    const suggested = await prisma.complementaryPair.findMany({ where: { shopId, status: "suggested" }, orderBy: [{ score: "desc" }, { id: "asc" }] });
    expect(suggested.length).toBeGreaterThan(0);
    const keys = suggested.map((p) => [p.productShopifyId, p.complementShopifyId].sort().join(":"));
    expect(new Set(keys).size).toBe(keys.length);

    // Tall enough for the whole list: the table's pagination sticks to the bottom of a shorter window.
    await page.setViewportSize({ width: 1280, height: 2000 });
    await page.goto(`${appUrl}/app/recommendations/complementary`, { waitUntil: "networkidle" });
    await screenshot(page, "e2e-complementary-pairs");
    await page.setViewportSize({ width: 1280, height: 1000 });
    const text = await page.locator("body").innerText();
    expect(text).toContain("Products bought together");
    expect(text).toContain(`${suggested.length.toLocaleString("en")} pair${suggested.length === 1 ? "" : "s"} here`);

    // Search by the strongest pair's second product.
    const strongest = suggested[0];
    const complement = await prisma.product.findFirstOrThrow({ where: { shopId, shopifyId: strongest.complementShopifyId } });
    await page.getByLabel("Search").fill(complement.title);
    await page.getByRole("button", { name: "Filter", exact: true }).click();
    await page.waitForURL(/q=/);
    await page.waitForLoadState("networkidle");
    await screenshot(page, "e2e-complementary-pairs-search");
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) expect(await row.innerText()).toContain(complement.title);

    // Approve the first row, then publish.
    await rows.first().locator('input[type="checkbox"]').check({ force: true });
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await page.getByText("1 pair approved").waitFor();
    const approvedId = (await prisma.complementaryPair.findFirstOrThrow({ where: { shopId, status: "approved" } })).id;

    // A publishing under way shows its progress, and the page follows it without a reload.
    const running = await prisma.jobRecord.create({
      data: { shopId, queue: "complementary", name: "Publish complementary products", status: "active", progress: 40 },
    });
    await page.reload({ waitUntil: "networkidle" });
    await page.getByText("Publishing approved pairs…").waitFor();
    await screenshot(page, "e2e-complementary-pairs-progress", { fullPage: false });
    expect(await page.getByRole("progressbar").count()).toBe(1);
    expect(await page.getByRole("button", { name: "Publish approved pairs" }).isDisabled()).toBe(true);
    // Its job is not in the queue (Redis lost it): once it is older than a minute, the page offers to publish again.
    await prisma.jobRecord.update({ where: { id: running.id }, data: { createdAt: new Date(Date.now() - 120_000) } });
    await page.getByText("Publishing stopped").waitFor({ timeout: 10_000 });
    await page.getByRole("button", { name: "Publish again" }).click();
    await page.getByText("Themes that show Search & Discovery").waitFor({ timeout: 30_000 });
    await screenshot(page, "e2e-complementary-pairs-published");
    const pair = await prisma.complementaryPair.findUniqueOrThrow({ where: { id: approvedId } });
    expect(pair.status).toBe("published");
    for (const [owner, other] of [
      [pair.productShopifyId, pair.complementShopifyId],
      [pair.complementShopifyId, pair.productShopifyId],
    ]) {
      const mf = local.store.product(Number(owner))!.metafields.find((m) => m.key === "complementary_products");
      expect(JSON.parse(mf!.value)).toEqual([`gid://shopify/Product/${other}`]);
    }
    expect(app.pageErrors).toEqual([]);
  });
});
