import { env } from "../../lib/env.server";
import { RequestError } from "../../lib/errors.server";
import { logger } from "../../lib/logger.server";
import { verifyAppProxy } from "../../lib/app-proxy.server";
import { recommendationQuerySchema, recommendForStorefront, requireInstalledShop } from "../recommendations/serving.server";
import { reviewsForStorefront, reviewsQuerySchema } from "../reviews/storefront.server";
import { submitReview } from "../reviews/submission.server";
import { recordStorefrontEvents, visitorIdSchema } from "./events.server";
import { visitorSignature } from "../attribution/cart-attributes";
import { assignArm } from "../recommendations/experiments/stats";
import { getServingState } from "../recommendations/serving-state.server";

const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", ...headers } });

/** Turns a refused request into its status and message; anything else is a bug, logged. */
async function guarded(request: Request, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof RequestError) return jsonResponse(error.status, { error: error.message });
    logger.error({ err: error, url: request.url.split("?")[0] }, "storefront request failed");
    return jsonResponse(500, { error: "something went wrong" });
  }
}

/** GET /apps/aisle/recommendations (docs/storefront-api.md). */
export function serveRecommendations(request: Request) {
  return guarded(request, async () => {
    const url = new URL(request.url);
    const proxy = verifyAppProxy(url, env().SHOPIFY_API_SECRET);
    const shop = await requireInstalledShop(proxy.shop);
    const parsed = recommendationQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) throw new RequestError(400, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    const body = await recommendForStorefront(shop.id, parsed.data, proxy.customerId);
    // Personal to the visitor: never cached by shared caches.
    return jsonResponse(200, body, { "Cache-Control": "private, no-store" });
  });
}

/**
 * GET /apps/aisle/visitor?vid=… (docs/storefront-api.md): the signature the
 * embed writes into the cart next to the visitor id, and the visitor's A/B
 * arm, so the order can be credited to what this visitor clicked.
 */
export function serveVisitor(request: Request) {
  return guarded(request, async () => {
    const url = new URL(request.url);
    const proxy = verifyAppProxy(url, env().SHOPIFY_API_SECRET);
    const shop = await requireInstalledShop(proxy.shop);
    const vid = visitorIdSchema.safeParse(url.searchParams.get("vid"));
    if (!vid.success) throw new RequestError(400, `vid: ${vid.error.issues[0].message}`);
    const state = await getServingState(shop.id);
    // One "<test id>:<arm>" per running test (one per page type), comma-separated.
    const arms = Object.values(state.experiments).map((e) => `${e.id}:${assignArm(e.id, vid.data, e.splitB)}`);
    const arm = arms.length ? arms.join(",") : null;
    return jsonResponse(
      200,
      { vid: vid.data, sig: visitorSignature(env().SHOPIFY_API_SECRET, proxy.shop, vid.data), arm },
      { "Cache-Control": "private, no-store" },
    );
  });
}

/** POST /apps/aisle/events (docs/storefront-api.md). */
export function receiveStorefrontEvents(request: Request) {
  return guarded(request, async () => {
    if (request.method !== "POST") throw new RequestError(405, "events are POSTed");
    const proxy = verifyAppProxy(new URL(request.url), env().SHOPIFY_API_SECRET);
    const shop = await requireInstalledShop(proxy.shop);
    const result = await recordStorefrontEvents(shop, proxy.customerId, await request.text());
    return jsonResponse(202, { accepted: result.accepted });
  });
}

/** GET /apps/aisle/reviews: a product's published reviews, grouped by sentiment (docs/storefront-api.md). */
export function serveReviews(request: Request) {
  return guarded(request, async () => {
    const url = new URL(request.url);
    const proxy = verifyAppProxy(url, env().SHOPIFY_API_SECRET);
    const shop = await requireInstalledShop(proxy.shop);
    const parsed = reviewsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) throw new RequestError(400, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    // The same for every visitor: a shared cache may keep it a minute.
    return jsonResponse(200, await reviewsForStorefront(shop.id, parsed.data), { "Cache-Control": "public, max-age=60" });
  });
}

/** POST /apps/aisle/reviews: the review form (docs/storefront-api.md). */
export function receiveReview(request: Request) {
  return guarded(request, async () => {
    if (request.method !== "POST") throw new RequestError(405, "reviews are POSTed");
    const proxy = verifyAppProxy(new URL(request.url), env().SHOPIFY_API_SECRET);
    const shop = await requireInstalledShop(proxy.shop);
    const result = await submitReview(request, shop, proxy.customerId);
    return jsonResponse(result.status === "duplicate" ? 200 : 201, result);
  });
}
