import { randomUUID } from "node:crypto";
import prisma from "../db.server";
import { sql } from "../lib/sql.server";
import type { ListKind } from "../services/recommendations/pipeline";

// ---- model versions

export async function nextModelVersion(shopId: string) {
  const last = await prisma.recommendationModel.findFirst({ where: { shopId }, orderBy: { version: "desc" }, select: { version: true } });
  return (last?.version ?? 0) + 1;
}

/** `inputReadAt`: when training started reading its input; updates between trainings apply what came after. */
export function createModelVersion(shopId: string, version: number, params: string, inputReadAt?: Date) {
  return prisma.recommendationModel.create({ data: { shopId, version, params, patchedThrough: inputReadAt }, select: { id: true, version: true } });
}

const SERVED_KINDS: ListKind[] = ["bought_together", "similar", "neighbours", "trending", "popular", "recent", "families"];

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
    select: {
      id: true,
      version: true,
      metrics: true,
      params: true,
      promotedAt: true,
      items: true,
      interactions: true,
      trainingSeconds: true,
      revision: true,
      patchedThrough: true,
      createdAt: true,
    },
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

/** The live model's id, version, revision and parameters: what the storefront checks every few seconds (plain SQL). */
export async function liveModelHead(shopId: string): Promise<{ id: string; version: number; revision: number; params: string } | null> {
  const db = await sql();
  const row = await db.get<{ id: string; version: number | string; revision: number | string; params: string }>(
    `SELECT "id", "version", "revision", "params" FROM "RecommendationModel" WHERE "shopId" = ? AND "status" = 'live' ORDER BY "version" DESC LIMIT 1`,
    [shopId],
  );
  return row ? { id: row.id, version: Number(row.version), revision: Number(row.revision), params: row.params } : null;
}

export interface ServedListRow {
  productShopifyId: string;
  kind: string;
  /** JSON array of [productShopifyId, score]; "[]" for a row an update emptied. */
  items: string;
}

/**
 * A page of the lists serving reads (not the counts kept for updates), in
 * key order after `after` (null for the first). With `sinceRevision`, only
 * rows updates wrote after that revision, emptied ones included; without
 * it, every row that holds a list. Plain SQL, read a page at a time.
 */
export async function servedListsPage(
  shopId: string,
  modelId: string,
  options: { after: { productShopifyId: string; kind: string } | null; limit: number; sinceRevision?: number },
): Promise<{ rows: ServedListRow[]; last: { productShopifyId: string; kind: string } | null }> {
  const db = await sql();
  const params: unknown[] = [shopId, modelId, ...SERVED_KINDS];
  let where = `"shopId" = ? AND "modelId" = ? AND "kind" IN (${db.list(SERVED_KINDS.length)})`;
  if (options.sinceRevision !== undefined) {
    where += ` AND "revision" > ?`;
    params.push(options.sinceRevision);
  } else where += ` AND "items" <> '[]'`;
  if (options.after) {
    where += ` AND ("productShopifyId" > ? OR ("productShopifyId" = ? AND "kind" > ?))`;
    params.push(options.after.productShopifyId, options.after.productShopifyId, options.after.kind);
  }
  const rows = await db.all<ServedListRow>(
    `SELECT "productShopifyId", "kind", "items" FROM "RecommendationList" WHERE ${where} ORDER BY "productShopifyId", "kind" LIMIT ?`,
    [...params, options.limit],
  );
  const tail = rows.at(-1);
  return { rows, last: rows.length < options.limit || !tail ? null : { productShopifyId: tail.productShopifyId, kind: tail.kind } };
}

/** Some rows of a model: per kind, the products wanted ("*" for shop-wide rows). */
export async function loadListRows(shopId: string, modelId: string, wanted: { kind: ListKind; productShopifyIds: readonly string[] }[]) {
  const rows: { productShopifyId: string; kind: string; items: string }[] = [];
  for (const { kind, productShopifyIds } of wanted) {
    const ids = [...new Set(productShopifyIds)];
    for (let i = 0; i < ids.length; i += 500) {
      rows.push(
        ...(await prisma.recommendationList.findMany({
          where: { shopId, modelId, kind, productShopifyId: { in: ids.slice(i, i + 500) }, items: { not: "[]" } },
          select: { productShopifyId: true, kind: true, items: true },
        })),
      );
    }
  }
  return rows;
}

/**
 * Rewrites some rows of a model that is live at the revision the update read,
 * moves its `patchedThrough` on and bumps its revision (which the serving
 * state's fingerprint reads), in one transaction. False, with nothing
 * written, when the model is no longer live or another update wrote first:
 * the guard is the transaction's first write, so it holds the model's row
 * until the end and a training cannot retire it halfway through.
 */
