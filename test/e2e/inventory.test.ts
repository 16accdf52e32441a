// The Inventory page in a real browser: the production build served by
// server.mjs in demo mode against the local Shopify; a variant that sells
// every day with little stock left is at risk, its chart shows history,
// forecast and interval, and its vendor's purchase order downloads as CSV.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { LocalShop, LocalShopify } from "../shopify-local/index.js";
import { startLocalShopifyForApp, storeOfflineSession } from "../helpers/local-shopify";
import { ensureAppBuild } from "../helpers/app-build";
import { reservePort, startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, screenshot } from "./browser";

const repo = path.resolve(import.meta.dirname, "..", "..");
const DOMAIN = `e2e-inventory-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;
const DAY = 86_400_000;

let shopify: LocalShopify;
let local: LocalShop;
let server: AppServer | undefined;
let appUrl: string;
let browser: Browser;
let page: Page;
let hotTitle = "";
let hotSku = "";

beforeAll(async () => {
  const reserved = await reservePort();
  appUrl = reserved.url;
  shopify = await startLocalShopifyForApp({ appUrl });
  local = await shopify.createShop(DOMAIN, { seed: "generated", maxProducts: 20, maxOrders: 0, webhooks: false, storefront: false });
  await storeOfflineSession(DOMAIN, local.issueOfflineToken(), "read_products,read_orders,read_inventory,read_locations");

  const { default: prisma } = await import("../../app/db.server");
  const shop = await prisma.shop.create({ data: { domain: DOMAIN, name: local.store.settings.name, currencyCode: "GBP", moneyFormat: "£{{amount}}" } });
  const { adminForShop } = await import("../../app/services/admin-for-shop.server");
  const { syncShop } = await import("../../app/services/sync/sync-shop.server");
  const { syncInventory } = await import("../../app/services/inventory/sync.server");
  const { logger } = await import("../../app/lib/logger.server");
  const admin = await adminForShop(DOMAIN);
  const job = await prisma.jobRecord.create({ data: { shopId: shop.id, queue: "sync", name: "Import products" } });
  await syncShop(admin, shop.id, ["products"], { jobRecordId: job.id, log: logger, pollMs: 50 });
  await syncInventory(shop.id, admin);

  // A tracked variant with a cost that sells about 8 a day (4 to 12) for four months, with 6 left.
  const item = local.store.inventory.itemList().find((i) => i.tracked && i.unitCost !== null)!;
  const variant = local.store.variant(item.variantId)!;
  const product = local.store.product(variant.productId)!;
  hotTitle = product.title;
  hotSku = variant.sku ?? "";
  const { writeOrders } = await import("../../app/models/orders.server");
  const now = Date.now();
  await writeOrders(
    shop.id,
    Array.from({ length: 120 }, (_, d) => {
      const at = new Date(now - (d + 1) * DAY);
      return {
        shopifyId: String(local.store.settings.id * 1000 + d),
        name: `#E${d}`,
        customerShopifyId: null,
        totalPrice: "0.00",
        currencyCode: "GBP",
        financialStatus: "PAID",
        cancelledAt: null,
        processedAt: at,
        shopifyUpdatedAt: at,
        lines: [
          {
            shopifyId: String(local.store.settings.id * 1000 + 500 + d),
            productShopifyId: String(product.id),
            variantShopifyId: String(variant.id),
            sku: variant.sku,
            title: product.title,
            quantity: 4 + ((d * 5) % 9),
            price: variant.price,
          },
        ],
      };
    }),
  );
  const { writeInventoryLevel } = await import("../../app/models/inventory-items.server");
  await writeInventoryLevel(shop.id, {
    itemShopifyId: String(item.id),
    locationShopifyId: String(local.store.inventory.primary.id),
    available: 6,
    incoming: 0,
    updatedAt: new Date(),
  });
  const { runForecasts } = await import("../../app/services/forecast/run.server");
  await runForecasts(shop.id, logger, "manual");

  await ensureAppBuild();
  server = await startAppServer(reserved, { HOST: "127.0.0.1", AISLE_DEMO_SHOP: DOMAIN });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 1600 }, acceptDownloads: true });
}, 240_000);

afterAll(async () => {
  const { mkdirSync, writeFileSync } = await import("node:fs");
  mkdirSync(path.join(repo, "test", ".artifacts"), { recursive: true });
  writeFileSync(path.join(repo, "test", ".artifacts", "e2e-inventory-server.log"), server?.output() ?? "");
  await browser?.close();
  await server?.stop();
  await shopify?.close();
  const { closeQueues } = await import("../../app/queues/connection.server");
  await closeQueues();
});

describe("the Inventory page", () => {
  it("shows the at-risk variant with its forecast chart, and exports its purchase order as CSV", async () => {
    await page.goto(`${appUrl}/app/inventory`, { waitUntil: "networkidle" });
    const atRisk = page.getByTestId("at-risk-variant").filter({ hasText: hotTitle });
    await atRisk.first().waitFor();
    await atRisk.first().click();
    await page.waitForURL(/variant=/);
    await page.waitForLoadState("networkidle");
    const chart = page.getByTestId("forecast-chart");
    await chart.waitFor();
    expect(await chart.locator("title").textContent()).toContain(hotTitle);
    expect(await page.getByTestId("forecast-band").getAttribute("d")).toMatch(/^M[\d.]+,[\d.]+ L/);
    const text = await page.locator("body").innerText();
    expect(text).toContain("Will run out before the next delivery");
    expect(text).toMatch(/Chosen by backtest/);
    await screenshot(page, "e2e-inventory", { fullPage: true });

    const card = page
      .locator("form")
      .filter({ hasText: hotTitle })
      .filter({ has: page.getByRole("button", { name: "Export CSV" }) });
    const [download] = await Promise.all([page.waitForEvent("download"), card.getByRole("button", { name: "Export CSV" }).click()]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toBe("Vendor,SKU,Product,Quantity,Unit cost,Line cost");
    const line = csv.split("\r\n").find((l) => l.includes(hotSku))!;
    expect(line).toBeTruthy();
    // About 8 a day over the default 14-day lead time and 7-day review, minus the 6 on hand.
    expect(Number(line.split(",")[3])).toBeGreaterThanOrEqual(7 * 21 - 6);
  }, 90_000);
});
