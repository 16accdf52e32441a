import { randomUUID } from "node:crypto";
import { webhookHmac } from "../../app/lib/hmac.server";

export interface SignedWebhookOptions {
  topic: string;
  shop: string;
  payload: unknown;
  webhookId?: string;
  triggeredAt?: string;
  secret?: string;
  /** Replace the signature (forged) or drop it (null). */
  hmac?: string | null;
  rawBody?: string;
}

/** A webhook request exactly as Shopify sends it (headers and HMAC). */
export function signedWebhookRequest(url: string, o: SignedWebhookOptions): Request {
  const body = o.rawBody ?? JSON.stringify(o.payload);
  const secret = o.secret ?? process.env.SHOPIFY_API_SECRET!;
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": o.topic,
    "X-Shopify-Shop-Domain": o.shop,
    "X-Shopify-API-Version": "2026-07",
    "X-Shopify-Webhook-Id": o.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Triggered-At": o.triggeredAt ?? new Date().toISOString(),
  };
  const hmac = o.hmac === undefined ? webhookHmac(Buffer.from(body), secret) : o.hmac;
  if (hmac !== null) headers["X-Shopify-Hmac-Sha256"] = hmac;
  return new Request(url, { method: "POST", headers, body });
}

export function productPayload(id: number, updatedAt: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Product/${id}`,
    title: `Product ${id}`,
    handle: `product-${id}`,
    body_html: "<p>A thing</p>",
    vendor: "Aisle Test",
    product_type: "Mugs",
    status: "active",
    tags: "gift, kitchen",
    created_at: "2024-01-01T00:00:00Z",
    updated_at: updatedAt,
    variants: [{ id: id * 10, product_id: id, title: "Default", price: "4.50", sku: `SKU${id}`, inventory_quantity: 5, position: 1 }],
    // Shopify's placeholder for a product without options of its own.
    options: [{ id: id * 1000, product_id: id, name: "Title", position: 1, values: ["Default Title"] }],
    images: [{ id: id * 100, src: `https://cdn.example.com/${id}.png`, alt: null, position: 1 }],
    ...overrides,
  };
}

export function orderPayload(id: number, updatedAt: string, customerId: number | null, productIds: number[]) {
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    created_at: "2024-02-01T10:00:00Z",
    updated_at: updatedAt,
    processed_at: "2024-02-01T10:00:00Z",
    cancelled_at: null,
    currency: "GBP",
    total_price: "9.00",
    financial_status: "paid",
    customer: customerId ? { id: customerId, email: "someone@example.com" } : null,
    line_items: productIds.map((p, i) => ({
      id: id * 100 + i,
      product_id: p,
      variant_id: p * 10,
      title: `Product ${p}`,
      quantity: 1,
      price: "4.50",
      sku: `SKU${p}`,
    })),
  };
}
