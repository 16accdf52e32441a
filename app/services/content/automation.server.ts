// What product webhooks mean for content: a new product gets drafts when the
// shop asked for them, and a changed product's drafts awaiting review say so.
// Called after the webhook's own write has committed; a failure here is
// logged and never fails the webhook.

import prisma from "../../db.server";
import { flagChangedProduct } from "../../models/content-drafts.server";
import { logger } from "../../lib/logger.server";
import { draftNewProducts } from "./runs.server";

export async function afterProductWebhooks(shopId: string, changes: { created: string[]; updated: string[] }) {
  try {
    if (changes.updated.length) {
      // A read first: most updates concern products without drafts, and a write costs the one SQLite writer.
      const open = await prisma.contentDraft.count({ where: { shopId, productShopifyId: { in: changes.updated }, status: "ready", productChangedAt: null } });
      if (open) await flagChangedProduct(shopId, changes.updated, new Date());
    }
    if (changes.created.length) await draftNewProducts(shopId, changes.created);
  } catch (err) {
    logger.warn({ err, shopId }, "content automation after product webhooks failed");
  }
}
