import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

// The Admin API client of @shopify/shopify-api sends every request through
// one fetch function. When SHOPIFY_ADMIN_API_ORIGIN is set (tests, benchmarks,
// the demo) that function sends https://{shop}/admin/... to the local Shopify
// instead; the client, its headers and its error handling stay the real ones.
export function localShopifyFetch(origin: string, baseFetch: typeof fetch = globalThis.fetch): typeof fetch {
  const target = new URL(origin);
  return (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (url.pathname.startsWith("/admin/")) {
      const headers = new Headers(init?.headers);
      headers.set("X-Shopify-Shop-Domain", url.hostname);
      url.protocol = target.protocol;
      url.host = target.host;
      return baseFetch(url, { ...init, headers });
    }
    return baseFetch(input, init);
  };
}

let installed = false;
export function installShopifyTransport(origin: string | undefined) {
  if (!origin || installed) return;
  setAbstractFetchFunc(localShopifyFetch(origin));
  installed = true;
}
