import { errorMessage } from "../app/lib/errors.server";
import type { Logger } from "../app/lib/logger.server";
import { markInterruptedRuns } from "../app/services/interrupted-runs.server";
import { restoreTrainingSchedules } from "../app/services/recommendations/schedule.server";

/**
 * What a worker does before taking jobs, and again now and then: Redis's
 * view (schedules, running jobs) is made to match the database's, which
 * survives what Redis may not (a flush, a restart without persistence) and a
 * worker that was killed mid-job. Each part is idempotent and safe while
 * other workers run. A failing part is logged and tried again next time.
 */
export async function reconcileWithDatabase(log: Logger, parts: { schedules?: boolean; interrupted?: boolean } = {}) {
  const outcome: { schedules?: unknown; interrupted?: unknown; errors: string[] } = { errors: [] };
  if (parts.schedules ?? true) {
    try {
      outcome.schedules = await restoreTrainingSchedules(log);
    } catch (err) {
      log.warn({ err }, "could not restore training schedules; will try again");
      outcome.errors.push(`schedules: ${errorMessage(err)}`);
    }
  }
  if (parts.interrupted ?? true) {
    try {
      outcome.interrupted = await markInterruptedRuns(log);
    } catch (err) {
      log.warn({ err }, "could not mark interrupted runs; will try again");
      outcome.errors.push(`interrupted runs: ${errorMessage(err)}`);
    }
  }
  return outcome;
}
