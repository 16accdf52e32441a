import { createHmac, timingSafeEqual } from "node:crypto";

/** Constant-time comparison of two strings of possibly different lengths. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Shopify webhook signature: base64 HMAC-SHA256 of the raw body. */
export function webhookHmac(body: Uint8Array, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export function isValidShopDomain(domain: string | null): domain is string {
  return !!domain && domain.length <= 255 && /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i.test(domain);
}
