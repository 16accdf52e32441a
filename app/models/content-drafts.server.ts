import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { sql } from "../lib/sql.server";

// Content drafts and their fields. Every function takes the shop.

export const DRAFT_STATUSES = ["queued", "generating", "ready", "failed", "cancelled", "replaced"] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];
export const FIELD_STATUSES = ["pending", "approved", "rejected", "published", "stale", "failed"] as const;
export type FieldStatus = (typeof FIELD_STATUSES)[number];

export interface NewDraft {
  productShopifyId: string;
  runId: string;
  provider: string;
  model: string | null;
  instruction?: string | null;
}

export function createDraft(shopId: string, draft: NewDraft) {
  return prisma.contentDraft.create({ data: { shopId, ...draft }, select: { id: true } });
}

/**
 * Drafts of a run for these products, made once each: those that exist are
 * kept (the unique run and product key), so a retried start makes no
 * duplicates. Plain SQL: a whole catalog's drafts in one transaction.
 */
export async function createRunDrafts(shopId: string, runId: string, productShopifyIds: string[], provider: string, model: string | null) {
  const db = await sql();
  const now = db.timestamp(new Date());
  await db.insertBatch([
    {
      table: "ContentDraft",
      columns: ["id", "shopId", "runId", "productShopifyId", "provider", "model", "createdAt"],
      rows: [...new Set(productShopifyIds)].map((productShopifyId) => [randomUUID(), shopId, runId, productShopifyId, provider, model, now]),
      ignoreConflicts: true,
    },
  ]);
}

export function getDraft(shopId: string, draftId: string) {
  return prisma.contentDraft.findFirst({ where: { id: draftId, shopId }, include: { fields: { orderBy: { field: "asc" } } } });
}

/** Takes a queued draft for generation; false when it is no longer queued (cancelled, done, or taken). */
export async function claimDraft(shopId: string, draftId: string): Promise<boolean> {
  const { count } = await prisma.contentDraft.updateMany({
    where: { id: draftId, shopId, status: { in: ["queued", "generating"] } },
    data: { status: "generating" },
  });
  return count === 1;
}

export async function requeueDraft(shopId: string, draftId: string) {
  await prisma.contentDraft.updateMany({ where: { id: draftId, shopId, status: { in: ["generating", "queued"] } }, data: { status: "queued" } });
}

export async function failDraft(shopId: string, draftId: string, error: string) {
  await prisma.contentDraft.updateMany({ where: { id: draftId, shopId, status: { in: ["queued", "generating"] } }, data: { status: "failed", error } });
}

export interface SavedField {
  field: string;
  value: string;
  liveValue: string | null;
  status: "pending" | "approved" | "failed";
  flags: string;
  error: string | null;
  decidedBy: string | null;
}

/**
 * Writes a generated draft's fields and marks it ready, all at once. Only a
 * draft still being generated is written: a second delivery of the same
 * result writes nothing (false).
 */
export async function saveGeneratedDraft(
  shopId: string,
  draftId: string,
  data: {
    fields: SavedField[];
    notices: string;
    usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number; costUsd: number };
    model: string | null;
  },
  usageRows: Prisma.ContentUsageCreateManyInput[],
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.contentDraft.updateMany({
      where: { id: draftId, shopId, status: "generating" },
      data: { status: "ready", notices: data.notices, generatedAt: new Date(), model: data.model, error: null, ...data.usage },
    });
    if (count !== 1) return false;
    const now = new Date();
    await tx.contentDraftField.createMany({
      data: data.fields.map((f) => ({ shopId, draftId, ...f, decidedAt: f.decidedBy ? now : null })),
    });
    if (usageRows.length) await tx.contentUsage.createMany({ data: usageRows });
    return true;
  });
}

export interface GeneratedDraft {
  draftId: string;
  fields: SavedField[];
  notices: string;
}

/**
 * Writes many generated drafts (an offline run's chunk) in one transaction:
 * each draft still queued gets all its fields and is marked ready, failures
 * are marked failed, and nothing else is touched. A draft cancelled or
 * written meanwhile is left as it is; if one changes between the read and the
 * write, the whole chunk is rolled back (DraftsChangedError) and the caller
 * tries it again. Plain SQL (app/lib/sql.server.ts): a chunk's thousand or
 * more field rows cost Prisma's query compiler about half a second.
 */
