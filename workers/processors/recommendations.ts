import { UnrecoverableError, type Job } from "bullmq";
import { findShop } from "../../app/models/shops.server";
import { enqueueRecommendationsUpdate, trainJobSchema, unscheduleTraining, updateJobSchema } from "../../app/queues/recommendations.server";
import { trainRecommendations } from "../../app/services/recommendations/training.server";
import { scheduledTrainingNeeded } from "../../app/services/recommendations/retraining.server";
import { updateRecommendations } from "../../app/services/recommendations/update.server";
import { readSettings } from "../../app/services/settings.server";
import { logger } from "../../app/lib/logger.server";

/** The recommendations queue's jobs: "train" (a full training) and "update" (the live lists between trainings). */
export async function processRecommendationsJob(job: Job) {
  return job.name === "update" ? processUpdateJob(job) : processTrainingJob(job);
}

/**
 * Applies what webhooks brought since the live model's last update
 * (docs/decisions/0022-incremental-recommendations.md). A shop gone or
 * uninstalled has nothing to update; what is left over the caps follows in
 * another update.
 */
async function processUpdateJob(job: Job) {
  const { shopId } = updateJobSchema.parse(job.data);
  const shop = await findShop(shopId);
  if (!shop || shop.uninstalledAt) return { skipped: "no such shop" };
  if (!readSettings(shop.settings).recommendations.enabled) return { skipped: "disabled" };
  const outcome = await updateRecommendations(shopId, logger.child({ shop: shop.domain, jobId: job.id, queue: job.queueName }));
  if (outcome.more) await enqueueRecommendationsUpdate(shopId, { followUp: true });
  return outcome;
}

/** Trains a shop's recommendation model (on its schedule, after a sync, or on demand). */
async function processTrainingJob(job: Job) {
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
  const result = await trainRecommendations(shopId, logger.child({ shop: shop.domain, jobId: job.id, queue: job.queueName }), {
    skipIfUnchanged: reason !== "manual",
  });
  // What webhooks brought while it trained is not in it: the new model is updated with it.
  if (result.promoted) {
    try {
      await enqueueRecommendationsUpdate(shopId);
    } catch (err) {
      // The model is live; the next webhook asks for the update again.
      logger.warn({ err, shop: shop.domain }, "could not queue a recommendations update after training");
    }
  }
  return result;
}
