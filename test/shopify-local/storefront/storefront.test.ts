// The local storefront over HTTP, on the dev fixture: page types, the app
// block's server-rendered skeleton, the AJAX cart API, assets and the proxy.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startDevStorefront, type DevStorefront } from "./dev";
import type { EmulatorShop } from "./emulator-shop";
import { mountStorefront } from "./index";
import { shopifyJson, handleize } from "./liquid";
import { formatMoney } from "./money";
import { MONEY_FORMAT_CASES } from "../../helpers/money-formats";

let dev: DevStorefront;

beforeAll(async () => {
  dev = await startDevStorefront({ latencyMs: 0 });
});

afterAll(async () => {
  await dev.close();
});

/** A browser-like client: keeps the cookies the storefront sets. */
function client() {
  const cookies = new Map<string, string>();
  return async function request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set("Cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(`${dev.url}${path}`, { ...init, headers, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const index = pair.indexOf("=");
      const value = pair.slice(index + 1);
      if (/Max-Age=0/i.test(cookie)) cookies.delete(pair.slice(0, index));
      else cookies.set(pair.slice(0, index), value);
    }
    return response;
  };
}

const postJson = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json", Accept: "application/json" },
  body: JSON.stringify(body),
});

function block(html: string): string {
  const match = /<aisle-recommendations[\s\S]*?<\/aisle-recommendations>/.exec(html);
  if (!match) throw new Error("no recommendations block on the page");
  return match[0];
}

