// Revenue from recommendations for every visitor, end to end: a shopper (not
// signed in) clicks a recommendation on the local storefront and adds it to
// the cart; the tracking embed writes its visitor id into the cart; the order
// carries the cart attributes in its orders/create webhook; the app credits
// the line and the revenue page shows it. A forged visitor is not credited.
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
let pageErrors: string[];
let DOMAIN: string;

beforeAll(async () => {
  app = await startDemoApp({ name: "attrib", seed: { maxProducts: 30, maxOrders: 300 }, viewport: { width: 1280, height: 1400 } });
  ({ local, appUrl, browser, page, shopId, pageErrors, domain: DOMAIN } = app);
}, 240_000);

afterAll(async () => {
  await app?.close();
});

async function applyReceivedOrders() {
  const { default: prisma } = await import("../../app/db.server");
  const { applyWebhookDelivery } = await import("../../app/services/webhooks/apply.server");
  for (const row of await prisma.webhookDelivery.findMany({ where: { shopDomain: DOMAIN, topic: "orders/create", status: "received" } })) {
    await applyWebhookDelivery(row.id);
  }
}

describe("revenue from recommendations", () => {
  it("credits an anonymous shopper's order to the recommendation clicked, and shows the revenue in the admin", async () => {
    const { default: prisma } = await import("../../app/db.server");
    const lists = await prisma.recommendationList.findMany({ where: { shopId, kind: "bought_together" }, select: { productShopifyId: true } });
    const anchor = local.store.productList().find((p) => lists.some((l) => l.productShopifyId === String(p.id)) && p.status === "ACTIVE")!;
    const shopper = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await shopper.goto(`${local.storefrontUrl}/products/${anchor.handle}`, { waitUntil: "networkidle" });
    const items = shopper.locator("li[data-aisle-item][data-aisle-product-id]");
    await shopper.mouse.wheel(0, 900);
    await items.first().waitFor({ timeout: 15_000 });
    const link = items.first().locator("a[href^='/products/']").first();
    const href = (await link.getAttribute("href"))!;
    await link.click();
    await shopper.waitForURL((url) => url.pathname === href);
    await shopper.waitForLoadState("networkidle");
    // The theme's own add to cart (a plain form post), then the cart page.
    await shopper.locator("form.product-form button[type=submit]").click();
    await shopper.waitForURL(/\/cart$/);
    await shopper.waitForLoadState("networkidle");
    let attributes: Record<string, string> = {};
    for (let i = 0; i < 50 && !attributes._aisle_sig; i++) {
      attributes = await shopper.evaluate(async () => (await (await fetch("/cart.js")).json()).attributes);
      if (!attributes._aisle_sig) await new Promise((r) => setTimeout(r, 200));
    }
    expect(Object.keys(attributes).sort()).toEqual(["_aisle_sig", "_aisle_vid"]);
    await screenshot(shopper, "attribution-cart");

    // The click and the add reach the app (the tracker sends on navigation).
    const clicked = local.store.productList().find((p) => p.handle === href.replace("/products/", ""))!;
    for (let i = 0; i < 50; i++) {
      const types = await prisma.storefrontEvent.findMany({ where: { shopId, productShopifyId: String(clicked.id) }, select: { type: true } });
      if (types.some((t) => t.type === "click")) break;
      await new Promise((r) => setTimeout(r, 200));
    }

    // Checkout: the local Shopify turns the cart into an order carrying its attributes.
    const placed = await shopper.evaluate(async () => (await (await fetch("/cart/checkout", { method: "POST" })).json()) as { order: { id: number } });
    await shopper.close();
    const payload = local.webhookPayload("orders/create", { orderId: placed.order.id }) as {
      note_attributes: { name: string; value: string }[];
      line_items: { price: string; quantity: number; product_id: number }[];
    };
    expect(payload.note_attributes.map((a) => a.name).sort()).toEqual(["_aisle_sig", "_aisle_vid"]);
    expect((await local.sendWebhook("orders/create", payload)).status).toBe(200);

    // A forged order for the same product: made-up signature, and a visitor id from the real one with another shop's signature.
    const line = payload.line_items.find((l) => l.product_id === clicked.id)!;
    const vid = attributes._aisle_vid;
    for (const [i, sig] of ["AAAAAAAAAAAAAAAAAAAAAA", "not-even-the-right-shape"].entries()) {
      const forged = local.store.createOrder({
        processedAt: new Date().toISOString(),
        lineItems: [{ variantId: clicked.variants[0].id, quantity: 3 }],
        customAttributes: [
          { key: "_aisle_vid", value: vid },
          { key: "_aisle_sig", value: sig },
          { key: "_aisle_arm", value: `gone-${i}:A` },
        ],
      });
      expect((await local.sendWebhook("orders/create", local.webhookPayload("orders/create", { orderId: forged.id }))).status).toBe(200);
    }
    await applyReceivedOrders();

    await page.goto(`${appUrl}/app/recommendations/revenue`, { waitUntil: "networkidle" });
    await screenshot(page, "attribution-revenue");
    const text = await page.locator("body").innerText();
    if (text.includes("Something went wrong")) throw new Error(`the revenue page failed:\n${pageErrors.join("\n")}\n${app.serverOutput().slice(-3000)}`);
    const expected = (Number(line.price) * line.quantity).toFixed(2);
    expect(text).toMatch(new RegExp(`Revenue from recommendations\\s+£${expected.replace(".", "\\.")}`));
    expect(text).toMatch(/Orders with a recommended product\s+1\b/);
    expect(text).toMatch(/Product pages\s+£/);
    const credited = await prisma.recommendationAttribution.findMany({ where: { shopId } });
    expect(credited).toEqual([
      expect.objectContaining({ productShopifyId: String(clicked.id), touch: "add_to_cart", pageType: "product", block: "recommendations" }),
    ]);
  }, 120_000);
});
