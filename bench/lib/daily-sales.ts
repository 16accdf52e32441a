// Daily unit sales per product from an order-lines or daily-sales CSV, for
// the forecasting evaluation and benchmark. Reads through the order import's
// CSV reader, so every date format, delimiter and encoding it accepts works
// here, and its report says which lines were left out and why. Returns and
// cancellations (negative quantities, order ids starting with "C") are not
// demand and are skipped; lines whose product is a fee or postage code are
// dropped.

import { readOrderLinesCsv, type OrderLinesReport } from "../../app/services/recommendations/import/order-lines-csv";
import { isNonProductStockCode } from "./online-retail";

export interface SalesColumns {
  product: string;
  date: string;
  quantity: string;
  /** Order id column (order-lines files); cancellations are recognised by it. */
  order?: string;
  /** Unit price column, to value stock when there is no cost column. */
  price?: string;
}

export interface DailySales {
  /** Epoch day (UTC) of index 0. */
  firstDay: number;
  days: number;
  products: string[];
  /** Units per day, per product (same order as `products`). */
  sales: Float64Array[];
  /** Median unit price per product, or NaN when the file has none. */
  unitValue: Float64Array;
  report: OrderLinesReport;
}

const DAY_MS = 86_400_000;

export async function loadDailySales(file: string, columns: SalesColumns, options: { dayFirst?: boolean; keepAllCodes?: boolean } = {}): Promise<DailySales> {
  const byProduct = new Map<string, { days: Map<number, number>; prices: number[] }>();
  let minDay = Infinity;
  let maxDay = -Infinity;
  const report = await readOrderLinesCsv(
    file,
    {
      // A daily-sales file has no order or customer column: any present column stands in.
      order: columns.order ?? columns.date,
      customer: columns.product,
      product: columns.product,
      date: columns.date,
      quantity: columns.quantity,
      price: columns.price,
    },
    {
      dayFirst: options.dayFirst,
      cancellationPrefix: columns.order ? "C" : null,
      onRow: (row) => {
        if (!options.keepAllCodes && isNonProductStockCode(row.product)) return;
        const day = Math.floor(row.date / DAY_MS);
        minDay = Math.min(minDay, day);
        maxDay = Math.max(maxDay, day);
        let p = byProduct.get(row.product);
        if (!p) byProduct.set(row.product, (p = { days: new Map(), prices: [] }));
        p.days.set(day, (p.days.get(day) ?? 0) + row.quantity);
        if (row.price !== undefined && row.price > 0 && p.prices.length < 200) p.prices.push(row.price);
      },
    },
  );
  if (!byProduct.size) return { firstDay: 0, days: 0, products: [], sales: [], unitValue: new Float64Array(), report };
  const days = maxDay - minDay + 1;
  const products = [...byProduct.keys()].sort();
  const sales = products.map((key) => {
    const s = new Float64Array(days);
    for (const [day, q] of byProduct.get(key)!.days) s[day - minDay] = q;
    return s;
  });
  const unitValue = Float64Array.from(products, (key) => {
    const prices = byProduct.get(key)!.prices.sort((a, b) => a - b);
    return prices.length ? prices[prices.length >> 1] : NaN;
  });
  return { firstDay: minDay, days, products, sales, unitValue, report };
}

/** Weekday (0 = Monday) of an epoch day. */
export const weekdayOfEpochDay = (day: number) => (((day + 3) % 7) + 7) % 7;
