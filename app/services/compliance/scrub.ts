// Pure functions that take personal data out of stored Shopify payloads.

/** The fields of an order webhook Aisle reads (app/services/sync/mappers.ts); everything else may be personal. */
const ORDER_FIELDS = [
  "id",
  "admin_graphql_api_id",
  "name",
  "created_at",
  "updated_at",
  "processed_at",
  "cancelled_at",
  "currency",
  "total_price",
  "financial_status",
] as const;
const LINE_FIELDS = ["id", "product_id", "variant_id", "title", "quantity", "price", "sku"] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function pick(source: Record<string, unknown>, fields: readonly string[]) {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in source) out[f] = source[f];
  return out;
}

/**
 * An order payload reduced to what Aisle uses, without its customer: no
 * names, emails, phones, addresses, notes or browser details survive, and
 * the order still applies (lines, totals, dates).
 */
export function orderWithoutCustomer(payload: unknown): Record<string, unknown> {
  if (!isObject(payload)) return {};
  const lines = Array.isArray(payload.line_items) ? payload.line_items.filter(isObject).map((l) => pick(l, LINE_FIELDS)) : [];
  return { ...pick(payload, ORDER_FIELDS), customer: null, line_items: lines };
}

/** Identifiers of one customer, as a compliance request gives them. */
export interface CustomerIdentifiers {
  shopifyId: string | null;
  email: string | null;
  phone: string | null;
}

/**
 * Replaces every value that identifies the customer: the id where a value is
 * exactly it (ids are short numbers that occur inside unrelated values), the
 * email and phone wherever a string contains them.
 */
export function withoutIdentifiers(value: unknown, who: CustomerIdentifiers): unknown {
  const contains = [who.email, who.phone].filter((s): s is string => !!s && s.length >= 3).map((s) => s.toLowerCase());
  const walk = (v: unknown): unknown => {
    if (typeof v === "number") return who.shopifyId !== null && String(v) === who.shopifyId ? null : v;
    if (typeof v === "string") {
      if (who.shopifyId !== null && (v === who.shopifyId || v.endsWith(`/Customer/${who.shopifyId}`))) return "[redacted]";
      const lower = v.toLowerCase();
      return contains.some((c) => lower.includes(c)) ? "[redacted]" : v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner)]));
    return v;
  };
  return walk(value);
}

/** Whether an order payload belongs to the customer (by customer id or email) or is one of the orders named. */
export function isOrderOf(payload: unknown, who: CustomerIdentifiers, orderIds: ReadonlySet<string>): boolean {
  if (!isObject(payload)) return false;
  if (payload.id !== undefined && orderIds.has(String(payload.id))) return true;
  const customer = isObject(payload.customer) ? payload.customer : null;
  if (who.shopifyId !== null && customer && String(customer.id) === who.shopifyId) return true;
  const email = who.email?.toLowerCase();
  return !!email && [payload.email, payload.contact_email, customer?.email].some((e) => typeof e === "string" && e.toLowerCase() === email);
}
