import {
  COMPLEMENTARY_KEY,
  COMPLEMENTARY_NAMESPACE,
  SetComplementaryProductsMutation,
  type SetComplementaryProducts,
} from "../../graphql/set-complementary-products";
import { approvedComplementsOf, setComplementaryStatus } from "../../models/recommendations.server";
import { RequestError } from "../../lib/errors.server";
import type { ShopifyAdmin } from "../shopify-admin.server";

const productGid = (id: string) => `gid://shopify/Product/${id}`;
/** Shopify allows a list metafield of product references up to 128 entries; Search & Discovery shows the first ten. */
const MAX_COMPLEMENTS = 10;

/**
 * Publishes a product's approved complementary products to its Search &
 * Discovery metafield. The metafield holds the whole list, so publishing one
 * product writes all of its approved complements at once.
 */
export async function publishComplements(admin: ShopifyAdmin, shopId: string, productShopifyId: string) {
  const approved = await approvedComplementsOf(shopId, productShopifyId);
  if (!approved.length) throw new RequestError(400, "approve at least one complementary product first");
  const chosen = approved.slice(0, MAX_COMPLEMENTS);
  await admin.mutate<SetComplementaryProducts>(SetComplementaryProductsMutation, {
    metafields: [
      {
        ownerId: productGid(productShopifyId),
        namespace: COMPLEMENTARY_NAMESPACE,
        key: COMPLEMENTARY_KEY,
        type: "list.product_reference",
        value: JSON.stringify(chosen.map((c) => productGid(c.complementShopifyId))),
      },
    ],
  });
  await setComplementaryStatus(shopId, chosen.map((c) => c.id), "published");
  return chosen.length;
}
