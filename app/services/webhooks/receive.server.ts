import { readBodyWithin, tooLargeResponse } from "../../lib/body.server";
import { env } from "../../lib/env.server";
import { isValidShopDomain, safeEqual, webhookHmac } from "../../lib/hmac.server";
import { logger } from "../../lib/logger.server";
import { metrics } from "../../lib/metrics.server";
import { legacyId } from "../../models/records";
import { isRedactedCustomer } from "../../models/redacted-customers.server";
import { findShopForRequest } from "../../models/shops.server";
import { recordDelivery } from "../../models/webhook-deliveries.server";
import { ringWebhookDoorbell } from "../../queues/webhooks.server";
import { orderWithoutCustomer } from "../compliance/scrub";
import { checkShopClaim } from "./shop-claims";
import { COMPLIANCE_TOPICS, type WebhookTopic } from "./topics";

const MAX_BODY_BYTES = 5 * 1024 * 1024;

const reply = (status: number, message: string) => new Response(JSON.stringify({ message }), { status, headers: { "Content-Type": "application/json" } });

/**
 * The acknowledgement path for a webhook, kept short so Shopify gets its
 * answer fast (https://shopify.dev/docs/apps/build/webhooks/subscribe/https):
 * verify the HMAC (401, nothing stored), persist the delivery (the unique
 * webhook id makes redelivery a no-op), then ring the shop's doorbell (a
 * drain job of the shop, one per short window, app/queues/webhooks.server.ts).
 * The row is written before the 200, so a Redis outage loses nothing: the
 * worker's re-driver rings for whatever is still `received`.
 */
export async function receiveWebhook(request: Request, topic: WebhookTopic): Promise<Response> {
  const result = await receive(request, topic);
  metrics.webhooksReceived.inc({ topic, result: result.outcome });
  return result.response;
}

async function receive(request: Request, topic: WebhookTopic): Promise<{ response: Response; outcome: string }> {
  const h = request.headers;
  const webhookId = h.get("x-shopify-webhook-id");
  const shopDomain = h.get("x-shopify-shop-domain");
  const log = logger.child({ topic, webhookId, shop: shopDomain });

  if (request.method !== "POST") return { response: reply(405, "webhooks are POSTed"), outcome: "bad_method" };
  const body = await readBodyWithin(request, MAX_BODY_BYTES);
  if (!body) return { response: tooLargeResponse(), outcome: "too_large" };

  const signature = h.get("x-shopify-hmac-sha256");
  if (!signature || !safeEqual(signature, webhookHmac(body, env().SHOPIFY_API_SECRET))) {
    log.warn({ hasSignature: !!signature }, "webhook rejected: bad or missing HMAC");
    return { response: reply(401, "invalid webhook signature"), outcome: "forged" };
  }
  if (h.get("x-shopify-topic") !== topic) {
    log.warn({ header: h.get("x-shopify-topic") }, "webhook rejected: topic header does not match the route");
    return { response: reply(400, `this endpoint takes ${topic}`), outcome: "wrong_topic" };
  }
  if (!isValidShopDomain(shopDomain) || !webhookId) {
    log.warn("webhook rejected: missing shop domain or webhook id");
    return { response: reply(400, "missing X-Shopify-Shop-Domain or X-Shopify-Webhook-Id"), outcome: "bad_headers" };
  }

  const text = Buffer.from(body).toString("utf8");
  const triggeredAtHeader = h.get("x-shopify-triggered-at");
  const triggeredAt = triggeredAtHeader && !Number.isNaN(Date.parse(triggeredAtHeader)) ? new Date(triggeredAtHeader) : null;
  const shop = await shopForDelivery(shopDomain);
  const base = { webhookId, shopDomain, shopId: shop?.id ?? null, topic, apiVersion: h.get("x-shopify-api-version"), triggeredAt, payload: text };

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    // Signed by Shopify but unreadable: keep it for inspection and say so.
    await recordDelivery({ ...base, status: "rejected", outcome: "body is not a JSON object" });
    log.error("webhook rejected: signed body is not a JSON object");
    return { response: reply(400, "body is not a JSON object"), outcome: "malformed" };
  }

  const claim = checkShopClaim(topic, parsed, shopDomain, shop?.shopifyId ?? null);
  if (!claim.ok) {
    // A signed body replayed under another shop's header or another topic's
    // route: nothing stored, nothing applied.
    log.warn({ reason: claim.reason }, "webhook rejected: body does not match its headers");
    return { response: reply(400, claim.reason), outcome: "mismatch" };
  }

  const installed = shop && !shop.uninstalled;
  if (!installed && !COMPLIANCE_TOPICS.has(topic) && topic !== "app/uninstalled") {
    // Only the webhook id is kept (for deduplication): the payload is not ours to hold.
    const saved = await recordDelivery({ ...base, payload: "", status: "ignored", outcome: shop ? "shop has uninstalled" : "unknown shop" });
    log.info("webhook for a shop that is not installed: recorded, not applied");
    return { response: reply(200, saved ? "ignored" : "duplicate"), outcome: "not_installed" };
  }

  // A shop Aisle does not know holds nothing to export or erase: its
  // compliance payload (a customer's email, say) is not kept either.
  const payload = shop ? await withoutRedactedCustomer(topic, shop.id, parsed, text) : "{}";
  const saved = await recordDelivery({ ...base, payload });
  if (!saved) return { response: reply(200, "duplicate"), outcome: "duplicate" };
  try {
    // Committed before the ring: the shop's drain job starts after both.
    await ringWebhookDoorbell(shopDomain);
  } catch (error) {
    // Persisted already: the re-driver rings once Redis is back.
    log.warn({ err: error, deliveryId: saved.id }, "webhook persisted but the shop's doorbell did not ring; it will be re-driven");
  }
  return { response: reply(200, "accepted"), outcome: "accepted" };
}

type RequestShop = NonNullable<Awaited<ReturnType<typeof findShopForRequest>>>;
/** How long an installed shop's row is trusted on the acknowledgement path. */
const SHOP_TTL_MS = 1_000;
const installedShops = new Map<string, { shop: RequestShop; at: number }>();

/**
 * The shop a delivery names. Installed shops are remembered for a second: a
 * burst of a shop's webhooks then costs one lookup instead of one each. Only
 * installed shops are: a shop installing again is seen at once, and one that
 * uninstalled within the second is treated as the worker already treats a
 * delivery that arrives just before its uninstall is applied.
 */
async function shopForDelivery(domain: string): Promise<RequestShop | null> {
  const now = Date.now();
  const known = installedShops.get(domain);
  if (known && now - known.at < SHOP_TTL_MS) return known.shop;
  const shop = await findShopForRequest(domain);
  if (installedShops.size > 10_000) installedShops.clear();
  if (shop && !shop.uninstalled) installedShops.set(domain, { shop, at: now });
  else installedShops.delete(domain);
  return shop;
}

/**
 * An order of a customer redacted from the shop (a retry or a late update
 * arriving after customers/redact) is stored without its customer, so the
 * personal data never lands again.
 */
async function withoutRedactedCustomer(topic: WebhookTopic, shopId: string, payload: object, text: string): Promise<string> {
  if (topic !== "orders/create" && topic !== "orders/updated") return text;
  const customer = (payload as { customer?: { id?: unknown } | null }).customer;
  const id = customer?.id;
  if ((typeof id !== "number" && typeof id !== "string") || !(await isRedactedCustomer(shopId, legacyId(id)))) return text;
  return JSON.stringify(orderWithoutCustomer(payload));
}
