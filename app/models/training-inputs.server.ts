import prisma from "../db.server";

/**
 * Whether anything a model learns from (orders, products, storefront
 * behaviour) was written for the shop after `since`. Three indexed
 * one-row reads.
 */
export async function trainingInputsChangedSince(shopId: string, since: Date): Promise<boolean> {
  const [order, product, event] = await Promise.all([
    prisma.order.findFirst({ where: { shopId, syncedAt: { gt: since } }, select: { id: true } }),
    prisma.product.findFirst({ where: { shopId, syncedAt: { gt: since } }, select: { id: true } }),
    prisma.storefrontEvent.findFirst({ where: { shopId, receivedAt: { gt: since } }, select: { id: true } }),
  ]);
  return Boolean(order || product || event);
}

/** When the shop's newest model version that did not fail started training, if any. */
export async function lastTrainingStartedAt(shopId: string): Promise<Date | null> {
  const last = await prisma.recommendationModel.findFirst({
    where: { shopId, status: { not: "failed" } },
    orderBy: { version: "desc" },
    select: { createdAt: true },
  });
  return last?.createdAt ?? null;
}
