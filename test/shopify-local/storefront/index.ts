// The local storefront: a small Online Store that renders Aisle's theme app
// extension the way Shopify does (app block in a section, app embed before
// </body>, block assets in the head), serves the AJAX cart API, and passes
// /apps/aisle/* to the app through the caller's app proxy.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GENERATED_IMAGE_PREFIX, productArt } from "./art";
import { CartError, CartStore } from "./cart";
import { isReachable, productDrop, publishedProducts, shopDrop } from "./drops";
import { defaultSettings, parseSettingValue, readBlocks, readLocales, translate, type ExtensionBlock } from "./extension";
import { fromEmulatorShop, isEmulatorShop, type EmulatorShop } from "./emulator-shop";
import { createLiquid } from "./liquid";
import type { LocalShopLike } from "./types";

export type { LocalShopLike, LocalProductLike, LocalVariantLike } from "./types";
export type { EmulatorShop } from "./emulator-shop";

/**
 * Signs and forwards /apps/aisle/* like Shopify's app proxy. The storefront
 * passes the signed-in customer (Shopify's `logged_in_customer_id`); the
 * answer `false` means "not proxied", and the storefront then leaves the
 * request unhandled.
 */
export type ProxyToApp = (req: IncomingMessage, res: ServerResponse, options?: { loggedInCustomerId?: string | null }) => Promise<boolean | void>;

/** The Admin API emulator's shop, which can also take an order (the local checkout). */
interface CheckoutShop {
  createOrder(seed: { processedAt: string; lineItems: { variantId: number; quantity: number }[]; customAttributes: { key: string; value: string }[] }): {
    id: number;
    name: string;
  };
}

export interface MountStorefrontOptions {
  /** A LocalShopLike, or the Admin API emulator's LocalShop (../storefront-contract.ts). */
  shop: LocalShopLike | EmulatorShop;
  /** The app's URL; requests reach it only through proxyToApp, as on Shopify. */
  appUrl: string;
  proxyToApp: ProxyToApp;
  /** Defaults to the repository's extensions/aisle-theme. */
  extensionDir?: string;
  /** The app blocks the merchant added to the theme (by block name); the recommendations block alone by default. */
  appBlocks?: string[];
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const THEME_DIR = path.join(HERE, "theme");
export const DEFAULT_EXTENSION_DIR = path.resolve(HERE, "../../../extensions/aisle-theme");

/** shopify.app.toml: [app_proxy] prefix = "apps", subpath = "aisle". */
export const APP_PROXY_PATH = "/apps/aisle";
export const EXTENSION_ASSET_PATH = "/cdn/extensions/aisle/assets/";
const THEME_ASSET_PATH = "/cdn/storefront/";
const CART_COOKIE = "cart";
const CUSTOMER_COOKIE = "storefront_customer_id";
const MAX_BODY_BYTES = 64 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".json": "application/json; charset=utf-8",
};

/**
 * The logged-in customer of a storefront request (set by visiting any page with
 * `?customer=<id>`, cleared with `?customer=`). Passed to proxyToApp, which
 * sends it to the app as the app proxy's `logged_in_customer_id`.
 */
function loggedInCustomerId(req: IncomingMessage): string | null {
  const value = readCookies(req)[CUSTOMER_COOKIE];
  return value && /^\d+$/.test(value) ? value : null;
}

