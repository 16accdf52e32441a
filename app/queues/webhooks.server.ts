import { z } from "zod";
import { defaultJobOptions, getQueue, withTimeout } from "./connection.server";

export const WEBHOOKS_QUEUE = "webhooks";

/**
 * A webhook job either drains a shop (applies every delivery of the shop
 * still waiting, oldest first) or applies one delivery (jobs written before
 * the doorbell, and tests that drive one delivery through the worker).
 */
export const webhookJobSchema = z.union([z.object({ shopDomain: z.string().min(1) }), z.object({ deliveryId: z.string().min(1) })]);
export type WebhookJob = z.infer<typeof webhookJobSchema>;

/**
 * The doorbell's window. Every delivery a process persists within one window
 * of a shop shares one drain job, due when the window has closed; so the
 * acknowledgement path talks to Redis about once per shop per window instead
 * of once per delivery, and the worker runs one job for many deliveries.
 * A delivery is applied at most a window (plus the margin) after its
 * acknowledgement.
 */
export const DOORBELL_WINDOW_MS = 100;
/** Slack for clocks: the drain must start after every delivery of its window was committed. */
const DOORBELL_MARGIN_MS = 20;

/** Per shop: the window whose drain job this process has queued (or is queueing). */
const rung = new Map<string, { window: number; queued: Promise<void> }>();

/**
 * Rings a shop's doorbell after a delivery has been committed: makes sure a
 * drain job of the shop will start after now. The job's id names the shop and
 * the window, so processes (and the re-driver) ringing in the same window
 * make one job. Rejects when Redis does not take the job; the delivery is
 * persisted already and the re-driver rings again later.
 */
export function ringWebhookDoorbell(shopDomain: string, now = Date.now(), timeoutMs = 1_000): Promise<void> {
  const window = Math.floor(now / DOORBELL_WINDOW_MS);
  const current = rung.get(shopDomain);
  if (current?.window === window) return current.queued;
  const due = (window + 1) * DOORBELL_WINDOW_MS + DOORBELL_MARGIN_MS;
  const queued = withTimeout(
    getQueue(WEBHOOKS_QUEUE).add("drain", { shopDomain } satisfies WebhookJob, {
      ...defaultJobOptions,
      jobId: `drain:${shopDomain}:${window}`,
      delay: Math.max(0, due - now),
      removeOnComplete: { age: 3600, count: 1_000 },
    }),
    timeoutMs,
    "ring webhook doorbell",
  ).then(
    () => undefined,
    (error: unknown) => {
      // Not queued: the next delivery of this window tries again.
      if (rung.get(shopDomain)?.queued === queued) rung.delete(shopDomain);
      throw error;
    },
  );
  rung.set(shopDomain, { window, queued });
  return queued;
}
