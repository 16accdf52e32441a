// Complementary pairs: staff review the pairs training suggests (each pair
// once, whichever way it was bought), approve or reject them one by one or
// all those matching a filter, and publish the approved ones to Search &
// Discovery in a worker job (docs/decisions/0020-complementary-pairs-once.md).

import {
  COMPLEMENTARY_KEY,
  COMPLEMENTARY_NAMESPACE,
  DeleteComplementaryProductsMutation,
  SetComplementaryProductsMutation,
} from "../../graphql/set-complementary-products";
import { createJobRecord, failUnfinishedJobRecords, latestJobRecord, updateJobRecord } from "../../models/jobs.server";
import {
  approvedComplementaryPairs,
  complementaryFacets,
  countComplementaryByStatus,
  countMatchingComplementaryPairs,
  countWithdrawnComplementaryPairs,
  decideComplementaryPairs,
  decideMatchingComplementaryPairs,
  listComplementaryPairs,
  markComplementaryPublished,
  markComplementaryWithdrawn,
  publishablePairsOf,
  withdrawnComplementaryPairs,
  type PairDecision,
  type PairFilters,
} from "../../models/recommendations.server";
import { COMPLEMENTARY_QUEUE, complementaryPublishExists, enqueueComplementaryPublish } from "../../queues/complementary.server";
import { RequestError, ShopifyUserErrors, errorMessage } from "../../lib/errors.server";
import type { ShopifyAdmin } from "../shopify-admin.server";
import { PAIR_STATUSES, type PairStatus } from "./labels";
import { describeProducts } from "./products.server";

const productGid = (id: string) => `gid://shopify/Product/${id}`;
/** Shopify allows a list metafield of product references up to 128 entries; Search & Discovery shows the first ten. */
export const MAX_COMPLEMENTS = 10;
/** metafieldsSet takes at most 25 metafields a call; each product is one. */
const PRODUCTS_PER_CALL = 25;

export interface ReviewFilters {
  status: PairStatus | "all";
  search?: string;
  minScore?: number;
  vendor?: string;
  productType?: string;
}

const modelFilters = (f: ReviewFilters): PairFilters => ({
  status: f.status === "all" ? undefined : f.status,
  search: f.search,
  minScore: f.minScore,
  vendor: f.vendor,
  productType: f.productType,
});

/** A page of pairs matching the filters, each pair once, with both products; the tab counts; the latest publishing. */
export async function getComplementaryReview(shopId: string, filters: ReviewFilters, { page = 1, pageSize = 25 } = {}) {
  const where = modelFilters(filters);
  const [rows, matching, counts, withdrawn, facets, publishing] = await Promise.all([
    // One more than a page: whether there is a next page.
    listComplementaryPairs(shopId, where, pageSize + 1, (page - 1) * pageSize),
    countMatchingComplementaryPairs(shopId, where),
    countComplementaryByStatus(shopId),
    countWithdrawnComplementaryPairs(shopId),
    complementaryFacets(shopId),
    latestJobRecord(shopId, COMPLEMENTARY_QUEUE).then((record) => settleLostPublishing(shopId, record)),
  ]);
  const pairs = rows.slice(0, pageSize);
  const products = await describeProducts(
    shopId,
    pairs.flatMap((p) => [p.productShopifyId, p.complementShopifyId]),
  );
  return {
    pairs: pairs.map((p) => ({
      id: p.id,
      product: products[p.productShopifyId],
      complement: products[p.complementShopifyId],
      score: p.score,
      status: p.status as PairStatus,
    })),
    hasNext: rows.length > pageSize,
    matching,
    counts: Object.fromEntries(PAIR_STATUSES.map((s) => [s, counts[s] ?? 0])) as Record<PairStatus, number>,
    /** Rejected pairs still in Shopify (rejected after publishing). */
    withdrawn,
    facets,
    publishing,
  };
}

/** Staff approve or reject pairs: a pair is one row, so the decision holds both ways. Returns how many changed. */
export function decidePairs(shopId: string, ids: string[], decision: PairDecision) {
  return decideComplementaryPairs(shopId, ids, decision);
}

/**
 * Decides every pair matching the filters. On the "all" tab approving takes
 * suggested pairs only: it never brings back a rejected pair unasked.
 */
