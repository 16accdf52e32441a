import prisma from "../db.server";

export interface LocationRecord {
  shopifyId: string;
  name: string;
  isActive: boolean;
}

export async function writeLocations(shopId: string, locations: readonly LocationRecord[]): Promise<void> {
  for (const l of locations) {
    await prisma.location.upsert({
      where: { shopId_shopifyId: { shopId, shopifyId: l.shopifyId } },
      create: { shopId, ...l },
      update: { name: l.name, isActive: l.isActive },
    });
  }
}
