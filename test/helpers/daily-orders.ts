import type { OrderRecord } from "../../app/models/records";

const DAY_MS = 86_400_000;

/**
 * One order a day of one variant, for forecasting tests: `units(d)` on the
 * day `d` days before `now` (days with none are skipped). Order and line ids
 * are `orderIds(d)` and `lineIds(d)`, so a test keeps them in its own range
 * (Shopify ids are global across shops).
 */
export function dailyOrders(options: {
  now: Date;
  days: Iterable<number>;
  units: (day: number) => number;
  productId: string;
  variantId: string;
  price: string;
  orderId: (day: number) => string;
  lineId: (day: number) => string;
  sku?: string | null;
  title?: string;
}): OrderRecord[] {
  const orders: OrderRecord[] = [];
  for (const d of options.days) {
    const quantity = options.units(d);
    if (quantity <= 0) continue;
    const at = new Date(options.now.getTime() - d * DAY_MS);
    orders.push({
      shopifyId: options.orderId(d),
      name: `#${options.orderId(d)}`,
      customerShopifyId: null,
      totalPrice: "0.00",
      currencyCode: "GBP",
      financialStatus: "PAID",
      cancelledAt: null,
      processedAt: at,
      shopifyUpdatedAt: at,
      lines: [
        {
          shopifyId: options.lineId(d),
          productShopifyId: options.productId,
          variantShopifyId: options.variantId,
          sku: options.sku ?? null,
          title: options.title ?? "",
          quantity,
          price: options.price,
        },
      ],
    });
  }
  return orders;
}

/**
 * `dailyOrders` of a test file's product number `n` in the file's id range
 * `base`: product `base + n`, its variant `base + 10n`, orders and lines from
 * `base + 100,000` and `base + 500,000` up (1,000 days per product).
 */
export function numberedDailyOrders(
  base: number,
  n: number,
  options: { now: Date; days: Iterable<number>; units: (day: number) => number; price: string },
): OrderRecord[] {
  return dailyOrders({
    ...options,
    productId: String(base + n),
    variantId: String(base + n * 10),
    orderId: (d) => String(base + 100_000 + n * 1000 + d),
    lineId: (d) => String(base + 500_000 + n * 1000 + d),
  });
}

/** 1, 2, …, `to` (days back from now), or `from`…`to`. */
export function daysBack(to: number, from = 1): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
