import { SetProductRatingsMutation } from "../../graphql/set-product-ratings";
import { productRating } from "../../models/reviews.server";
import { logger } from "../../lib/logger.server";
import type { ShopifyAdmin } from "../shopify-admin.server";

// metafieldsSet takes at most 25 metafields a call: two per product.
const PRODUCTS_PER_CALL = 12;

/** Writes each product's published average rating and count to its reviews.rating / reviews.rating_count metafields. */
export async function publishProductRatings(admin: ShopifyAdmin, shopId: string, productShopifyIds: string[]) {
  let written = 0;
  for (let i = 0; i < productShopifyIds.length; i += PRODUCTS_PER_CALL) {
    const metafields = [];
    for (const id of productShopifyIds.slice(i, i + PRODUCTS_PER_CALL)) {
      const { average, count } = await productRating(shopId, id);
      const ownerId = `gid://shopify/Product/${id}`;
      metafields.push(
        {
          ownerId,
          namespace: "reviews",
          key: "rating",
          type: "rating",
          value: JSON.stringify({ value: (Math.round(average * 100) / 100).toFixed(2), scale_min: "1.0", scale_max: "5.0" }),
        },
        { ownerId, namespace: "reviews", key: "rating_count", type: "number_integer", value: String(count) },
      );
    }
    await admin.mutate(SetProductRatingsMutation, { metafields });
    written += metafields.length / 2;
  }
  return written;
}

/** The same, for callers whose own work is done: a Shopify failure is logged, and the next change writes the ratings again. */
export async function publishRatingsQuietly(admin: ShopifyAdmin, shopId: string, productShopifyIds: string[]) {
  if (!productShopifyIds.length) return 0;
  try {
    return await publishProductRatings(admin, shopId, productShopifyIds);
  } catch (err) {
    logger.warn({ err, shopId }, "could not write the products' rating metafields");
    return 0;
  }
}
