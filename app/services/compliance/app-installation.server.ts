import { CurrentAppInstallationQuery } from "../../graphql/current-app-installation";
import { ShopifyAccessError } from "../../lib/errors.server";
import { adminForShop } from "../admin-for-shop.server";

// 401: the token is no longer valid (uninstalled); 404: the shop is gone.
// 402/403/423 (frozen, forbidden, locked) leave the app installed.
const GONE = new Set([401, 404]);

/**
 * Whether the app is still installed on the shop, asked of Shopify itself
 * with the shop's token: a webhook body can be replayed under another
 * shop's header, so app/uninstalled and shop/redact act only once Shopify
 * confirms. No token at all means there is nothing left to act for.
 * Other failures (network, 5xx) throw, so the delivery is retried.
 */
export async function appStillInstalled(shopDomain: string): Promise<boolean> {
  try {
    const admin = await adminForShop(shopDomain);
    await admin.request(CurrentAppInstallationQuery);
    return true;
  } catch (error) {
    if (error instanceof ShopifyAccessError && GONE.has(error.status)) return false;
    throw error;
  }
}
