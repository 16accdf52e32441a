import { z } from "zod";
import { defaultJobOptions, getQueue, withTimeout } from "./connection.server";

// Publishing approved complementary pairs to Search & Discovery: one job per
// request, tracked by its job record (progress in the admin).
export const COMPLEMENTARY_QUEUE = "complementary";
export const publishComplementaryJobSchema = z.object({ shopId: z.string().min(1), jobRecordId: z.string().min(1) });
export type PublishComplementaryJob = z.infer<typeof publishComplementaryJobSchema>;

// A failed attempt is retried (Shopify away, a database hiccup); publishing again writes the same values.
const options = { ...defaultJobOptions, attempts: 3, backoff: { type: "exponential", delay: 5_000 } };

export async function enqueueComplementaryPublish(job: PublishComplementaryJob) {
  await getQueue(COMPLEMENTARY_QUEUE).add("publish", job, { ...options, jobId: `publish-${job.jobRecordId}` });
}

/** Whether Redis still holds the job of this record (it may have lost its data). */
export async function complementaryPublishExists(jobRecordId: string): Promise<boolean> {
  return Boolean(await withTimeout(getQueue(COMPLEMENTARY_QUEUE).getJob(`publish-${jobRecordId}`), 1_500, "publish job lookup"));
}
