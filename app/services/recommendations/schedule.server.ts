import { listShopsToRetrain } from "../../models/shops.server";
import { listScheduledShops, scheduleTraining, unscheduleTraining } from "../../queues/recommendations.server";
import type { Logger } from "../../lib/logger.server";
import { readSettings } from "../settings.server";

/**
 * Makes Redis's training schedules match the database: every installed shop
 * whose first import finished retrains on its own interval, and schedules of
 * shops the database does not know (deleted, uninstalled, or from before a
 * fresh database) are removed. The database is the source of truth: Redis
 * may have lost its data, and upserting a schedule that exists changes
 * nothing, so the worker runs this at every start.
 */
export async function restoreTrainingSchedules(log: Logger) {
  const [shops, scheduled] = await Promise.all([listShopsToRetrain(), listScheduledShops()]);
  const wanted = new Set(shops.map((s) => s.id));
  for (const shop of shops) await scheduleTraining(shop.id, readSettings(shop.settings).recommendations.retrainEveryMinutes);
  const stale = scheduled.filter((shopId) => !wanted.has(shopId));
  for (const shopId of stale) await unscheduleTraining(shopId);
  if (stale.length) log.info({ removed: stale.length }, "removed training schedules of shops that are gone");
  return { scheduled: shops.length, removed: stale.length };
}
