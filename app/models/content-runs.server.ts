import prisma from "../db.server";

// Bulk content runs. Every function takes the shop.

export function createRun(shopId: string, data: { kind: string; provider: string; fields?: string[]; total: number }) {
  return prisma.contentRun.create({
    data: { shopId, kind: data.kind, provider: data.provider, fields: JSON.stringify(data.fields ?? []), total: data.total },
    select: { id: true },
  });
}

export function getRun(shopId: string, runId: string) {
  return prisma.contentRun.findFirst({ where: { id: runId, shopId } });
}

export function listRuns(shopId: string, take = 5) {
  return prisma.contentRun.findMany({ where: { shopId }, orderBy: { createdAt: "desc" }, take });
}

export function updateRun(
  shopId: string,
  runId: string,
  data: { status?: string; batchId?: string | null; error?: string | null; total?: number; finishedAt?: Date | null },
) {
  return prisma.contentRun.updateMany({ where: { id: runId, shopId }, data });
}

/** Finishes a running run (not a cancelled one). */
export function finishRun(shopId: string, runId: string) {
  return prisma.contentRun.updateMany({ where: { id: runId, shopId, status: "running" }, data: { status: "finished", finishedAt: new Date() } });
}
