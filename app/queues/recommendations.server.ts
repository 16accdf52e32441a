import { z } from "zod";
import { defaultJobOptions, getQueue, withTimeout } from "./connection.server";

export const RECOMMENDATIONS_QUEUE = "recommendations";
export const trainJobSchema = z.object({ shopId: z.string().min(1), reason: z.enum(["schedule", "manual", "sync"]) });
export type TrainJob = z.infer<typeof trainJobSchema>;

export const updateJobSchema = z.object({ shopId: z.string().min(1) });

const options = { ...defaultJobOptions, attempts: 2, backoff: { type: "exponential", delay: 30_000 } };

/** Changes to a shop's catalog and orders within this window are applied by one update. */
export const UPDATE_WINDOW_MS = 30_000;
/** How long after its window an update runs: what was written at the window's end has committed by then. */
const UPDATE_SETTLE_MS = 5_000;

/**
 * Updates the shop's live lists with what webhooks brought since the last
 * update, debounced: every request in one 30-second window is one job (its
 * id names the window), run 5 s after the window closes. A request while
 * that job runs falls in a later window, so nothing waits for the next
 * training. docs/decisions/0022-incremental-recommendations.md.
 */
/** The window each shop's update was last asked for from this process: one Redis call per shop and window, not one per webhook batch. */
const requestedWindows = new Map<string, number>();

export async function enqueueRecommendationsUpdate(shopId: string, request: { now?: number; followUp?: boolean } = {}) {
  const now = request.now ?? Date.now();
  const window = Math.floor(now / UPDATE_WINDOW_MS);
  if (!request.followUp && requestedWindows.get(shopId) === window) return;
  // An update that stopped at its cap is followed at once by the next.
  const delay = request.followUp ? 0 : (window + 1) * UPDATE_WINDOW_MS + UPDATE_SETTLE_MS - now;
  await getQueue(RECOMMENDATIONS_QUEUE).add("update", { shopId } satisfies z.infer<typeof updateJobSchema>, {
    ...options,
    jobId: request.followUp ? `update-${shopId}-more-${now}` : `update-${shopId}-${window}`,
    delay,
    removeOnComplete: { age: 3600 },
    removeOnFail: 100,
  });
  if (!request.followUp) {
    if (requestedWindows.size > 10_000) requestedWindows.clear();
    requestedWindows.set(shopId, window);
  }
}

/** Trains now; a request while one is already waiting for the shop joins it. */
export async function enqueueTraining(job: TrainJob) {
  await getQueue(RECOMMENDATIONS_QUEUE).add("train", job, { ...options, jobId: `train-${job.shopId}-pending`, removeOnComplete: true, removeOnFail: 100 });
}

/**
 * Where the shop's on-demand training job is: "waiting" (queued, delayed or
 * retrying), "active", or null when none is pending. Bounded in time so a
 * page that shows it still renders while Redis is away.
 */
export async function pendingTrainingState(shopId: string): Promise<"waiting" | "active" | null> {
  const job = await withTimeout(getQueue(RECOMMENDATIONS_QUEUE).getJob(`train-${shopId}-pending`), 1_000, "training job lookup");
  if (!job) return null;
  const state = await withTimeout(job.getState(), 1_000, "training job state");
  if (state === "active") return "active";
  return state === "waiting" || state === "delayed" || state === "prioritized" || state === "waiting-children" ? "waiting" : null;
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

/** The shops that have a training schedule in Redis. */
export async function listScheduledShops(): Promise<string[]> {
  const schedulers = await getQueue(RECOMMENDATIONS_QUEUE).getJobSchedulers(0, -1);
  return schedulers.flatMap((s) => (s.key.startsWith("train-") ? [s.key.slice("train-".length)] : []));
}
