// Generation over many products: a selection, the whole catalog, a new
// product, or the scheduled SEO refresh. Each product gets exactly one draft
// per run (unique per run and product). Offline runs are written by the run
// job itself, in chunks of drafts saved in one transaction each. Small
// realtime Claude runs queue one job per draft; large ones go through the
// Message Batches API, polled by a worker job; results that failed are
// generated again in realtime, so none is lost.

import {
  cancelQueuedDrafts,
  createDraft,
  createRunDrafts,
  DraftsChangedError,
  draftsOfRun,
  markDraftsReplaced,
  requeueDraft,
  runDraftCounts,
} from "../../models/content-drafts.server";
import { createRun, finishRun, getRun, listRuns, updateRun } from "../../models/content-runs.server";
import { findShop } from "../../models/shops.server";
import { enqueueBatchPoll, enqueueGenerations, enqueueRegeneration, enqueueRun } from "../../queues/content.server";
import { RequestError } from "../../lib/errors.server";
import { readSettings } from "../settings.server";
import { batchRequestFor, finishFromBatch, writeOfflineChunk } from "./generate.server";
import { catalogProductIds, catalogProductsAmong } from "./product-data.server";
import { batchResults, batchStatus, cancelBatch, claudeConfigured, submitBatch, usageOf } from "./providers/claude.server";

/** Runs this big or bigger use the Message Batches API when the shop allows it. */
export const BATCH_THRESHOLD = 20;
const POLL_MS = () => Number(process.env.AISLE_BATCH_POLL_MS ?? 30_000);

export function currentProvider(): "claude" | "offline" {
  return claudeConfigured() ? "claude" : "offline";
}

/** One product, now (from the admin, or regenerate with an instruction). */
export async function requestDraft(shopId: string, productShopifyId: string, options: { instruction?: string | null; strongModel?: boolean } = {}) {
  const shop = await findShop(shopId);
  if (!shop) throw new RequestError(404, "Unknown shop");
  const settings = readSettings(shop.settings);
  const provider = currentProvider();
  const model = provider === "claude" ? (options.strongModel ? settings.content.reviewModel : settings.content.bulkModel) : null;
  const instruction = options.instruction?.trim().slice(0, 500) || null;
  const draft = await createDraft(shopId, {
    productShopifyId,
    runId: `single:${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
    provider,
    model,
    instruction,
  });
  await markDraftsReplaced(shopId, productShopifyId, draft.id);
  await enqueueGenerations([{ shopId, draftId: draft.id }]);
  return draft;
}

/** A selection of products, each once, all of them this shop's; otherwise a clear error and nothing started. */
async function ownProducts(shopId: string, productShopifyIds: string[]) {
  const ids = [...new Set(productShopifyIds.map((id) => id.trim()))];
  const known = await catalogProductsAmong(shopId, ids);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) {
    throw new RequestError(
      400,
      `${unknown.length === 1 ? "One chosen product is" : `${unknown.length} chosen products are`} not in this shop's catalog (${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ", …" : ""}). No drafts were started.`,
    );
  }
  return ids;
}

/** A bulk run over products (or the whole catalog); expanded into drafts by a worker job. */
export async function startRun(shopId: string, selection: { productShopifyIds?: string[]; kind?: "bulk" | "refresh" | "new_product"; fields?: string[] }) {
  const ids = selection.productShopifyIds?.length ? await ownProducts(shopId, selection.productShopifyIds) : await catalogProductIds(shopId);
  if (!ids.length) throw new RequestError(400, "There are no products to write content for yet. Import the catalog first.");
  const run = await createRun(shopId, { kind: selection.kind ?? "bulk", provider: currentProvider(), fields: selection.fields, total: ids.length });
  // The selection is stored as the run's drafts at once, so the job only has to queue them.
  await createRunDrafts(shopId, run.id, ids, currentProvider(), null);
  await enqueueRun({ shopId, runId: run.id });
  return run;
}

/** Drafts an offline run writes per transaction. */
export const OFFLINE_CHUNK = 150;

export interface OfflineRunOptions {
  chunkSize?: number;
  /** Called after each chunk is saved (with the drafts written so far); what it throws stops the run job there. */
  afterChunk?: (written: number) => Promise<void> | void;
}

/**
 * The run job: an offline run writes its drafts here, in chunks; a Claude run
 * queues realtime generations or sends one Message Batch. Safe to run twice.
 */
export async function expandRun(shopId: string, runId: string, options: OfflineRunOptions = {}) {
  const run = await getRun(shopId, runId);
  if (!run || run.status !== "running") return { skipped: true };
  if (run.provider === "offline") return writeOfflineRun(shopId, run, options);
  const shop = await findShop(shopId);
  const settings = readSettings(shop?.settings);
  const queued = await draftsOfRun(shopId, runId, "queued");
  const model = settings.content.bulkModel;
  if (run.provider === "claude" && settings.content.useBatches && queued.length >= BATCH_THRESHOLD && !run.batchId) {
    const requests: { customId: string; params: Awaited<ReturnType<typeof batchRequestFor>> & object }[] = [];
    for (const d of queued) {
      const params = await batchRequestFor(shopId, d.id, model);
      if (params) requests.push({ customId: d.id, params });
    }
    if (requests.length) {
      const batchId = await submitBatch(requests);
      await updateRun(shopId, runId, { batchId });
      await enqueueBatchPoll({ shopId, runId }, POLL_MS());
      return { batchId, requests: requests.length };
    }
  }
  await enqueueGenerations(queued.map((d) => ({ shopId, draftId: d.id })));
  return { queued: queued.length };
}

