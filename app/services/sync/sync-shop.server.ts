import { updateJobRecord } from "../../models/jobs.server";
import { setSyncState } from "../../models/shops.server";
import { errorMessage } from "../../lib/errors.server";
import type { Logger } from "../../lib/logger.server";
import { syncCollectionList } from "../collections/sync.server";
import type { ShopifyAdmin } from "../shopify-admin.server";
import { runBulkImport, type SyncResource } from "./bulk-import.server";

/** The initial (or a manual) import of a shop's catalog and orders. */
export async function syncShop(admin: ShopifyAdmin, shopId: string, resources: SyncResource[], options: { jobRecordId: string; log: Logger; pollMs?: number }) {
  const { jobRecordId, log } = options;
  await setSyncState(shopId, { syncStatus: "running" });
  await updateJobRecord(shopId, jobRecordId, { status: "active", startedAt: new Date() });
  const totals: Record<string, { written: number; rejected: number }> = {};
  try {
    for (const [i, resource] of resources.entries()) {
      const result = await runBulkImport(admin, shopId, resource, {
        log,
        pollMs: options.pollMs,
        onProgress: (written) =>
          updateJobRecord(shopId, jobRecordId, {
            // Progress per resource step; within a step we cannot know the total up front.
            progress: Math.min(99, Math.round(((i + Math.min(0.95, written / (written + 2_000))) / resources.length) * 100)),
          }),
      });
      totals[resource] = { written: result.written, rejected: result.rejected };
      // The export brought each product's collections; the list adds the empty ones and drops the deleted.
      if (resource === "products") totals.collections = { written: (await syncCollectionList(admin, shopId)).collections, rejected: 0 };
    }
    await setSyncState(shopId, { syncStatus: "succeeded" });
    await updateJobRecord(shopId, jobRecordId, { status: "completed", progress: 100, finishedAt: new Date() });
    log.info({ totals }, "sync finished");
    return totals;
  } catch (error) {
    await setSyncState(shopId, { syncStatus: "failed", syncError: errorMessage(error) });
    await updateJobRecord(shopId, jobRecordId, { status: "failed", error: errorMessage(error), finishedAt: new Date() });
    throw error;
  }
}
