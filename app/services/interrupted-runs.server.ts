import { failUnfinishedJobRecords, listUnfinishedJobRecords } from "../models/jobs.server";
import { failTrainingVersions, listShopsWithTrainingVersions } from "../models/recommendations.server";
import { failRunningSync, listShopsSyncing } from "../models/shops.server";
import { failRunningSyncRuns, listShopsWithRunningSyncRuns } from "../models/sync-runs.server";
import { shopsWithRunningJobs } from "../queues/connection.server";
import { RECOMMENDATIONS_QUEUE } from "../queues/recommendations.server";
import { SYNC_QUEUE, syncJobExists } from "../queues/sync.server";
import type { Logger } from "../lib/logger.server";

export const INTERRUPTED_IMPORT = "Interrupted: the worker running this import stopped. It is retried, or start it again with Sync now.";
export const INTERRUPTED_TRAINING = "Interrupted: the worker training this version stopped.";
export const LOST_JOB = "Lost: the job queue no longer holds this job (Redis lost its data). Start it again.";

/**
 * Closes what a stopped worker (kill -9, a crash, a lost machine) left marked
 * as running: imports, their job records and training versions. A run is
 * interrupted when no live worker holds the lock of a job of its queue for
 * its shop, so this is safe while other workers run, and runs at every start
 * and then periodically (a lock outlives its dead worker by up to 30 s).
 * Job records whose job Redis no longer holds are failed too.
 */
export async function markInterruptedRuns(log: Logger) {
  const [syncing, syncRunShops, trainingShops, records] = await Promise.all([
    listShopsSyncing(),
    listShopsWithRunningSyncRuns(),
    listShopsWithTrainingVersions(),
    listUnfinishedJobRecords(),
  ]);
  const result = { imports: 0, jobRecords: 0, trainings: 0 };
  const syncRecords = records.filter((r) => r.queue === SYNC_QUEUE);
  const activeRecords = syncRecords.filter((r) => r.status === "active");
  if (syncing.length || syncRunShops.length || activeRecords.length) {
    const running = await shopsWithRunningJobs(SYNC_QUEUE);
    for (const shop of syncing) if (!running.has(shop.id)) await failRunningSync(shop.id, INTERRUPTED_IMPORT);
    for (const shopId of syncRunShops) if (!running.has(shopId)) result.imports += await failRunningSyncRuns(shopId, INTERRUPTED_IMPORT);
    for (const r of activeRecords) if (!running.has(r.shopId)) result.jobRecords += await failUnfinishedJobRecords(r.shopId, [r.id], INTERRUPTED_IMPORT);
  }
  // A record is written just before its job is added: give that a minute.
  const enqueuedBefore = Date.now() - 60_000;
  for (const r of syncRecords) {
    if (r.status === "queued" && r.createdAt.getTime() < enqueuedBefore && !(await syncJobExists(r.shopId, r.id))) {
      result.jobRecords += await failUnfinishedJobRecords(r.shopId, [r.id], LOST_JOB);
    }
  }
  if (trainingShops.length) {
    // Trainings only: an update between trainings running for the shop says nothing about its training.
    const running = await shopsWithRunningJobs(RECOMMENDATIONS_QUEUE, "train");
    for (const shopId of trainingShops) if (!running.has(shopId)) result.trainings += await failTrainingVersions(shopId, INTERRUPTED_TRAINING);
  }
  if (result.imports || result.jobRecords || result.trainings) log.warn(result, "marked runs a stopped worker left behind as interrupted");
  return result;
}
