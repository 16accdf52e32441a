import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import { unauthenticated } from "../shopify.server";
import { ShopifyAccessError } from "../lib/errors.server";
import { logger } from "../lib/logger.server";
import { ShopifyAdmin } from "./shopify-admin.server";

/**
 * The Admin API for background work: the shop's offline session from the
 * database, through the library's own client. Jobs carry shop ids only.
 */
export async function adminForShop(shopDomain: string): Promise<ShopifyAdmin> {
  try {
    const { admin } = await unauthenticated.admin(shopDomain);
    return new ShopifyAdmin(admin.graphql, shopDomain, logger.child({ shop: shopDomain }));
  } catch (error) {
    if (error instanceof SessionNotFoundError) {
      throw new ShopifyAccessError(401, `no offline session for ${shopDomain}: the shop must open the app again`);
    }
    throw error;
  }
}
