import { UnrecoverableError, type Job } from "bullmq";
import { updateJobRecord } from "../../app/models/jobs.server";
import { findShop } from "../../app/models/shops.server";
import { publishComplementaryJobSchema } from "../../app/queues/complementary.server";
import { adminForShop } from "../../app/services/admin-for-shop.server";
import { publishApprovedPairs } from "../../app/services/recommendations/complementary.server";
import { ShopifyAccessError, errorMessage } from "../../app/lib/errors.server";

/**
 * Publishes a shop's approved complementary pairs. A failed attempt leaves
 * its record waiting for the next one, with why; the last failure fails it.
 */
export async function processComplementaryJob(job: Job) {
  const { shopId, jobRecordId } = publishComplementaryJobSchema.parse(job.data);
  const shop = await findShop(shopId);
  if (!shop) throw new UnrecoverableError(`shop ${shopId} no longer exists`);
  await updateJobRecord(shopId, jobRecordId, { attempts: job.attemptsMade + 1 });
  try {
    if (shop.uninstalledAt) throw new UnrecoverableError(`${shop.domain} has uninstalled the app`);
    return await publishApprovedPairs(await adminForShop(shop.domain), shopId, jobRecordId);
  } catch (error) {
    const final = error instanceof UnrecoverableError || error instanceof ShopifyAccessError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await updateJobRecord(
      shopId,
      jobRecordId,
      final
        ? { status: "failed", error: errorMessage(error), finishedAt: new Date() }
        : { status: "queued", error: `Attempt ${job.attemptsMade + 1} failed (${errorMessage(error)}); trying again.` },
    );
    if (error instanceof ShopifyAccessError) throw new UnrecoverableError(error.message);
    throw error;
  }
}
