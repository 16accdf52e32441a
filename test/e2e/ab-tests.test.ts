// The A/B tests page in Chromium: a test per page type with its arms'
// visitors, conversion and revenue per visitor in the shop's money format,
// a second test on a busy page type refused on its field, and a test started
// on a free page type.
import type { Page } from "playwright-core";
import { startDemoApp, type DemoApp } from "../helpers/demo-app";
import { screenshot } from "./browser";

const ID_BASE = 8_270_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;

let app: DemoApp;
let page: Page;

beforeAll(async () => {
  app = await startDemoApp({
    name: "abtests",
    seed: { maxProducts: 20, maxOrders: 100 },
    viewport: { width: 1280, height: 1600 },
    prepare: async ({ shopId }) => {
      const { default: prisma } = await import("../../app/db.server");
      const { startExperiment } = await import("../../app/services/recommendations/experiments.server");
      const started = await startExperiment(shopId, {
        name: "Similar on product pages",
        pageType: "product",
        metric: "revenue",
        strategyA: "bought_together",
        strategyB: "similar",
        splitB: "50",
      });
      if (!started.ok) throw new Error(JSON.stringify(started.errors));
      // A: 4 visitors, one bought for £12.50; B: 2 visitors, one bought for £30.00.
      const at = new Date(Date.now() - 86_400_000);
      const visitors = { A: ["visitor-a-0001", "visitor-a-0002", "visitor-a-0003", "visitor-a-0004"], B: ["visitor-b-0001", "visitor-b-0002"] };
      let n = 0;
      for (const [arm, ids] of Object.entries(visitors)) {
        await prisma.storefrontEvent.createMany({
          data: ids.map((visitorId) => ({
            shopId,
            visitorId,
            type: "impression",
            productShopifyId: "1",
            requestId: "rpr_e2e",
            experimentId: started.id,
            arm,
            dedupeKey: `impression:${++n}`,
            occurredAt: at,
          })),
        });
      }
      for (const [arm, visitorId, cents] of [
        ["A", "visitor-a-0001", 1250],
        ["B", "visitor-b-0001", 3000],
      ] as const) {
        const id = String(ID_BASE + ++n);
        // Credited already (attributedAt after syncedAt): the page does not credit it again.
        const order = await prisma.order.create({
          data: {
            shopId,
            shopifyId: id,
            totalPrice: (cents / 100).toFixed(2),
            currencyCode: "GBP",
            processedAt: new Date(),
            shopifyUpdatedAt: new Date(),
            cartAttribution: JSON.stringify({ vid: visitorId, sig: "x".repeat(22), arm: null }),
            attributedAt: new Date(Date.now() + 3_600_000),
          },
        });
        await prisma.recommendationAttribution.create({
          data: {
            shopId,
            orderId: order.id,
            lineShopifyId: `${id}1`,
            productShopifyId: "1",
            quantity: 1,
            revenueCents: cents,
            currencyCode: "GBP",
            touch: "click",
            pageType: "product",
            block: "recommendations",
            experimentId: started.id,
            arm,
            touchedAt: at,
            orderedAt: new Date(),
          },
        });
      }
    },
  });
  page = app.page;
}, 240_000);

afterAll(async () => {
  await app?.close();
});

describe("A/B tests page", () => {
  it("shows each page type's test with per-arm conversion and revenue per visitor in the shop's currency", async () => {
    await page.goto(`${app.appUrl}/app/recommendations/experiments`, { waitUntil: "networkidle" });
    await screenshot(page, "ab-tests-running");
    const text = await page.locator("body").innerText();
    expect(text).toContain("Product pages: Similar on product pages");
    expect(text).toMatch(/Cart page\s*No test running/);
    expect(text).toMatch(/Home page\s*No test running/);
    const rowA = await page.getByRole("row").filter({ hasText: "Frequently bought together" }).first().innerText();
    // 4 visitors, 1 converting (25.00%), £12.50 / 4 = £3.13 per visitor (rounded), £12.50 in all.
    expect(rowA).toMatch(/4[\s\S]*25\.00% \(1\)[\s\S]*£3\.13[\s\S]*£12\.50/);
    const rowB = await page.getByRole("row").filter({ hasText: "Similar products" }).first().innerText();
    expect(rowB).toMatch(/2[\s\S]*50\.00% \(1\)[\s\S]*£15\.00[\s\S]*£30\.00/);
    expect(text).toMatch(/Revenue per visitor \(decides\)\s*not enough evidence yet/);
    expect(text).toContain("Needs at least 200 visitors in each arm (A 4, B 2).");
    expect(app.pageErrors.filter((e) => /react|hydrat/i.test(e))).toEqual([]);
  });

  it("refuses a second test on a busy page type with a message on the field, and starts one on a free page type", async () => {
    await page.goto(`${app.appUrl}/app/recommendations/experiments`, { waitUntil: "networkidle" });
    await page.getByLabel("Name").fill("Another product test");
    await page.getByLabel("Page type").selectOption("product");
    await page.getByLabel("Strategy B").selectOption("trending");
    await page.getByRole("button", { name: "Start test" }).click();
    await page.getByText("“Similar on product pages” already runs on the product pages. Stop it first, or choose another page type.").waitFor();
    await screenshot(page, "ab-tests-busy-page-type");

    await page.getByLabel("Page type").selectOption("cart");
    await page.getByLabel("Decide on").selectOption("ctr");
    await page.getByRole("button", { name: "Start test" }).click();
    await page.getByText("Test started.").waitFor();
    await page.getByText("Cart page: Another product test").waitFor({ timeout: 15_000 });
    await screenshot(page, "ab-tests-started");
    const text = await page.locator("body").innerText();
    expect(text).toContain("Cart page: Another product test");
    expect(text).toContain("decided on click-through rate");
    expect(text).toContain("Product pages: Similar on product pages");
    // The form starts over on the page type still free.
    expect(await page.getByLabel("Page type").inputValue()).toBe("home");
  });
});
