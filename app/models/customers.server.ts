import prisma from "../db.server";

/** The customer row as held (an id that links orders and behaviour), for customers/data_request. */
export function getCustomer(shopId: string, customerShopifyId: string) {
  return prisma.customer.findUnique({
    where: { shopId_shopifyId: { shopId, shopifyId: customerShopifyId } },
    select: { shopifyId: true, createdAt: true },
  });
}

/** customers/redact: the row goes; orders keep their lines for the shop's statistics but point at no one. */
export async function deleteCustomer(shopId: string, customerShopifyId: string) {
  return prisma.$transaction(async (tx) => {
    const customer = await tx.customer.findUnique({ where: { shopId_shopifyId: { shopId, shopifyId: customerShopifyId } }, select: { id: true } });
    if (!customer) return 0;
    await tx.order.updateMany({ where: { shopId, customerId: customer.id }, data: { customerId: null } });
    await tx.customer.delete({ where: { id: customer.id } });
    return 1;
  });
}
