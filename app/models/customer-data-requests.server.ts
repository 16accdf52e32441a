import prisma from "../db.server";

export function saveDataRequest(shopId: string, customerShopifyId: string, requestId: string | null, exportJson: string) {
  return prisma.customerDataRequest.create({
    data: { shopId, customerShopifyId, requestId, export: exportJson },
    select: { id: true },
  });
}

/** The admin's list: when and for which request, not the data itself. */
export function listDataRequests(shopId: string, take = 50) {
  return prisma.customerDataRequest.findMany({
    where: { shopId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, customerShopifyId: true, requestId: true, createdAt: true },
  });
}

export function getDataRequest(shopId: string, id: string) {
  return prisma.customerDataRequest.findFirst({
    where: { shopId, id },
    select: { id: true, customerShopifyId: true, requestId: true, export: true, createdAt: true },
  });
}

/** customers/redact: an export is the customer's data too. */
export async function deleteDataRequestsOf(shopId: string, customerShopifyId: string) {
  const { count } = await prisma.customerDataRequest.deleteMany({ where: { shopId, customerShopifyId } });
  return count;
}
