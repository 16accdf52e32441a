// The admin says what is true: badges that match the counts, model history
// in pages and in words, sliders that show their value, products that can be
// told apart in the picker, and pages that hydrate without React errors even
// when the browser's clock has moved on since the server rendered them.
import type { Page } from "playwright-core";
import { startDemoApp, type DemoApp } from "../helpers/demo-app";
import { screenshot } from "./browser";

// Shopify ids of this file's own products: ids are global across shops.
const ID_BASE = 8_150_000_000_000 + Math.floor(Math.random() * 1_000_000) * 10;

let app: DemoApp;
let appUrl: string;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  app = await startDemoApp({
    name: "truth",
    seed: { maxProducts: 30, maxOrders: 300 },
    viewport: { width: 1280, height: 1400 },
    prepare: async ({ shopId }) => {
      const { default: prisma } = await import("../../app/db.server");
      // Two products with one title: only their SKU, price and status tell them apart.
      for (const [i, sku, price, status] of [
        [1, "MUG-RED-01", "12.50", "ACTIVE"],
        [2, "MUG-BLU-02", "14.00", "DRAFT"],
      ] as const) {
        const product = await prisma.product.create({
          data: {
            shopId,
            shopifyId: String(ID_BASE + i),
            title: "Twin Mug",
            handle: `twin-mug-${i}`,
            status,
            minPrice: price,
            shopifyUpdatedAt: new Date(),
          },
        });
        await prisma.productVariant.create({ data: { shopId, productId: product.id, shopifyId: String(ID_BASE + 10 + i), sku, price } });
      }
      // A past-orders import where every line was rejected, and a sync run that imported nothing.
      await prisma.orderImport.create({
        data: {
          shopId,
          fileName: "rejected.csv",
          status: "succeeded",
          importedLines: 0,
          orders: 0,
          rejectedLines: 3,
          rejections: JSON.stringify([{ line: 2, reason: "Line 2: no product id or SKU" }]),
          finishedAt: new Date(),
        },
      });
      const started = new Date(Date.now() - 95_000);
      await prisma.syncRun.create({
        data: {
          shopId,
          resource: "orders",
          status: "succeeded",
          objectCount: 0,
          rejectedLines: 3,
          rejections: JSON.stringify([{ line: 1, reason: "no line items" }]),
          startedAt: started,
          finishedAt: new Date(started.getTime() + 83_000),
        },
      });
      // Model history longer than one page, with decisions as the training stores them.
      const live = await prisma.recommendationModel.findFirstOrThrow({ where: { shopId, status: "live" } });
      for (let v = live.version + 1; v <= live.version + 25; v++) {
        await prisma.recommendationModel.create({
          data: {
            shopId,
            version: v,
            status: "rejected",
            metrics: live.metrics,
            reason: "worse than live: Recall@20 0.1290 vs 0.1305",
            finishedAt: new Date(),
          },
        });
      }
    },
  });
  ({ appUrl, page, pageErrors } = app);
}, 240_000);

afterAll(async () => {
  await app?.close();
});

/**
 * Opens an admin page with its scripts held back 1.5 s: the browser hydrates
 * in a later second than the server rendered, as on a slow connection.
 */
async function openLate(pathname: string) {
  await page.route("**/build/**", async (route) => {
    await new Promise((r) => setTimeout(r, 1_500));
    await route.continue();
  });
  const response = await page.goto(`${appUrl}${pathname}`, { waitUntil: "networkidle" });
  await page.unroute("**/build/**");
  // An admin page, not some other server's answer on this port.
  expect({ pathname, status: response?.status(), type: response?.headers()["content-type"] }).toEqual({
    pathname,
    status: 200,
    type: expect.stringMatching(/^text\/html/),
  });
}

