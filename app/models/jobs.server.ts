import prisma from "../db.server";

export function createJobRecord(shopId: string, queue: string, name: string) {
  return prisma.jobRecord.create({ data: { shopId, queue, name }, select: { id: true } });
}

export async function updateJobRecord(
  shopId: string,
  id: string,
  data: Partial<{
    status: "queued" | "active" | "completed" | "failed";
    progress: number;
    attempts: number;
    error: string | null;
    startedAt: Date;
    finishedAt: Date;
  }>,
) {
  await prisma.jobRecord.updateMany({ where: { id, shopId }, data });
}

export function listRecentJobs(shopId: string, take = 10) {
  return prisma.jobRecord.findMany({
    where: { shopId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, queue: true, name: true, status: true, progress: true, error: true, createdAt: true, finishedAt: true },
  });
}

/** Across shops: job records not finished yet (for finding those a stopped worker or a lost queue left behind). */
export function listUnfinishedJobRecords() {
  return prisma.jobRecord.findMany({
    where: { status: { in: ["queued", "active"] } },
    select: { id: true, shopId: true, queue: true, status: true, createdAt: true },
  });
}

/** Fails the given records if they are still unfinished (one that finished meanwhile keeps its outcome). */
export async function failUnfinishedJobRecords(shopId: string, ids: string[], error: string) {
  if (!ids.length) return 0;
  const { count } = await prisma.jobRecord.updateMany({
    where: { shopId, id: { in: ids }, status: { in: ["queued", "active"] } },
    data: { status: "failed", error, finishedAt: new Date() },
  });
  return count;
}

/** The shop's latest job record of a queue (its most recent run of that kind of job). */
export function latestJobRecord(shopId: string, queue: string) {
  return prisma.jobRecord.findFirst({
    where: { shopId, queue },
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true, progress: true, attempts: true, error: true, createdAt: true, startedAt: true, finishedAt: true },
  });
}
