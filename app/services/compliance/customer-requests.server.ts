import { z } from "zod";
import { logger } from "../../lib/logger.server";
import { getDataRequest, listDataRequests, saveDataRequest } from "../../models/customer-data-requests.server";
import { legacyId } from "../../models/records";
import { rememberRedactedCustomer } from "../../models/redacted-customers.server";
import { parseWith } from "../sync/mappers";
import { collectCustomerData, eraseCustomerData, type CustomerRequest, type ShopRef } from "./customer-data.server";

// https://shopify.dev/docs/apps/build/privacy-law-compliance
const id = z.union([z.number().int(), z.string().min(1)]).transform((v) => legacyId(v));
const customer = z.object({ id: id.nullish(), email: z.string().nullish(), phone: z.string().nullish() });

const redactSchema = z.object({ customer, orders_to_redact: z.array(id).nullish() });
const dataRequestSchema = z.object({ customer, orders_requested: z.array(id).nullish(), data_request: z.object({ id }).nullish() });

function customerRequest(c: z.output<typeof customer>, orders: string[] | null | undefined): CustomerRequest {
  return { shopifyId: c.id ?? null, email: c.email || null, phone: c.phone || null, orderShopifyIds: orders ?? [] };
}

/** customers/data_request: stores what Aisle holds, for the merchant to download from Privacy requests. */
export async function exportCustomerRequest(shop: ShopRef, payload: unknown): Promise<string> {
  const body = parseWith(dataRequestSchema, payload, "customers/data_request payload");
  const who = customerRequest(body.customer, body.orders_requested);
  const held = await collectCustomerData(shop, who);
  const exportJson = JSON.stringify(
    { customer: { id: who.shopifyId }, requestId: body.data_request?.id ?? null, exportedAt: new Date().toISOString(), held },
    null,
    2,
  );
  await saveDataRequest(shop.id, who.shopifyId ?? "", body.data_request?.id ?? null, exportJson);
  const orders = Array.isArray(held.orders) ? held.orders.length : 0;
  return `exported: ${orders} order(s)`;
}

/**
 * customers/redact: remembers the customer as redacted first (so an order
 * webhook arriving meanwhile is stored without them), then erases them from
 * every owner of customer data.
 */
export async function redactCustomerRequest(shop: ShopRef, payload: unknown): Promise<string> {
  const body = parseWith(redactSchema, payload, "customers/redact payload");
  const who = customerRequest(body.customer, body.orders_to_redact);
  if (who.shopifyId) await rememberRedactedCustomer(shop.id, who.shopifyId);
  const changed = await eraseCustomerData(shop, who);
  logger.info({ shop: shop.domain, changed }, "customer redacted");
  const total = Object.values(changed).reduce((a, b) => a + b, 0);
  return total
    ? `customer erased (${Object.entries(changed)
        .filter(([, n]) => n)
        .map(([k, n]) => `${k}: ${n}`)
        .join(", ")})`
    : "nothing held for this customer";
}

/** The Privacy requests page: the data requests received, newest first. */
export function listCustomerDataRequests(shopId: string) {
  return listDataRequests(shopId);
}

/** One export as a JSON file for the merchant to hand over; null when there is no such request in this shop. */
export async function customerDataExportFile(shopId: string, id: string): Promise<{ fileName: string; body: string } | null> {
  const request = await getDataRequest(shopId, id);
  if (!request) return null;
  const day = request.createdAt.toISOString().slice(0, 10);
  return { fileName: `aisle-customer-${request.customerShopifyId || "unknown"}-${day}.json`, body: request.export };
}
