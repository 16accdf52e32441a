import { logger } from "../../lib/logger.server";
import { listUnenqueued } from "../../models/webhook-deliveries.server";
import { enqueueWebhookDeliveries } from "../../queues/webhooks.server";

/**
 * Hands the queue every delivery still waiting to be applied a while after
 * it arrived: those persisted while Redis was down, and any whose job was
 * lost. Enqueueing is idempotent (job id = delivery id) and applying is
 * idempotent (applied deliveries are skipped), so running this often is safe.
 */
export async function redriveWebhooks(graceMs = 30_000, limit = 5_000): Promise<number> {
  const rows = await listUnenqueued(new Date(Date.now() - graceMs), limit);
  for (let i = 0; i < rows.length; i += 500) {
    await enqueueWebhookDeliveries(rows.slice(i, i + 500).map((r) => r.id), 5_000);
  }
  if (rows.length) logger.info({ count: rows.length }, "re-drove webhook deliveries");
  return rows.length;
}