export function decideMatchingPairs(shopId: string, filters: ReviewFilters, decision: PairDecision) {
  const statuses = filters.status !== "all" ? [filters.status] : decision === "approved" ? ["suggested"] : ["suggested", "approved", "published"];
  return decideMatchingComplementaryPairs(shopId, { ...modelFilters(filters), status: undefined }, statuses, decision);
}

const LOST = "Lost: the job queue no longer holds this publishing (Redis lost its data). Publish again to go on.";
/** A record is written just before its job is added: a younger one is never taken for lost. */
const LOST_AFTER_MS = 60_000;

type PublishingRecord = Awaited<ReturnType<typeof latestJobRecord>>;

/**
 * An unfinished publishing whose job Redis no longer holds is failed as lost,
 * so that the page offers to publish again instead of waiting forever.
 * Redis not answering leaves it as it is.
 */
async function settleLostPublishing(shopId: string, record: PublishingRecord): Promise<PublishingRecord> {
  if (!record || (record.status !== "queued" && record.status !== "active")) return record;
  if (Date.now() - record.createdAt.getTime() < LOST_AFTER_MS) return record;
  const exists = await complementaryPublishExists(record.id).catch(() => true);
  if (exists) return record;
  await failUnfinishedJobRecords(shopId, [record.id], LOST);
  return { ...record, status: "failed", error: LOST };
}

/** Starts publishing the approved pairs in the worker, or returns the publishing already under way. */
export async function startPublishing(shopId: string): Promise<{ jobRecordId: string; started: boolean }> {
  const latest = await settleLostPublishing(shopId, await latestJobRecord(shopId, COMPLEMENTARY_QUEUE));
  if (latest && (latest.status === "queued" || latest.status === "active")) return { jobRecordId: latest.id, started: false };
  const [counts, withdrawn] = await Promise.all([countComplementaryByStatus(shopId), countWithdrawnComplementaryPairs(shopId)]);
  if (!counts.approved && !withdrawn) throw new RequestError(400, "There are no approved pairs to publish. Approve pairs first.");
  const record = await createJobRecord(shopId, COMPLEMENTARY_QUEUE, "Publish complementary products");
  try {
    await enqueueComplementaryPublish({ shopId, jobRecordId: record.id });
  } catch (error) {
    // Nothing will run it: the page must not show it waiting.
    await failUnfinishedJobRecords(shopId, [record.id], `Could not queue the publishing: ${errorMessage(error)}`);
    throw error;
  }
  return { jobRecordId: record.id, started: true };
}

export interface PublishResult {
  /** Products whose metafield was written. */
  products: number;
  /** Approved pairs now published (both of their products written). */
  pairs: number;
  /** Rejected pairs taken out of Shopify (both of their products published again without them). */
  withdrawn: number;
  /** Products Shopify refused, with why. */
  failed: { productShopifyId: string; message: string }[];
}

/**
 * The publish job: every product of an approved pair gets its metafield
 * written with its ten strongest approved or published complements (from
 * either side of a pair; never a suggested or rejected one, read again just
 * before each write). Products of pairs rejected after publishing are
 * written again without them, and a product left with none has its
 * metafield deleted. Products go 25 to a call; the Admin client waits for
 * the shop's leaky bucket. A pair is published (or withdrawn) once both of
 * its products are written. Progress goes to the job record after each call.
 */
