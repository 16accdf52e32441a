import { z } from "zod";
import prisma from "../../db.server";
import { logger } from "../../lib/logger.server";
import { writeOrders } from "../../models/orders.server";
import { markProductDeleted, writeProducts } from "../../models/products.server";
import { findShopByDomain, updateShopScopes } from "../../models/shops.server";
import { getDelivery, markDeliveryDone } from "../../models/webhook-deliveries.server";
import { exportCustomerRequest, redactCustomerRequest } from "../compliance/customer-requests.server";
import { handleAppUninstalled, handleShopRedact } from "../compliance/shop-erasure.server";
import { orderFromWebhook, parseWith, PayloadError, productFromWebhook, webhookProductDeleteSchema } from "../sync/mappers";
import type { WebhookTopic } from "./topics";

type Delivery = NonNullable<Awaited<ReturnType<typeof getDelivery>>>;
type Shop = NonNullable<Awaited<ReturnType<typeof findShopByDomain>>>;
type Handler = (ctx: { shop: Shop | null; payload: unknown; delivery: Delivery }) => Promise<string>;

const requireShop = (shop: Shop | null): Shop => {
  if (!shop) throw new PayloadError("no such shop");
  return shop;
};

const describeWrite = (r: { created: number; updated: number; stale: number; refused: string[] }) => {
  // Shopify ids are global: one held by another shop means a body replayed under this shop's header.
  if (r.refused.length) throw new PayloadError(`refused: id ${r.refused.join(", ")} belongs to another shop`);
  return r.created ? "created" : r.updated ? "updated" : r.stale ? "stale: a newer version is already stored" : "unchanged";
};

// A webhook body's HMAC does not cover the shop header: ids another shop holds are refused.
const SIGNED_BODY = { refuseHeldElsewhere: true };

const scopesUpdateSchema = z.object({ current: z.array(z.string()) });

const HANDLERS: Record<WebhookTopic, Handler> = {
  "products/create": async ({ shop, payload }) => describeWrite(await writeProducts(requireShop(shop).id, [productFromWebhook(payload)], SIGNED_BODY)),
  "products/update": async ({ shop, payload }) => describeWrite(await writeProducts(requireShop(shop).id, [productFromWebhook(payload)], SIGNED_BODY)),
  "products/delete": async ({ shop, payload, delivery }) => {
    const { id } = parseWith(webhookProductDeleteSchema, payload, "product delete payload");
    const at = delivery.triggeredAt ?? delivery.receivedAt;
    const result = await markProductDeleted(requireShop(shop).id, id, at);
    if (result === "refused") throw new PayloadError(`refused: product ${id} belongs to another shop`);
    return result === "deleted" ? "deleted" : "stale: updated after this deletion";
  },
  "orders/create": async ({ shop, payload }) => describeWrite(await writeOrders(requireShop(shop).id, [orderFromWebhook(payload)], "shopify", SIGNED_BODY)),
  "orders/updated": async ({ shop, payload }) => describeWrite(await writeOrders(requireShop(shop).id, [orderFromWebhook(payload)], "shopify", SIGNED_BODY)),
  "app/uninstalled": async ({ shop, delivery }) => handleAppUninstalled(shop, delivery.shopDomain, delivery.triggeredAt ?? delivery.receivedAt),
  "app/scopes_update": async ({ shop, payload, delivery }) => {
    const { current } = parseWith(scopesUpdateSchema, payload, "scopes payload");
    await prisma.session.updateMany({ where: { shop: delivery.shopDomain }, data: { scope: current.join(",") } });
    if (shop) await updateShopScopes(shop.id, current.join(","));
    return `scopes: ${current.join(",")}`;
  },
  "bulk_operations/finish": async () => "noted (the sync job polls the operation itself)",
  // Compliance topics: app/services/compliance/. The receive path has already
  // checked that the body names the shop of the header.
  "customers/data_request": async ({ shop, payload }) => (shop ? exportCustomerRequest(shop, payload) : "unknown shop: nothing held"),
  "customers/redact": async ({ shop, payload }) => (shop ? redactCustomerRequest(shop, payload) : "unknown shop: nothing held"),
  "shop/redact": async ({ shop, delivery }) => handleShopRedact(shop, delivery.shopDomain, delivery.triggeredAt ?? delivery.receivedAt),
};

export type ApplyOutcome = { status: "applied" | "ignored" | "skipped"; outcome: string };

/**
 * Applies one persisted delivery. Idempotent: a delivery already applied
 * (the queue re-ran it, or the re-driver enqueued it twice) is skipped.
 * A payload that fails validation is marked failed with the reason and
 * throws PayloadError, which workers treat as unrecoverable.
 */
export async function applyWebhookDelivery(deliveryId: string): Promise<ApplyOutcome> {
  const delivery = await getDelivery(deliveryId);
  if (!delivery) return { status: "skipped", outcome: "delivery no longer exists" };
  if (delivery.status !== "received" && delivery.status !== "failed") {
    return { status: "skipped", outcome: `already ${delivery.status}` };
  }
  const log = logger.child({ webhookId: delivery.webhookId, shop: delivery.shopDomain, topic: delivery.topic, deliveryId });
  const handler = HANDLERS[delivery.topic as WebhookTopic];
  if (!handler) {
    await markDeliveryDone(deliveryId, "ignored", "unknown topic");
    return { status: "ignored", outcome: "unknown topic" };
  }
  const shop = await findShopByDomain(delivery.shopDomain);
  try {
    const outcome = await handler({ shop, payload: JSON.parse(delivery.payload), delivery });
    await markDeliveryDone(deliveryId, "applied", outcome);
    log.debug({ outcome }, "webhook applied");
    return { status: "applied", outcome };
  } catch (error) {
    if (error instanceof PayloadError) {
      await markDeliveryDone(deliveryId, "failed", "invalid payload", error.message);
      log.error({ reason: error.message }, "webhook payload invalid; kept for inspection");
    }
    throw error;
  }
}