export async function patchLiveModel(
  shopId: string,
  model: { id: string; revision: number },
  patchedThrough: Date,
  rows: { productShopifyId: string; kind: ListKind; items: [string, number][] }[],
): Promise<boolean> {
  return prisma.$transaction(
    async (tx) => {
      const { count } = await tx.recommendationModel.updateMany({
        where: { id: model.id, shopId, status: "live", revision: model.revision },
        // Nothing to rewrite (say, only prices changed): the log moves on, servers keep their lists.
        data: rows.length ? { revision: { increment: 1 }, patchedThrough } : { patchedThrough },
      });
      if (count === 0) return false;
      const byKind = new Map<string, string[]>();
      for (const r of rows) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.productShopifyId]);
      for (const [kind, ids] of byKind) {
        for (let i = 0; i < ids.length; i += 500) {
          await tx.recommendationList.deleteMany({ where: { shopId, modelId: model.id, kind, productShopifyId: { in: ids.slice(i, i + 500) } } });
        }
      }
      // Emptied rows stay as "[]" with the new revision: a server that reads only what changed learns they are gone.
      for (let i = 0; i < rows.length; i += 500) {
        await tx.recommendationList.createMany({
          data: rows.slice(i, i + 500).map((r) => ({
            id: randomUUID(),
            shopId,
            modelId: model.id,
            productShopifyId: r.productShopifyId,
            kind: r.kind,
            items: JSON.stringify(r.items),
            revision: model.revision + 1,
          })),
        });
      }
      return true;
    },
    { timeout: 60_000 },
  );
}

