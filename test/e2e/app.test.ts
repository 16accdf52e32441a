// The whole app in a real browser: the production build served by server.mjs
// in demo mode against the local Shopify, its admin as staff see it, and the
// storefront block on the local storefront reaching the app through the
// signed app proxy.
import type { Browser, Page } from "playwright-core";
import type { LocalShop } from "../shopify-local/index.js";
import { startDemoApp, type DemoApp } from "../helpers/demo-app";
import { screenshot } from "./browser";

let app: DemoApp;
let local: LocalShop;
let appUrl: string;
let browser: Browser;
let page: Page;
let shopId: string;
let DOMAIN: string;

beforeAll(async () => {
  app = await startDemoApp({
    name: "e2e",
    seed: { maxProducts: 40, maxOrders: 400 },
    prepare: async ({ shopId }) => {
      // A change from Shopify that the database refused after every retry: shown with a Retry.
      const { default: prisma } = await import("../../app/db.server");
      const shop = await prisma.shop.findUniqueOrThrow({ where: { id: shopId }, select: { domain: true } });
      await prisma.webhookDelivery.create({
        data: {
          webhookId: "e2e-failed-delivery",
          shopDomain: shop.domain,
          shopId,
          topic: "products/update",
          payload: "{}",
          status: "failed",
          outcome: "could not be applied after 5 attempt(s)",
          error: "SQLITE_BUSY: database is locked",
        },
      });
    },
  });
  ({ local, appUrl, browser, page, shopId, domain: DOMAIN } = app);
}, 180_000);

// The server's log, for when a page shows an error: test/.artifacts/e2e-server.log.
afterAll(async () => {
  await app?.close();
});

describe("the admin, as staff see it", () => {
  it("shows the dashboard: sync state, queue health and the AI features", async () => {
    await page.goto(`${appUrl}/app`, { waitUntil: "networkidle" });
    await page.setViewportSize({ width: 1280, height: 1400 });
    await screenshot(page, "e2e-admin-dashboard");
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeTruthy();
    const text = await page.locator("body").innerText();
    expect(text).toContain("Products");
    expect(text).toContain(String(local.store.counts().products));
    expect(text).toContain("Up to date");
    expect(text).toMatch(/Background jobs[\s\S]*webhooks[\s\S]*sync[\s\S]*recommendations/);
    expect(text).toMatch(/AI features[\s\S]*Recommendations[\s\S]*Live/);
    expect(text).toContain("Recent imports");

    expect(text).toContain("Changes from Shopify that were not applied");
    await page.getByRole("button", { name: /^Retry products\/update/ }).click();
    await page.waitForFunction(() => !document.body.innerText.includes("Changes from Shopify that were not applied"), null, { timeout: 10_000 });
    const { default: prisma } = await import("../../app/db.server");
    expect((await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "e2e-failed-delivery" } })).status).not.toBe("failed");
  });

  it("shows the recommendations pages: the live model with its evaluation, and the pairs to review", async () => {
    await page.goto(`${appUrl}/app/recommendations`, { waitUntil: "networkidle" });
    await screenshot(page, "e2e-admin-recommendations");
    const overview = await page.locator("body").innerText();
    expect(overview).toContain("Offline evaluation");
    expect(overview).toContain("Model history");
    await page.goto(`${appUrl}/app/recommendations/complementary`, { waitUntil: "networkidle" });
    await screenshot(page, "e2e-admin-complementary");
    expect(await page.locator("body").innerText()).toContain("Products bought together");
  });

  it("saves settings and says so; the browser holds back a value out of range", async () => {
    await page.goto(`${appUrl}/app`, { waitUntil: "networkidle" });
    await page.getByRole("link", { name: "Settings" }).first().click();
    await page.waitForURL(/\/app\/settings/);
    await page.waitForLoadState("networkidle");
    await screenshot(page, "e2e-admin-settings-before");
    await page.getByLabel("Retrain every (minutes)").fill("15");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Settings saved").waitFor();
    await screenshot(page, "e2e-admin-settings");
    const { default: prisma } = await import("../../app/db.server");
    const saved = await prisma.shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(JSON.parse(saved.settings).recommendations.retrainEveryMinutes).toBe(15);

    await page.getByLabel("Retrain every (minutes)").fill("0");
    await page.getByRole("button", { name: "Save" }).click();
    expect(await page.getByLabel("Retrain every (minutes)").evaluate((el) => (el as HTMLInputElement).validity.valid)).toBe(false);
    const after = await prisma.shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(JSON.parse(after.settings).recommendations.retrainEveryMinutes).toBe(15);
  });

  it("lists a customer's data request with the export to download", async () => {
    // Shopify sends customers/data_request to the app; the worker's apply prepares the export.
    const payload = local.webhookPayload("customers/data_request") as { customer: { id: number } };
    expect((await local.sendWebhook("customers/data_request", payload)).status).toBe(200);
    const { default: prisma } = await import("../../app/db.server");
    const { applyWebhookDelivery } = await import("../../app/services/webhooks/apply.server");
    const row = await prisma.webhookDelivery.findFirstOrThrow({ where: { shopDomain: DOMAIN, topic: "customers/data_request", status: "received" } });
    await applyWebhookDelivery(row.id);

    await page.goto(`${appUrl}/app`, { waitUntil: "networkidle" });
    await page.getByRole("link", { name: "Privacy requests" }).first().click();
    await page.waitForURL(/\/app\/privacy/);
    await page.waitForLoadState("networkidle");
    await screenshot(page, "e2e-admin-privacy");
    expect(await page.locator("body").innerText()).toContain(String(payload.customer.id));
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download JSON" }).first().click()]);
    const { readFileSync } = await import("node:fs");
    const file = JSON.parse(readFileSync(await download.path(), "utf8"));
    expect(file.customer.id).toBe(String(payload.customer.id));
    expect(file.held.orders.length).toBeGreaterThan(0);
  });
});

