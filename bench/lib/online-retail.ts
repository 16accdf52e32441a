// The UCI Online Retail log (shared/data/online-retail.csv.gz) as interaction
// events, cleaned the way the reference numbers in shared/data/README.md were
// measured: cancellations, quantity <= 0 and lines without a customer are
// dropped, and so are stock codes that are not products (postage, manual
// adjustments, fees, gift vouchers).

import type { InteractionEvent } from "../../app/services/recommendations/core/types";
import { readOrderLinesCsv, type ColumnMapping, type OrderLinesReport } from "../../app/services/recommendations/import/order-lines-csv";

const NON_PRODUCT_CODES = new Set(["POST", "M", "D", "DOT", "BANK CHARGES", "C2", "PADS", "AMAZONFEE", "CRUK", "S", "B"]);

/** Stock codes that are charges, fees or vouchers rather than products. */
export function isNonProductStockCode(code: string): boolean {
  const c = code.trim().toUpperCase();
  return NON_PRODUCT_CODES.has(c) || c.startsWith("GIFT_0001");
}

/** The Online Retail file's columns. */
export const ONLINE_RETAIL_COLUMNS: ColumnMapping = {
  order: "InvoiceNo",
  customer: "CustomerID",
  product: "StockCode",
  date: "InvoiceDate",
  quantity: "Quantity",
  title: "Description",
};

export interface RetailLog {
  events: InteractionEvent[];
  /** Every product key, sorted, with its first non-empty title. */
  catalog: string[];
  titles: Map<string, string>;
  report: OrderLinesReport;
  dropped: { noCustomer: number; nonProduct: number };
}

export async function loadRetailLog(file: string, mapping: ColumnMapping): Promise<RetailLog> {
  const events: InteractionEvent[] = [];
  const titles = new Map<string, string>();
  const dropped = { noCustomer: 0, nonProduct: 0 };
  const report = await readOrderLinesCsv(file, mapping, {
    onRow: (row) => {
      if (isNonProductStockCode(row.product)) return void dropped.nonProduct++;
      if (row.customer === null) return void dropped.noCustomer++;
      if (row.title && !titles.has(row.product)) titles.set(row.product, row.title);
      events.push({ userKey: row.customer, itemKey: row.product, timestamp: row.date, basketKey: row.order });
    },
  });
  const catalog = [...new Set(events.map((e) => e.itemKey))].sort();
  return { events, catalog, titles, report, dropped };
}
