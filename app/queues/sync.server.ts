import { z } from "zod";
import { defaultJobOptions, getQueue } from "./connection.server";

export const SYNC_QUEUE = "sync";
export const syncJobSchema = z.object({
  shopId: z.string().min(1),
  jobRecordId: z.string().min(1),
  resources: z.array(z.enum(["products", "orders"])).min(1),
});
export type SyncJob = z.infer<typeof syncJobSchema>;

export async function enqueueSync(job: SyncJob) {
  // One sync per shop at a time: a second request while one waits is the same job.
  await getQueue(SYNC_QUEUE).add("bulk-import", job, {
    ...defaultJobOptions,
    attempts: 3,
    backoff: { type: "exponential", delay: 10_000 },
    jobId: `sync-${job.shopId}-${job.jobRecordId}`,
  });
}
