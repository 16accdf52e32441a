import { UnrecoverableError, type Job } from "bullmq";
import { logger } from "../../app/lib/logger.server";
import { findShop } from "../../app/models/shops.server";
import { reviewsJobSchema } from "../../app/queues/reviews.server";
import { adminForShop } from "../../app/services/admin-for-shop.server";
import { analyseReviews, trainShopSentiment } from "../../app/services/reviews/analysis.server";
import { publishRatingsQuietly } from "../../app/services/reviews/ratings.server";

/** Classifies a shop's new reviews, or relearns its sentiment model and re-reads them all. */
export async function processReviewsJob(job: Job) {
  const { shopId, kind, all } = reviewsJobSchema.parse(job.data);
  const shop = await findShop(shopId);
  if (!shop) throw new UnrecoverableError(`shop ${shopId} no longer exists`);
  if (shop.uninstalledAt) return { skipped: "uninstalled" };
  const log = logger.child({ shop: shop.domain, jobId: job.id, queue: job.queueName });
  const result = kind === "train" ? await trainShopSentiment(shopId, log) : await analyseReviews(shopId, log, { all });
  // New reviews (imported ones may be published already) change the products' rating metafields.
  let ratings = 0;
  try {
    ratings = await publishRatingsQuietly(await adminForShop(shop.domain), shopId, result.products);
  } catch (err) {
    // No offline session (the shop must open the app again): the reviews are classified all the same.
    log.warn({ err }, "could not reach the Admin API for the rating metafields");
  }
  return { ...result, products: result.products.length, ratings };
}
