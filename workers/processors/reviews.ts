import { UnrecoverableError, type Job } from "bullmq";
import { logger } from "../../app/lib/logger.server";
import { findShop } from "../../app/models/shops.server";
import { reviewsJobSchema } from "../../app/queues/reviews.server";
import { analyseReviews, trainShopSentiment } from "../../app/services/reviews/analysis.server";

/** Classifies a shop's new reviews, or relearns its sentiment model and re-reads them all. */
export async function processReviewsJob(job: Job) {
  const { shopId, kind, all } = reviewsJobSchema.parse(job.data);
  const shop = await findShop(shopId);
  if (!shop) throw new UnrecoverableError(`shop ${shopId} no longer exists`);
  if (shop.uninstalledAt) return { skipped: "uninstalled" };
  const log = logger.child({ shop: shop.domain, jobId: job.id, queue: job.queueName });
  return kind === "train" ? trainShopSentiment(shopId, log) : analyseReviews(shopId, log, { all });
}
