import { UnrecoverableError, type Job } from "bullmq";
import { applyWebhookDelivery } from "../../app/services/webhooks/apply.server";
import { PayloadError } from "../../app/services/sync/mappers";
import { webhookJobSchema } from "../../app/queues/webhooks.server";

/** Applies one webhook delivery. A payload that fails validation will not get better by retrying. */
export async function processWebhookJob(job: Job) {
  const { deliveryId } = webhookJobSchema.parse(job.data);
  try {
    return await applyWebhookDelivery(deliveryId);
  } catch (error) {
    if (error instanceof PayloadError) throw new UnrecoverableError(error.message);
    throw error;
  }
}
