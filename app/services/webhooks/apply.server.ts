import { z } from "zod";
import prisma from "../../db.server";
import { logger } from "../../lib/logger.server";
import { exportCustomerData, eraseCustomer, saveDataRequest } from "../../models/customers.server";
import { writeOrders } from "../../models/orders.server";
import { markProductDeleted, writeProducts } from "../../models/products.server";
import { deleteSessions, eraseShop, findShopByDomain, markShopUninstalled, updateShopScopes } from "../../models/shops.server";
import { getDelivery, markDeliveryDone } from "../../models/webhook-deliveries.server";
import { unscheduleTraining } from "../../queues/recommendations.server";
import { legacyId } from "../../models/records";
import { orderFromWebhook, parseWith, PayloadError, productFromWebhook, webhookProductDeleteSchema } from "../sync/mappers";
import type { WebhookTopic } from "./topics";

type Delivery = NonNullable<Awaited<ReturnType<typeof getDelivery>>>;
type Shop = NonNullable<Awaited<ReturnType<typeof findShopByDomain>>>;
type Handler = (ctx: { shop: Shop | null; payload: unknown; delivery: Delivery }) => Promise<string>;

const requireShop = (shop: Shop | null): Shop => {
  if (!shop) throw new PayloadError("no such shop");
  return shop;
};

const describeWrite = (r: { created: number; updated: number; stale: number }) =>
  r.created ? "created" : r.updated ? "updated" : r.stale ? "stale: a newer version is already stored" : "unchanged";

const customerRequestSchema = z.object({
  customer: z.object({ id: z.union([z.number(), z.string()]) }),
  data_request: z.object({ id: z.union([z.number(), z.string()]) }).nullish(),
});

const scopesUpdateSchema = z.object({ current: z.array(z.string()) });

const HANDLERS: Record<WebhookTopic, Handler> = {
  "products/create": async ({ shop, payload }) => describeWrite(await writeProducts(requireShop(shop).id, [productFromWebhook(payload)])),
  "products/update": async ({ shop, payload }) => describeWrite(await writeProducts(requireShop(shop).id, [productFromWebhook(payload)])),
  "products/delete": async ({ shop, payload, delivery }) => {
    const { id } = parseWith(webhookProductDeleteSchema, payload, "product delete payload");
    const at = delivery.triggeredAt ?? delivery.receivedAt;
    return (await markProductDeleted(requireShop(shop).id, id, at)) === "deleted" ? "deleted" : "stale: updated after this deletion";
  },
  "orders/create": async ({ shop, payload }) => describeWrite(await writeOrders(requireShop(shop).id, [orderFromWebhook(payload)])),
  "orders/updated": async ({ shop, payload }) => describeWrite(await writeOrders(requireShop(shop).id, [orderFromWebhook(payload)])),
  "app/uninstalled": async ({ shop, delivery }) => {
    // Tokens are dead the moment the app is uninstalled; data stays until shop/redact (48 h later).
    await deleteSessions(delivery.shopDomain);
    if (!shop) return "unknown shop: sessions cleared";
    await markShopUninstalled(shop.id, delivery.triggeredAt ?? delivery.receivedAt);
    await unscheduleTraining(shop.id);
    return "uninstalled";
  },
  "app/scopes_update": async ({ shop, payload, delivery }) => {
    const { current } = parseWith(scopesUpdateSchema, payload, "scopes payload");
    await prisma.session.updateMany({ where: { shop: delivery.shopDomain }, data: { scope: current.join(",") } });
    if (shop) await updateShopScopes(shop.id, current.join(","));
    return `scopes: ${current.join(",")}`;
  },
  "bulk_operations/finish": async () => "noted (the sync job polls the operation itself)",
  // https://shopify.dev/docs/apps/build/privacy-law-compliance
  "customers/data_request": async ({ shop, payload }) => {
    const body = parseWith(customerRequestSchema, payload, "customers/data_request payload");
    if (!shop) return "unknown shop: nothing held";
    const customerId = legacyId(body.customer.id);
    const data = await exportCustomerData(shop.id, customerId);
    await saveDataRequest(shop.id, customerId, body.data_request ? String(body.data_request.id) : null, JSON.stringify(data ?? { held: "nothing" }));
    return data ? `exported ${data.orders.length} order(s)` : "nothing held for this customer";
  },
  "customers/redact": async ({ shop, payload }) => {
    const body = parseWith(customerRequestSchema.pick({ customer: true }), payload, "customers/redact payload");
    if (!shop) return "unknown shop: nothing held";
    return (await eraseCustomer(shop.id, legacyId(body.customer.id))) ? "customer erased" : "nothing held for this customer";
  },
  "shop/redact": async ({ delivery }) => ((await eraseShop(delivery.shopDomain)) ? "shop erased" : "nothing held for this shop"),
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
