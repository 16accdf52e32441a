import { randomInt } from "node:crypto";
import { writeOrders } from "../../app/models/orders.server";
import { writeProducts } from "../../app/models/products.server";
import { productRecord } from "./catalog";

/** Product ids of their own for a test (Shopify ids are global across shops): a random block in a high range. */
export function reviewTestIds() {
  const base = 8_700_000_000_000 + randomInt(0, 1_000_000) * 100;
  return (n: number) => base + n;
}

/** Products `ids` for the shop, and one order by `customerShopifyId` holding the first of them. */
export async function seedReviewedProducts(shopId: string, ids: number[], customerShopifyId: string, orderId: number) {
  await writeProducts(
    shopId,
    ids.map((id) => productRecord(id)),
  );
  const at = new Date("2026-01-05T10:00:00Z");
  await writeOrders(shopId, [
    {
      shopifyId: String(orderId),
      name: "#1001",
      customerShopifyId,
      totalPrice: "5.00",
      currencyCode: "USD",
      financialStatus: "PAID",
      cancelledAt: null,
      processedAt: at,
      shopifyUpdatedAt: at,
      lines: [
        { shopifyId: `${orderId}1`, productShopifyId: String(ids[0]), variantShopifyId: `${ids[0]}0`, sku: null, title: "P", quantity: 1, price: "5.00" },
      ],
    },
  ]);
}
