// What product webhooks mean for content: a new product gets drafts when the
// shop asked for them, and a changed product's drafts awaiting review say so.
// Called after the webhook's own write has committed; a failure here is
// logged and never fails the webhook.

import { flagChangedProduct, hasUnflaggedReadyDrafts } from "../../models/content-drafts.server";
import { shopSettingsJson } from "../../models/shops.server";
import { logger } from "../../lib/logger.server";
import { readSettings } from "../settings.server";
import { draftNewProducts } from "./runs.server";

export async function afterProductWebhooks(shopId: string, changes: { created: string[]; updated: string[] }) {
  try {
    if (changes.updated.length) {
      // A read first: most updates concern products without drafts, and a write costs the one SQLite writer.
      if (await hasUnflaggedReadyDrafts(shopId, changes.updated)) await flagChangedProduct(shopId, changes.updated, new Date());
    }
    // The setting is read first (plain SQL): most shops do not draft new products automatically.
    if (changes.created.length && readSettings(await shopSettingsJson(shopId)).content.draftNewProducts) await draftNewProducts(shopId, changes.created);
  } catch (err) {
    logger.warn({ err, shopId }, "content automation after product webhooks failed");
  }
}