export async function saveGeneratedDrafts(
  shopId: string,
  drafts: GeneratedDraft[],
  failures: { draftId: string; error: string }[],
): Promise<{ ready: string[]; failed: string[] }> {
  const ids = [...drafts.map((d) => d.draftId), ...failures.map((f) => f.draftId)];
  if (!ids.length) return { ready: [], failed: [] };
  const db = await sql();
  const now = db.timestamp(new Date());
  const unsettled = `"status" IN ('queued', 'generating')`;
  return db.transaction(async (tx) => {
    const open = new Set(
      (
        await tx.all<{ id: string }>(`SELECT "id" FROM "ContentDraft" WHERE "shopId" = ? AND ${unsettled} AND "id" IN (${db.list(ids.length)})`, [
          shopId,
          ...ids,
        ])
      ).map((d) => d.id),
    );
    const ready = drafts.filter((d) => open.has(d.draftId));
    const failed = failures.filter((f) => open.has(f.draftId));
    let written = 0;
    // Set-based: one update per distinct notices (or error) text, then every field in one insert.
    for (const [notices, group] of groupBy(ready, (d) => d.notices)) {
      written += await tx.run(
        `UPDATE "ContentDraft" SET "status" = 'ready', "notices" = ?, "generatedAt" = ?, "model" = NULL, "error" = NULL
         WHERE "shopId" = ? AND ${unsettled} AND "id" IN (${db.list(group.length)})`,
        [notices, now, shopId, ...group.map((d) => d.draftId)],
      );
    }
    for (const [error, group] of groupBy(failed, (f) => f.error)) {
      written += await tx.run(
        `UPDATE "ContentDraft" SET "status" = 'failed', "error" = ? WHERE "shopId" = ? AND ${unsettled} AND "id" IN (${db.list(group.length)})`,
        [error, shopId, ...group.map((f) => f.draftId)],
      );
    }
    if (written !== ready.length + failed.length) throw new DraftsChangedError();
    await tx.insert([
      {
        table: "ContentDraftField",
        columns: ["id", "shopId", "draftId", "field", "value", "liveValue", "status", "flags", "error", "decidedBy", "decidedAt"],
        rows: ready.flatMap((d) =>
          d.fields.map((f) => [
            randomUUID(),
            shopId,
            d.draftId,
            f.field,
            f.value,
            f.liveValue,
            f.status,
            f.flags,
            f.error,
            f.decidedBy,
            f.decidedBy ? now : null,
          ]),
        ),
      },
    ]);
    return { ready: ready.map((d) => d.draftId), failed: failed.map((f) => f.draftId) };
  });
}

