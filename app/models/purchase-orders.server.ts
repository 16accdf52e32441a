import prisma from "../db.server";

// Purchase orders the merchant marked as ordered: their quantities count as
// incoming stock until received.

export interface PurchaseOrderLineInput {
  variantShopifyId: string;
  sku: string | null;
  title: string;
  quantity: number;
  unitCost: string | null;
}

export function createOrderedPurchaseOrder(shopId: string, vendor: string, lines: readonly PurchaseOrderLineInput[]) {
  return prisma.purchaseOrder.create({
    data: { shopId, vendor, status: "ordered", orderedAt: new Date(), lines: { create: lines.map((l) => ({ ...l })) } },
    select: { id: true },
  });
}

/** Units on open (ordered, not received) purchase orders, per variant. */
export async function incomingFromPurchaseOrders(shopId: string): Promise<Map<string, number>> {
  const lines = await prisma.purchaseOrderLine.findMany({
    where: { purchaseOrder: { shopId, status: "ordered" } },
    select: { variantShopifyId: true, quantity: true },
  });
  const out = new Map<string, number>();
  for (const l of lines) out.set(l.variantShopifyId, (out.get(l.variantShopifyId) ?? 0) + l.quantity);
  return out;
}

export function openPurchaseOrders(shopId: string) {
  return prisma.purchaseOrder.findMany({
    where: { shopId, status: "ordered" },
    orderBy: { orderedAt: "desc" },
    take: 50,
    select: { id: true, vendor: true, orderedAt: true, lines: { select: { variantShopifyId: true, title: true, sku: true, quantity: true } } },
  });
}
