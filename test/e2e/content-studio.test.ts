// The content studio in a real browser: the production build served by
// server.mjs in demo mode against the local Shopify, the content queue's
// worker running. Staff approve a draft's description and see it live in
// Shopify, then roll it back with one click.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { LocalShop, LocalShopify } from "../shopify-local/index.js";
import { startLocalShopifyForApp } from "../helpers/local-shopify";
import { installContentShop, readyDraft, startContentWorker, waitFor } from "../helpers/content";
import { ensureAppBuild } from "../helpers/app-build";
import { reservePort, startAppServer, type AppServer } from "../helpers/app-server";
import { deleteOurRedisKeys } from "../helpers/redis";
import { launchBrowser, screenshot } from "./browser";

const repo = path.resolve(import.meta.dirname, "..", "..");

let shopify: LocalShopify;
let local: LocalShop;
let server: AppServer | undefined;
let appUrl: string;
let browser: Browser;
let page: Page;
let shopId: string;
let productId: string;
let worker: Awaited<ReturnType<typeof startContentWorker>>;

beforeAll(async () => {
  const reserved = await reservePort();
  appUrl = reserved.url;
  shopify = await startLocalShopifyForApp({ appUrl });
  const installed = await installContentShop(shopify, "e2e-content");
  local = installed.local;
  shopId = installed.shop.id;
  productId = installed.ids.ordinary;
  worker = await startContentWorker();
  await ensureAppBuild();
  server = await startAppServer(reserved, { HOST: "127.0.0.1", AISLE_DEMO_SHOP: installed.shop.domain });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
}, 240_000);

afterAll(async () => {
  const { mkdirSync, writeFileSync } = await import("node:fs");
  mkdirSync(path.join(repo, "test", ".artifacts"), { recursive: true });
  writeFileSync(path.join(repo, "test", ".artifacts", "e2e-content-server.log"), server?.output() ?? "");
  await browser?.close();
  await server?.stop();
  await worker?.close();
  await deleteOurRedisKeys();
  const { closeQueues } = await import("../../app/queues/connection.server");
  await closeQueues();
  await shopify?.close();
});

describe("the content studio", () => {
  it("approves a draft's description, sees it live in Shopify, then rolls it back", async () => {
    const original = local.store.product(Number(productId))!.descriptionHtml;
    const draft = await readyDraft(shopId, productId);
    const description = draft.fields.find((f) => f.field === "description")!;

    await page.goto(`${appUrl}/app/content`, { waitUntil: "networkidle" });
    await screenshot(page, "e2e-content-queue");
    const queue = await page.locator("body").innerText();
    expect(queue).toContain("Offline writer");
    expect(queue).toContain("Heart Mug");

    await page.getByRole("link", { name: "Heart Mug" }).first().click();
    await page.waitForURL(/\/app\/content\/[^/]+$/);
    await page.waitForLoadState("networkidle");
    await screenshot(page, "e2e-content-draft");
    // Side by side: the live text with what goes, the draft with what comes.
    expect(await page.getByLabel("Description, live", { exact: true }).innerText()).toContain("A stoneware mug holding 350 ml.");
    expect(await page.locator('[aria-label="Description, draft"] ins').count()).toBeGreaterThan(0);

    await page.getByRole("button", { name: "Approve Description" }).click();
    await waitFor("the description to go live in Shopify", () => local.store.product(Number(productId))!.descriptionHtml === description.value);
    // The field's badge and its history come from two reads of one page load: wait for both.
    await page.getByText("Restore previous").first().waitFor({ timeout: 15_000 });
    await page.getByText("Published", { exact: true }).first().waitFor({ timeout: 15_000 });
    await screenshot(page, "e2e-content-published");
    const published = await page.locator("body").innerText();
    expect(published).toMatch(/Published/);
    expect(published).toMatch(/History[\s\S]*Description[\s\S]*by Staff/);
    expect(published).toContain("Too little traffic to tell yet");
    // Approving the description did not approve the SEO title.
    expect(local.store.product(Number(productId))!.seo.title).toBeNull();

    await page.getByRole("button", { name: "Restore the Description from before this version" }).first().click();
    await waitFor("the rollback in Shopify", () => local.store.product(Number(productId))!.descriptionHtml === original);
    await page.getByText("Staff (restore)").first().waitFor({ timeout: 15_000 });
    await screenshot(page, "e2e-content-restored");
    const { default: prisma } = await import("../../app/db.server");
    const versions = await prisma.contentVersion.findMany({ where: { shopId, productShopifyId: productId }, orderBy: { publishedAt: "asc" } });
    expect(versions.map((v) => v.actor)).toEqual(["Staff", "restore:Staff"]);
    expect(versions[1].after).toBe(original);
  });

  it("shows the brand voice settings and saves them", async () => {
    await page.goto(`${appUrl}/app/content/settings`, { waitUntil: "networkidle" });
    expect(await page.locator("body").innerText()).toContain("The offline writer writes in English only");
    await page.getByLabel("Words to avoid").fill("cheap, elevate");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved").first().waitFor();
    await screenshot(page, "e2e-content-settings");
    const { default: prisma } = await import("../../app/db.server");
    const settings = JSON.parse((await prisma.shop.findUniqueOrThrow({ where: { id: shopId } })).settings);
    expect(settings.content.avoidWords).toEqual(["cheap", "elevate"]);
  });

  it("writes drafts for products chosen in the picker", async () => {
    const { default: prisma } = await import("../../app/db.server");
    const runsBefore = await prisma.contentRun.count({ where: { shopId } });
    await page.goto(`${appUrl}/app/content`, { waitUntil: "networkidle" });
    await page.getByLabel("Add a product").fill("Plain");
    await page
      .getByRole("option", { name: /Plain Candle/ })
      .first()
      .click();
    await page.getByRole("button", { name: "Generate for 1 selected product" }).waitFor();
    expect(await page.getByLabel("Add a product").inputValue()).toBe("");
    await page.getByRole("button", { name: "Generate for 1 selected product" }).click();
    await page.getByText("Writing drafts for 1 selected product").first().waitFor();
    await screenshot(page, "e2e-content-selection");
    const run = await prisma.contentRun.findFirstOrThrow({ where: { shopId }, orderBy: { createdAt: "desc" } });
    expect(await prisma.contentRun.count({ where: { shopId } })).toBe(runsBefore + 1);
    expect(run.total).toBe(1);
    await waitFor("the selection's draft", async () => (await prisma.contentDraft.count({ where: { runId: run.id, status: "ready" } })) === 1);
    const bare = await prisma.product.findFirstOrThrow({ where: { shopId, title: "Plain Candle" } });
    expect((await prisma.contentDraft.findFirstOrThrow({ where: { runId: run.id } })).productShopifyId).toBe(bare.shopifyId);
  });
});
