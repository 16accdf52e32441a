// The reviews block in Chromium on the local storefront, talking to the real
// app code (the proxy routes' services and the test database) through a
// signed app proxy: grouping, colours, tabs, the form, and a review holding a
// script tag that stays text.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import prisma from "../../app/db.server";
import { receiveReview, serveReviews } from "../../app/services/storefront/proxy.server";
import { signedProxyRequest } from "../helpers/app-proxy";
import { deleteOurRedisKeys } from "../helpers/redis";
import { reviewTestIds, seedReviewedProducts } from "../helpers/reviews";
import { createTestShop } from "../helpers/shops";
import { mountStorefront } from "../shopify-local/storefront/index";
import type { LocalProductLike } from "../shopify-local/storefront/types";
import { launchBrowser, screenshot } from "./browser";

const id = reviewTestIds();
const PRODUCT = String(id(1));
const DOMAIN = `reviews-e2e-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;
const SCRIPT_REVIEW = `Nice colour <script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"> but it runs small`;

let server: Server;
let url: string;
let browser: Browser;
let shopId: string;

const product: LocalProductLike = {
  id: PRODUCT,
  handle: "wool-scarf",
  title: "Wool Scarf",
  vendor: "Flax House",
  productType: "Scarves",
  descriptionHtml: "<p>Soft merino.</p>",
  status: "ACTIVE",
  price: "35.00",
  compareAtPrice: null,
  imageUrl: null,
  variants: [{ id: `${PRODUCT}1`, title: "Default Title", price: "35.00", available: true, inventoryQuantity: 5 }],
  // What the app writes to Shopify's standard review metafields (app/services/reviews/ratings.server.ts).
  metafields: {
    reviews: {
      rating: { type: "rating", value: { rating: 3.3, scale_min: 1, scale_max: 5 } },
      rating_count: { type: "number_integer", value: 4 },
    },
  },
};

