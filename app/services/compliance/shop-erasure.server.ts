import { logger } from "../../lib/logger.server";
import { deleteSessions, eraseShop, markShopUninstalled } from "../../models/shops.server";
import { unscheduleTraining } from "../../queues/recommendations.server";
import { appStillInstalled } from "./app-installation.server";

interface KnownShop {
  id: string;
  uninstalledAt: Date | null;
}

/**
 * app/uninstalled. Its body is signed but carries nothing that ties it to
 * this moment, so a captured one could be replayed: act only once Shopify
 * refuses the shop's token. Tokens are dead from then on; the data stays
 * until shop/redact (48 hours later).
 */
export async function handleAppUninstalled(shop: KnownShop | null, shopDomain: string, at: Date): Promise<string> {
  if (await appStillInstalled(shopDomain)) {
    logger.warn({ shop: shopDomain }, "app/uninstalled refused: Shopify still accepts the shop's token");
    return "refused: the app is still installed (Shopify accepted the shop's token)";
  }
  await deleteSessions(shopDomain);
  if (!shop) return "unknown shop: sessions cleared";
  await markShopUninstalled(shop.id, at);
  await unscheduleTraining(shop.id);
  return "uninstalled";
}

/**
 * shop/redact erases only a shop that has uninstalled. A shop still marked
 * installed (its app/uninstalled was missed, or this is a replay) is asked
 * of Shopify first.
 */
export async function handleShopRedact(shop: KnownShop | null, shopDomain: string, at: Date): Promise<string> {
  if (!shop?.uninstalledAt) {
    if (await appStillInstalled(shopDomain)) {
      logger.warn({ shop: shopDomain }, "shop/redact refused: the app is still installed");
      return "refused: the app is still installed on this shop";
    }
    if (shop) await markShopUninstalled(shop.id, at);
  }
  return (await eraseShop(shopDomain)) ? "shop erased" : "nothing held for this shop";
}
