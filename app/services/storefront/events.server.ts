import { z } from "zod";
import { RequestError } from "../../lib/errors.server";
import { RateLimiter } from "../../lib/rate-limit.server";
import { insertStorefrontEvents, type NewStorefrontEvent } from "../../models/storefront-events.server";
import { placementOf } from "../attribution/placement";
import { assignArm } from "../recommendations/experiments/stats";
import { getServingState } from "../recommendations/serving-state.server";

export const MAX_EVENTS_PER_BATCH = 50;
export const MAX_BODY_BYTES = 16 * 1024;

export const visitorIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "visitor id must be 8-64 letters, digits, - or _");
const productId = z.string().regex(/^\d{1,20}$/, "product ids are numeric");

const eventSchema = z.object({
  type: z.enum(["view", "add_to_cart", "impression", "click"]),
  productId,
  variantId: z
    .string()
    .regex(/^\d{1,20}$/)
    .nullish(),
  requestId: z.string().max(64).nullish(),
  position: z.number().int().min(0).max(100).nullish(),
  ts: z.number().int().positive(),
});

export const eventBatchSchema = z.object({
  vid: visitorIdSchema,
  events: z.array(eventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
});

// Per visitor: a burst of 200 events, then 2 a second. A real shopper never
// comes close; a script flooding one visitor id is refused with 429.
const perVisitor = new RateLimiter(200, 2);
// Per shop, to bound what any one storefront can write.
const perShop = new RateLimiter(5_000, 200);

const MAX_CLOCK_SKEW_MS = 24 * 3600 * 1000;

/**
 * Stores a batch of storefront events from the tracking embed. The shop and
 * the logged-in customer come from Shopify's signed proxy parameters, never
 * from the body. Events for products the shop does not have are dropped, a
 * batch sent twice is stored once, and a visitor who floods gets 429.
 */
export async function recordStorefrontEvents(shop: { id: string }, customerId: string | null, rawBody: string): Promise<{ accepted: number; dropped: number }> {
  if (rawBody.length > MAX_BODY_BYTES) throw new RequestError(413, `event batches are limited to ${MAX_BODY_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new RequestError(400, "body is not JSON");
  }
  const parsed = eventBatchSchema.safeParse(json);
  if (!parsed.success) {
    throw new RequestError(400, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
  const { vid, events } = parsed.data;
  if (!perVisitor.take(`${shop.id}:${vid}`, events.length) || !perShop.take(shop.id, events.length)) {
    throw new RequestError(429, "too many events; slow down");
  }

  const state = await getServingState(shop.id);
  const now = Date.now();
  const rows: NewStorefrontEvent[] = [];
  for (const e of events) {
    if (!state.model.catalog.has(e.productId)) continue;
    const occurredAt = Math.abs(e.ts - now) > MAX_CLOCK_SKEW_MS ? now : e.ts;
    // The request id names the page type the block was on, hence its test.
    const page = e.type !== "view" ? placementOf(e.requestId).pageType : "unknown";
    const test = page === "unknown" ? undefined : state.experiments[page];
    rows.push({
      visitorId: vid,
      customerShopifyId: customerId,
      type: e.type,
      productShopifyId: e.productId,
      variantShopifyId: e.variantId ?? null,
      requestId: e.requestId ?? null,
      position: e.position ?? null,
      experimentId: test ? test.id : null,
      arm: test ? assignArm(test.id, vid, test.splitB) : null,
      dedupeKey: `${e.type}:${e.productId}:${e.requestId ?? ""}:${e.position ?? ""}:${e.ts}`,
      occurredAt: new Date(occurredAt),
    });
  }
  const accepted = await insertStorefrontEvents(shop.id, rows);
  return { accepted, dropped: events.length - accepted };
}
