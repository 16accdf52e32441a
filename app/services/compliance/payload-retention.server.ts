import { logger } from "../../lib/logger.server";
import { listShopSettings } from "../../models/shops.server";
import { prunePayloads } from "../../models/webhook-deliveries.server";
import { readSettings, settingsSchema } from "../settings.server";

const DAY_MS = 24 * 3600 * 1000;

/**
 * Blanks the raw payloads of webhook deliveries older than each shop's
 * retention (Settings > Privacy, 30 days by default). The rows stay, so a
 * late redelivery of an old webhook is still recognised as a duplicate.
 * Deliveries of shops Aisle does not know keep the default retention.
 */
export async function pruneWebhookPayloads(now = new Date()): Promise<number> {
  let pruned = 0;
  for (const shop of await listShopSettings()) {
    const days = readSettings(shop.settings).privacy.webhookPayloadRetentionDays;
    pruned += await prunePayloads({ shopId: shop.id }, new Date(now.getTime() - days * DAY_MS));
  }
  const defaultDays = settingsSchema.parse({}).privacy.webhookPayloadRetentionDays;
  pruned += await prunePayloads({ shopId: null }, new Date(now.getTime() - defaultDays * DAY_MS));
  if (pruned) logger.info({ pruned }, "pruned webhook payloads past their retention");
  return pruned;
}