/** The live model's "similar" lists of some products (JSON items), or none when no model is live. */
export async function liveSimilarLists(shopId: string, productShopifyIds: readonly string[]) {
  const live = await prisma.recommendationModel.findFirst({ where: { shopId, status: "live" }, orderBy: { version: "desc" }, select: { id: true } });
  if (!live || !productShopifyIds.length) return [];
  const rows = [];
  for (let i = 0; i < productShopifyIds.length; i += 500) {
    rows.push(
      ...(await prisma.recommendationList.findMany({
        where: { shopId, modelId: live.id, kind: "similar", productShopifyId: { in: productShopifyIds.slice(i, i + 500) }, items: { not: "[]" } },
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

/**
 * What the storefront's serving state reads besides the catalog and the
 * lists: the merchant's pins and exclusions, rules by group and running
 * tests, in the orders `listRules`, `listGroupRules` and
 * `listRunningExperiments` give. Plain SQL: every shop's state checks it
 * every few seconds.
 */
export async function servingRulesAndTests(shopId: string) {
  const db = await sql();
  const [rules, groupRules, experiments] = await Promise.all([
    db.all<{ id: string; kind: string; anchorShopifyId: string | null; productShopifyId: string; position: number | string }>(
      `SELECT "id", "kind", "anchorShopifyId", "productShopifyId", "position" FROM "RecommendationRule" WHERE "shopId" = ? ORDER BY "kind", "position", "id"`,
      [shopId],
    ),
    db.all<{ id: string; definition: string }>(`SELECT "id", "definition" FROM "RecommendationGroupRule" WHERE "shopId" = ? ORDER BY "createdAt", "id"`, [
      shopId,
    ]),
    db.all<{ id: string; pageType: string; splitB: number | string; strategyA: string; strategyB: string }>(
      `SELECT "id", "pageType", "splitB", "strategyA", "strategyB" FROM "Experiment" WHERE "shopId" = ? AND "status" = 'running' ORDER BY "startedAt" DESC, "id"`,
      [shopId],
    ),
  ]);
  return {
    rules: rules.map((r) => ({ ...r, position: Number(r.position) })),
    groupRules,
    experiments: experiments.map((e) => ({ ...e, splitB: Number(e.splitB) })),
  };
}

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
//
// One row per pair of products (docs/decisions/0020-complementary-pairs-once.md):
// productShopifyId sorts before complementShopifyId (code-unit order, as
// `canonicalPair` puts them), and the row's status holds for both directions.

export type PairDecision = "approved" | "rejected";

/** The two products of a pair in the one order the table keeps them. */
export function canonicalPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

/**
 * A model's suggestions, each pair once whichever way it was suggested (the
 * higher score of both ways). New pairs are added; a pair still awaiting
 * review takes the new score; a decided pair is left as staff left it.
 */
export async function upsertComplementarySuggestions(shopId: string, pairs: { productShopifyId: string; complementShopifyId: string; score: number }[]) {
  const byKey = new Map<string, { productShopifyId: string; complementShopifyId: string; score: number }>();
  for (const p of pairs) {
    if (p.productShopifyId === p.complementShopifyId) continue;
    const [productShopifyId, complementShopifyId] = canonicalPair(p.productShopifyId, p.complementShopifyId);
    const key = `${productShopifyId}:${complementShopifyId}`;
    const seen = byKey.get(key);
    if (!seen || seen.score < p.score) byKey.set(key, { productShopifyId, complementShopifyId, score: p.score });
  }
  if (!byKey.size) return;
  await prisma.$transaction(
    async (tx) => {
      const existing = await tx.complementaryPair.findMany({
        where: { shopId },
        select: { id: true, productShopifyId: true, complementShopifyId: true, status: true, score: true },
      });
      const known = new Map(existing.map((e) => [`${e.productShopifyId}:${e.complementShopifyId}`, e]));
      const fresh = [...byKey].filter(([key]) => !known.has(key)).map(([, p]) => p);
      for (const [key, p] of byKey) {
        const e = known.get(key);
        if (e && e.status === "suggested" && e.score !== p.score) await tx.complementaryPair.update({ where: { id: e.id }, data: { score: p.score } });
      }
      if (fresh.length) await tx.complementaryPair.createMany({ data: fresh.map((p) => ({ id: randomUUID(), shopId, ...p })) });
      // A large catalog's suggestions on a busy machine take longer than Prisma's default 5 s.
    },
    { timeout: 60_000 },
  );
}

/** What the review list narrows pairs down to; a product filter matches either product of a pair. */
export interface PairFilters {
  status?: string;
  /** Part of either product's title or of one of its variants' SKUs (case-insensitive). */
  search?: string;
  minScore?: number;
  vendor?: string;
  productType?: string;
}

const PAIRS = `FROM "ComplementaryPair" cp`;
const PAIRS_WITH_PRODUCTS = `${PAIRS}
  LEFT JOIN "Product" a ON a."shopId" = cp."shopId" AND a."shopifyId" = cp."productShopifyId"
  LEFT JOIN "Product" b ON b."shopId" = cp."shopId" AND b."shopifyId" = cp."complementShopifyId"`;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The FROM and WHERE clauses of the pairs matching filters, with their
 * parameters (plain SQL: a pair's products are joined from the catalog, only
 * when a filter looks at them).
 */
function pairConditions(shopId: string, filters: PairFilters, statuses?: string[]) {
  const where = [`cp."shopId" = ?`];
  const params: unknown[] = [shopId];
  if (filters.status) {
    where.push(`cp."status" = ?`);
    params.push(filters.status);
  }
  if (statuses) {
    where.push(`cp."status" IN (${statuses.map(() => "?").join(", ")})`);
    params.push(...statuses);
  }
  if (filters.minScore !== undefined) {
    where.push(`cp."score" >= ?`);
    params.push(filters.minScore);
  }
  if (filters.vendor) {
    where.push(`(a."vendor" = ? OR b."vendor" = ?)`);
    params.push(filters.vendor, filters.vendor);
  }
  if (filters.productType) {
    where.push(`(a."productType" = ? OR b."productType" = ?)`);
    params.push(filters.productType, filters.productType);
  }
  const search = filters.search?.trim().toLowerCase();
  if (search) {
    const like = `%${escapeLike(search)}%`;
    where.push(`(LOWER(a."title") LIKE ? ESCAPE '\\' OR LOWER(b."title") LIKE ? ESCAPE '\\'
      OR EXISTS (SELECT 1 FROM "ProductVariant" v WHERE v."productId" IN (a."id", b."id") AND LOWER(v."sku") LIKE ? ESCAPE '\\'))`);
    params.push(like, like, like);
  }
  const products = Boolean(filters.vendor || filters.productType || search);
  return { from: products ? PAIRS_WITH_PRODUCTS : PAIRS, where: where.join(" AND "), params };
}

/** A page of pairs matching the filters, strongest first (id last: a stable order through equal scores). */
export async function listComplementaryPairs(shopId: string, filters: PairFilters, take = 50, skip = 0) {
  const db = await sql();
  const { from, where, params } = pairConditions(shopId, filters);
  const rows = await db.all<{ id: string; productShopifyId: string; complementShopifyId: string; score: number; status: string }>(
    `SELECT cp."id", cp."productShopifyId", cp."complementShopifyId", cp."score", cp."status" ${from}
     WHERE ${where} ORDER BY cp."score" DESC, cp."id" ASC LIMIT ? OFFSET ?`,
    [...params, take, skip],
  );
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}

/** How many pairs match the filters. */
export async function countMatchingComplementaryPairs(shopId: string, filters: PairFilters) {
  const db = await sql();
  const { from, where, params } = pairConditions(shopId, filters);
  const row = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS "n" ${from} WHERE ${where}`, params);
  return Number(row?.n ?? 0);
}

/** Vendors and product types of the shop's products that are in a pair, for the filters. */
export async function complementaryFacets(shopId: string) {
  const db = await sql();
  const values = (column: "vendor" | "productType") =>
    db.all<{ value: string }>(
      `SELECT DISTINCT p."${column}" AS "value" FROM "Product" p
       WHERE p."shopId" = ? AND p."${column}" <> ''
         AND (EXISTS (SELECT 1 FROM "ComplementaryPair" cp WHERE cp."shopId" = p."shopId" AND cp."productShopifyId" = p."shopifyId")
           OR EXISTS (SELECT 1 FROM "ComplementaryPair" cp WHERE cp."shopId" = p."shopId" AND cp."complementShopifyId" = p."shopifyId"))
       ORDER BY 1 LIMIT 500`,
      [shopId],
    );
  const [vendors, productTypes] = await Promise.all([values("vendor"), values("productType")]);
  return { vendors: vendors.map((v) => v.value), productTypes: productTypes.map((t) => t.value) };
}

/** The statuses a decision may change: approving leaves approved and published pairs as they are. */
const DECIDABLE: Record<PairDecision, string[]> = { approved: ["suggested", "rejected"], rejected: ["suggested", "approved", "published"] };

/** Decides these pairs (both directions: a pair is one row); returns how many changed. */
export async function decideComplementaryPairs(shopId: string, ids: string[], decision: PairDecision) {
  if (!ids.length) return 0;
  const { count } = await prisma.complementaryPair.updateMany({
    where: { shopId, id: { in: ids }, status: { in: DECIDABLE[decision] } },
    data: { status: decision, decidedAt: new Date() },
  });
  return count;
}

/** Decides every pair matching the filters among `statuses`; returns how many changed. */
export async function decideMatchingComplementaryPairs(shopId: string, filters: PairFilters, statuses: string[], decision: PairDecision) {
  const allowed = statuses.filter((s) => DECIDABLE[decision].includes(s));
  if (!allowed.length) return 0;
  const db = await sql();
  const { from, where, params } = pairConditions(shopId, filters, allowed);
  return db.run(`UPDATE "ComplementaryPair" SET "status" = ?, "decidedAt" = ? WHERE "shopId" = ? AND "id" IN (SELECT cp."id" ${from} WHERE ${where})`, [
    decision,
    db.timestamp(new Date()),
    shopId,
    ...params,
  ]);
}

export async function countComplementaryByStatus(shopId: string): Promise<Record<string, number>> {
  const rows = await prisma.complementaryPair.groupBy({ by: ["status"], where: { shopId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
}

/** Approved pairs not published yet (each with both its products). */
export function approvedComplementaryPairs(shopId: string) {
  return prisma.complementaryPair.findMany({
    where: { shopId, status: "approved" },
    select: { id: true, productShopifyId: true, complementShopifyId: true },
  });
}

/** The approved and published pairs of these products, from either side, strongest first. */
export function publishablePairsOf(shopId: string, productShopifyIds: string[]) {
  return prisma.complementaryPair.findMany({
    where: {
      shopId,
      status: { in: ["approved", "published"] },
      OR: [{ productShopifyId: { in: productShopifyIds } }, { complementShopifyId: { in: productShopifyIds } }],
    },
    orderBy: [{ score: "desc" }, { id: "asc" }],
    select: { id: true, productShopifyId: true, complementShopifyId: true },
  });
}

/** Pairs rejected after they were published: still in Shopify until their products are published again. */
export function withdrawnComplementaryPairs(shopId: string) {
  return prisma.complementaryPair.findMany({
    where: { shopId, status: "rejected", publishedAt: { not: null } },
    select: { id: true, productShopifyId: true, complementShopifyId: true },
  });
}

export function countWithdrawnComplementaryPairs(shopId: string) {
  return prisma.complementaryPair.count({ where: { shopId, status: "rejected", publishedAt: { not: null } } });
}

/** Rejected pairs whose products were published again without them: no longer in Shopify. */
export async function markComplementaryWithdrawn(shopId: string, ids: string[]) {
  if (!ids.length) return 0;
  const { count } = await prisma.complementaryPair.updateMany({ where: { shopId, id: { in: ids }, status: "rejected" }, data: { publishedAt: null } });
  return count;
}

/** Marks approved pairs published (a pair rejected meanwhile stays rejected). */
export async function markComplementaryPublished(shopId: string, ids: string[]) {
  if (!ids.length) return 0;
  const { count } = await prisma.complementaryPair.updateMany({
    where: { shopId, id: { in: ids }, status: "approved" },
    data: { status: "published", publishedAt: new Date() },
  });
  return count;
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
