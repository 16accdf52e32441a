import { lastTrainingStartedAt, trainingInputsChangedSince } from "../../models/training-inputs.server";

// Past this age a version is trained again even on unchanged data: its
// evaluation window (the most recent purchases) moves with the calendar.
const REFRESH_UNCHANGED_AFTER_MS = 24 * 3600_000;

/**
 * Whether a scheduled training has anything new to learn. Without this check
 * the schedule added an identical version to the history every few minutes.
 */
export async function scheduledTrainingNeeded(shopId: string, now = new Date()): Promise<boolean> {
  const last = await lastTrainingStartedAt(shopId);
  if (!last || now.getTime() - last.getTime() >= REFRESH_UNCHANGED_AFTER_MS) return true;
  return trainingInputsChangedSince(shopId, last);
}
