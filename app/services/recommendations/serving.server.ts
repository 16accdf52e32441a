import { BLOCK_KINDS, requestIdPrefix, type BlockKind } from "../attribution/placement";
import { z } from "zod";
import { purchaseHistoryOf } from "../../models/catalog.server";
import { findShopForRequest } from "../../models/shops.server";
import { recentViewsOf } from "../../models/storefront-events.server";
import { RequestError } from "../../lib/errors.server";
import { randomToken } from "../../lib/random-token.server";
import { assignArm } from "./experiments/stats";
import { rank, reasonText, STRATEGIES, type Context, type HistoryEntry, type ServedItem, type Strategy } from "./serve";
import { getServingState, type ServingState } from "./serving-state.server";
import { EVENT_WEIGHTS } from "./training.server";
import { applySentimentDemotion } from "../reviews/demotion.server";

const id = z.string().regex(/^\d{1,20}$/);

export const recommendationQuerySchema = z.object({
  context: z.enum(["product", "cart", "home"]),
  product_id: id.optional(),
  cart: z
    .string()
    .max(2_000)
    .optional()
    .transform((s) =>
      s
        ? s
            .split(",")
            .filter((x) => /^\d{1,20}$/.test(x))
            .slice(0, 50)
        : [],
    ),
  strategy: z.enum(STRATEGIES).default("auto"),
  limit: z.coerce.number().int().min(1).max(12).default(4),
  // Which block asks: named in the request id, so revenue is reported per block.
  block: z.enum(BLOCK_KINDS).default("recommendations"),
  // A garbage visitor id is treated as no visitor id, not as an error: the
  // block must still show something.
  vid: z
    .string()
    .optional()
    .transform((v) => (v && /^[A-Za-z0-9_-]{8,64}$/.test(v) ? v : undefined)),
});

/** A parsed query; `block` may be left out (the recommendations block). */
export type RecommendationQuery = Omit<z.infer<typeof recommendationQuerySchema>, "block"> & { block?: BlockKind };

export interface StorefrontItem {
  productId: string;
  variantId: string | null;
  handle: string;
  title: string;
  url: string;
  imageUrl: string | null;
  imageAlt: string | null;
  price: string;
  compareAtPrice: string | null;
  available: boolean;
  vendor: string;
  reason: string;
  reasonCode: string;
}

const SHOP_TTL_MS = 60_000;
const shops = new Map<string, { id: string | null; at: number }>();

/** Shop id for a proxy request's shop domain, cached briefly (hot path). */
async function shopIdFor(domain: string): Promise<string | null> {
  const hit = shops.get(domain);
  if (hit && Date.now() - hit.at < SHOP_TTL_MS) return hit.id;
  const shop = await findShopForRequest(domain);
  const value = shop && !shop.uninstalled ? shop.id : null;
  shops.set(domain, { id: value, at: Date.now() });
  return value;
}

export async function requireInstalledShop(domain: string) {
  const shopId = await shopIdFor(domain);
  if (!shopId) throw new RequestError(404, "this shop does not use Aisle");
  return { id: shopId };
}

function toStorefrontItem(state: ServingState, item: ServedItem): StorefrontItem {
  const p = state.model.catalog.get(item.productId)!;
  const anchor = item.anchorId ? state.model.catalog.get(item.anchorId) : undefined;
  return {
    productId: p.id,
    variantId: p.variantId,
    handle: p.handle,
    title: p.title,
    url: `/products/${p.handle}`,
    imageUrl: p.imageUrl,
    imageAlt: p.imageAlt,
    price: p.price,
    compareAtPrice: p.compareAtPrice,
    available: p.sellable,
    vendor: p.vendor,
    reason: reasonText(item.reasonCode, anchor?.title, p.productType),
    reasonCode: item.reasonCode,
  };
}

/**
 * What the shopper did, for personal picks: a visitor's (or signed-in
 * customer's) recent views, clicks and adds to cart, and a customer's
 * purchases, each with its weight and time (the model's half-life decays them).
 */
