// The "Frequently bought together", cart and recently viewed blocks in
// Chromium, on the dev storefront (test/shopify-local/storefront/dev.ts) and
// its fixture app: one cart request for a bundle, a product that sold out
// meanwhile, the theme's cart refreshed after an add, the products a shopper
// viewed, styles that do not block the first paint, and no layout shift.
import type { Browser, BrowserContextOptions, Page, Request } from "playwright-core";
import { startDevStorefront, type DevStorefront } from "../shopify-local/storefront/dev";
import { launchBrowser, screenshot } from "./browser";
import { DESKTOP, MOBILE, holdRecommendations, openStorefrontPage } from "./storefront-page";

let dev: DevStorefront;
let browser: Browser;

beforeAll(async () => {
  // Enough latency to scroll the skeletons into view before the items arrive.
  dev = await startDevStorefront({ latencyMs: 400, appBlocks: ["bundle", "recommendations", "cart-recommendations", "recently-viewed"] });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await dev?.close();
});

const open = (options: BrowserContextOptions = {}) => openStorefrontPage(browser, options);

const shifts = (page: Page) => page.evaluate(() => window.layoutShifts);

/** Every POST to /cart/add.js the page makes, with its JSON body. */
function cartAdds(page: Page): { body: { items: { id: number; quantity: number }[]; sections?: string[]; sections_url?: string } }[] {
  const seen: { body: { items: { id: number; quantity: number }[] } }[] = [];
  page.on("request", (request: Request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/cart/add.js") seen.push({ body: request.postDataJSON() });
  });
  return seen;
}

/** Loads a page, brings a block's skeleton into view while it is still loading, and waits for it. */
async function loadInView(page: Page, path: string, selector: string) {
  const release = await holdRecommendations(page);
  await page.goto(`${dev.url}${path}`, { waitUntil: "domcontentloaded" });
  const block = page.locator(selector);
  const stillLoading = await block.evaluate((element) => {
    element.scrollIntoView({ block: "center" });
    return element.querySelector("[aria-busy=true]") !== null;
  });
  const before = await block.boundingBox();
  release();
  await page.waitForSelector(`${selector}:is(.is-loaded, .is-empty)`, { state: "attached" });
  await page.waitForTimeout(400); // the cards' fade-in and any late shift
  return { block, before, stillLoading };
}

const cartJs = (page: Page) => page.evaluate(async () => (await fetch("/cart.js")).json() as Promise<{ items: { variant_id: number; quantity: number }[] }>);

function variant(productId: string, variantId: string) {
  const product = [...dev.shop.products()].find((candidate) => candidate.id === productId)!;
  return product.variants.find((candidate) => candidate.id === variantId)!;
}

