// The recommendations block and the tracker in Chromium, on the dev
// storefront (test/shopify-local/storefront/dev.ts) and its fixture app.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { startDevStorefront, type DevStorefront } from "../shopify-local/storefront/dev";
import { launchBrowser, screenshot } from "./browser";
import { DESKTOP, MOBILE, holdRecommendations, openStorefrontPage } from "./storefront-page";
import { MONEY_FORMAT_CASES, MONEY_FORMAT_TEXT_CASES } from "../helpers/money-formats";

let dev: DevStorefront;
let browser: Browser;

beforeAll(async () => {
  // Enough latency to scroll the skeleton into view before the items arrive.
  dev = await startDevStorefront({ latencyMs: 400 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await dev?.close();
});

const open = (options: BrowserContextOptions = {}) => openStorefrontPage(browser, options);

const cls = (page: Page) => page.evaluate(() => window.layoutShifts.reduce((sum, shift) => sum + shift.value, 0));

async function visitorId(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === "aisle_vid");
  if (!cookie) throw new Error("no aisle_vid cookie");
  return cookie.value;
}

/** Events the fixture app received from one visitor, waiting until `done` holds. */
async function eventsOf(vid: string, done: (events: Record<string, unknown>[]) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = dev.app.eventBatches.filter((batch) => batch.vid === vid).flatMap((batch) => batch.events);
    if (done(events) || Date.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Loads a page, brings the block's skeleton into view, and waits for the items. */
async function loadWithBlockInView(page: Page, path: string) {
  const release = await holdRecommendations(page);
  await page.goto(`${dev.url}${path}`, { waitUntil: "domcontentloaded" });
  const block = page.locator("aisle-recommendations");
  const stillLoading = await block.evaluate((element) => {
    element.scrollIntoView({ block: "center" });
    return element.querySelector("[aria-busy=true]") !== null;
  });
  const before = await block.boundingBox();
  release();
  await page.waitForSelector("aisle-recommendations:is(.is-loaded, .is-empty)");
  await page.waitForTimeout(400); // the cards' fade-in and any late shift
  return { block, before, stillLoading };
}

describe("the first page view", () => {
  it("sends the visitor id with the first recommendations request even when the tracker script arrives late", async () => {
    // Both scripts are deferred; the block's ran first and asked as soon as it
    // was in view, before the tracker had set the visitor cookie. A slow
    // tracker download makes that order certain.
    const { context, page, errors } = await open();
    await page.route(/aisle-tracker\.js/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await route.continue();
    });
    const before = dev.app.recommendationRequests.length;
    await page.goto(`${dev.url}/products/red-mug`, { waitUntil: "domcontentloaded" });
    await page.waitForSelector("aisle-recommendations:is(.is-loaded, .is-empty)");
    const vid = await visitorId(context);
    const first = dev.app.recommendationRequests.slice(before).find((entry) => entry.query.product_id === "7001");
    expect(first?.query.vid).toBe(vid);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("recommendations block on a product page", () => {
  it("loads without layout shift, formats prices, adds to cart from the keyboard, and is tracked", async () => {
    const { context, page, errors } = await open();
    const { block, before, stillLoading } = await loadWithBlockInView(page, "/products/red-mug");
    expect(stillLoading).toBe(true); // the swap below really happened in view

    // No layout shift: the loaded block has the skeleton's exact box.
    const items = block.locator("[data-aisle-item]");
    await expect.poll(() => items.count()).toBe(4);
    expect(await block.boundingBox()).toEqual(before);
    expect(await cls(page)).toBeLessThan(0.1);
    expect(await page.evaluate(() => window.layoutShifts)).toEqual([]);

    // The request carried the context, product, settings and visitor.
    const vid = await visitorId(context);
    expect(vid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const request = dev.app.recommendationRequests.find((entry) => entry.query.vid === vid);
    expect(request?.query).toEqual({ context: "product", strategy: "auto", limit: "4", product_id: "7001", vid });
    const requestId = request!.requestId;
    expect(request!.productIds).toEqual(["7002", "7003", "7004", "7005"]);

    // Cards: link, reason, image, and prices in the shop's money format.
    const espresso = items.nth(1);
    await expect.poll(() => espresso.locator("a").textContent()).toBe("Lever Espresso Machine");
    expect(await espresso.locator("a").getAttribute("href")).toBe("/products/lever-espresso-machine");
    expect(await espresso.locator("[data-aisle-reason]").textContent()).toBe("Often bought with Red Mug");
    expect(await espresso.locator("[data-aisle-price]").textContent()).toBe("€1.299,00");
    expect(await espresso.locator("[data-aisle-compare-amount]").textContent()).toBe("€1.499,00");
    expect(await espresso.locator("[data-aisle-compare]").isVisible()).toBe(true);
    expect(await items.nth(0).locator("[data-aisle-price]").textContent()).toBe("€48,00");
    expect(await items.nth(3).locator("[data-aisle-compare]").isVisible()).toBe(false);
    const image = espresso.locator("img");
    expect(await image.getAttribute("alt")).toBe("Lever Espresso Machine");
    expect(await image.getAttribute("loading")).toBe("lazy");
    expect(await image.getAttribute("width")).toBe("600");
    expect(await image.getAttribute("height")).toBe("600");
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await block.locator("h2").isVisible()).toBe(true);
    expect(await block.locator("section").getAttribute("aria-labelledby")).toBe(await block.locator("h2").getAttribute("id"));

    // The money format cases every copy of the formatter is held to.
    const cases = [...MONEY_FORMAT_CASES, ...MONEY_FORMAT_TEXT_CASES, { amount: "not a price", format: "${{amount}}", expected: "" }];
    const formatted = await page.evaluate(
      (all) => {
        const element = customElements.get("aisle-recommendations") as unknown as {
          formatMoney(amount: string, format: string): string;
        };
        return all.map(({ amount, format }) => element.formatMoney(amount, format));
      },
      cases.map(({ amount, format }) => ({ amount, format })),
    );
    expect(formatted).toEqual(cases.map((c) => c.expected));

    // Keyboard: from the product form's button, Tab into the block.
    await page.focus(".product-form button[type=submit]");
    await page.keyboard.press("Tab");
    const firstLink = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement;
      const ring = getComputedStyle(active, "::after");
      return { text: active.textContent, matches: active.matches("[data-aisle-item] a"), outline: ring.outlineStyle };
    });
    expect(firstLink).toEqual({ text: "Stoneware Teapot", matches: true, outline: "solid" });
    await page.keyboard.press("Tab");
    const focusedButton = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement;
      return { add: active.matches("[data-aisle-add]"), outline: getComputedStyle(active).outlineStyle, name: active.textContent };
    });
    expect(focusedButton).toEqual({ add: true, outline: "solid", name: "Add to cart" });
    await page.keyboard.press("Enter");

    const firstButton = items.nth(0).locator("[data-aisle-add]");
    await expect.poll(() => firstButton.textContent()).toBe("Added");
    await expect.poll(() => block.locator("[role=status]").textContent()).toBe("Added to your cart");
    await expect.poll(() => page.locator("[data-cart-count]").textContent()).toBe("1");
    expect(await page.locator("[data-cart-count]").isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.matches("[data-aisle-add]"))).toBe(true);
    const cart = await page.evaluate(async () => (await fetch("/cart.js")).json());
    expect(cart.items.map((item: { variant_id: number }) => item.variant_id)).toEqual([70021]);

    // Clicking a recommendation navigates; the tracker flushes on the way out.
    await Promise.all([page.waitForURL(`${dev.url}/products/lever-espresso-machine`), espresso.locator("a").click()]);

    const events = await eventsOf(vid, (all) => all.some((event) => event.type === "click"));
    const strip = (event: Record<string, unknown>) => {
      const { ts, ...rest } = event;
      expect(typeof ts).toBe("number");
      return rest;
    };
    const ofType = (type: string) => events.filter((event) => event.type === type).map(strip);
    expect(ofType("view")).toEqual([{ type: "view", productId: "7001" }]);
    expect(ofType("impression")).toEqual(
      ["7002", "7003", "7004", "7005"].map((productId, position) => ({ type: "impression", productId, requestId, position })),
    );
    expect(ofType("add_to_cart")).toEqual([{ type: "add_to_cart", productId: "7002", variantId: "70021", requestId }]);
    expect(ofType("click")).toEqual([{ type: "click", productId: "7003", requestId, position: 1 }]);

    // The next page's view arrives with the next flush.
    const later = await eventsOf(vid, (all) => all.some((event) => event.type === "view" && event.productId === "7003"));
    expect(later.filter((event) => event.type === "view").map((event) => event.productId)).toEqual(["7001", "7003"]);

    const cookie = (await context.cookies()).find((candidate) => candidate.name === "aisle_vid")!;
    expect(cookie.sameSite).toBe("Lax");
    expect(cookie.expires * 1000 - Date.now()).toBeGreaterThan(364 * 24 * 3600 * 1000);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("attributes a theme form add to the recommendation clicked before it", async () => {
    const { context, page, errors } = await open();
    await page.goto(`${dev.url}/products/red-mug`);
    const link = page.locator("[data-aisle-item] a", { hasText: "Linen Tea Towel" });
    await link.waitFor();
    const requestId = await link.evaluate((a) => (a.closest("[data-aisle-item]") as HTMLElement).dataset.aisleRequestId);
    expect(requestId).toMatch(/^r_dev_\d+$/);
    await Promise.all([page.waitForURL(/linen-tea-towel$/), link.click()]);
    // The theme's own product form: a plain POST to /cart/add, then /cart.
    await Promise.all([page.waitForURL(/\/cart$/), page.click(".product-form button[type=submit]")]);
    expect(await page.locator("[data-cart-count]").textContent()).toBe("1");

    const vid = await visitorId(context);
    const events = await eventsOf(vid, (all) => all.some((event) => event.type === "add_to_cart"));
    const add = events.find((event) => event.type === "add_to_cart");
    expect(add).toMatchObject({ productId: "7004", variantId: "70041", requestId });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("counts adds that theme scripts make through fetch and XHR", async () => {
    const { context, page, errors } = await open();
    await page.goto(`${dev.url}/products/red-mug`);
    await page.locator("[data-aisle-item]").first().waitFor();
    await page.evaluate(async () => {
      // A Dawn-style product form: FormData through fetch.
      const form = new FormData();
      form.set("id", "70041");
      form.set("quantity", "1");
      await fetch("/cart/add.js", { method: "POST", body: form });
      // An older theme: XHR with JSON.
      await new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open("POST", "/cart/add.js");
        xhr.setRequestHeader("Content-Type", "application/json");
        xhr.onload = resolve;
        xhr.send(JSON.stringify({ items: [{ id: 70061, quantity: 2 }] }));
      });
      // Refused (sold out): not an add.
      await fetch("/cart/add.js", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ id: 70071 }) });
      (window as unknown as { AisleTracker: { flush(): void } }).AisleTracker.flush();
    });
    const vid = await visitorId(context);
    const events = await eventsOf(vid, (all) => all.filter((event) => event.type === "add_to_cart").length >= 2);
    // Shown as recommendations but not clicked: no requestId. The two adds are
    // recorded as each answer arrives, in either order.
    const adds = events.filter((event) => event.type === "add_to_cart").map(({ ts: _ts, ...event }) => event);
    expect(adds.sort((a, b) => String(a.productId).localeCompare(String(b.productId)))).toEqual([
      { type: "add_to_cart", productId: "7004", variantId: "70041" },
      { type: "add_to_cart", productId: "7006", variantId: "70061" },
    ]);
    expect(errors.filter((error) => !error.includes("422"))).toEqual([]);
    await context.close();
  });

  it("stays collapsed without a shift when there is nothing to recommend", async () => {
    // Short enough that the block is out of view at the top of the page.
    const { context, page, errors } = await open({ viewport: { width: 1280, height: 600 } });
    const { block, before } = await loadWithBlockInView(page, "/products/gift-card");
    expect(await block.getAttribute("class")).toContain("is-empty");
    // In view, the space is kept (the skeleton fades out) so nothing moves...
    expect(await block.boundingBox()).toEqual(before);
    expect(await block.locator("h2").isVisible()).toBe(false);
    expect(await cls(page)).toBe(0);
    // ...and released once the block is out of view.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => block.evaluate((element) => (element as HTMLElement).hidden)).toBe(true);
    expect(await block.isVisible()).toBe(false);
    expect(await cls(page)).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("pages the carousel from the keyboard", async () => {
    const { context, page, errors } = await open({ reducedMotion: "reduce" });
    await loadWithBlockInView(page, "/products/red-mug?block.layout=carousel&block.products_to_show=6");
    const list = page.locator("aisle-recommendations [data-aisle-list]");
    await expect.poll(() => list.locator("[data-aisle-item]").count()).toBe(6);
    const prev = page.getByRole("button", { name: "Previous products" });
    const next = page.getByRole("button", { name: "Next products" });
    expect(await prev.getAttribute("aria-disabled")).toBe("true");
    expect(await next.getAttribute("aria-disabled")).toBe("false");
    expect(await next.getAttribute("aria-controls")).toBe(await list.getAttribute("id"));

    await page.focus(".product-form button[type=submit]");
    await page.keyboard.press("Tab"); // previous (aria-disabled, still focusable)
    await page.keyboard.press("Tab"); // next
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Next products");
    await page.keyboard.press("Enter");
    await expect.poll(() => list.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
    await expect.poll(() => prev.getAttribute("aria-disabled")).toBe("false");
    await expect.poll(() => next.getAttribute("aria-disabled")).toBe("true");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Next products");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    await expect.poll(() => list.evaluate((element) => element.scrollLeft)).toBe(0);
    expect(await cls(page)).toBeLessThan(0.1);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("tracker privacy", () => {
  it("sends nothing and sets no cookie without analytics consent", async () => {
    const userAgent = "Chromium (analytics consent declined)";
    const { context, page, errors } = await open({ userAgent });
    await context.addInitScript(() => {
      (window as unknown as { Shopify: unknown }).Shopify = { customerPrivacy: { analyticsProcessingAllowed: () => false } };
    });
    await page.goto(`${dev.url}/products/red-mug`);
    await page.locator("[data-aisle-item]").first().waitFor();
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.goto(`${dev.url}/cart`);
    await page.locator("[data-aisle-item]").first().waitFor();
    expect((await context.cookies()).some((cookie) => cookie.name === "aisle_vid")).toBe(false);
    expect(errors).toEqual([]);
    await context.close(); // pagehide: the tracker's last chance to send
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(dev.app.eventBatches.filter((batch) => batch.userAgent === userAgent)).toEqual([]);
    // Recommendations still work, without a visitor id.
    const requests = dev.app.recommendationRequests.filter((request) => request.userAgent === userAgent);
    expect(requests.map((request) => request.query.vid)).toEqual([undefined, undefined]);
  });

  it("replaces a visitor cookie that is not a uuid", async () => {
    const { context, page } = await open();
    const url = new URL(dev.url);
    await context.addCookies([{ name: "aisle_vid", value: `x${"A".repeat(3000)}`, domain: url.hostname, path: "/" }]);
    await page.goto(`${dev.url}/products/red-mug`);
    await expect.poll(async () => visitorId(context)).toMatch(/^[0-9a-f-]{36}$/);
    await context.close();
  });
});

describe("screenshots", () => {
  // Saved to test/.artifacts/ for a person to look at; the checks here catch
  // what a glance would: horizontal overflow, broken images, a missing block.
  for (const [device, viewport] of [
    ["desktop", DESKTOP],
    ["mobile", MOBILE],
  ] as const) {
    it(`product, cart and home pages on ${device}`, async () => {
      const { context, page, errors } = await open({ viewport });
      for (const [name, path] of [
        ["product", "/products/red-mug"],
        ["cart", "/cart"],
        ["home", "/"],
        ["carousel", "/products/stoneware-teapot?block.layout=carousel&block.products_to_show=8&block.show_vendor=true"],
      ] as const) {
        if (name === "cart")
          await page.evaluate(() =>
            fetch("/cart/add.js", {
              method: "POST",
              headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ items: [{ id: 70031, quantity: 1 }] }),
            }),
          );
        await page.goto(`${dev.url}${path}`);
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await page.waitForSelector("aisle-recommendations.is-loaded [data-aisle-item]");
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.waitForTimeout(400);
        const layout = await page.evaluate(() => ({
          overflow: document.documentElement.scrollWidth - window.innerWidth,
          brokenImages: [...document.images].filter((img) => img.complete && img.naturalWidth === 0).map((img) => img.src),
        }));
        expect(layout, `${name} on ${device}`).toEqual({ overflow: 0, brokenImages: [] });
        await screenshot(page, `storefront-${name}-${device}`);
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