export function mountStorefront(opts: MountStorefrontOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const extensionDir = opts.extensionDir ?? DEFAULT_EXTENSION_DIR;
  const shop = isEmulatorShop(opts.shop) ? fromEmulatorShop(opts.shop) : opts.shop;
  const carts = new CartStore(shop);
  const storefrontLocales = readLocales(extensionDir, "storefront");
  const schemaLocales = readLocales(extensionDir, "schema");

  const extensionLiquid = createLiquid(
    { root: path.join(extensionDir, "blocks"), partials: path.join(extensionDir, "snippets") },
    {
      assetUrl: (file) => versionedUrl(EXTENSION_ASSET_PATH, path.join(extensionDir, "assets"), file),
      translate: (locale, key, variables) => translate(storefrontLocales, locale, key, variables),
    },
  );
  const themeLiquid = createLiquid(
    { root: THEME_DIR, partials: path.join(THEME_DIR, "snippets") },
    {
      assetUrl: (file) => versionedUrl(THEME_ASSET_PATH, path.join(THEME_DIR, "assets"), file),
      translate: (locale, key) => `Translation missing: ${locale}.${key}`,
    },
  );

  return async function storefront(req, res) {
    const url = new URL(req.url ?? "/", "http://storefront.local");
    const { pathname } = url;
    const method = req.method ?? "GET";

    if (pathname === APP_PROXY_PATH || pathname.startsWith(`${APP_PROXY_PATH}/`)) {
      const proxied = await opts.proxyToApp(req, res, { loggedInCustomerId: loggedInCustomerId(req) });
      return proxied !== false;
    }
    if (pathname.startsWith(EXTENSION_ASSET_PATH) && isRead(method)) {
      return serveFile(res, path.join(extensionDir, "assets"), pathname.slice(EXTENSION_ASSET_PATH.length));
    }
    if (pathname.startsWith(THEME_ASSET_PATH) && isRead(method)) {
      return serveFile(res, path.join(THEME_DIR, "assets"), pathname.slice(THEME_ASSET_PATH.length));
    }
    if (pathname.startsWith(GENERATED_IMAGE_PREFIX) && pathname.endsWith(".svg") && isRead(method)) {
      const handle = safeDecode(pathname.slice(GENERATED_IMAGE_PREFIX.length, -".svg".length));
      const product = [...shop.products()].find((candidate) => candidate.handle === handle);
      send(res, 200, CONTENT_TYPES[".svg"], productArt(handle, product?.title ?? handle), { "Cache-Control": "public, max-age=3600" });
      return true;
    }

    // The Section Rendering API: ?sections=a,b answers the page's sections as JSON.
    // https://shopify.dev/docs/api/ajax/section-rendering
    const sections = url.searchParams.get("sections");
    if (sections !== null && isRead(method) && !pathname.endsWith(".js")) {
      const page: RenderedPage = {};
      if (!(await routePage(req, res, url, page)) || page.html === undefined) return false;
      return sendJson(res, 200, sectionsOf(page.html, sections.split(",")));
    }

    if (pathname === "/cart" || pathname === "/cart.js" || pathname.startsWith("/cart/")) return handleCart(req, res, url);

    if (!isRead(method)) return false;
    return routePage(req, res, url);
  };

  /** The page at `url`; with `capture`, its HTML is kept there instead of sent. */
  async function routePage(req: IncomingMessage, res: ServerResponse, url: URL, capture?: RenderedPage): Promise<boolean> {
    const { pathname } = url;
    if (pathname === "/") return renderPage(req, res, url, "index", {}, undefined, 200, capture);
    if (pathname === "/cart") return renderPage(req, res, url, "cart", {}, "Your cart", 200, capture);
    if (pathname === "/collections" || pathname === "/collections/all") {
      return renderPage(req, res, url, "collection", {}, "All products", 200, capture);
    }
    const productMatch = /^\/products\/([^/]+?)(\.js)?$/.exec(pathname);
    if (productMatch) {
      const handle = safeDecode(productMatch[1]);
      const product = [...shop.products()].find((candidate) => candidate.handle === handle && isReachable(candidate));
      if (!product) return renderPage(req, res, url, "404", {}, "Page not found", 404, capture);
      const drop = productDrop(product, url.searchParams.get("variant"));
      if (productMatch[2] && !capture) return sendJson(res, 200, drop);
      return renderPage(req, res, url, "product", { product: drop }, product.title, 200, capture);
    }
    return false;
  }

  async function handleCart(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const { pathname } = url;
    const method = req.method ?? "GET";
    const token = cartToken(req, res);
    const wantsJson = pathname.endsWith(".js") || /json|javascript/.test(String(req.headers.accept ?? ""));
    try {
      if (pathname === "/cart" && isRead(method)) return routePage(req, res, url);
      if (pathname === "/cart.js" && isRead(method)) return sendJson(res, 200, carts.json(token));
      // Shopify also accepts GET /cart/change?line=1&quantity=0 (remove links).
      if ((pathname === "/cart/change" && isRead(method)) || (/^\/cart\/change(\.js)?$/.test(pathname) && method === "POST")) {
        const body = method === "POST" ? await readBody(req) : Object.fromEntries(url.searchParams);
        const cart = carts.change(token, body);
        return wantsJson ? sendJson(res, 200, cart) : redirect(res, "/cart");
      }
      if (method !== "POST") return false;
      if (/^\/cart\/add(\.js)?$/.test(pathname)) {
        const body = await readBody(req);
        const usesItems = Array.isArray(body.items);
        const items = usesItems ? (body.items as { id: unknown; quantity?: unknown }[]) : [{ id: body.id, quantity: body.quantity }];
        const lines = carts.add(token, items);
        if (!wantsJson) return redirect(res, "/cart");
        const answer: Record<string, unknown> = usesItems ? { items: lines } : { ...lines[0] };
        // Bundled section rendering: `sections` (ids) rendered on `sections_url`, after the add.
        // https://shopify.dev/docs/api/ajax/section-rendering#bundled-section-rendering
        const requested = Array.isArray(body.sections) ? body.sections.map(String) : typeof body.sections === "string" ? body.sections.split(",") : [];
        if (requested.length) {
          const page: RenderedPage = {};
          const at = new URL(typeof body.sections_url === "string" ? body.sections_url : "/", url);
          at.search = "";
          await routePage(req, res, at, page);
          answer.sections = sectionsOf(page.html ?? "", requested.slice(0, 5));
        }
        return sendJson(res, 200, answer);
      }
      if (/^\/cart\/update(\.js)?$/.test(pathname)) {
        const cart = carts.update(token, await readBody(req));
        return wantsJson ? sendJson(res, 200, cart) : redirect(res, "/cart");
      }
      // The local checkout: the cart becomes an order (with its attributes, as
      // Shopify carries them into note_attributes), which emits orders/create.
      if (pathname === "/cart/checkout" && isEmulatorShop(opts.shop) && typeof (opts.shop as Partial<CheckoutShop>).createOrder === "function") {
        const cart = carts.json(token);
        if (!cart.items.length) throw new CartError(422, "Cart is empty");
        const order = (opts.shop as unknown as CheckoutShop).createOrder({
          processedAt: new Date().toISOString(),
          lineItems: cart.items.map((item) => ({ variantId: Number(item.variant_id), quantity: item.quantity })),
          customAttributes: Object.entries(cart.attributes).map(([key, value]) => ({ key, value })),
        });
        carts.checkedOut(token);
        return sendJson(res, 200, { order: { id: order.id, name: order.name } });
      }
      if (/^\/cart\/clear(\.js)?$/.test(pathname)) {
        const cart = carts.clear(token);
        return wantsJson ? sendJson(res, 200, cart) : redirect(res, "/cart");
      }
      return false;
    } catch (error) {
      if (!(error instanceof CartError)) throw error;
      if (wantsJson) return sendJson(res, error.status, error);
      send(res, error.status, "text/plain; charset=utf-8", error.description);
      return true;
    }
  }

  async function renderPage(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    pageType: "index" | "product" | "cart" | "collection" | "404",
    extra: Record<string, unknown>,
    title?: string,
    status = 200,
    capture?: RenderedPage,
  ): Promise<boolean> {
    const locale = url.searchParams.get("locale") ?? storefrontLocales.defaultLocale;
    const customerId = customerFromRequest(req, res, url);
    const cart = carts.json(cartToken(req, res));
    const products = publishedProducts(shop).map((product) => productDrop(product));
    // Shopify's global objects: visible in every template, snippet and block
    // (a {% render %}ed snippet sees only these and its arguments).
    const globals: Record<string, unknown> = {
      shop: shopDrop(shop),
      cart,
      customer: customerId ? { id: Number(customerId), name: `Customer ${customerId}` } : null,
      request: {
        page_type: pageType,
        path: url.pathname,
        host: shop.domain,
        locale: { iso_code: locale, primary: locale === storefrontLocales.defaultLocale },
        design_mode: false,
      },
      routes: {
        root_url: "/",
        cart_url: "/cart",
        cart_add_url: "/cart/add",
        cart_change_url: "/cart/change",
        cart_clear_url: "/cart/clear",
        collections_url: "/collections",
        all_products_collection_url: "/collections/all",
        search_url: "/search",
        product_recommendations_url: "/recommendations/products",
      },
      localization: {
        language: { iso_code: locale },
        country: { iso_code: "US", currency: { iso_code: shop.currency } },
      },
    };
    const scope: Record<string, unknown> = {
      collection: { title: "All products", products, products_count: products.length },
      featured_products: products.slice(0, 4),
      ...extra,
    };

    // ?block.<setting id>=value stands in for the merchant's theme editor.
    const overrides = Object.fromEntries([...url.searchParams].filter(([key]) => key.startsWith("block.")).map(([key, value]) => [key.slice(6), value]));

    const assets = new Set<string>();
    const blocks = readBlocks(extensionDir);
    // App blocks (target "section") enabled on this page, each in its slot of the template.
    // A ?block.<id> override goes to the blocks that have that setting.
    const appBlocks: Record<string, string> = {};
    const sectionBlocks = blocks.filter((candidate) => candidate.schema.target === "section");
    const has = (candidate: ExtensionBlock, id: string) => (candidate.schema.settings ?? []).some((setting) => setting.id === id);
    const unknownOverride = Object.keys(overrides).find((id) => !sectionBlocks.some((candidate) => has(candidate, id)));
    if (unknownOverride) {
      send(res, 400, "text/plain; charset=utf-8", `No block has a setting "${unknownOverride}"`);
      return true;
    }
    for (const sectionBlock of sectionBlocks) {
      if (!(opts.appBlocks ?? ["recommendations"]).includes(sectionBlock.name) || !enabledOn(sectionBlock, pageType)) continue;
      let settings: Record<string, unknown>;
      try {
        settings = blockSettings(sectionBlock, locale, Object.fromEntries(Object.entries(overrides).filter(([id]) => has(sectionBlock, id))));
      } catch (error) {
        send(res, 400, "text/plain; charset=utf-8", (error as Error).message);
        return true;
      }
      appBlocks[sectionBlock.name] = await renderBlock(sectionBlock, globals, scope, settings, `apps_${pageType}__aisle_${sectionBlock.name}`, assets);
    }
    // App embeds with target "body" are rendered just before </body>.
    const embeds: string[] = [];
    for (const embed of blocks.filter((candidate) => candidate.schema.target === "body")) {
      embeds.push(await renderBlock(embed, globals, scope, blockSettings(embed, locale, {}), `aisle_${embed.name}_embed`, assets));
    }

    const contentForLayout = await themeLiquid.renderFile(`templates/${pageType}`, { ...scope, app_blocks: appBlocks }, { globals });
    const html = await themeLiquid.renderFile(
      "layout/theme",
      {
        page_title: title ?? shop.name,
        content_for_layout: contentForLayout,
        content_for_header: headerTags(assets, opts.appUrl),
      },
      { globals },
    );
    const page = html.replace(/<\/body>/i, `${embeds.join("\n")}\n</body>`);
    if (capture) capture.html = page;
    else send(res, status, "text/html; charset=utf-8", page);
    return true;
  }

  function blockSettings(block: ExtensionBlock, locale: string, overrides: Record<string, string>) {
    const settings = defaultSettings(block.schema, schemaLocales, locale);
    for (const [id, raw] of Object.entries(overrides)) {
      const setting = block.schema.settings?.find((candidate) => candidate.id === id);
      if (!setting) throw new Error(`Block ${block.name} has no setting "${id}"`);
      settings[id] = parseSettingValue(setting, raw);
    }
    return settings;
  }

  async function renderBlock(
    block: ExtensionBlock,
    globals: Record<string, unknown>,
    scope: Record<string, unknown>,
    settings: Record<string, unknown>,
    id: string,
    assets: Set<string>,
  ): Promise<string> {
    // Block assets load once per page whatever the number of blocks.
    // https://shopify.dev/docs/apps/build/online-store/theme-app-extensions/configuration#schema
    if (block.schema.stylesheet) assets.add(`css:${block.schema.stylesheet}`);
    if (block.schema.javascript) assets.add(`js:${block.schema.javascript}`);
    const html = await extensionLiquid.parseAndRender(
      block.source,
      {
        ...scope,
        block: { id, type: `shopify://apps/aisle/blocks/${block.name}`, settings, shopify_attributes: "" },
        app: { metafields: {} },
      },
      { globals },
    );
    if (block.schema.target !== "section") return html;
    return `<div id="shopify-block-${id}" class="shopify-block shopify-app-block">${html}</div>`;
  }

  function headerTags(assets: Set<string>, appUrl: string): string {
    const tags = [`<!-- Local storefront for ${shop.domain}; ${APP_PROXY_PATH}/* is proxied to ${appUrl} -->`];
    for (const asset of assets) {
      const [kind, file] = asset.split(/:(.*)/s);
      const href = versionedUrl(EXTENSION_ASSET_PATH, path.join(extensionDir, "assets"), file);
      tags.push(kind === "css" ? `<link rel="stylesheet" href="${href}" media="all">` : `<script src="${href}" defer></script>`);
    }
    return tags.join("\n");
  }

  function cartToken(req: IncomingMessage, res: ServerResponse): string {
    const existing = readCookies(req)[CART_COOKIE];
    if (existing && /^[a-f0-9]{32}$/.test(existing)) return existing;
    // Cache per request so the page and its cart handler agree on a new cart.
    const assigned = (req as IncomingMessage & { storefrontCart?: string }).storefrontCart;
    if (assigned) return assigned;
    const token = CartStore.newToken();
    (req as IncomingMessage & { storefrontCart?: string }).storefrontCart = token;
    appendCookie(res, `${CART_COOKIE}=${token}; Path=/; SameSite=Lax; Max-Age=1209600`);
    return token;
  }

  function customerFromRequest(req: IncomingMessage, res: ServerResponse, url: URL): string | null {
    const requested = url.searchParams.get("customer");
    if (requested === null) return loggedInCustomerId(req);
    if (/^\d+$/.test(requested)) {
      appendCookie(res, `${CUSTOMER_COOKIE}=${requested}; Path=/; SameSite=Lax; HttpOnly`);
      return requested;
    }
    appendCookie(res, `${CUSTOMER_COOKIE}=; Path=/; SameSite=Lax; HttpOnly; Max-Age=0`);
    return null;
  }
}