async function shopperHistory(
  shopId: string,
  visitorId: string | undefined,
  customerId: string | null,
): Promise<{ history: HistoryEntry[]; purchased: Set<string> }> {
  if (!visitorId && !customerId) return { history: [], purchased: new Set() };
  const [events, purchases] = await Promise.all([
    recentViewsOf(shopId, visitorId ?? "", customerId, 20),
    customerId ? purchaseHistoryOf(shopId, customerId) : Promise.resolve([]),
  ]);
  const history: HistoryEntry[] = events.map((e) => ({
    productId: e.productShopifyId,
    weight: EVENT_WEIGHTS[e.type as keyof typeof EVENT_WEIGHTS] ?? 0.1,
    at: e.occurredAt.getTime(),
  }));
  for (const p of purchases) history.push({ productId: p.productId, weight: 1, at: p.at });
  return { history, purchased: new Set(purchases.map((p) => p.productId)) };
}

/**
 * Recommendations for one storefront request. The A/B test of the request's
 * page type, when one runs, decides the strategy of blocks set to "auto" by
 * the visitor's arm.
 */
export async function recommendForStorefront(shopId: string, query: RecommendationQuery, customerId: string | null, options: { fresh?: boolean } = {}) {
  // The rules' warning and why products were moved last are for staff (the preview), never in a shopper's response.
  const { warning: _warning, demoted: _demoted, ...body } = await recommend(shopId, query, customerId, options);
  return body;
}

/** What `rank` gives for the request, as the storefront shows it, with what staff are told: the rules' warning and the demotions. */
async function recommend(shopId: string, query: RecommendationQuery, customerId: string | null, options: { fresh?: boolean } = {}) {
  const state = await getServingState(shopId, options);
  if (!state.settings.enabled)
    return { requestId: null, strategy: "off", experiment: null, items: [] as StorefrontItem[], demoted: new Map<string, string>(), warning: undefined };
  let strategy: Strategy = query.strategy;
  // Only the test of this page type decides; blocks on other page types are not in it.
  const test = state.experiments[query.context];
  // A winner kept from an A/B test on this page type replaces "auto" until the merchant changes it.
  if (strategy === "auto" && !test) strategy = state.settings.keptStrategies[query.context];
  let experiment: { id: string; arm: "A" | "B" } | null = null;
  const visitor = query.vid ?? (customerId ? `c${customerId}` : undefined);
  if (test && strategy === "auto" && visitor) {
    const arm = assignArm(test.id, visitor, test.splitB);
    experiment = { id: test.id, arm };
    strategy = (arm === "A" ? test.strategyA : test.strategyB) as Strategy;
  }
  const needsHistory = query.context === "home" && (strategy === "auto" || strategy === "personal");
  const needsPurchases = state.rules.settings.excludePurchased && customerId;
  const { history, purchased } =
    needsHistory || needsPurchases
      ? await shopperHistory(shopId, needsHistory ? query.vid : undefined, customerId)
      : { history: [], purchased: new Set<string>() };
  const result = rank(
    state.model,
    {
      context: query.context as Context,
      strategy,
      limit: query.limit,
      productId: query.product_id ?? null,
      cart: query.cart,
      history: needsHistory ? history : [],
      purchased,
    },
    state.rules,
  );
  // Products whose recent reviews turn negative go last, when the shop has that setting on.
  const { items, demoted } = await applySentimentDemotion(shopId, result.items);
  return {
    // The prefix names the page type and block, for revenue attribution (../attribution/placement.ts).
    requestId: `${requestIdPrefix(query.context as Context, query.block)}_${randomToken(6)}`,
    strategy: result.strategy,
    experiment,
    items: items.map((item) => toStorefrontItem(state, item)),
    /** Why products were moved last (for the admin's preview; shoppers are not told). */
    demoted,
    warning: result.warning,
  };
}

/** What a shopper would see, for the admin's preview. */
export async function previewRecommendations(
  shopId: string,
  options: { context: Context; productId?: string; cart?: string[]; customerId?: string; strategy?: Strategy; limit?: number },
) {
  const result = await recommend(
    shopId,
    {
      context: options.context,
      product_id: options.productId,
      cart: options.cart ?? [],
      strategy: options.strategy ?? "auto",
      limit: options.limit ?? 8,
      vid: undefined,
    },
    options.customerId ?? null,
    // What was saved a moment ago (a rule, a setting) shows at once.
    { fresh: true },
  );
  return {
    strategy: result.strategy,
    items: result.items.map((item) => ({ ...item, demotedBecause: result.demoted.get(item.productId) ?? null })),
    warning: result.warning ?? null,
  };
}
