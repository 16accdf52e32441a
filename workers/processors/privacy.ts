import type { Job } from "bullmq";
import { pruneJobSchema } from "../../app/queues/privacy.server";
import { pruneWebhookPayloads } from "../../app/services/compliance/payload-retention.server";

/** Blanks webhook payloads past each shop's retention. */
export async function processPrivacyJob(job: Job) {
  pruneJobSchema.parse(job.data);
  return { pruned: await pruneWebhookPayloads() };
}