describe("frequently bought together", () => {
  it("adds the viewed product and its complements with one cart request, totals in the shop's money format, without layout shift", async () => {
    const { page, context, errors } = await open();
    const adds = cartAdds(page);
    const { block, before, stillLoading } = await loadInView(page, "/products/red-mug", "aisle-bundle");
    expect(stillLoading).toBe(true);
    expect(await block.boundingBox()).toEqual(before);
    expect(await shifts(page)).toEqual([]);

    // The viewed product first, then the app's bought-together products.
    const rows = block.locator("li");
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).locator("label").textContent()).toBe("This item: Red Mug");
    expect(await rows.nth(1).locator("a").textContent()).toBe("Stoneware Teapot");
    expect(await rows.nth(2).locator("a").textContent()).toBe("Lever Espresso Machine");
    const request = [...dev.app.recommendationRequests].reverse().find((entry) => entry.query.strategy === "bought_together");
    expect(request?.query).toMatchObject({ context: "product", product_id: "7001", limit: "2", block: "bundle" });
    expect(request?.productIds).toEqual(["7002", "7003"]);
    // Each checkbox is named by its product.
    expect(await page.getByRole("checkbox", { name: "Stoneware Teapot" }).isChecked()).toBe(true);
    expect(await page.getByRole("checkbox", { name: "This item: Red Mug" }).isChecked()).toBe(true);

    // €14 + €48 + €1.299, in €{{amount_with_comma_separator}}.
    const total = block.locator("[data-aisle-total]");
    expect(await total.textContent()).toBe("€1.361,00");
    const button = block.locator("[data-aisle-add]");
    expect(await button.textContent()).toBe("Add all to cart");

    // Keyboard: Space unchecks the espresso machine; the total follows.
    await page.getByRole("checkbox", { name: "Lever Espresso Machine" }).focus();
    await page.keyboard.press("Space");
    expect(await total.textContent()).toBe("€62,00");
    expect(await button.textContent()).toBe("Add selected to cart");
    await page.keyboard.press("Space");
    expect(await total.textContent()).toBe("€1.361,00");

    await screenshot(page, "storefront-bundle-desktop", { fullPage: false });
    await button.click();
    await expect.poll(() => block.locator("[role=status]").textContent()).toBe("Added to your cart.");
    expect(adds.map((add) => add.body.items)).toEqual([
      [
        { id: 70011, quantity: 1 },
        { id: 70021, quantity: 1 },
        { id: 70031, quantity: 1 },
      ],
    ]);
    expect((await cartJs(page)).items.map((item) => item.variant_id)).toEqual([70011, 70021, 70031]);
    await expect.poll(() => page.locator("[data-cart-count]").textContent()).toBe("3");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("names a product that sold out after the page was shown, and adds the others", async () => {
    const { page, context, errors } = await open();
    const adds = cartAdds(page);
    const { block } = await loadInView(page, "/products/red-mug", "aisle-bundle");
    const espresso = variant("7003", "70031");
    espresso.available = false; // sold out between render and click
    try {
      await block.locator("[data-aisle-add]").click();
      const status = block.locator("[role=status]");
      await expect.poll(() => status.textContent()).toBe("Sold out, not added: Lever Espresso Machine. Added to your cart.");
      // The refused request, then the same without the sold-out product.
      expect(adds.map((add) => add.body.items.map((item) => item.id))).toEqual([
        [70011, 70021, 70031],
        [70011, 70021],
      ]);
      expect((await cartJs(page)).items.map((item) => item.variant_id)).toEqual([70011, 70021]);
      const row = block.locator("li", { hasText: "Lever Espresso Machine" });
      expect(await row.locator("input").isChecked()).toBe(false);
      expect(await row.locator("input").isDisabled()).toBe(true);
      expect(await row.locator("[data-aisle-price]").textContent()).toBe("Sold out");
      expect(await block.locator("[data-aisle-total]").textContent()).toBe("€62,00");
      await screenshot(page, "storefront-bundle-sold-out", { fullPage: false });
      // Only the cart's own refusal reached the console.
      expect(errors.filter((error) => !error.includes("422"))).toEqual([]);
    } finally {
      espresso.available = true;
      await context.close();
    }
  });

  it("follows the variant chosen in the theme's product form", async () => {
    const { page, context, errors } = await open();
    const adds = cartAdds(page);
    const { block } = await loadInView(page, "/products/single-origin-coffee", "aisle-bundle");
    const own = block.locator("[data-aisle-own]");
    expect(await own.locator("[data-aisle-own-price]").textContent()).toBe("€18,00");
    await page.selectOption("#ProductVariant", "70082"); // 1 kg
    expect(await own.locator("[data-aisle-own-price]").textContent()).toBe("€58,00");
    // €58 + the two complements (€14 and €48).
    expect(await block.locator("[data-aisle-total]").textContent()).toBe("€120,00");
    await block.locator("[data-aisle-add]").click();
    await expect.poll(() => block.locator("[role=status]").textContent()).toBe("Added to your cart.");
    expect(adds.map((add) => add.body.items.map((item) => item.id))).toEqual([[70082, 70011, 70021]]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("says so when nothing could be added", async () => {
    const { page, context } = await open();
    const { block } = await loadInView(page, "/products/red-mug", "aisle-bundle");
    // Only the espresso machine checked, and it sells out.
    await page.getByRole("checkbox", { name: "This item: Red Mug" }).uncheck();
    await page.getByRole("checkbox", { name: "Stoneware Teapot" }).uncheck();
    const espresso = variant("7003", "70031");
    espresso.available = false;
    try {
      await block.locator("[data-aisle-add]").click();
      await expect.poll(() => block.locator("[role=status]").textContent()).toBe("Sold out, not added: Lever Espresso Machine.");
      expect(await block.locator("[role=status]").getAttribute("class")).toContain("is-error");
      expect((await cartJs(page)).items).toEqual([]);
    } finally {
      espresso.available = true;
      await context.close();
    }
  });
});

describe("translations", () => {
  it("render the blocks in the storefront's language", async () => {
    const { page, context, errors } = await open();
    const { block } = await loadInView(page, "/products/red-mug?locale=fr", "aisle-bundle");
    expect(await block.locator("h2").textContent()).toBe("Fréquemment achetés ensemble");
    expect(await block.locator("[data-aisle-own] label").textContent()).toBe("Cet article : Red Mug");
    expect(await block.locator("[data-aisle-add]").textContent()).toBe("Tout ajouter au panier");
    await page.getByRole("checkbox", { name: "Stoneware Teapot" }).uncheck();
    expect(await block.locator("[data-aisle-add]").textContent()).toBe("Ajouter la sélection au panier");
    await page.goto(`${dev.url}/cart?locale=fr`);
    expect(await page.locator("aisle-cart-recommendations h2").textContent()).toBe("Complétez votre commande");
    expect(await page.locator("aisle-recent h2").textContent()).toBe("Consultés récemment");
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("cart recommendations", () => {
  it("recommends for the cart as /cart.js has it, adds, and has the theme's cart sections re-rendered", async () => {
    const { page, context, errors } = await open();
    // A drawer (here: a request before the page's scripts) changed the cart
    // after the server rendered the page: the Liquid cart is stale.
    await page.goto(`${dev.url}/`);
    await page.evaluate(() =>
      fetch("/cart/add.js", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ items: [{ id: 70031, quantity: 1 }] }) }),
    );
    await context.addInitScript(() => {
      if (location.pathname !== "/cart" || sessionStorage.getItem("drawer-add")) return;
      sessionStorage.setItem("drawer-add", "1");
      const xhr = new XMLHttpRequest();
      xhr.open("POST", "/cart/add.js", false);
      xhr.setRequestHeader("Content-Type", "application/json");
      xhr.send(JSON.stringify({ items: [{ id: 70041, quantity: 1 }] }));
    });
    const adds = cartAdds(page);
    const { block, before } = await loadInView(page, "/cart", "aisle-cart-recommendations");
    const request = dev.app.recommendationRequests.at(-1)!;
    expect(request.query).toMatchObject({ context: "cart", cart: "7003,7004", limit: "3", block: "cart" });
    expect(request.productIds).not.toContain("7004");
    expect(await block.boundingBox()).toEqual(before);
    expect(await shifts(page)).toEqual([]);

    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    expect(await page.locator(".cart-line").count()).toBe(1); // as Liquid saw the cart
    const first = block.locator("[data-aisle-item]").first();
    const title = await first.locator("a").textContent();
    const earlier = adds.length; // the drawer's
    await first.locator("[data-aisle-add]").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => block.locator("[role=status]").textContent()).toBe("Added to your cart");
    expect(adds.slice(earlier)).toHaveLength(1);
    expect(adds[earlier].body).toMatchObject({ sections: ["header", "main-cart"], sections_url: "/cart" });
    // The cart section shows the new line, without a reload.
    await expect.poll(() => page.locator(".cart-line").count()).toBe(3);
    expect(await page.locator(".cart-line__title").allTextContents()).toContain(title);
    expect(await page.locator("[data-cart-count]").textContent()).toBe("3");
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await screenshot(page, "storefront-cart-recommendations-desktop");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("answers the Section Rendering API with the add", async () => {
    const { page, context } = await open();
    await page.goto(`${dev.url}/cart`);
    const answer = await page.evaluate(async () => {
      const response = await fetch("/cart/add.js", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ items: [{ id: 70021, quantity: 1 }], sections: ["main-cart", "missing"], sections_url: "/cart" }),
      });
      return response.json();
    });
    expect(answer.sections.missing).toBeNull();
    expect(answer.sections["main-cart"]).toMatch(/^<div id="shopify-section-main-cart" class="shopify-section">[\s\S]*Stoneware Teapot[\s\S]*<\/div>$/);
    await context.close();
  });
});

describe("recently viewed", () => {
  it("shows the products viewed on this device, most recent first, read from Shopify's product JSON", async () => {
    const { page, context, errors } = await open();
    await page.goto(`${dev.url}/products/red-mug`);
    await page.locator("aisle-recent").evaluate((element) => element.scrollIntoView());
    await page.waitForSelector("aisle-recent:is(.is-loaded, .is-empty)", { state: "attached" });
    // Nothing viewed before: the block stays collapsed.
    expect(await page.locator("aisle-recent").getAttribute("class")).toContain("is-empty");
    await page.goto(`${dev.url}/products/stoneware-teapot`);
    await page.locator("aisle-recent").evaluate((element) => element.scrollIntoView());
    await page.waitForSelector("aisle-recent.is-loaded");

    const productJson: string[] = [];
    page.on("request", (request) => {
      if (/\/products\/[^/]+\.js$/.test(new URL(request.url()).pathname)) productJson.push(new URL(request.url()).pathname);
    });
    const before = dev.app.recommendationRequests.length;
    const { block, before: box } = await loadInView(page, "/products/linen-tea-towel", "aisle-recent");
    const titles = await block.locator("[data-aisle-item] a").allTextContents();
    expect(titles).toEqual(["Stoneware Teapot", "Red Mug"]);
    expect(await block.locator("[data-aisle-item]").first().locator("[data-aisle-price]").textContent()).toBe("€48,00");
    expect(await block.locator("[data-aisle-item]").first().locator("a").getAttribute("href")).toBe("/products/stoneware-teapot");
    expect(productJson.sort()).toEqual(["/products/red-mug.js", "/products/stoneware-teapot.js"]);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem("aisle_recent") ?? "[]"))).toEqual(["linen-tea-towel", "stoneware-teapot", "red-mug"]);
    // Not a recommendation: no request to the app for it, no request id on its cards.
    expect(dev.app.recommendationRequests.slice(before).filter((request) => request.query.context !== "product")).toEqual([]);
    expect(await block.locator("[data-aisle-item]").first().getAttribute("data-aisle-request-id")).toBe("");
    expect(await block.boundingBox()).toEqual(box);
    expect(await shifts(page)).toEqual([]);
    await screenshot(page, "storefront-recently-viewed-desktop", { fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("has the tracking embed record views where the block is not", async () => {
    const { page, context, errors } = await open();
    await page.route(/aisle-recent\.js/, (route) => route.abort());
    for (const handle of ["red-mug", "stoneware-teapot", "red-mug"]) {
      await page.goto(`${dev.url}/products/${handle}`);
      await page.waitForFunction(() => (window as unknown as { AisleTracker?: unknown }).AisleTracker);
    }
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem("aisle_recent") ?? "[]"))).toEqual(["red-mug", "stoneware-teapot"]);
    expect(errors.filter((error) => !error.includes("ERR_FAILED"))).toEqual([]);
    await context.close();
  });

  it("keeps and shows nothing without analytics consent, and forgets the list", async () => {
    const { page, context, errors } = await open();
    await page.goto(`${dev.url}/products/red-mug`);
    await page.evaluate(() => localStorage.setItem("aisle_recent", JSON.stringify(["stoneware-teapot"])));
    await context.addInitScript(() => {
      (window as unknown as { Shopify: unknown }).Shopify = { customerPrivacy: { analyticsProcessingAllowed: () => false } };
    });
    await page.goto(`${dev.url}/products/linen-tea-towel`);
    await page.locator("aisle-recent").evaluate((element) => element.scrollIntoView());
    await page.waitForSelector("aisle-recent.is-empty", { state: "attached" });
    expect(await page.evaluate(() => localStorage.getItem("aisle_recent"))).toBeNull();
    expect(await page.locator("aisle-recent [data-aisle-item]").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("styles", () => {
  it("never block the first paint, and their late arrival moves nothing", async () => {
    // Tall enough to hold the bundle and the recommendations in view: shifts
    // out of view do not count.
    const { page, context, errors } = await open({ viewport: { width: 1280, height: 1800 } });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/aisle-blocks\.css/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${dev.url}/products/red-mug`, { waitUntil: "domcontentloaded" });
    const head = await page.evaluate(() => document.head.innerHTML);
    expect(head).not.toMatch(/<link[^>]+aisle[^>]+stylesheet|<link[^>]+stylesheet[^>]+aisle/);
    // Painted while the stylesheet is still on its way.
    await page.waitForSelector("aisle-bundle.is-loaded");
    await page.waitForSelector("aisle-recommendations.is-loaded");
    await page.locator("aisle-recommendations").evaluate((element) => element.scrollIntoView({ block: "end" }));
    await page.waitForTimeout(200);
    const boxes = () =>
      page.evaluate(() =>
        ["aisle-bundle", "aisle-recommendations", "aisle-recent", ".aisle-card__button", ".aisle-bundle__item"].map((selector) => {
          const box = document.querySelector(selector)?.getBoundingClientRect();
          return box && [box.x, box.y, box.width, box.height];
        }),
      );
    const unstyled = await boxes();
    expect(
      await page.evaluate(() => [...document.styleSheets].some((sheet) => /aisle-blocks\.css/.test(sheet.href ?? "") && sheet.media.mediaText === "all")),
    ).toBe(false);
    release();
    await expect
      .poll(() => page.evaluate(() => [...document.styleSheets].some((sheet) => /aisle-blocks\.css/.test(sheet.href ?? "") && sheet.media.mediaText === "all")))
      .toBe(true);
    await page.waitForTimeout(300);
    expect(await boxes()).toEqual(unstyled);
    expect(await shifts(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("screenshots", () => {
  // Saved to test/.artifacts/ for a person to look at; the checks catch what a
  // glance would: horizontal overflow, broken images.
  for (const [device, viewport] of [
    ["desktop", DESKTOP],
    ["mobile", MOBILE],
  ] as const) {
    it(`product and cart pages with every block on ${device}`, async () => {
      const { context, page, errors } = await open({ viewport });
      for (const [name, path] of [
        ["teapot", "/products/stoneware-teapot"],
        ["product", "/products/red-mug"],
        ["cart", "/cart"],
      ] as const) {
        await page.goto(`${dev.url}${path}`);
        for (const selector of ["aisle-bundle", "aisle-recommendations", "aisle-cart-recommendations", "aisle-recent"]) {
          const block = page.locator(selector);
          if (!(await block.count())) continue;
          await block.evaluate((element) => element.scrollIntoView());
          await page.waitForSelector(`${selector}:is(.is-loaded, .is-empty)`, { state: "attached" });
        }
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.waitForTimeout(400);
        const layout = await page.evaluate(() => ({
          overflow: document.documentElement.scrollWidth - window.innerWidth,
          brokenImages: [...document.images].filter((img) => img.complete && img.naturalWidth === 0).map((img) => img.src),
        }));
        expect(layout, `${name} on ${device}`).toEqual({ overflow: 0, brokenImages: [] });
        if (name === "cart") {
          // Nothing in the cart: no order to complete, and nothing said to go with the cart.
          expect(await page.locator("aisle-cart-recommendations").getAttribute("class")).toContain("is-empty");
          expect(await page.locator("body").innerText()).not.toContain("Goes well with your cart");
        }
        await screenshot(page, `storefront-placements-${name}-${device}`);
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
