import { z } from "zod";
import { defaultJobOptions, getQueue } from "./connection.server";

export const RECOMMENDATIONS_QUEUE = "recommendations";
export const trainJobSchema = z.object({ shopId: z.string().min(1), reason: z.enum(["schedule", "manual", "sync"]) });
export type TrainJob = z.infer<typeof trainJobSchema>;

const options = { ...defaultJobOptions, attempts: 2, backoff: { type: "exponential", delay: 30_000 } };

/** Trains now; a request while one is already waiting for the shop joins it. */
export async function enqueueTraining(job: TrainJob) {
  await getQueue(RECOMMENDATIONS_QUEUE).add("train", job, { ...options, jobId: `train-${job.shopId}-pending`, removeOnComplete: true, removeOnFail: 100 });
}

/**
 * Retrains every `minutes` (BullMQ job scheduler: one per shop, survives
 * restarts, updated in place when the merchant changes the interval).
 */
export async function scheduleTraining(shopId: string, minutes: number) {
  await getQueue(RECOMMENDATIONS_QUEUE).upsertJobScheduler(
    `train-${shopId}`,
    { every: Math.round(minutes * 60_000) },
    { name: "train", data: { shopId, reason: "schedule" } satisfies TrainJob, opts: options },
  );
}

export async function unscheduleTraining(shopId: string) {
  await getQueue(RECOMMENDATIONS_QUEUE).removeJobScheduler(`train-${shopId}`);
}
