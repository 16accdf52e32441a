import prisma from "../db.server";

export function createJobRecord(shopId: string, queue: string, name: string) {
  return prisma.jobRecord.create({ data: { shopId, queue, name }, select: { id: true } });
}

export async function updateJobRecord(
  shopId: string,
  id: string,
  data: Partial<{ status: "queued" | "active" | "completed" | "failed"; progress: number; attempts: number; error: string | null; startedAt: Date; finishedAt: Date }>,
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
