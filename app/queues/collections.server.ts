import { z } from "zod";
import { defaultJobOptions, getQueue } from "./connection.server";

// Refreshing collection membership from the Admin API after a webhook
// (app/services/collections/sync.server.ts): a collection's products after
// collections/create|update, a product's collections after products/create|update.
export const COLLECTIONS_QUEUE = "collections";
export const collectionsJobSchema = z.union([
  z.object({ shopId: z.string().min(1), collectionShopifyId: z.string().regex(/^\d{1,20}$/) }),
  z.object({
    shopId: z.string().min(1),
    productShopifyIds: z
      .array(z.string().regex(/^\d{1,20}$/))
      .min(1)
      .max(250),
  }),
]);
export type CollectionsJob = z.infer<typeof collectionsJobSchema>;

const options = { ...defaultJobOptions, attempts: 5, backoff: { type: "exponential", delay: 5_000 } };

/**
 * One job per version of a collection (a redelivered webhook is the same job).
 * Short delay: a burst of edits to one collection is read once it settles.
 */
export async function enqueueCollectionRefresh(shopId: string, collectionShopifyId: string, updatedAt: Date) {
  await getQueue(COLLECTIONS_QUEUE).add("collection", { shopId, collectionShopifyId } satisfies CollectionsJob, {
    ...options,
    jobId: `collection-${shopId}-${collectionShopifyId}-${updatedAt.getTime()}`,
    delay: 1_000,
  });
}

/** The products a batch of webhooks created or changed: their smart collections may have changed. */
export async function enqueueProductCollectionsRefresh(shopId: string, productShopifyIds: string[]) {
  for (let i = 0; i < productShopifyIds.length; i += 250) {
    await getQueue(COLLECTIONS_QUEUE).add("products", { shopId, productShopifyIds: productShopifyIds.slice(i, i + 250) } satisfies CollectionsJob, {
      ...options,
      delay: 1_000,
    });
  }
}