async function readBody(req: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  const shop = await createTestShop({ domain: DOMAIN });
  shopId = shop.id;
  await seedReviewedProducts(shop.id, [id(1)], String(id(50)), id(90));
  const base = { shopId, productShopifyId: PRODUCT, status: "published" };
  const day = 86_400_000;
  await prisma.review.createMany({
    data: [
      {
        ...base,
        rating: 5,
        title: "Lovely",
        body: "So soft and warm, I love it.",
        authorName: "Ana",
        sentiment: "positive",
        verifiedBuyer: true,
        contentHash: "e2e-1",
        createdAt: new Date(Date.now() - 1 * day),
      },
      {
        ...base,
        rating: 4,
        title: "Great gift",
        body: "Beautiful colour.",
        authorName: "Bo",
        sentiment: "positive",
        contentHash: "e2e-2",
        createdAt: new Date(Date.now() - 2 * day),
        reply: "Thank you, Bo!",
      },
      {
        ...base,
        rating: 3,
        title: "It's fine",
        body: "Does the job.",
        authorName: "Cy",
        sentiment: "neutral",
        contentHash: "e2e-3",
        createdAt: new Date(Date.now() - 3 * day),
      },
      {
        ...base,
        rating: 1,
        title: "<b>Itchy</b>",
        body: SCRIPT_REVIEW,
        authorName: "<img src=x onerror=alert(1)>",
        sentiment: "negative",
        contentHash: "e2e-4",
        createdAt: new Date(Date.now() - 4 * day),
      },
      { ...base, rating: 2, title: "Hidden one", body: "Not shown", authorName: "Di", sentiment: "negative", status: "hidden", contentHash: "e2e-5" },
    ],
  });
  const storefront = mountStorefront({
    shop: { domain: DOMAIN, name: "Reviews E2E", currency: "EUR", moneyFormat: "€{{amount}}", products: () => [product] },
    appUrl: "http://app.invalid",
    appBlocks: ["reviews"],
    // Shopify's app proxy: the path and query, plus the signed parameters, to the app's real routes.
    proxyToApp: async (req, res, proxy = {}) => {
      const incoming = new URL(req.url ?? "/", "http://storefront.local");
      const path = incoming.pathname.replace(/^\/apps\/aisle\//, "");
      const body = req.method === "POST" ? await readBody(req) : undefined;
      const signed = signedProxyRequest(path, DOMAIN, Object.fromEntries(incoming.searchParams), {
        method: req.method,
        body,
        customerId: proxy.loggedInCustomerId ?? undefined,
      });
      const headers = new Headers(signed.headers);
      if (req.headers["content-type"]) headers.set("content-type", String(req.headers["content-type"]));
      headers.set("user-agent", String(req.headers["user-agent"] ?? ""));
      const request = new Request(signed.url, { method: signed.method, body, headers });
      const response =
        path === "reviews" ? await (req.method === "POST" ? receiveReview(request) : serveReviews(request)) : new Response("{}", { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
      return true;
    },
  });
  server = createServer((req, res) => {
    storefront(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await deleteOurRedisKeys();
});

async function openProduct(query = ""): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${url}/products/wool-scarf${query}`);
  await page.waitForSelector(".aisle-rv__item");
  return { page, errors, dialogs };
}

const bg = (page: Page, selector: string) => page.$eval(selector, (el) => getComputedStyle(el).backgroundColor);

describe("the reviews block", () => {
  it("groups published reviews by sentiment with counts, colours, labels and icons", async () => {
    const { page, errors } = await openProduct();
    const tabs = await page.$$eval("[data-rv-tab]", (els) => els.map((el) => el.textContent!.replace(/\s+/g, " ").trim()));
    expect(tabs).toEqual(["All (4)", "☺ Positive (2)", "◦ Neutral (1)", "☹ Negative (1)"]);
    expect(await page.$$eval(".aisle-rv__item", (els) => els.map((el) => el.getAttribute("data-sentiment")))).toEqual([
      "positive",
      "positive",
      "neutral",
      "negative",
    ]);
    // Green, red, and the theme's own (transparent) for neutral.
    expect(await bg(page, ".aisle-rv--positive")).toBe("rgb(232, 245, 236)");
    expect(await bg(page, ".aisle-rv--negative")).toBe("rgb(253, 236, 234)");
    expect(await bg(page, ".aisle-rv--neutral")).toBe("rgba(0, 0, 0, 0)");
    // Readable without colour: each review says its group in words.
    expect(await page.$$eval(".aisle-rv__group", (els) => els.map((el) => el.textContent!.trim()))).toEqual([
      "☺ Positive",
      "☺ Positive",
      "◦ Neutral",
      "☹ Negative",
    ]);
    expect(await page.textContent("[data-rv-average]")).toBe("3.3 out of 5 · 4 reviews");
    expect(await page.$$eval("[data-rv-histogram] li", (els) => els.map((el) => el.textContent))).toEqual([
      "5 stars: 1",
      "4 stars: 1",
      "3 stars: 1",
      "2 stars: 0",
      "1 stars: 1",
    ]);
    expect(await page.isVisible("text=✓ Verified buyer")).toBe(true);
    expect(await page.textContent(".aisle-rv--positive >> nth=1 >> [data-rv-reply]")).toBe("Reply from the shop: Thank you, Bo!");
    await screenshot(page, "reviews-block");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a review's script tag as text and runs nothing", async () => {
    const { page, errors, dialogs } = await openProduct();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.textContent(".aisle-rv--negative [data-rv-body]")).toBe(SCRIPT_REVIEW);
    expect(await page.textContent(".aisle-rv--negative [data-rv-title]")).toBe("<b>Itchy</b>");
    expect(await page.$$(".aisle-rv__item script, .aisle-rv__item img, .aisle-rv__item b")).toHaveLength(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("filters with tabs by click and keyboard, and sorts", async () => {
    const { page } = await openProduct();
    await page.click("[data-rv-tab=negative]");
    await page.waitForFunction(() => document.querySelectorAll(".aisle-rv__item").length === 1);
    expect(await page.getAttribute("[data-rv-tab=negative]", "aria-selected")).toBe("true");
    await screenshot(page, "reviews-block-negative");
    await page.focus("[data-rv-tab=negative]");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(
      () => document.activeElement?.getAttribute("data-rv-tab") === "all" && document.querySelectorAll(".aisle-rv__item").length === 4,
    );
    await page.selectOption("[data-rv-sort]", "lowest");
    await page.waitForFunction(() => document.querySelector(".aisle-rv__item")?.getAttribute("data-sentiment") === "negative");
    await page.close();
  });

  it("puts the product's rating in structured data for search engines, from the review metafields", async () => {
    const { page } = await openProduct();
    const data = JSON.parse((await page.textContent("script[type='application/ld+json']")) ?? "null");
    expect(data).toMatchObject({
      "@type": "Product",
      name: "Wool Scarf",
      aggregateRating: { "@type": "AggregateRating", ratingValue: 3.3, bestRating: 5, ratingCount: 4 },
    });
    await page.close();
  });

  it("pages through the reviews, as many per page as the merchant set", async () => {
    // The theme editor's smallest page: 3 of the 4 published reviews, then 1.
    const { page } = await openProduct("?block.per_page=3");
    await page.waitForFunction(() => document.querySelectorAll(".aisle-rv__item").length === 3);
    expect(await page.isVisible("[data-rv-pages]")).toBe(true);
    expect(await page.isDisabled("[data-rv-prev]")).toBe(true);
    const first = await page.$$eval("[data-rv-title]", (els) => els.map((el) => el.textContent));
    await page.click("[data-rv-next]");
    await page.waitForFunction((titles) => document.querySelector("[data-rv-title]")?.textContent !== titles[0], first);
    const second = await page.$$eval("[data-rv-title]", (els) => els.map((el) => el.textContent));
    expect(second).toHaveLength(1);
    expect(second.some((t) => first.includes(t))).toBe(false);
    expect(await page.isDisabled("[data-rv-next]")).toBe(true);
    await page.click("[data-rv-prev]");
    await page.waitForFunction((titles) => document.querySelector("[data-rv-title]")?.textContent === titles[0], first);
    await page.close();
  });

  it("sends the review form through the signed proxy and says what happens next", async () => {
    const { page } = await openProduct();
    await page.click(".aisle-rv__write summary");
    await page.check("input[name=rating][value='4']");
    await page.fill("textarea[name=body]", "Warm and <em>soft</em>, a little short.");
    await page.fill("input[name=name]", "Eve");
    await page.click(".aisle-rv__write button[type=submit]");
    await page.waitForFunction(() => /Thank you/.test(document.querySelector("[data-rv-status]")?.textContent ?? ""));
    const stored = await prisma.review.findFirstOrThrow({ where: { shopId, authorName: "Eve" } });
    expect(stored).toMatchObject({ rating: 4, body: "Warm and <em>soft</em>, a little short.", status: "pending" });
    // A rating outside 1-5 from a tampered form gets the server's message.
    await page.evaluate(() => {
      const radio = document.querySelector<HTMLInputElement>("input[name=rating][value='5']")!;
      radio.value = "9";
      radio.checked = true;
    });
    await page.fill("textarea[name=body]", "Tampered");
    await page.fill("input[name=name]", "Mallory");
    await page.click(".aisle-rv__write button[type=submit]");
    await page.waitForFunction(() => /rating/.test(document.querySelector("[data-rv-status]")?.textContent ?? ""));
    await screenshot(page, "reviews-block-form");
    await page.close();
  });
});
