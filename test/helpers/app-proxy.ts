import { appProxySignature } from "../../app/lib/app-proxy.server";

/** A request as Shopify's app proxy forwards it: the storefront's query plus Shopify's signed parameters. */
export function signedProxyRequest(
  path: string,
  shop: string,
  query: Record<string, string> = {},
  options: { customerId?: string; timestamp?: number; secret?: string; method?: string; body?: string } = {},
): Request {
  const params = new URLSearchParams({
    ...query,
    shop,
    logged_in_customer_id: options.customerId ?? "",
    path_prefix: "/apps/aisle",
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
  });
  params.set("signature", appProxySignature(params, options.secret ?? process.env.SHOPIFY_API_SECRET!));
  return new Request(`http://127.0.0.1/proxy/${path}?${params}`, {
    method: options.method ?? "GET",
    ...(options.body !== undefined ? { body: options.body, headers: { "Content-Type": "application/json" } } : {}),
  });
}
