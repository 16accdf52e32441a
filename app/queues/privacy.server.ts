import { z } from "zod";
import { defaultJobOptions, getQueue } from "./connection.server";

export const PRIVACY_QUEUE = "privacy";
export const pruneJobSchema = z.object({});

/**
 * Prunes webhook payloads past their retention every few hours (one BullMQ
 * job scheduler for the whole app; upserting it again on each worker start
 * changes nothing).
 */
export async function schedulePayloadPruning(everyMs = 6 * 3600 * 1000) {
  await getQueue(PRIVACY_QUEUE).upsertJobScheduler(
    "prune-webhook-payloads",
    { every: everyMs },
    { name: "prune-webhook-payloads", data: {}, opts: { ...defaultJobOptions, attempts: 1 } },
  );
}
