import { deleteCustomer, getCustomer } from "../../models/customers.server";
import { deleteDataRequestsOf } from "../../models/customer-data-requests.server";
import { ordersOfCustomer } from "../../models/orders.server";
import { anonymiseReviewsOfCustomer, reviewsOfCustomer } from "../../models/reviews.server";
import { deleteEventsOfCustomer, eventsOfCustomer } from "../../models/storefront-events.server";
import { syncRunsMentioning, updateSyncRun } from "../../models/sync-runs.server";
import { deliveriesMentioning, replaceDeliveryPayload } from "../../models/webhook-deliveries.server";
import { isOrderOf, orderWithoutCustomer, withoutIdentifiers, type CustomerIdentifiers } from "./scrub";

/** The customer a compliance request is about, as Shopify names them. */
export interface CustomerRequest extends CustomerIdentifiers {
  /** orders_to_redact / orders_requested. */
  orderShopifyIds: string[];
}

export interface ShopRef {
  id: string;
  domain: string;
}

/**
 * One place that holds personal data about a shop's customers. Every table
 * (or stored payload) that can hold a customer's data has an entry here, so
 * customers/data_request exports it and customers/redact erases it; a new
 * feature that stores customer data adds its entry, and the PII scan test
 * (customer-data.test.ts) fails until it does.
 */
export interface CustomerDataOwner {
  /** The key of this owner's section in the export. */
  name: string;
  /** What it holds about the customer; omitted when it holds nothing to hand over (or only copies). */
  export?: (shop: ShopRef, customer: CustomerRequest) => Promise<unknown>;
  /** Erases it; returns how many rows it changed. Must be idempotent: a failed redaction is retried whole. */
  erase: (shop: ShopRef, customer: CustomerRequest) => Promise<number>;
}

const isOrderTopic = (topic: string) => topic.startsWith("orders/");
const isCustomerTopic = (topic: string) => topic.startsWith("customers/");

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Raw webhook payloads that mention the customer (orders, earlier compliance requests). */
async function customerDeliveries(shop: ShopRef, c: CustomerRequest) {
  const needles = [c.shopifyId, c.email, c.phone, ...c.orderShopifyIds].filter((n): n is string => !!n);
  const orderIds = new Set(c.orderShopifyIds);
  const rows = await deliveriesMentioning(shop.domain, needles);
  return rows.map((row) => {
    const payload = parse(row.payload);
    const isOrder = isOrderTopic(row.topic) && isOrderOf(payload, c, orderIds);
    return { ...row, parsed: payload, isOrder };
  });
}

function scrubbedPayload(topic: string, payload: unknown, isOrder: boolean, c: CustomerRequest): string {
  if (payload === null) return "";
  if (isOrder) return JSON.stringify(orderWithoutCustomer(payload));
  if (isCustomerTopic(topic) && typeof payload === "object" && !Array.isArray(payload)) {
    // Keep which request it was (shop, request id, order ids); the customer goes.
    return JSON.stringify(withoutIdentifiers({ ...(payload as object), customer: null }, c));
  }
  return JSON.stringify(withoutIdentifiers(payload, c));
}

export const CUSTOMER_DATA_OWNERS: CustomerDataOwner[] = [
  {
    name: "customer",
    export: (shop, c) => (c.shopifyId ? getCustomer(shop.id, c.shopifyId) : Promise.resolve(null)),
    erase: (shop, c) => (c.shopifyId ? deleteCustomer(shop.id, c.shopifyId) : Promise.resolve(0)),
  },
  {
    name: "orders",
    // Orders stay for the shop's statistics; deleteCustomer unlinks them. They hold no personal fields.
    export: (shop, c) => (c.shopifyId ? ordersOfCustomer(shop.id, c.shopifyId) : Promise.resolve([])),
    erase: async () => 0,
  },
  {
    name: "storefrontEvents",
    export: (shop, c) => (c.shopifyId ? eventsOfCustomer(shop.id, c.shopifyId) : Promise.resolve([])),
    erase: (shop, c) => (c.shopifyId ? deleteEventsOfCustomer(shop.id, c.shopifyId) : Promise.resolve(0)),
  },
  {
    name: "webhookPayloads",
    export: async (shop, c) => (await customerDeliveries(shop, c)).filter((d) => d.isOrder).map((d) => ({ topic: d.topic, payload: d.parsed })),
    erase: async (shop, c) => {
      let changed = 0;
      for (const d of await customerDeliveries(shop, c)) {
        const scrubbed = scrubbedPayload(d.topic, d.parsed, d.isOrder, c);
        if (scrubbed === d.payload) continue;
        await replaceDeliveryPayload(d.id, scrubbed);
        changed++;
      }
      return changed;
    },
  },
  {
    // Reviews the customer wrote (logged in on the storefront, or imported with their email).
    // Redaction anonymises them: the shop keeps the stars and words, not who wrote them.
    name: "reviews",
    export: (shop, c) => (c.shopifyId || c.email ? reviewsOfCustomer(shop.id, c.shopifyId ?? "", c.email ?? null) : Promise.resolve([])),
    erase: (shop, c) => anonymiseReviewsOfCustomer(shop.id, c.shopifyId ?? null, c.email ?? null, c.phone ?? null),
  },
  {
    // Exports made for earlier data requests are copies of the customer's data.
    name: "dataRequests",
    erase: (shop, c) => (c.shopifyId ? deleteDataRequestsOf(shop.id, c.shopifyId) : Promise.resolve(0)),
  },
  {
    // Excerpts of rejected bulk-import lines, kept for inspection: cut-off
    // JSON, so an excerpt that names the customer goes whole.
    name: "syncRejections",
    erase: async (shop, c) => {
      const needles = [c.shopifyId, c.email, c.phone].filter((n): n is string => !!n);
      const runs = await syncRunsMentioning(shop.id, needles);
      for (const run of runs) {
        const kept = parse(run.rejections);
        const rows = (Array.isArray(kept) ? kept : []) as Record<string, unknown>[];
        const clean = rows.map((r) => (needles.some((n) => JSON.stringify(r).includes(n)) ? { line: r.line, reason: "[redacted]", excerpt: "[redacted]" } : r));
        await updateSyncRun(shop.id, run.id, { rejections: JSON.stringify(clean) });
      }
      return runs.length;
    },
  },
];

/** Everything Aisle holds about the customer, by owner. */
export async function collectCustomerData(shop: ShopRef, customer: CustomerRequest): Promise<Record<string, unknown>> {
  const sections: Record<string, unknown> = {};
  for (const owner of CUSTOMER_DATA_OWNERS) if (owner.export) sections[owner.name] = await owner.export(shop, customer);
  return sections;
}

/** Erases the customer from every owner; returns rows changed per owner. */
export async function eraseCustomerData(shop: ShopRef, customer: CustomerRequest): Promise<Record<string, number>> {
  const changed: Record<string, number> = {};
  for (const owner of CUSTOMER_DATA_OWNERS) changed[owner.name] = await owner.erase(shop, customer);
  return changed;
}
