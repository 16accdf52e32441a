import { z } from "zod";
import { defaultJobOptions, getQueue } from "./connection.server";

// Content studio jobs: generating a draft, expanding a bulk run, polling a
// Message Batch, publishing approved fields and restoring a version. Payloads
// carry ids only; the actor is a display name for the history.
export const CONTENT_QUEUE = "content";

const shopId = z.string().min(1);
export const contentJobSchemas = {
  generate: z.object({ shopId, draftId: z.string().min(1) }),
  run: z.object({ shopId, runId: z.string().min(1) }),
  "poll-batch": z.object({ shopId, runId: z.string().min(1) }),
  publish: z.object({ shopId, draftId: z.string().min(1), actor: z.string().min(1).max(200) }),
  restore: z.object({ shopId, versionId: z.string().min(1), actor: z.string().min(1).max(200) }),
  "seo-refresh": z.object({ shopId }),
};
export type ContentJobName = keyof typeof contentJobSchemas;
export type ContentJob<N extends ContentJobName> = z.infer<(typeof contentJobSchemas)[N]>;

// Generation retries honour the SDK's own waits first; these are for what outlasts them.
const generateOptions = { ...defaultJobOptions, attempts: 4, backoff: { type: "exponential", delay: 5_000 } };

export async function enqueueGenerations(jobs: ContentJob<"generate">[]) {
  // One job id per draft: a draft queued twice is generated once.
  await getQueue(CONTENT_QUEUE).addBulk(jobs.map((data) => ({ name: "generate", data, opts: { ...generateOptions, jobId: `generate-${data.draftId}` } })));
}

/** A draft generated again (after a failed batch result): a fresh job id, as the first job may still be kept as completed. */
export async function enqueueRegeneration(job: ContentJob<"generate">, attempt: string) {
  await getQueue(CONTENT_QUEUE).add("generate", job, { ...generateOptions, jobId: `generate-${job.draftId}-${attempt}` });
}

export async function enqueueRun(job: ContentJob<"run">) {
  await getQueue(CONTENT_QUEUE).add("run", job, { ...defaultJobOptions, attempts: 3, jobId: `run-${job.runId}` });
}

export async function enqueueBatchPoll(job: ContentJob<"poll-batch">, delayMs: number) {
  await getQueue(CONTENT_QUEUE).add("poll-batch", job, { ...defaultJobOptions, attempts: 10, delay: delayMs, jobId: `poll-${job.runId}-${Date.now()}` });
}

export async function enqueuePublish(job: ContentJob<"publish">) {
  await getQueue(CONTENT_QUEUE).add("publish", job, { ...defaultJobOptions, attempts: 5 });
}

/** Publish jobs for many drafts at once (a chunk of a run whose fields a rule approved). */
export async function enqueuePublishes(jobs: ContentJob<"publish">[]) {
  await getQueue(CONTENT_QUEUE).addBulk(jobs.map((data) => ({ name: "publish", data, opts: { ...defaultJobOptions, attempts: 5 } })));
}

export async function enqueueRestore(job: ContentJob<"restore">) {
  await getQueue(CONTENT_QUEUE).add("restore", job, { ...defaultJobOptions, attempts: 5 });
}

/** The opt-in SEO refresh: one scheduler per shop, removed when the merchant turns it off. */
export async function scheduleSeoRefresh(shopIdValue: string, days: number) {
  const queue = getQueue(CONTENT_QUEUE);
  if (days <= 0) {
    await queue.removeJobScheduler(`seo-refresh-${shopIdValue}`);
    return;
  }
  await queue.upsertJobScheduler(
    `seo-refresh-${shopIdValue}`,
    { every: days * 24 * 3600 * 1000 },
    { name: "seo-refresh", data: { shopId: shopIdValue } satisfies ContentJob<"seo-refresh">, opts: { ...defaultJobOptions, attempts: 2 } },
  );
}