describe("the admin tells the truth", () => {
  it("hydrates every page with relative times without a React error", async () => {
    for (const pathname of ["/app", "/app/recommendations", "/app/recommendations/import", "/app/settings", "/app/privacy"]) {
      pageErrors.length = 0;
      await openLate(pathname);
      expect({ pathname, errors: pageErrors.filter((e) => /react|hydrat|did not match/i.test(e)) }).toEqual({ pathname, errors: [] });
    }
  }, 120_000);

  it("dashboard: an import that took nothing in is not a success, says how long it took, and says when content and reviews come", async () => {
    await openLate("/app");
    await screenshot(page, "truth-dashboard");
    const text = await page.locator("body").innerText();
    const row = page.getByRole("row").filter({ hasText: "orders" }).filter({ hasText: "3 (first" });
    expect(await row.innerText()).toMatch(/Nothing imported/);
    expect(await row.innerText()).toMatch(/1 min 23 s/);
    expect(text).toMatch(/Last import[\s\S]*took/);
    expect(text).not.toContain("Not set up");
    expect(text).toMatch(/Product content[\s\S]*Set up/);
    expect(text).toMatch(/Review sentiment[\s\S]*Set up/);
  });

  it("past-orders import: 0 imported and 3 rejected is not a green Imported", async () => {
    await openLate("/app/recommendations/import");
    await screenshot(page, "truth-import");
    const text = await page.locator("body").innerText();
    expect(text).toMatch(/Last import: rejected\.csv[\s\S]*Nothing imported/);
    const badge = page.locator(".Polaris-Badge").filter({ hasText: "Nothing imported" }).first();
    expect(await badge.getAttribute("class")).toMatch(/toneCritical/);
  });

  it("model history: in pages, with decisions in words", async () => {
    await openLate("/app/recommendations");
    await screenshot(page, "truth-model-history");
    const history = page.locator("xpath=//h2[text()='Model history']/ancestor::div[.//table][1]");
    const rows = history.locator("tbody tr");
    expect(await rows.count()).toBeLessThanOrEqual(10);
    const text = await history.innerText();
    expect(text).not.toMatch(/\b0\.\d{4}\b/);
    expect(text).toMatch(/found 12\.9% of next purchases, the live version 13\.1%/);
    expect(text).toMatch(/Page 1 of \d/);
    await history.getByRole("link", { name: "Older versions" }).click();
    await page.waitForURL(/historyPage=2/);
    // The loader's data arrives after the URL changes: wait for the page to show it.
    await expect.poll(() => history.innerText(), { timeout: 10_000 }).toMatch(/Page 2 of \d/);
  });

  it("settings: each slider shows its value; variety is automatic until the merchant sets it", async () => {
    await openLate("/app/settings");
    await screenshot(page, "truth-settings");
    const text = await page.locator("body").innerText();
    expect(text).toMatch(/Minimum similarity\s+0\.05\s/);
    const automatic = page.getByLabel("Choose variety automatically");
    expect(await automatic.isChecked()).toBe(true);
    expect(text).not.toMatch(/Variety\s+\d\.\d\d\s/);
    await automatic.uncheck();
    await expect.poll(() => page.locator("body").innerText(), { timeout: 10_000 }).toMatch(/Variety\s+\d\.\d\d\s/);
    await screenshot(page, "truth-settings-variety");
  });

  it("product picker: products with one title show their image, SKU, price and status", async () => {
    await openLate("/app/recommendations/rules");
    await page.getByLabel("Product", { exact: true }).fill("Twin Mug");
    const options = page.getByRole("option");
    await options.filter({ hasText: "MUG-BLU-02" }).waitFor({ timeout: 10_000 });
    await screenshot(page, "truth-picker");
    const texts = await options.allInnerTexts();
    expect(texts.find((t) => t.includes("MUG-RED-01"))).toMatch(/£12\.50[\s\S]*Active/);
    expect(texts.find((t) => t.includes("MUG-BLU-02"))).toMatch(/£14\.00[\s\S]*Draft/);
    expect(await page.locator("[role=listbox] img").count()).toBeGreaterThanOrEqual(2);
  });

  it("rules by group: a bad range gets a message on its field, a saved rule is listed in words", async () => {
    await openLate("/app/recommendations/rules");
    const form = page.locator("form").filter({ hasText: "Add a rule by group" });
    await form.getByLabel("Never recommend").selectOption("price");
    await form.getByLabel("Price from").fill("50");
    await form.getByLabel("Price to").fill("10");
    await form.getByRole("button", { name: "Add rule" }).click();
    await page.getByText("The maximum is below the minimum (50)").waitFor({ timeout: 10_000 });
    await screenshot(page, "truth-group-rules-error");
    expect(await page.getByRole("list", { name: "Rules by group" }).count()).toBe(0);

    await form.getByLabel("Never recommend").selectOption("tag");
    await form.getByLabel("Tag").fill("gift-wrap");
    await form.getByRole("button", { name: "Add rule" }).click();
    const list = page.getByRole("list", { name: "Rules by group" });
    await list.getByText("Never recommend products tagged gift-wrap").waitFor({ timeout: 10_000 });
    await screenshot(page, "truth-group-rules");
    expect(pageErrors.filter((e) => /react|hydrat/i.test(e))).toEqual([]);

    // A rule that leaves out every product: the preview says so instead of an empty block.
    await form.getByLabel("Never recommend").selectOption("price");
    await form.getByLabel("Price from").fill("0");
    await form.getByRole("button", { name: "Add rule" }).click();
    await list.getByText("Never recommend products with a price of at least 0").waitFor({ timeout: 10_000 });
    const { default: prisma } = await import("../../app/db.server");
    const viewed = await prisma.product.findFirstOrThrow({ where: { shopId: app.shopId, status: "ACTIVE", deletedAt: null }, orderBy: { shopifyId: "asc" } });
    await openLate(`/app/recommendations/preview?context=product&productId=${viewed.shopifyId}`);
    await page.getByText("Your rules leave nothing to recommend here").waitFor({ timeout: 10_000 });
    expect(await page.locator("body").innerText()).toContain("“Never recommend products with a price of at least 0”");
    await screenshot(page, "truth-group-rules-preview");

    await openLate("/app/recommendations/rules");
    for (const text of ["Never recommend products with a price of at least 0", "Never recommend products tagged gift-wrap"]) {
      await page.getByRole("button", { name: `Remove rule: ${text}` }).click();
      await list.getByText(text).waitFor({ state: "detached", timeout: 10_000 });
    }
  });

  it("rules by collection: the form offers the shop's synced collections and lists the rule with the collection's title", async () => {
    const { default: prisma } = await import("../../app/db.server");
    const collection = await prisma.collection.findFirstOrThrow({ where: { shopId: app.shopId, deletedAt: null }, orderBy: { title: "asc" } });
    await openLate("/app/recommendations/rules");
    const form = page.locator("form").filter({ hasText: "Add a rule by group" });
    await form.getByLabel("Never recommend").selectOption("collection");
    await form.getByLabel("Collection").selectOption(collection.shopifyId);
    await form.getByRole("button", { name: "Add rule" }).click();
    const list = page.getByRole("list", { name: "Rules by group" });
    const words = `Never recommend products in collection ${collection.title}`;
    await list.getByText(words).waitFor({ timeout: 10_000 });
    await screenshot(page, "truth-collection-rule");
    expect(pageErrors.filter((e) => /react|hydrat/i.test(e))).toEqual([]);
    await page.getByRole("button", { name: `Remove rule: ${words}` }).click();
    await list.getByText(words).waitFor({ state: "detached", timeout: 10_000 });
  });
});
