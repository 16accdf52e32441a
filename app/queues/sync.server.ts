import { z } from "zod";
import { defaultJobOptions, getQueue } from "./connection.server";

export const SYNC_QUEUE = "sync";
export const syncJobSchema = z.object({
  shopId: z.string().min(1),
  jobRecordId: z.string().min(1),
  resources: z.array(z.enum(["products", "orders"])).min(1),
});
export type SyncJob = z.infer<typeof syncJobSchema>;

const syncJobId = (shopId: string, jobRecordId: string) => `sync-${shopId}-${jobRecordId}`;

export async function enqueueSync(job: SyncJob) {
  // One sync per shop at a time: a second request while one waits is the same job.
  await getQueue(SYNC_QUEUE).add("bulk-import", job, {
    ...defaultJobOptions,
    attempts: 3,
    backoff: { type: "exponential", delay: 10_000 },
    jobId: syncJobId(job.shopId, job.jobRecordId),
  });
}

/** Whether the queue still holds the job of this job record (in any state): Redis may have lost it. */
export async function syncJobExists(shopId: string, jobRecordId: string) {
  return Boolean(await getQueue(SYNC_QUEUE).getJob(syncJobId(shopId, jobRecordId)));
}
