import { UnrecoverableError, type Job } from "bullmq";
import { findShop } from "../../app/models/shops.server";
import { trainJobSchema, unscheduleTraining } from "../../app/queues/recommendations.server";
import { trainRecommendations } from "../../app/services/recommendations/training.server";
import { scheduledTrainingNeeded } from "../../app/services/recommendations/retraining.server";
import { readSettings } from "../../app/services/settings.server";
import { logger } from "../../app/lib/logger.server";

/** Trains a shop's recommendation model (on its schedule, after a sync, or on demand). */
export async function processTrainingJob(job: Job) {
  const { shopId, reason } = trainJobSchema.parse(job.data);
  const shop = await findShop(shopId);
  if (!shop) {
    // Its schedule would fire again every few minutes, forever.
    await unscheduleTraining(shopId);
    throw new UnrecoverableError(`shop ${shopId} no longer exists`);
  }
  if (shop.uninstalledAt) return { skipped: "uninstalled" };
  if (reason === "schedule" && !readSettings(shop.settings).recommendations.enabled) return { skipped: "disabled" };
  if (reason === "schedule" && !(await scheduledTrainingNeeded(shopId))) return { skipped: "unchanged" };
  // A merchant asking for a training gets one; the schedule and syncs skip it when nothing changed.
  return trainRecommendations(shopId, logger.child({ shop: shop.domain, jobId: job.id, queue: job.queueName }), { skipIfUnchanged: reason !== "manual" });
}
