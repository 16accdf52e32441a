import prisma from "../db.server";

// Published versions of product fields. Every function takes the shop.

export function listVersions(shopId: string, productShopifyId: string) {
  return prisma.contentVersion.findMany({ where: { shopId, productShopifyId }, orderBy: [{ publishedAt: "desc" }, { id: "desc" }] });
}

export function getVersion(shopId: string, versionId: string) {
  return prisma.contentVersion.findFirst({ where: { id: versionId, shopId } });
}
