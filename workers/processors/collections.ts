import { UnrecoverableError, type Job } from "bullmq";
import { findShop } from "../../app/models/shops.server";
import { collectionsJobSchema } from "../../app/queues/collections.server";
import { adminForShop } from "../../app/services/admin-for-shop.server";
import { refreshCollection, refreshProductCollections } from "../../app/services/collections/sync.server";
import { ShopifyAccessError } from "../../app/lib/errors.server";

/**
 * Refreshes collection membership from the Admin API: a collection's products
 * (after collections/create|update) or some products' collections (after
 * products/create|update). Safe to run twice: each replaces a full list.
 */
export async function processCollectionsJob(job: Job) {
  const data = collectionsJobSchema.parse(job.data);
  const shop = await findShop(data.shopId);
  if (!shop) throw new UnrecoverableError(`shop ${data.shopId} no longer exists`);
  if (shop.uninstalledAt) return { skipped: "the shop has uninstalled the app" };
  try {
    const admin = await adminForShop(shop.domain);
    if ("collectionShopifyId" in data) return (await refreshCollection(admin, shop.id, data.collectionShopifyId)) ?? { skipped: "collection gone" };
    return await refreshProductCollections(admin, shop.id, data.productShopifyIds);
  } catch (error) {
    if (error instanceof ShopifyAccessError) throw new UnrecoverableError(error.message);
    throw error;
  }
}