export async function publishApprovedPairs(
  admin: ShopifyAdmin,
  shopId: string,
  jobRecordId: string,
  options: { productsPerCall?: number } = {},
): Promise<PublishResult> {
  const perCall = Math.max(1, Math.min(PRODUCTS_PER_CALL, options.productsPerCall ?? PRODUCTS_PER_CALL));
  await updateJobRecord(shopId, jobRecordId, { status: "active", startedAt: new Date(), error: null });
  let pending = await approvedComplementaryPairs(shopId);
  let withdrawing = await withdrawnComplementaryPairs(shopId);
  const products = [...new Set([...pending, ...withdrawing].flatMap((p) => [p.productShopifyId, p.complementShopifyId]))].sort();
  const written = new Set<string>();
  const failed = new Map<string, string>();
  let published = 0;
  let withdrawn = 0;
  for (let i = 0; i < products.length; i += perCall) {
    const chunk = products.slice(i, i + perCall);
    const lists = new Map(chunk.map((id) => [id, [] as string[]]));
    for (const pair of await publishablePairsOf(shopId, chunk)) {
      for (const [owner, other] of [
        [pair.productShopifyId, pair.complementShopifyId],
        [pair.complementShopifyId, pair.productShopifyId],
      ]) {
        const list = lists.get(owner);
        if (list && list.length < MAX_COMPLEMENTS) list.push(other);
      }
    }
    const entries = [...lists].map(([productShopifyId, complements]) => ({ productShopifyId, complements }));
    for (const outcome of [
      await settingAsideRefused(
        entries.filter((e) => e.complements.length),
        (items) =>
          admin.mutate(SetComplementaryProductsMutation, {
            metafields: items.map((e) => ({
              ownerId: productGid(e.productShopifyId),
              namespace: COMPLEMENTARY_NAMESPACE,
              key: COMPLEMENTARY_KEY,
              type: "list.product_reference",
              value: JSON.stringify(e.complements.map(productGid)),
            })),
          }),
      ),
      await settingAsideRefused(
        entries.filter((e) => !e.complements.length),
        (items) =>
          admin.mutate(DeleteComplementaryProductsMutation, {
            metafields: items.map((e) => ({ ownerId: productGid(e.productShopifyId), namespace: COMPLEMENTARY_NAMESPACE, key: COMPLEMENTARY_KEY })),
          }),
      ),
    ]) {
      for (const id of outcome.done) written.add(id);
      for (const [id, message] of outcome.failed) failed.set(id, message);
    }
    const both = (p: { productShopifyId: string; complementShopifyId: string }) => written.has(p.productShopifyId) && written.has(p.complementShopifyId);
    const done = pending.filter(both);
    if (done.length) {
      pending = pending.filter((p) => !both(p));
      published += await markComplementaryPublished(
        shopId,
        done.map((p) => p.id),
      );
    }
    const gone = withdrawing.filter(both);
    if (gone.length) {
      withdrawing = withdrawing.filter((p) => !both(p));
      withdrawn += await markComplementaryWithdrawn(
        shopId,
        gone.map((p) => p.id),
      );
    }
    await updateJobRecord(shopId, jobRecordId, { progress: Math.min(99, Math.floor(((i + chunk.length) / products.length) * 100)) });
  }
  const failures = [...failed].map(([productShopifyId, message]) => ({ productShopifyId, message }));
  await updateJobRecord(shopId, jobRecordId, {
    status: "completed",
    progress: 100,
    finishedAt: new Date(),
    error: failures.length ? await describeFailures(shopId, failures) : null,
  });
  return { products: written.size, pairs: published, withdrawn, failed: failures };
}

/**
 * Sends one call for these products. Products Shopify refuses (userErrors
 * name their index; metafieldsSet then saves none of the call) are set aside
 * with the reason and the others are sent again.
 */
async function settingAsideRefused<T extends { productShopifyId: string }>(items: T[], send: (items: T[]) => Promise<unknown>) {
  const failed = new Map<string, string>();
  let remaining = items;
  while (remaining.length) {
    try {
      await send(remaining);
      return { done: remaining.map((r) => r.productShopifyId), failed };
    } catch (error) {
      if (!(error instanceof ShopifyUserErrors)) throw error;
      const refused = new Map<number, string>();
      for (const e of error.userErrors) {
        const index = Number(e.field?.[1]);
        if (e.field?.[0] === "metafields" && Number.isInteger(index) && index >= 0 && index < remaining.length) refused.set(index, e.message);
      }
      // Errors that name no product: none of these can be written.
      if (!refused.size) {
        for (const r of remaining) failed.set(r.productShopifyId, error.userErrors.map((e) => e.message).join("; "));
        return { done: [], failed };
      }
      for (const [index, message] of refused) failed.set(remaining[index].productShopifyId, message);
      remaining = remaining.filter((_, index) => !refused.has(index));
    }
  }
  return { done: [], failed };
}

async function describeFailures(shopId: string, failures: { productShopifyId: string; message: string }[]) {
  const shown = failures.slice(0, 5);
  const products = await describeProducts(
    shopId,
    shown.map((f) => f.productShopifyId),
  );
  const names = shown.map((f) => `${products[f.productShopifyId]?.title || `Product ${f.productShopifyId}`}: ${f.message}`);
  const more = failures.length > shown.length ? `; and ${failures.length - shown.length} more` : "";
  return `Shopify refused ${failures.length} product${failures.length === 1 ? "" : "s"}; their pairs stay approved. ${names.join("; ")}${more}`;
}
