// DEV FIXTURE, for the storefront's own development and tests only: a small
// shop, and a stand-in for the app behind the app proxy that answers with
// canned JSON in the shape of docs/storefront-api.md and records what the
// storefront sent it. The real app and the Admin API emulator replace both.
import type { IncomingMessage, ServerResponse } from "node:http";
import { generatedImageUrl } from "./art";
import type { ProxyToApp } from "./index";
import type { LocalProductLike, LocalShopLike } from "./types";

const product = (
  id: string,
  handle: string,
  title: string,
  vendor: string,
  productType: string,
  price: string,
  compareAtPrice: string | null,
  description: string,
  variants?: { id: string; title: string; price?: string; available?: boolean }[],
): LocalProductLike => ({
  id,
  handle,
  title,
  vendor,
  productType,
  descriptionHtml: `<p>${description}</p>`,
  status: "ACTIVE",
  price,
  compareAtPrice,
  imageUrl: null,
  imageAlt: null,
  variants: (variants ?? [{ id: `${id}1`, title: "Default Title" }]).map((variant) => ({
    id: variant.id,
    title: variant.title,
    price: variant.price ?? price,
    compareAtPrice,
    available: variant.available ?? true,
    inventoryQuantity: variant.available === false ? 0 : 25,
  })),
});

export const FIXTURE_PRODUCTS: LocalProductLike[] = [
  product("7001", "red-mug", "Red Mug", "Kiln & Co.", "Mugs", "14.00", null, "A wheel-thrown stoneware mug with a deep red glaze. Holds 350 ml."),
  product("7002", "stoneware-teapot", "Stoneware Teapot", "Kiln & Co.", "Teaware", "48.00", "60.00", "A one-litre teapot with a built-in strainer."),
  product(
    "7003",
    "lever-espresso-machine",
    "Lever Espresso Machine",
    "Pressa",
    "Coffee",
    "1299.00",
    "1499.00",
    "A manual lever machine in polished steel, for slow, deliberate shots.",
  ),
  product("7004", "linen-tea-towel", "Linen Tea Towel", "Flax House", "Textiles", "12.50", null, "Stonewashed European linen, 50 × 70 cm."),
  product(
    "7005",
    "pour-over-coffee-set",
    "Pour-Over Coffee Set with Glass Carafe and Two Cups",
    "Pressa",
    "Coffee",
    "39.90",
    null,
    "Ceramic dripper, 600 ml carafe and two cups.",
  ),
  product("7006", "oak-serving-board", "Oak Serving Board", "Grain Works", "Kitchen", "54.00", null, "Solid oak, oiled by hand."),
  product("7007", "ceramic-bowl-set", "Ceramic Bowl Set", "Kiln & Co.", "Tableware", "68.00", null, "Four nesting bowls in speckled white.", [
    { id: "70071", title: "Speckled white", available: false },
    { id: "70072", title: "Slate", available: true },
  ]),
  product("7008", "single-origin-coffee", "Single-Origin Coffee Beans", "Pressa", "Coffee", "18.00", null, "Washed Ethiopian beans, light roast.", [
    { id: "70081", title: "250 g" },
    { id: "70082", title: "1 kg", price: "58.00" },
  ]),
  // The fixture app has no recommendations for this one: the block stays collapsed.
  product("7009", "gift-card", "Gift Card", "Aisle Dev Supply", "Gift cards", "25.00", null, "Let them choose."),
  { ...product("7010", "unreleased-kettle", "Unreleased Kettle", "Pressa", "Coffee", "89.00", null, "Coming soon."), status: "DRAFT" },
  // Sold through its own link only.
  { ...product("7011", "studio-sample-mug", "Studio Sample Mug", "Kiln & Co.", "Mugs", "9.00", null, "A glaze test, one of a kind."), status: "UNLISTED" },
];

export function createFixtureShop(products: LocalProductLike[] = FIXTURE_PRODUCTS): LocalShopLike {
  return {
    domain: "aisle-dev.myshopify.com",
    name: "Aisle Dev Supply",
    currency: "EUR",
    // Exercises thousands and decimal separators: €1.299,00
    moneyFormat: "€{{amount_with_comma_separator}}",
    moneyWithCurrencyFormat: "€{{amount_with_comma_separator}} EUR",
    products: () => products,
  };
}

export interface FixtureEventBatch {
  vid: string;
  events: Record<string, unknown>[];
  customerId: string | null;
  userAgent: string;
}

export interface FixtureRecommendationRequest {
  query: Record<string, string>;
  customerId: string | null;
  userAgent: string;
  requestId: string;
  productIds: string[];
}

export interface FixtureApp {
  proxyToApp: ProxyToApp;
  recommendationRequests: FixtureRecommendationRequest[];
  eventBatches: FixtureEventBatch[];
  /** Every event received, in order. */
  events(): Record<string, unknown>[];
  /** Delay before answering recommendations, to see the skeleton. */
  latencyMs: number;
}

