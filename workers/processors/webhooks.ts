import { UnrecoverableError, type Job } from "bullmq";
import { applyWebhookDelivery, drainShopDeliveries } from "../../app/services/webhooks/apply.server";
import { markDeliveryFailed } from "../../app/models/webhook-deliveries.server";
import { PayloadError } from "../../app/services/sync/mappers";
import { ringWebhookDoorbell, webhookJobSchema } from "../../app/queues/webhooks.server";

/**
 * A shop's drain (its doorbell rang): applies every delivery of the shop
 * still waiting, in batches. A drain that runs out of time rings again, so
 * the rest follows in the next job and other shops are not kept waiting.
 *
 * One delivery (a job of its own): a payload that fails validation will not
 * get better by retrying; any other failure (a busy or broken database) is
 * retried with backoff, and after the last attempt the delivery is marked
 * failed, so the dashboard shows it with a retry instead of it staying
 * "received".
 */
export async function processWebhookJob(job: Job) {
  const data = webhookJobSchema.parse(job.data);
  if ("shopDomain" in data) {
    const outcome = await drainShopDeliveries(data.shopDomain);
    if (outcome.more) await ringWebhookDoorbell(data.shopDomain);
    return outcome;
  }
  const { deliveryId } = data;
  try {
    return await applyWebhookDelivery(deliveryId);
  } catch (error) {
    if (error instanceof PayloadError) throw new UnrecoverableError(error.message);
    const attempts = job.opts.attempts ?? 1;
    if (job.attemptsMade + 1 >= attempts) {
      const message = error instanceof Error ? error.message : String(error);
      await markDeliveryFailed(deliveryId, `could not be applied after ${attempts} attempt(s)`, message);
    }
    throw error;
  }
}
