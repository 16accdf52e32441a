// The whole app for a browser test: the local Shopify with a seeded shop,
// the shop installed in Aisle (imported and trained, as the worker does after
// install), the production build served by server.mjs in demo mode for that
// shop, and Chromium with one page open.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { LocalShop, LocalShopify } from "../shopify-local/index.js";
import { ARTIFACTS_DIR, launchBrowser } from "../e2e/browser";
import { ensureAppBuild } from "./app-build";
import { reservePort, startAppServer, type AppServer } from "./app-server";
import { startLocalShopifyForApp, storeOfflineSession } from "./local-shopify";

export interface DemoAppOptions {
  /** Start of the shop's domain (`<name>-<random>.myshopify.com`) and of the server log's name in test/.artifacts. */
  name: string;
  /** The local shop's generated seed. */
  seed: { maxProducts: number; maxOrders: number };
  /** Aisle's shop row; by default the local shop's name, GBP. */
  shop?: { name?: string; currencyCode?: string; moneyFormat?: string; syncStatus?: string; syncFinishedAt?: Date };
  /** Import products and orders and train recommendations (default true). */
  importAndTrain?: boolean;
  /** The file's own data, after the import and before the server starts. */
  prepare?: (context: { shopId: string; local: LocalShop }) => Promise<void>;
  viewport?: { width: number; height: number };
}

export interface DemoApp {
  domain: string;
  shopify: LocalShopify;
  local: LocalShop;
  shopId: string;
  appUrl: string;
  browser: Browser;
  page: Page;
  /** Uncaught errors and console errors of `page`. */
  pageErrors: string[];
  /** What the server printed so far. */
  serverOutput(): string;
  /** Writes the server's log to test/.artifacts/<name>-server.log, then stops the browser, the server and the local Shopify. */
  close(): Promise<void>;
}

export async function startDemoApp(options: DemoAppOptions): Promise<DemoApp> {
  const domain = `${options.name}-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;
  const reserved = await reservePort();
  const appUrl = reserved.url;
  const shopify = await startLocalShopifyForApp({ appUrl });
  let server: AppServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(path.join(ARTIFACTS_DIR, `${options.name}-server.log`), server?.output() ?? "");
    await browser?.close();
    await server?.stop();
    reserved.close();
    await shopify.close();
    const { closeQueues } = await import("../../app/queues/connection.server");
    await closeQueues();
  };
  try {
    const local = await shopify.createShop(domain, { seed: "generated", ...options.seed, webhooks: false });
    await storeOfflineSession(domain, local.issueOfflineToken());

    const { default: prisma } = await import("../../app/db.server");
    const shop = await prisma.shop.create({
      data: { domain, name: local.store.settings.name, currencyCode: "GBP", moneyFormat: "£{{amount}}", ...options.shop },
      select: { id: true },
    });
    if (options.importAndTrain ?? true) {
      const { adminForShop } = await import("../../app/services/admin-for-shop.server");
      const { syncShop } = await import("../../app/services/sync/sync-shop.server");
      const { trainRecommendations } = await import("../../app/services/recommendations/training.server");
      const { logger } = await import("../../app/lib/logger.server");
      const job = await prisma.jobRecord.create({ data: { shopId: shop.id, queue: "sync", name: "Import products and orders" } });
      await syncShop(await adminForShop(domain), shop.id, ["products", "orders"], { jobRecordId: job.id, log: logger, pollMs: 50 });
      await trainRecommendations(shop.id, logger);
    }
    await options.prepare?.({ shopId: shop.id, local });

    await ensureAppBuild();
    server = await startAppServer(reserved, { HOST: "127.0.0.1", AISLE_DEMO_SHOP: domain });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => m.type() === "error" && pageErrors.push(m.text()));
    return { domain, shopify, local, shopId: shop.id, appUrl, browser, page, pageErrors, serverOutput: () => server!.output(), close };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}
