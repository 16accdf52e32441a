import { logger } from "../../lib/logger.server";
import { reopenFailedDelivery, shopsWithStaleDeliveries } from "../../models/webhook-deliveries.server";
import { ringWebhookDoorbell } from "../../queues/webhooks.server";

/**
 * Rings the doorbell of every shop with deliveries still waiting a while
 * after they arrived: those persisted while Redis was down, and any whose
 * drain job was lost. Ringing is idempotent within a window and draining
 * skips what is applied, so running this often is safe.
 */
export async function redriveWebhooks(graceMs = 30_000): Promise<number> {
  const shops = await shopsWithStaleDeliveries(new Date(Date.now() - graceMs));
  for (const shopDomain of shops) await ringWebhookDoorbell(shopDomain, Date.now(), 5_000);
  if (shops.length) logger.info({ shops: shops.length }, "re-drove webhook deliveries");
  return shops.length;
}

/**
 * The dashboard's "Retry" on a delivery that failed: back to received, and
 * the shop's doorbell rung. False when this shop has no such failed delivery.
 */
export async function retryFailedDelivery(shopId: string, deliveryId: string): Promise<boolean> {
  const shopDomain = await reopenFailedDelivery(shopId, deliveryId);
  if (!shopDomain) return false;
  try {
    await ringWebhookDoorbell(shopDomain);
  } catch (error) {
    // Redis is down: the re-driver rings once it is back.
    logger.warn({ err: error, deliveryId }, "delivery reopened but its shop's doorbell did not ring; it will be re-driven");
  }
  return true;
}
