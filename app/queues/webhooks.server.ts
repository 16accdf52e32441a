import { z } from "zod";
import { defaultJobOptions, getQueue, withTimeout } from "./connection.server";

export const WEBHOOKS_QUEUE = "webhooks";
export const webhookJobSchema = z.object({ deliveryId: z.string().min(1) });
export type WebhookJob = z.infer<typeof webhookJobSchema>;

/**
 * The job id is the delivery id, so enqueueing the same delivery twice (the
 * ack path and the re-driver racing) makes one job.
 */
export async function enqueueWebhookDeliveries(deliveryIds: string[], timeoutMs = 1_000) {
  if (!deliveryIds.length) return;
  await withTimeout(
    getQueue(WEBHOOKS_QUEUE).addBulk(
      deliveryIds.map((deliveryId) => ({
        name: "apply",
        data: { deliveryId } satisfies WebhookJob,
        opts: { ...defaultJobOptions, jobId: deliveryId, removeOnComplete: { age: 3600, count: 10_000 } },
      })),
    ),
    timeoutMs,
    "enqueue webhook",
  );
}

/** Removes a delivery's finished job, so that the delivery can be enqueued again. */
export async function forgetWebhookJob(deliveryId: string, timeoutMs = 1_000) {
  const job = await withTimeout(getQueue(WEBHOOKS_QUEUE).getJob(deliveryId), timeoutMs, "find webhook job");
  if (job && ((await job.isFailed()) || (await job.isCompleted()))) await job.remove();
}
