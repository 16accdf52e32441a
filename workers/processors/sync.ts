import { UnrecoverableError, type Job } from "bullmq";
import { findShop } from "../../app/models/shops.server";
import { enqueueTraining, scheduleTraining } from "../../app/queues/recommendations.server";
import { syncJobSchema } from "../../app/queues/sync.server";
import { readSettings } from "../../app/services/settings.server";
import { adminForShop } from "../../app/services/admin-for-shop.server";
import { syncShop } from "../../app/services/sync/sync-shop.server";
import { ShopifyAccessError } from "../../app/lib/errors.server";
import { logger } from "../../app/lib/logger.server";

/** The bulk import of a shop's products and orders. */
export async function processSyncJob(job: Job) {
  const { shopId, jobRecordId, resources } = syncJobSchema.parse(job.data);
  const shop = await findShop(shopId);
  if (!shop) throw new UnrecoverableError(`shop ${shopId} no longer exists`);
  if (shop.uninstalledAt) throw new UnrecoverableError(`${shop.domain} has uninstalled the app`);
  const log = logger.child({ shop: shop.domain, jobId: job.id, queue: job.queueName });
  try {
    const admin = await adminForShop(shop.domain);
    const totals = await syncShop(admin, shopId, resources, { jobRecordId, log });
    // Fresh data: train now, then on the merchant's schedule.
    await enqueueTraining({ shopId, reason: "sync" });
    await scheduleTraining(shopId, readSettings(shop.settings).recommendations.retrainEveryMinutes);
    return totals;
  } catch (error) {
    if (error instanceof ShopifyAccessError) throw new UnrecoverableError(error.message);
    throw error;
  }
}
