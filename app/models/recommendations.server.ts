import { randomUUID } from "node:crypto";
import prisma from "../db.server";

// ---- model versions

export async function nextModelVersion(shopId: string) {
  const last = await prisma.recommendationModel.findFirst({ where: { shopId }, orderBy: { version: "desc" }, select: { version: true } });
  return (last?.version ?? 0) + 1;
}

export function createModelVersion(shopId: string, version: number, params: string) {
  return prisma.recommendationModel.create({ data: { shopId, version, params }, select: { id: true, version: true } });
}

export type ListKind = "bought_together" | "similar" | "neighbours" | "trending" | "popular" | "recent" | "families";

/** Saves a model's lists and its evaluation, then makes it live or rejects it, in one transaction. */
export async function finishModelVersion(
  shopId: string,
  modelId: string,
  result: {
    lists: { productShopifyId: string; kind: ListKind; items: [string, number][] }[];
    metrics: string;
    /** JSON: the parameters training chose (and how), stored with the version. */
    params: string;
    items: number;
    interactions: number;
    trainingSeconds: number;
    promote: boolean;
    reason: string;
  },
) {
  await prisma.$transaction(
    async (tx) => {
      for (let i = 0; i < result.lists.length; i += 500) {
        await tx.recommendationList.createMany({
          data: result.lists.slice(i, i + 500).map((l) => ({
            id: randomUUID(),
            shopId,
            modelId,
            productShopifyId: l.productShopifyId,
            kind: l.kind,
            items: JSON.stringify(l.items),
          })),
        });
      }
      const now = new Date();
      if (result.promote) {
        await tx.recommendationModel.updateMany({ where: { shopId, status: "live" }, data: { status: "retired" } });
      }
      await tx.recommendationModel.updateMany({
        where: { id: modelId, shopId },
        data: {
          status: result.promote ? "live" : "rejected",
          metrics: result.metrics,
          params: result.params,
          items: result.items,
          interactions: result.interactions,
          trainingSeconds: result.trainingSeconds,
          reason: result.reason,
          finishedAt: now,
          promotedAt: result.promote ? now : null,
        },
      });
      if (!result.promote) await tx.recommendationList.deleteMany({ where: { shopId, modelId } });
    },
    { timeout: 120_000 },
  );
}

/**
 * Marks a version failed while it is still training. A version already live
 * (or rejected) keeps its status: failing it would leave the shop with no
 * live model, as the previous one was retired when it went live.
 */
export async function failModelVersion(shopId: string, modelId: string, reason: string) {
  await prisma.recommendationModel.updateMany({
    where: { id: modelId, shopId, status: "training" },
    data: { status: "failed", reason, finishedAt: new Date() },
  });
}

/** Across shops: those with a version still marked training (for finding interrupted ones). */
export async function listShopsWithTrainingVersions() {
  const rows = await prisma.recommendationModel.findMany({ where: { status: "training" }, distinct: ["shopId"], select: { shopId: true } });
  return rows.map((r) => r.shopId);
}

/** Fails the shop's versions still marked training: the process that trained them stopped. */
export async function failTrainingVersions(shopId: string, reason: string) {
  const { count } = await prisma.recommendationModel.updateMany({
    where: { shopId, status: "training" },
    data: { status: "failed", reason, finishedAt: new Date() },
  });
  return count;
}

export function getLiveModel(shopId: string) {
  return prisma.recommendationModel.findFirst({
    where: { shopId, status: "live" },
    orderBy: { version: "desc" },
    select: { id: true, version: true, metrics: true, params: true, promotedAt: true, items: true, interactions: true, trainingSeconds: true },
  });
}

/** The newest version still training, if it started after `since` (older ones belong to a worker that died). */
export function findTrainingModel(shopId: string, since: Date) {
  return prisma.recommendationModel.findFirst({
    where: { shopId, status: "training", createdAt: { gte: since } },
    orderBy: { version: "desc" },
    select: { id: true, version: true, createdAt: true },
  });
}

export function countModelVersions(shopId: string) {
  return prisma.recommendationModel.count({ where: { shopId } });
}

export function listModelVersions(shopId: string, take = 20, skip = 0) {
  return prisma.recommendationModel.findMany({
    where: { shopId },
    orderBy: { version: "desc" },
    take,
    skip,
    select: {
      id: true,
      version: true,
      status: true,
      metrics: true,
      params: true,
      reason: true,
      items: true,
      interactions: true,
      trainingSeconds: true,
      createdAt: true,
      finishedAt: true,
    },
  });
}