/** Drafts changed while a chunk was being written (cancelled, or written by another delivery of the job). */
export class DraftsChangedError extends Error {
  constructor() {
    super("drafts changed while they were being written");
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Usage of a call whose draft could not be saved (a failed reply still costs tokens). */
export async function recordUsage(rows: Prisma.ContentUsageCreateManyInput[]) {
  if (rows.length) await prisma.contentUsage.createMany({ data: rows });
}

export interface DraftFilters {
  status?: "review" | "approved" | "published" | "failed" | "stale" | "all";
  productType?: string;
  flagged?: boolean;
}

/** The review queue: latest drafts first, with their product and fields. */
export async function listDrafts(shopId: string, filters: DraftFilters, take: number, skip: number) {
  const where: Prisma.ContentDraftWhereInput = { shopId, status: { not: "replaced" } };
  if (filters.status === "review") where.fields = { some: { status: "pending" } };
  else if (filters.status === "approved") where.fields = { some: { status: "approved" } };
  else if (filters.status === "published") where.fields = { some: { status: "published" } };
  else if (filters.status === "stale") where.fields = { some: { status: "stale" } };
  else if (filters.status === "failed") where.status = "failed";
  if (filters.flagged) where.AND = [{ fields: { some: { flags: { not: "[]" } } } }];
  if (filters.productType) {
    const ids = await prisma.product.findMany({ where: { shopId, productType: filters.productType }, select: { shopifyId: true } });
    where.productShopifyId = { in: ids.map((p) => p.shopifyId) };
  }
  return prisma.contentDraft.findMany({
    where,
    orderBy: { createdAt: "desc" },
    take,
    skip,
    select: {
      id: true,
      productShopifyId: true,
      status: true,
      provider: true,
      error: true,
      createdAt: true,
      productChangedAt: true,
      fields: { select: { id: true, field: true, status: true, flags: true } },
    },
  });
}

export function updateFieldValue(shopId: string, fieldId: string, value: string, by: string) {
  return prisma.contentDraftField.updateMany({
    where: { id: fieldId, shopId, status: { in: ["pending", "approved", "rejected", "stale"] } },
    data: { value, status: "pending", decidedBy: by, decidedAt: new Date(), error: null },
  });
}

export function decideFields(shopId: string, fieldIds: string[], decision: "approved" | "rejected", by: string, reason?: string) {
  return prisma.contentDraftField.updateMany({
    where: { id: { in: fieldIds }, shopId, status: { in: decision === "approved" ? ["pending"] : ["pending", "approved"] } },
    data: { status: decision, decidedBy: by, decidedAt: new Date(), rejectReason: decision === "rejected" ? (reason ?? null) : null },
  });
}

/** Every pending field of these drafts (bulk approve). */
export async function pendingFieldIds(shopId: string, draftIds: string[]) {
  return (await prisma.contentDraftField.findMany({ where: { shopId, draftId: { in: draftIds }, status: "pending" }, select: { id: true } })).map((f) => f.id);
}

export function approvedFields(shopId: string, draftId: string) {
  return prisma.contentDraftField.findMany({ where: { shopId, draftId, status: "approved" } });
}

export function markFields(shopId: string, ids: string[], data: { status: FieldStatus; error?: string | null; publishedAt?: Date }) {
  return prisma.contentDraftField.updateMany({ where: { shopId, id: { in: ids } }, data });
}

/**
 * Whether any of these products has a draft awaiting review not yet flagged
 * as changed. Plain SQL: the webhook apply path asks once per batch.
 */
export async function hasUnflaggedReadyDrafts(shopId: string, productShopifyIds: string[]): Promise<boolean> {
  if (!productShopifyIds.length) return false;
  const db = await sql();
  const row = await db.get<{ found: number }>(
    `SELECT 1 AS "found" FROM "ContentDraft" WHERE "shopId" = ? AND "status" = 'ready' AND "productChangedAt" IS NULL AND "productShopifyId" IN (${db.list(productShopifyIds.length)}) LIMIT 1`,
    [shopId, ...productShopifyIds],
  );
  return !!row;
}

/** A product changed in Shopify: its drafts awaiting review say so (they will be stale on publishing if the fields differ). */
export function flagChangedProduct(shopId: string, productShopifyIds: string[], at: Date) {
  return prisma.contentDraft.updateMany({
    where: { shopId, productShopifyId: { in: productShopifyIds }, status: "ready", fields: { some: { status: { in: ["pending", "approved"] } } } },
    data: { productChangedAt: at },
  });
}

export function markDraftsReplaced(shopId: string, productShopifyId: string, exceptId: string) {
  return prisma.contentDraft.updateMany({
    where: {
      shopId,
      productShopifyId,
      id: { not: exceptId },
      status: { in: ["ready", "failed"] },
      fields: { none: { status: { in: ["approved", "published"] } } },
    },
    data: { status: "replaced" },
  });
}

export async function runDraftCounts(shopId: string, runId: string) {
  const rows = await prisma.contentDraft.groupBy({ by: ["status"], where: { shopId, runId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all])) as Partial<Record<DraftStatus, number>>;
}

export function cancelQueuedDrafts(shopId: string, runId: string) {
  return prisma.contentDraft.updateMany({ where: { shopId, runId, status: "queued" }, data: { status: "cancelled" } });
}

export function draftsOfRun(shopId: string, runId: string, status: DraftStatus) {
  return prisma.contentDraft.findMany({ where: { shopId, runId, status }, select: { id: true, productShopifyId: true } });
}
