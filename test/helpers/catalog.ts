import { writeOrders } from "../../app/models/orders.server";
import { writeProducts } from "../../app/models/products.server";
import type { OrderRecord, ProductRecord } from "../../app/models/records";

export function productRecord(id: number, overrides: Partial<ProductRecord> = {}): ProductRecord {
  return {
    shopifyId: String(id),
    title: `Product ${id}`,
    handle: `product-${id}`,
    descriptionHtml: "",
    vendor: `Vendor ${id % 5}`,
    productType: id % 2 ? "Mugs" : "Bags",
    status: "ACTIVE",
    tags: [],
    isGiftCard: false,
    tracksInventory: true,
    shopifyCreatedAt: new Date("2024-01-01T00:00:00Z"),
    shopifyUpdatedAt: new Date("2024-01-01T00:00:00Z"),
    variants: [
      {
        shopifyId: `${id}0`,
        title: "Default",
        sku: `SKU-${id}`,
        price: "5.00",
        compareAtPrice: null,
        inventoryQuantity: 10,
        availableForSale: true,
        position: 1,
      },
    ],
    media: [],
    ...overrides,
  };
}

/**
 * A small store with known structure: products 1..n; customers buy 1 with 2
 * and 3 with 4 again and again, so those pairs are what "bought together"
 * must find.
 */
export async function seedSmallStore(shopId: string, n = 12, customers = 40) {
  await writeProducts(
    shopId,
    Array.from({ length: n }, (_, i) => productRecord(i + 1)),
  );
  const orders: OrderRecord[] = [];
  const day = 86_400_000;
  const start = Date.parse("2024-01-01T00:00:00Z");
  let orderId = 1;
  for (let c = 1; c <= customers; c++) {
    const baskets =
      c % 2
        ? [[1, 2], [5]]
        : [
            [3, 4],
            [6, 1 + (c % n)],
          ];
    baskets.forEach((items, b) => {
      const at = new Date(start + (c * 2 + b) * day);
      orders.push({
        shopifyId: String(orderId++),
        name: `#${orderId}`,
        customerShopifyId: String(1000 + c),
        totalPrice: "10.00",
        currencyCode: "GBP",
        financialStatus: "PAID",
        cancelledAt: null,
        processedAt: at,
        shopifyUpdatedAt: at,
        lines: items.map((p, k) => ({
          shopifyId: `${orderId}-${k}`,
          productShopifyId: String(p),
          variantShopifyId: `${p}0`,
          sku: `SKU-${p}`,
          title: `Product ${p}`,
          quantity: 1,
          price: "5.00",
        })),
      });
    });
  }
  await writeOrders(shopId, orders);
}