export function loadModelLists(shopId: string, modelId: string) {
  return prisma.recommendationList.findMany({ where: { shopId, modelId }, select: { productShopifyId: true, kind: true, items: true } });
}

/** The live model's "similar" lists of some products (JSON items), or none when no model is live. */
export async function liveSimilarLists(shopId: string, productShopifyIds: readonly string[]) {
  const live = await prisma.recommendationModel.findFirst({ where: { shopId, status: "live" }, orderBy: { version: "desc" }, select: { id: true } });
  if (!live || !productShopifyIds.length) return [];
  const rows = [];
  for (let i = 0; i < productShopifyIds.length; i += 500) {
    rows.push(
      ...(await prisma.recommendationList.findMany({
        where: { shopId, modelId: live.id, kind: "similar", productShopifyId: { in: productShopifyIds.slice(i, i + 500) } },
        select: { productShopifyId: true, items: true },
      })),
    );
  }
  return rows;
}

/**
 * Retired, rejected and failed versions' lists are not needed; keep the rows
 * (metrics) for history. Named by status, not "all but live": a training
 * that went live meanwhile in another worker keeps its lists.
 */
export async function pruneOldLists(shopId: string) {
  await prisma.recommendationList.deleteMany({ where: { shopId, model: { status: { in: ["retired", "rejected", "failed"] } } } });
}

// ---- rules

export function listRules(shopId: string) {
  return prisma.recommendationRule.findMany({
    where: { shopId },
    orderBy: [{ kind: "asc" }, { position: "asc" }],
    select: { id: true, kind: true, anchorShopifyId: true, productShopifyId: true, position: true },
  });
}

export async function addRule(shopId: string, rule: { kind: "pin" | "exclude"; anchorShopifyId: string | null; productShopifyId: string; position: number }) {
  const existing = await prisma.recommendationRule.findFirst({
    where: { shopId, kind: rule.kind, anchorShopifyId: rule.anchorShopifyId, productShopifyId: rule.productShopifyId },
    select: { id: true },
  });
  if (existing) return prisma.recommendationRule.update({ where: { id: existing.id }, data: { position: rule.position }, select: { id: true } });
  return prisma.recommendationRule.create({ data: { shopId, ...rule }, select: { id: true } });
}

export async function deleteRule(shopId: string, id: string) {
  await prisma.recommendationRule.deleteMany({ where: { shopId, id } });
}

/** The shop's rules by group, oldest first, as stored (`definition` is JSON; see group-rules.ts). */
export function listGroupRules(shopId: string) {
  return prisma.recommendationGroupRule.findMany({
    where: { shopId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, definition: true },
  });
}

export function addGroupRule(shopId: string, definition: string) {
  return prisma.recommendationGroupRule.create({ data: { shopId, definition }, select: { id: true } });
}

export async function deleteGroupRule(shopId: string, id: string) {
  await prisma.recommendationGroupRule.deleteMany({ where: { shopId, id } });
}

// ---- experiments

const EXPERIMENT_FIELDS = {
  id: true,
  name: true,
  pageType: true,
  metric: true,
  strategyA: true,
  strategyB: true,
  splitB: true,
  status: true,
  winner: true,
  startedAt: true,
  endedAt: true,
} as const;

/** The running tests, at most one per page type. */
export function listRunningExperiments(shopId: string) {
  return prisma.experiment.findMany({
    where: { shopId, status: "running" },
    orderBy: { startedAt: "desc" },
    select: EXPERIMENT_FIELDS,
  });
}

export function getExperiment(shopId: string, id: string) {
  return prisma.experiment.findFirst({ where: { shopId, id }, select: EXPERIMENT_FIELDS });
}

export function listStoppedExperiments(shopId: string, take = 20) {
  return prisma.experiment.findMany({
    where: { shopId, status: "stopped" },
    orderBy: { startedAt: "desc" },
    take,
    select: EXPERIMENT_FIELDS,
  });
}

/**
 * Starts a test on a page type; null when one already runs there (the
 * unique index on (shop, runningOn) holds even between concurrent requests).
 */
