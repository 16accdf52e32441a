import prisma from "../db.server";

export function createReviewImport(shopId: string, fileName: string, format: string) {
  return prisma.reviewImport.create({ data: { shopId, fileName: fileName.slice(0, 200), format }, select: { id: true } });
}

export function finishReviewImport(
  shopId: string,
  id: string,
  data: { status: "succeeded" | "failed"; importedLines: number; duplicateLines: number; rejectedLines: number; rejections: unknown[]; error?: string | null },
) {
  return prisma.reviewImport.updateMany({
    where: { shopId, id },
    data: { ...data, rejections: JSON.stringify(data.rejections), error: data.error ?? null, finishedAt: new Date() },
  });
}

export function listReviewImports(shopId: string, take = 5) {
  return prisma.reviewImport.findMany({
    where: { shopId },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      fileName: true,
      format: true,
      status: true,
      importedLines: true,
      duplicateLines: true,
      rejectedLines: true,
      rejections: true,
      error: true,
      createdAt: true,
    },
  });
}