/**
 * An offline run's queued drafts, chunk by chunk, each chunk in one
 * transaction. Between chunks the run is read again: a cancelled run stops
 * there. Interrupted (a crash, a failed write), the job's next attempt writes
 * what is still queued: every draft is written once and whole.
 */
async function writeOfflineRun(shopId: string, run: { id: string; kind: string; fields: string }, options: OfflineRunOptions) {
  const chunkSize = Math.max(1, options.chunkSize ?? OFFLINE_CHUNK);
  const queued = await draftsOfRun(shopId, run.id, "queued");
  let ready = 0;
  let failed = 0;
  for (let i = 0; i < queued.length; i += chunkSize) {
    const current = await getRun(shopId, run.id);
    if (current?.status !== "running") return { cancelled: true, ready, failed };
    const chunk = queued.slice(i, i + chunkSize);
    for (let attempt = 1; ; attempt++) {
      try {
        const written = await writeOfflineChunk(shopId, run, chunk);
        ready += written.ready;
        failed += written.failed;
        break;
      } catch (error) {
        // Drafts of the chunk changed under the write (cancelled, or written by a second delivery of this job): read them again.
        if (!(error instanceof DraftsChangedError) || attempt >= 3) throw error;
      }
    }
    await options.afterChunk?.(ready + failed);
  }
  return { ready, failed };
}

/** Polls the run's batch; when it has ended, applies every result once and regenerates the failed ones in realtime. */
export async function pollBatch(shopId: string, runId: string) {
  const run = await getRun(shopId, runId);
  if (!run?.batchId) return { skipped: true };
  if (run.status === "cancelled") return { cancelled: true };
  const status = await batchStatus(run.batchId);
  if (!status.ended) {
    await enqueueBatchPoll({ shopId, runId }, POLL_MS());
    return { ended: false, counts: status.counts };
  }
  let ready = 0;
  let retried = 0;
  const seen = new Set<string>();
  for await (const line of batchResults(run.batchId)) {
    if (seen.has(line.custom_id)) continue;
    seen.add(line.custom_id);
    if (line.result.type === "succeeded") {
      const outcome = await finishFromBatch(shopId, line.custom_id, line.result.message, usageOf(line.result.message, "batch", true));
      if (outcome === "ready") {
        ready++;
        continue;
      }
      if (outcome === "skipped") continue;
    }
    // Errored, expired, cancelled or unusable: generate it again, in realtime.
    await requeueDraft(shopId, line.custom_id);
    await enqueueRegeneration({ shopId, draftId: line.custom_id }, `batch-${run.batchId}`);
    retried++;
  }
  // A draft the results did not mention (never expected, but never lost either).
  for (const d of await draftsOfRun(shopId, runId, "queued")) {
    if (!seen.has(d.id)) {
      await enqueueRegeneration({ shopId, draftId: d.id }, `batch-${run.batchId}`);
      retried++;
    }
  }
  await updateRun(shopId, runId, { batchId: run.batchId });
  return { ended: true, ready, retried };
}

/** Cancels a run: drafts not yet generated are cancelled; a batch in flight is cancelled at Anthropic. */
export async function cancelRun(shopId: string, runId: string) {
  const run = await getRun(shopId, runId);
  if (!run) throw new RequestError(404, "Unknown run");
  if (run.status !== "running") return run;
  await updateRun(shopId, runId, { status: "cancelled", finishedAt: new Date() });
  await cancelQueuedDrafts(shopId, runId);
  if (run.batchId) {
    try {
      await cancelBatch(run.batchId);
    } catch {
      // The batch's results are ignored anyway once the run is cancelled.
    }
  }
  return run;
}

/** Live progress of the shop's latest runs; a run whose drafts are all settled is marked finished. */
export async function runProgress(shopId: string) {
  const runs = await listRuns(shopId, 5);
  return Promise.all(
    runs.map(async (run) => {
      const counts = await runDraftCounts(shopId, run.id);
      const pending = (counts.queued ?? 0) + (counts.generating ?? 0);
      const done = (counts.ready ?? 0) + (counts.replaced ?? 0);
      if (run.status === "running" && pending === 0 && run.total > 0) await finishRun(shopId, run.id);
      return {
        id: run.id,
        kind: run.kind,
        provider: run.provider,
        status: run.status === "running" && pending === 0 ? "finished" : run.status,
        total: run.total,
        done,
        failed: counts.failed ?? 0,
        cancelled: counts.cancelled ?? 0,
        pending,
        batch: Boolean(run.batchId),
        createdAt: run.createdAt,
      };
    }),
  );
}

/** products/create: drafts for a new product when the shop asked for them. */
export async function draftNewProducts(shopId: string, productShopifyIds: string[]) {
  if (!productShopifyIds.length) return null;
  const shop = await findShop(shopId);
  if (!shop || !readSettings(shop.settings).content.draftNewProducts) return null;
  return startRun(shopId, { productShopifyIds, kind: "new_product" });
}

/** The opt-in scheduled refresh: new SEO titles and meta descriptions for the whole catalog. */
export async function refreshSeo(shopId: string) {
  const shop = await findShop(shopId);
  if (!shop || shop.uninstalledAt || readSettings(shop.settings).content.seoRefreshDays <= 0) return null;
  return startRun(shopId, { kind: "refresh", fields: ["seoTitle", "seoDescription"] });
}
