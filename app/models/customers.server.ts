import prisma from "../db.server";

/** Everything Aisle holds that is linked to one customer (customers/data_request). */
export async function exportCustomerData(shopId: string, customerShopifyId: string) {
  const customer = await prisma.customer.findUnique({
    where: { shopId_shopifyId: { shopId, shopifyId: customerShopifyId } },
    select: {
      shopifyId: true,
      createdAt: true,
      orders: {
        select: {
          shopifyId: true,
          name: true,
          processedAt: true,
          totalPrice: true,
          currencyCode: true,
          lines: { select: { productShopifyId: true, variantShopifyId: true, title: true, quantity: true, price: true } },
        },
      },
    },
  });
  return customer;
}

export async function saveDataRequest(shopId: string, customerShopifyId: string, requestId: string | null, exportJson: string) {
  return prisma.customerDataRequest.create({
    data: { shopId, customerShopifyId, requestId, export: exportJson },
    select: { id: true },
  });
}

/**
 * customers/redact: the customer's row goes, their orders stay for the
 * shop's statistics but no longer point at anyone.
 */
export async function eraseCustomer(shopId: string, customerShopifyId: string) {
  return prisma.$transaction(async (tx) => {
    // Their storefront behaviour goes too, including what they did as an
    // anonymous visitor on the same browser before signing in.
    const visitors = await tx.storefrontEvent.findMany({
      where: { shopId, customerShopifyId },
      select: { visitorId: true },
      distinct: ["visitorId"],
    });
    const events = await tx.storefrontEvent.deleteMany({
      where: { shopId, OR: [{ customerShopifyId }, { visitorId: { in: visitors.map((v) => v.visitorId) } }] },
    });
    const customer = await tx.customer.findUnique({ where: { shopId_shopifyId: { shopId, shopifyId: customerShopifyId } }, select: { id: true } });
    if (!customer) return events.count > 0;
    await tx.order.updateMany({ where: { shopId, customerId: customer.id }, data: { customerId: null } });
    await tx.customerDataRequest.deleteMany({ where: { shopId, customerShopifyId } });
    await tx.customer.delete({ where: { id: customer.id } });
    return true;
  });
}
