import { UnrecoverableError, type Job } from "bullmq";
import { applyWebhookDelivery } from "../../app/services/webhooks/apply.server";
import { markDeliveryFailed } from "../../app/models/webhook-deliveries.server";
import { PayloadError } from "../../app/services/sync/mappers";
import { webhookJobSchema } from "../../app/queues/webhooks.server";

/**
 * Applies a webhook delivery (and, in the same transaction, other pending
 * deliveries of its shop). A payload that fails validation will not get
 * better by retrying. Any other failure (a busy or broken database) is
 * retried with backoff; after the last attempt the delivery is marked failed,
 * so the dashboard shows it with a retry instead of it staying "received".
 */
export async function processWebhookJob(job: Job) {
  const { deliveryId } = webhookJobSchema.parse(job.data);
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