interface RenderedPage {
  html?: string;
}

/**
 * Each requested section of a rendered page, as the Section Rendering API
 * answers: its whole `<div id="shopify-section-<id>">`, or null when the page
 * has no such section.
 */
function sectionsOf(html: string, ids: string[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const id of ids.map((candidate) => candidate.trim()).filter(Boolean)) {
    const start = html.indexOf(`<div id="shopify-section-${id}"`);
    out[id] = null;
    if (start < 0) continue;
    const tag = /<\/?div\b[^>]*>/g;
    tag.lastIndex = start;
    let depth = 0;
    for (let match = tag.exec(html); match; match = tag.exec(html)) {
      depth += match[0].startsWith("</") ? -1 : 1;
      if (depth === 0) {
        out[id] = html.slice(start, match.index + match[0].length);
        break;
      }
    }
  }
  return out;
}

function enabledOn(block: ExtensionBlock, pageType: string): boolean {
  const enabled = block.schema.enabled_on?.templates;
  const disabled = block.schema.disabled_on?.templates;
  if (enabled && !enabled.includes("*") && !enabled.includes(pageType)) return false;
  return !disabled?.includes(pageType);
}

function isRead(method: string): boolean {
  return method === "GET" || method === "HEAD";
}

// Like Shopify's CDN URLs, versioned by content so a changed asset is refetched.
function versionedUrl(prefix: string, dir: string, file: string): string {
  const full = path.join(dir, file);
  const version = existsSync(full) ? createHash("sha1").update(readFileSync(full)).digest("hex").slice(0, 10) : "missing";
  return `${prefix}${file}?v=${version}`;
}