export async function createExperiment(
  shopId: string,
  data: { name: string; pageType: string; metric: string; strategyA: string; strategyB: string; splitB: number },
): Promise<{ id: string } | null> {
  try {
    return await prisma.experiment.create({ data: { shopId, ...data, runningOn: data.pageType }, select: { id: true } });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return null;
    throw err;
  }
}

export async function stopExperiment(shopId: string, id: string, winner: string | null) {
  await prisma.experiment.updateMany({ where: { shopId, id, status: "running" }, data: { status: "stopped", runningOn: null, winner, endedAt: new Date() } });
}

// ---- complementary pairs

export async function upsertComplementarySuggestions(shopId: string, pairs: { productShopifyId: string; complementShopifyId: string; score: number }[]) {
  if (!pairs.length) return;
  await prisma.$transaction(async (tx) => {
    const existing = await tx.complementaryPair.findMany({
      where: { shopId },
      select: { id: true, productShopifyId: true, complementShopifyId: true, status: true },
    });
    const byKey = new Map(existing.map((e) => [`${e.productShopifyId}:${e.complementShopifyId}`, e]));
    const fresh = pairs.filter((p) => !byKey.has(`${p.productShopifyId}:${p.complementShopifyId}`));
    for (const p of pairs) {
      const e = byKey.get(`${p.productShopifyId}:${p.complementShopifyId}`);
      if (e && e.status === "suggested") await tx.complementaryPair.update({ where: { id: e.id }, data: { score: p.score } });
    }
    if (fresh.length) await tx.complementaryPair.createMany({ data: fresh.map((p) => ({ id: randomUUID(), shopId, ...p })) });
  });
}

export function listComplementaryPairs(shopId: string, status?: string, take = 50, skip = 0) {
  return prisma.complementaryPair.findMany({
    where: { shopId, ...(status ? { status } : {}) },
    // id last: a stable order for paging through equal scores.
    orderBy: [{ status: "asc" }, { score: "desc" }, { id: "asc" }],
    take,
    skip,
    select: { id: true, productShopifyId: true, complementShopifyId: true, score: true, status: true, publishedAt: true },
  });
}

export async function setComplementaryStatus(shopId: string, ids: string[], status: "approved" | "rejected" | "published") {
  await prisma.complementaryPair.updateMany({
    where: { shopId, id: { in: ids } },
    data: { status, decidedAt: new Date(), ...(status === "published" ? { publishedAt: new Date() } : {}) },
  });
}

export async function countComplementaryByStatus(shopId: string): Promise<Record<string, number>> {
  const rows = await prisma.complementaryPair.groupBy({ by: ["status"], where: { shopId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
}

/** Products with approved complements not yet published, with how many each. */
export async function productsAwaitingPublication(shopId: string, take = 50) {
  const rows = await prisma.complementaryPair.groupBy({
    by: ["productShopifyId"],
    where: { shopId, status: "approved" },
    _count: { _all: true },
    orderBy: { productShopifyId: "asc" },
    take,
  });
  return rows.map((r) => ({ productShopifyId: r.productShopifyId, approved: r._count._all }));
}

export function approvedComplementsOf(shopId: string, productShopifyId: string) {
  return prisma.complementaryPair.findMany({
    where: { shopId, productShopifyId, status: { in: ["approved", "published"] } },
    orderBy: { score: "desc" },
    select: { id: true, complementShopifyId: true },
  });
}

// ---- order history imports

export function createOrderImport(shopId: string, fileName: string) {
  return prisma.orderImport.create({ data: { shopId, fileName }, select: { id: true } });
}

export async function updateOrderImportProgress(shopId: string, id: string, data: { importedLines: number; orders: number }) {
  await prisma.orderImport.updateMany({ where: { shopId, id, status: "running" }, data });
}

export async function finishOrderImport(
  shopId: string,
  id: string,
  data: { status: "succeeded" | "failed"; importedLines: number; orders: number; rejectedLines: number; rejections: string; error?: string },
) {
  await prisma.orderImport.updateMany({ where: { shopId, id }, data: { ...data, finishedAt: new Date() } });
}

export function listOrderImports(shopId: string, take = 5) {
  return prisma.orderImport.findMany({
    where: { shopId },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      fileName: true,
      status: true,
      importedLines: true,
      orders: true,
      rejectedLines: true,
      rejections: true,
      error: true,
      createdAt: true,
      finishedAt: true,
    },
  });
}