const attribute = (html: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(html)?.[1];
const count = (html: string, needle: string | RegExp) => html.split(needle).length - 1;

describe("pages", () => {
  it("renders the home page with the block in home context", async () => {
    const html = await (await fetch(`${dev.url}/`)).text();
    expect(html).toContain('<body class="template-index">');
    expect(html).toContain("Featured products");
    const recs = block(html);
    expect(attribute(recs, "data-context")).toBe("home");
    expect(attribute(recs, "data-product-id")).toBe("");
    expect(html).toContain('<div id="shopify-block-apps_index__aisle_recommendations" class="shopify-block shopify-app-block">');
  });

  it("renders a product page with the add to cart form, the block and the tracker's product", async () => {
    const response = await fetch(`${dev.url}/products/lever-espresso-machine`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1 class="product__title">Lever Espresso Machine</h1>');
    // The shop's money format: €{{amount_with_comma_separator}}
    expect(html).toContain('<span class="price__current">€1.299,00</span>');
    expect(html).toContain('<s class="price__compare">€1.499,00</s>');
    expect(html).toMatch(/<form class="product-form" method="post" action="\/cart\/add">/);
    const recs = block(html);
    expect(attribute(recs, "data-context")).toBe("product");
    expect(attribute(recs, "data-product-id")).toBe("7003");
    expect(attribute(recs, "data-strategy")).toBe("auto");
    expect(attribute(recs, "data-limit")).toBe("4");
    expect(attribute(recs, "data-endpoint")).toBe("/apps/aisle/recommendations");
    expect(attribute(recs, "data-cart-add-url")).toBe("/cart/add");
    // The app embed, rendered just before </body>.
    expect(html).toMatch(/"productId": 7003,\s*"handle": "lever-espresso-machine"\s*}\s*<\/script>\s*<\/body>/);
  });

  it("renders the cart page with its lines and the cart's product ids on the block", async () => {
    const request = client();
    await request(
      "/cart/add.js",
      postJson({
        items: [
          { id: 70011, quantity: 2 },
          { id: 70082, quantity: 1 },
        ],
      }),
    );
    const html = await (await request("/cart")).text();
    expect(html).toContain('<body class="template-cart">');
    expect(html).toContain("Red Mug");
    expect(html).toContain("€14,00 × 2");
    expect(html).toContain("1 kg");
    expect(html).toContain("€86,00 EUR"); // 2 × 14 + 58, money_with_currency
    expect(html).toMatch(/<span class="cart-count" data-cart-count>3<\/span>/);
    const recs = block(html);
    expect(attribute(recs, "data-context")).toBe("cart");
    expect(attribute(recs, "data-cart")).toBe("7001,7008");
  });

  it("lists the published catalog on /collections/all, without the block", async () => {
    const html = await (await fetch(`${dev.url}/collections/all`)).text();
    expect(count(html, 'class="product-card"')).toBe(9);
    expect(html).not.toContain("Unreleased Kettle");
    expect(html).not.toContain("Studio Sample Mug");
    expect(html).not.toContain("<aisle-recommendations");
    // The tracker embed is on every page.
    expect(html).toContain('id="aisle-tracker-config"');
  });

  it("answers 404 for drafts and unknown products, and leaves other paths to the caller", async () => {
    expect((await fetch(`${dev.url}/products/unreleased-kettle`)).status).toBe(404);
    // Unlisted products are left out of lists only: their own page still sells them.
    expect((await fetch(`${dev.url}/products/studio-sample-mug`)).status).toBe(200);
    const missing = await fetch(`${dev.url}/products/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("Page not found");
    // dev.ts answers 404 itself for what the storefront does not handle.
    expect(await (await fetch(`${dev.url}/admin/api/2026-07/graphql.json`)).text()).toBe("Not found");
  });

  it("translates the block from the storefront locale", async () => {
    const html = await (await fetch(`${dev.url}/products/red-mug?locale=fr`)).text();
    const recs = block(html);
    expect(recs).toContain("Ajouter au panier");
    expect(recs).toContain('"soldOut": "Épuisé"');
    // The heading default comes from the schema locale.
    expect(recs).toContain(">Vous aimerez aussi</h2>");
    expect(html).toContain('<html lang="fr">');
  });
});

describe("the recommendations block's skeleton", () => {
  it("reserves one card per product to show, with fixed image ratio and columns", async () => {
    const recs = block(await (await fetch(`${dev.url}/products/red-mug`)).text());
    expect(count(recs, 'class="aisle-card aisle-card--skeleton" aria-hidden="true"')).toBe(4);
    expect(attribute(recs, "style")).toBe("--aisle-columns: 4; --aisle-columns-tablet: 3; --aisle-ratio: 1 / 1;");
    expect(recs).toContain('aria-busy="true"');
    // Every reserved line and the button of the real card exist in the skeleton.
    const skeleton = recs.slice(recs.indexOf("aisle-card--skeleton"), recs.indexOf("</li>"));
    for (const part of ["aisle-card__media", "aisle-card__title", "aisle-card__reason", "aisle-card__price", "aisle-card__button"]) {
      expect(skeleton).toContain(part);
    }
    expect(skeleton).not.toContain("aisle-card__vendor");
    const template = recs.slice(recs.indexOf("<template data-aisle-card>"), recs.indexOf("</template>"));
    expect(template).toMatch(/<img[^>]*width="600"[^>]*height="600"[^>]*loading="lazy"/);
  });

  it("follows the block settings", async () => {
    const query =
      "block.products_to_show=8&block.columns_desktop=5&block.image_ratio=portrait&block.show_vendor=true&block.layout=carousel&block.heading=Pairs%20well";
    const recs = block(await (await fetch(`${dev.url}/products/red-mug?${query}`)).text());
    expect(count(recs, "aisle-card--skeleton")).toBe(8);
    expect(attribute(recs, "style")).toBe("--aisle-columns: 5; --aisle-columns-tablet: 3; --aisle-ratio: 4 / 5;");
    expect(attribute(recs, "data-limit")).toBe("8");
    expect(recs).toContain("aisle-recs--carousel");
    expect(recs).toContain('aria-label="Next products"');
    expect(recs).toMatch(/<img[^>]*width="600"[^>]*height="750"/);
    expect(count(recs, "aisle-card__vendor")).toBe(9); // 8 skeletons + the template
    expect(recs).toContain(">Pairs well</h2>");
  });

  it("labels the section even without a heading", async () => {
    const recs = block(await (await fetch(`${dev.url}/?block.heading=`)).text());
    expect(recs).not.toContain("<h2");
    expect(recs).toContain('aria-label="Recommended products"');
  });

  it("rejects settings Shopify could not have saved", async () => {
    for (const query of ["block.products_to_show=13", "block.layout=masonry", "block.show_vendor=maybe", "block.nope=1"]) {
      expect((await fetch(`${dev.url}/products/red-mug?${query}`)).status, query).toBe(400);
    }
  });
});

describe("assets", () => {
  it("loads each block's script once, from the head, and no app stylesheet there", async () => {
    const html = await (await fetch(`${dev.url}/products/red-mug`)).text();
    const head = html.slice(0, html.indexOf("</head>"));
    expect(head).not.toMatch(/aisle[\w-]*\.css/);
    // The block's stylesheet loads without blocking rendering (snippets/aisle-styles.liquid).
    expect(
      count(html, /<link rel="stylesheet" href="\/cdn\/extensions\/aisle\/assets\/aisle-blocks\.css\?v=\w+" media="print" onload="this\.media='all'">/),
    ).toBe(1);
    expect(count(head, /<script src="\/cdn\/extensions\/aisle\/assets\/aisle-recommendations\.js\?v=\w+" defer><\/script>/)).toBe(1);
    expect(count(head, /<script src="\/cdn\/extensions\/aisle\/assets\/aisle-tracker\.js\?v=\w+" defer><\/script>/)).toBe(1);
  });

  it("serves extension assets with their content types", async () => {
    const js = await fetch(`${dev.url}/cdn/extensions/aisle/assets/aisle-recommendations.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await js.text()).toContain('customElements.define("aisle-recommendations"');
    const css = await fetch(`${dev.url}/cdn/extensions/aisle/assets/aisle-blocks.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect((await fetch(`${dev.url}/cdn/extensions/aisle/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${dev.url}/cdn/extensions/aisle/assets/..%2F..%2Fshopify.extension.toml`)).status).toBe(404);
  });

  it("draws stand-in product images", async () => {
    const svg = await fetch(`${dev.url}/cdn/shop/generated/red-mug.svg?width=600`);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
    expect(await svg.text()).toContain('aria-label="Red Mug"');
  });
});

describe("AJAX cart API", () => {
  it("adds items from JSON and returns the lines", async () => {
    const request = client();
    const response = await request("/cart/add.js", postJson({ items: [{ id: 70011, quantity: 1 }] }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: Record<string, unknown>[] };
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ id: 70011, variant_id: 70011, product_id: 7001, quantity: 1, price: 1400, title: "Red Mug" });
    // The same variant again merges into its line.
    await request("/cart/add.js", postJson({ id: "70011", quantity: 2 }));
    const cart = (await (await request("/cart.js")).json()) as { item_count: number; total_price: number; items: unknown[] };
    expect(cart).toMatchObject({ item_count: 3, total_price: 4200, currency: "EUR" });
    expect(cart.items).toHaveLength(1);
  });

  it("adds from a plain form post and redirects to the cart", async () => {
    const request = client();
    const response = await request("/cart/add", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "id=70082&quantity=2&product-id=7008",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/cart");
    const cart = (await (await request("/cart.js")).json()) as { total_price: number; items: { variant_title: string }[] };
    expect(cart.total_price).toBe(11600);
    expect(cart.items[0].variant_title).toBe("1 kg");
  });

  it("accepts multipart form data, as themes send with FormData", async () => {
    const request = client();
    const form = new FormData();
    form.set("id", "70041");
    form.set("quantity", "1");
    const response = await request("/cart/add.js", { method: "POST", body: form });
    expect(((await response.json()) as { product_id: number }).product_id).toBe(7004);
  });

  it("changes and clears", async () => {
    const request = client();
    const added = (await (await request("/cart/add.js", postJson({ items: [{ id: 70011 }, { id: 70021 }] }))).json()) as {
      items: { key: string }[];
    };
    let cart = (await (await request("/cart/change.js", postJson({ id: added.items[1].key, quantity: 3 }))).json()) as {
      item_count: number;
    };
    expect(cart.item_count).toBe(4);
    cart = (await (await request("/cart/change.js", postJson({ line: 1, quantity: 0 }))).json()) as typeof cart;
    expect(cart.item_count).toBe(3);
    // Remove links on the cart page use GET /cart/change.
    const removed = await request("/cart/change?line=1&quantity=0");
    expect(removed.status).toBe(302);
    await request("/cart/add.js", postJson({ id: 70011 }));
    cart = (await (await request("/cart/clear.js", { method: "POST" })).json()) as typeof cart;
    expect(cart.item_count).toBe(0);
  });

  it("answers errors as Shopify does", async () => {
    const request = client();
    const soldOut = await request("/cart/add.js", postJson({ items: [{ id: 70071, quantity: 1 }] }));
    expect(soldOut.status).toBe(422);
    expect(await soldOut.json()).toEqual({
      status: 422,
      message: "Cart Error",
      description: "The product 'Ceramic Bowl Set' is already sold out.",
    });
    expect((await request("/cart/add.js", postJson({ id: 999 }))).status).toBe(404);
    // A draft product's variant cannot be bought.
    expect((await request("/cart/add.js", postJson({ id: 70101 }))).status).toBe(404);
    expect((await request("/cart/add.js", postJson({ id: 70011, quantity: -1 }))).status).toBe(422);
    expect((await request("/cart/change.js", postJson({ line: 9, quantity: 1 }))).status).toBe(400);
    const malformed = await request("/cart/add.js", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{" });
    expect(malformed.status).toBe(400);
    // Nothing was added by the failures.
    expect(((await (await request("/cart.js")).json()) as { item_count: number }).item_count).toBe(0);
  });

  it("keeps carts apart by cookie", async () => {
    const alice = client();
    const bob = client();
    await alice("/cart/add.js", postJson({ id: 70011 }));
    expect(((await (await bob("/cart.js")).json()) as { item_count: number }).item_count).toBe(0);
    expect(((await (await alice("/cart.js")).json()) as { item_count: number }).item_count).toBe(1);
  });
});

describe("app proxy", () => {
  it("passes /apps/aisle/* to proxyToApp, with the logged-in customer", async () => {
    const request = client();
    await request("/?customer=42");
    const response = await request("/apps/aisle/recommendations?context=home&strategy=auto&limit=2");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { requestId: string; items: { productId: string }[] };
    expect(body.items).toHaveLength(2);
    const recorded = dev.app.recommendationRequests.find((entry) => entry.requestId === body.requestId);
    expect(recorded).toMatchObject({ customerId: "42", query: { context: "home", limit: "2" } });
    // ?customer= logs out.
    const home = await (await request("/?customer=")).text();
    expect(home).toContain('<body class="template-index">');
    await request("/apps/aisle/recommendations?context=home&strategy=auto&limit=1");
    expect(dev.app.recommendationRequests.at(-1)?.customerId).toBeNull();
  });
});

describe("Liquid filters", () => {
  // Liquid amounts are cents; the shared table's are decimal strings.
  it.each(MONEY_FORMAT_CASES)("money: $amount in $format is $expected", ({ amount, format, expected }) => {
    expect(formatMoney(Math.round(Number(amount) * 100), format)).toBe(expected);
  });

  it("escapes json for <script> like Shopify, and handleizes", () => {
    expect(shopifyJson("</script><b>&")).toBe('"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"');
    expect(handleize("Crème Brûlée & Co.")).toBe("creme-brulee-co");
  });
});

describe("mounted by the Admin API emulator", () => {
  // The emulator passes its LocalShop and a bound proxyToApp
  // (../storefront-contract.ts); this is their shape, built by hand.
  const emulatorShop: EmulatorShop = {
    domain: "emulated.myshopify.com",
    store: { settings: { name: "Emulated", currencyCode: "GBP", moneyFormat: "£{{amount}}", moneyWithCurrencyFormat: "£{{amount}} GBP" } },
    storefrontProducts: () => [
      {
        id: 45001,
        handle: "red-retrospot-mug",
        title: "Red Retrospot Mug",
        descriptionHtml: "<p>Mug.</p>",
        vendor: "Retrospot",
        productType: "Mugs",
        variantId: 45000000000001,
        price: "4.95",
        compareAtPrice: null,
        available: true,
        imageUrl: "/cdn/products/red-retrospot-mug.svg",
        imageAlt: null,
      },
    ],
  };

  it("renders its catalog, sells its variants and proxies with the customer", async () => {
    const proxied: { path: string; customer: string | null | undefined }[] = [];
    const storefront = mountStorefront({
      shop: emulatorShop,
      appUrl: "http://app.invalid",
      proxyToApp: async (req, res, options) => {
        if (req.url?.startsWith("/apps/aisle/unproxied")) return false;
        proxied.push({ path: req.url ?? "", customer: options?.loggedInCustomerId });
        res.end("{}");
        return true;
      },
    });
    const server = createServer((req, res) => {
      void storefront(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end("left to the emulator");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const page = await (await fetch(`${base}/products/red-retrospot-mug`)).text();
      expect(page).toContain('<span class="price__current">£4.95</span>');
      expect(page).toContain('src="/cdn/products/red-retrospot-mug.svg?width=1200"');
      const added = await fetch(`${base}/cart/add.js`, postJson({ items: [{ id: 45000000000001, quantity: 1 }] }));
      expect(((await added.json()) as { items: { product_id: number }[] }).items[0].product_id).toBe(45001);
      // The emulator serves its own product images.
      expect(await (await fetch(`${base}/cdn/products/red-retrospot-mug.svg`)).text()).toBe("left to the emulator");

      const cookie = (await fetch(`${base}/?customer=7`)).headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      await fetch(`${base}/apps/aisle/recommendations?context=home`, { headers: { Cookie: cookie } });
      await fetch(`${base}/apps/aisle/events`, { method: "POST", body: "{}" });
      expect(proxied).toEqual([
        { path: "/apps/aisle/recommendations?context=home", customer: "7" },
        { path: "/apps/aisle/events", customer: null },
      ]);
      expect(await (await fetch(`${base}/apps/aisle/unproxied`)).text()).toBe("left to the emulator");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