function serveFile(res: ServerResponse, dir: string, name: string): boolean {
  const file = path.normalize(path.join(dir, safeDecode(name)));
  if (!file.startsWith(dir + path.sep) || !existsSync(file)) {
    send(res, 404, "text/plain; charset=utf-8", "Not found");
    return true;
  }
  const type = CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream";
  send(res, 200, type, readFileSync(file), { "Cache-Control": "no-cache" });
  return true;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): true {
  send(res, status, "application/json; charset=utf-8", JSON.stringify(body));
  return true;
}

function redirect(res: ServerResponse, location: string): true {
  res.writeHead(302, { Location: location, "Content-Length": 0 });
  res.end();
  return true;
}

function appendCookie(res: ServerResponse, cookie: string): void {
  const existing = res.getHeader("Set-Cookie");
  const list = Array.isArray(existing) ? existing : existing ? [String(existing)] : [];
  res.setHeader("Set-Cookie", [...list, cookie]);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function readCookies(req: IncomingMessage): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of String(req.headers.cookie ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0) cookies[part.slice(0, index).trim()] = safeDecode(part.slice(index + 1).trim());
  }
  return cookies;
}

/** JSON, url-encoded or multipart bodies (themes post all three to the cart API). */
async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new CartError(413, "Request body too large");
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  const type = String(req.headers["content-type"] ?? "");
  if (!raw.length) return {};
  if (type.includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(raw.toString("utf8"));
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // fall through to the error below
    }
    throw new CartError(400, "Invalid JSON body");
  }
  const form = await new Response(raw, { headers: { "Content-Type": type || "application/x-www-form-urlencoded" } }).formData();
  return Object.fromEntries([...form].map(([key, value]) => [key, typeof value === "string" ? value : value.name]));
}
