import { z } from "zod";
import { defaultJobOptions, getQueue } from "./connection.server";

export const REVIEWS_QUEUE = "reviews";

/**
 * analyse: classify the shop's reviews not analysed yet (every review when
 * `all`), refresh the products' summaries; train: relearn the shop's own
 * sentiment model from its rated reviews, then re-classify everything.
 */
export const reviewsJobSchema = z.object({
  shopId: z.string().min(1),
  kind: z.enum(["analyse", "train"]),
  all: z.boolean().default(false),
});
export type ReviewsJob = z.infer<typeof reviewsJobSchema>;

/** Jobs carry the shop id only: the worker reads what it has to classify from the database. */
export async function enqueueReviewAnalysis(shopId: string, key: string) {
  await getQueue(REVIEWS_QUEUE).add("analyse", { shopId, kind: "analyse", all: false } satisfies ReviewsJob, {
    ...defaultJobOptions,
    jobId: `analyse-${shopId}-${key}`,
  });
}

export async function enqueueSentimentTraining(shopId: string) {
  await getQueue(REVIEWS_QUEUE).add("train", { shopId, kind: "train", all: true } satisfies ReviewsJob, {
    ...defaultJobOptions,
    attempts: 2,
    jobId: `train-sentiment-${shopId}-${Date.now()}`,
  });
}