describe("the storefront block, through the app proxy", () => {
  it("shows recommendations on a product page, and a click is recorded by the app", async () => {
    const { default: prisma } = await import("../../app/db.server");
    const lists = await prisma.recommendationList.findMany({ where: { shopId, kind: "bought_together" }, select: { productShopifyId: true } });
    const anchor = local.store.productList().find((p) => lists.some((l) => l.productShopifyId === String(p.id)) && p.status === "ACTIVE")!;
    const shopper = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await shopper.goto(`${local.storefrontUrl}/products/${anchor.handle}`, { waitUntil: "networkidle" });
    const items = shopper.locator("li[data-aisle-item][data-aisle-product-id]");
    await shopper.mouse.wheel(0, 900);
    await items.first().waitFor({ timeout: 15_000 });
    await screenshot(shopper, "e2e-storefront-product");
    const href = await items.first().locator("a[href^='/products/']").first().getAttribute("href");
    await items.first().locator("a[href^='/products/']").first().click();
    await shopper.waitForURL((url) => url.pathname === href);
    await shopper.close();

    // The tracker sends its batch on navigation; the app stores it.
    const clickedHandle = href!.replace("/products/", "");
    const clicked = local.store.productList().find((p) => p.handle === clickedHandle)!;
    let events: { type: string; productShopifyId: string }[] = [];
    for (let i = 0; i < 50 && !events.some((e) => e.type === "click"); i++) {
      events = await prisma.storefrontEvent.findMany({ where: { shopId }, select: { type: true, productShopifyId: true } });
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(events).toContainEqual({ type: "click", productShopifyId: String(clicked.id) });
    expect(events).toContainEqual({ type: "view", productShopifyId: String(anchor.id) });
    expect(events.some((e) => e.type === "impression")).toBe(true);
  });
});
