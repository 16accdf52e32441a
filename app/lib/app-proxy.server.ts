import { createHmac } from "node:crypto";
import { RequestError } from "./errors.server";
import { isValidShopDomain, safeEqual } from "./hmac.server";

/** How old a signed proxy request may be before it is refused as a replay. */
export const PROXY_MAX_AGE_SECONDS = 300;

export interface AppProxyContext {
  shop: string;
  /** Shopify's logged_in_customer_id; null for anonymous visitors. */
  customerId: string | null;
}

/**
 * The signature Shopify adds to app proxy requests: hex HMAC-SHA256, keyed
 * with the app secret, of every query parameter but `signature`, as
 * `key=value` (repeated keys' values joined by ","), sorted, concatenated.
 * https://shopify.dev/docs/apps/build/online-store/display-dynamic-data#calculate-a-digital-signature
 */
export function appProxySignature(params: URLSearchParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped.entries()]
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .sort()
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

/** Verifies an app proxy request; throws RequestError(401) for a forged or stale one. */
export function verifyAppProxy(url: URL, secret: string, nowSeconds = Date.now() / 1000): AppProxyContext {
  const params = url.searchParams;
  const signature = params.get("signature");
  if (!signature || !/^[0-9a-f]{64}$/.test(signature) || !safeEqual(signature, appProxySignature(params, secret))) {
    throw new RequestError(401, "invalid app proxy signature");
  }
  const timestamp = Number(params.get("timestamp"));
  if (!Number.isFinite(timestamp) || Math.abs(nowSeconds - timestamp) > PROXY_MAX_AGE_SECONDS) {
    throw new RequestError(401, "app proxy request expired");
  }
  const shop = params.get("shop");
  if (!isValidShopDomain(shop)) throw new RequestError(401, "app proxy request names no shop");
  const customer = params.get("logged_in_customer_id");
  return { shop, customerId: customer && /^\d{1,20}$/.test(customer) ? customer : null };
}
