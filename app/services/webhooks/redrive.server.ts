import { logger } from "../../lib/logger.server";
import { listUnenqueued, reopenFailedDelivery } from "../../models/webhook-deliveries.server";
import { enqueueWebhookDeliveries, forgetWebhookJob } from "../../queues/webhooks.server";

/**
 * Hands the queue every delivery still waiting to be applied a while after
 * it arrived: those persisted while Redis was down, and any whose job was
 * lost. Enqueueing is idempotent (job id = delivery id) and applying is
 * idempotent (applied deliveries are skipped), so running this often is safe.
 */
export async function redriveWebhooks(graceMs = 30_000, limit = 5_000): Promise<number> {
  const rows = await listUnenqueued(new Date(Date.now() - graceMs), limit);
  for (let i = 0; i < rows.length; i += 500) {
    await enqueueWebhookDeliveries(
      rows.slice(i, i + 500).map((r) => r.id),
      5_000,
    );
  }
  if (rows.length) logger.info({ count: rows.length }, "re-drove webhook deliveries");
  return rows.length;
}

/**
 * The dashboard's "Retry" on a delivery that failed: back to received and to
 * the queue. False when this shop has no such failed delivery.
 */
export async function retryFailedDelivery(shopId: string, deliveryId: string): Promise<boolean> {
  if (!(await reopenFailedDelivery(shopId, deliveryId))) return false;
  // The failed job keeps the delivery's job id until it is trimmed; without
  // removing it the new job would be taken for a duplicate and dropped. If
  // Redis is down, the re-driver enqueues the delivery later.
  try {
    await forgetWebhookJob(deliveryId);
    await enqueueWebhookDeliveries([deliveryId]);
  } catch (error) {
    logger.warn({ err: error, deliveryId }, "delivery reopened but not enqueued; it will be re-driven");
  }
  return true;
}
