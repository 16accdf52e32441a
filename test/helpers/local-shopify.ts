import { Session } from "@shopify/shopify-api";
import { startLocalShopify, type LocalShopify } from "../shopify-local/index.js";

/**
 * The local Shopify for a test file, with the app's Admin API transport
 * pointed at it. Call before anything imports app/shopify.server.ts.
 */
export async function startLocalShopifyForApp(options: { appUrl?: string } = {}): Promise<LocalShopify> {
  const shopify = await startLocalShopify({
    apiKey: process.env.SHOPIFY_API_KEY!,
    apiSecret: process.env.SHOPIFY_API_SECRET!,
    appUrl: options.appUrl ?? process.env.SHOPIFY_APP_URL!,
  });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = shopify.origin;
  return shopify;
}

/** Stores the offline session the app would hold after install, as the library stores it. */
export async function storeOfflineSession(shop: string, accessToken: string, scope = "read_products,write_products,read_orders,read_customers") {
  const { sessionStorage } = await import("../../app/shopify.server");
  await sessionStorage.storeSession(new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken, scope }));
}
