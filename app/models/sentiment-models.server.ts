import prisma from "../db.server";

export function saveSentimentModel(shopId: string, params: string, metrics: string, reviews: number) {
  return prisma.sentimentModel.create({ data: { shopId, params, metrics, reviews }, select: { id: true } });
}

/** The shop's newest learned model; older ones are pruned. */
export function latestSentimentModel(shopId: string) {
  return prisma.sentimentModel.findFirst({
    where: { shopId },
    orderBy: { createdAt: "desc" },
    select: { id: true, params: true, metrics: true, reviews: true, createdAt: true },
  });
}

export async function pruneSentimentModels(shopId: string, keepId: string) {
  await prisma.sentimentModel.deleteMany({ where: { shopId, id: { not: keepId } } });
}