/**
 * Answers GET /apps/aisle/recommendations, GET /apps/aisle/reviews, GET /apps/aisle/visitor and POST /apps/aisle/events as the
 * contract describes, without signature checks (no Shopify in front of it).
 */
export function createFixtureApp(shop: LocalShopLike, options: { latencyMs?: number } = {}): FixtureApp {
  let requestCounter = 0;
  const app: FixtureApp = {
    recommendationRequests: [],
    eventBatches: [],
    events: () => app.eventBatches.flatMap((batch) => batch.events),
    latencyMs: options.latencyMs ?? 120,
    async proxyToApp(req, res, proxy = {}) {
      const url = new URL(req.url ?? "/", "http://storefront.local");
      const path = url.pathname.replace(/^\/apps\/aisle/, "");
      const customerId = proxy.loggedInCustomerId ?? null;
      const userAgent = String(req.headers["user-agent"] ?? "");
      if (path === "/recommendations" && req.method === "GET") {
        await new Promise((resolve) => setTimeout(resolve, app.latencyMs));
        const body = recommend(shop, url.searchParams, `r_dev_${++requestCounter}`);
        app.recommendationRequests.push({
          query: Object.fromEntries(url.searchParams),
          customerId,
          userAgent,
          requestId: body.requestId,
          productIds: body.items.map((item) => item.productId),
        });
        return json(res, 200, body);
      }
      if (path === "/reviews" && req.method === "GET") {
        // No reviews in the fixture shop: the reviews block shows its empty state.
        return json(res, 200, {
          productId: url.searchParams.get("product_id"),
          rating: { average: 0, count: 0 },
          counts: { positive: 0, neutral: 0, negative: 0 },
          histogram: [0, 0, 0, 0, 0],
          filter: "all",
          sort: "newest",
          page: 1,
          pages: 1,
          summary: null,
          reviews: [],
        });
      }
      if (path === "/visitor" && req.method === "GET") {
        // The app signs the visitor id for the cart's attributes; the fixture has no secret to sign with.
        const vid = url.searchParams.get("vid") ?? "";
        if (!/^[A-Za-z0-9_-]{8,64}$/.test(vid)) return json(res, 400, { error: "malformed vid" });
        return json(res, 200, { vid, sig: `dev-${vid}`, arm: null });
      }
      if (path === "/events" && req.method === "POST") {
        const raw = await readText(req);
        let parsed: { vid?: unknown; events?: unknown };
        try {
          parsed = JSON.parse(raw) as typeof parsed;
        } catch {
          return json(res, 400, { error: "malformed body" });
        }
        if (Buffer.byteLength(raw) > 16 * 1024 || !Array.isArray(parsed.events) || parsed.events.length > 50) {
          return json(res, 400, { error: "malformed body" });
        }
        app.eventBatches.push({ vid: String(parsed.vid ?? ""), events: parsed.events as Record<string, unknown>[], customerId, userAgent });
        return json(res, 202, { accepted: parsed.events.length });
      }
      return json(res, 404, { error: "not found" });
    },
  };
  return app;
}

function recommend(shop: LocalShopLike, query: URLSearchParams, requestId: string) {
  const context = query.get("context") ?? "home";
  const limit = Math.min(12, Math.max(1, Number(query.get("limit")) || 4));
  const exclude = new Set([query.get("product_id"), ...(query.get("cart") ?? "").split(",")].filter(Boolean));
  const products = [...shop.products()].filter((candidate) => candidate.status === "ACTIVE");
  const anchor = products.find((candidate) => candidate.id === query.get("product_id"));
  const empty = anchor?.handle === "gift-card";
  // Home ("trending") lists the catalog from the end, so it differs from the theme's featured grid.
  const ranked = context === "home" ? [...products].reverse() : products;
  const items = empty
    ? []
    : ranked
        .filter((candidate) => !exclude.has(candidate.id) && candidate.handle !== "gift-card")
        .slice(0, limit)
        .map((candidate) => {
          const variant = candidate.variants.find((v) => v.available) ?? candidate.variants[0];
          const reason =
            context === "product" && anchor
              ? { reason: `Often bought with ${anchor.title}`, reasonCode: "bought_with" }
              : context === "cart" && query.get("cart")
                ? { reason: "Goes well with your cart", reasonCode: "goes_with_cart" }
                : { reason: "", reasonCode: "trending" }; // empty: the block's translated fallback shows
          return {
            productId: candidate.id,
            variantId: variant?.id ?? null,
            handle: candidate.handle,
            title: candidate.title,
            url: `/products/${candidate.handle}`,
            imageUrl: candidate.imageUrl ?? generatedImageUrl(candidate.handle),
            imageAlt: candidate.imageAlt ?? candidate.title,
            price: variant?.price ?? candidate.price,
            compareAtPrice: candidate.compareAtPrice,
            available: candidate.variants.some((v) => v.available),
            vendor: candidate.vendor,
            ...reason,
          };
        });
  return {
    requestId,
    strategy: query.get("strategy") === "auto" ? (context === "home" ? "trending" : "bought_together") : query.get("strategy"),
    experiment: null,
    items,
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
