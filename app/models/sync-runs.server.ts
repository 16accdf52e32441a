import prisma from "../db.server";

export function startSyncRun(shopId: string, resource: "products" | "orders") {
  return prisma.syncRun.create({ data: { shopId, resource }, select: { id: true } });
}

export async function updateSyncRun(
  shopId: string,
  id: string,
  data: Partial<{
    bulkOperationId: string;
    objectCount: number;
    rejectedLines: number;
    rejections: string;
    status: "running" | "succeeded" | "failed";
    error: string | null;
    finishedAt: Date;
  }>,
) {
  await prisma.syncRun.updateMany({ where: { id, shopId }, data });
}

export function listSyncRuns(shopId: string, take = 6) {
  return prisma.syncRun.findMany({
    where: { shopId },
    orderBy: { startedAt: "desc" },
    take,
    select: {
      id: true,
      resource: true,
      status: true,
      objectCount: true,
      rejectedLines: true,
      rejections: true,
      error: true,
      startedAt: true,
      finishedAt: true,
    },
  });
}

/** Across shops: the shops with a run still marked running (for finding interrupted ones). */
export async function listShopsWithRunningSyncRuns() {
  const rows = await prisma.syncRun.findMany({ where: { status: "running" }, distinct: ["shopId"], select: { shopId: true } });
  return rows.map((r) => r.shopId);
}

/** Closes the shop's runs still marked running: the process that ran them stopped. */
export async function failRunningSyncRuns(shopId: string, error: string) {
  const { count } = await prisma.syncRun.updateMany({ where: { shopId, status: "running" }, data: { status: "failed", error, finishedAt: new Date() } });
  return count;
}

/** Sync runs whose kept rejections (excerpts of Shopify's lines) contain any of these strings. */
export function syncRunsMentioning(shopId: string, needles: string[]) {
  const wanted = needles.filter((n) => n.length >= 3);
  if (!wanted.length) return Promise.resolve([]);
  return prisma.syncRun.findMany({ where: { shopId, OR: wanted.map((n) => ({ rejections: { contains: n } })) }, select: { id: true, rejections: true } });
}
