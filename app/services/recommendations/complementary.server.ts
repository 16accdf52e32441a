import { COMPLEMENTARY_KEY, COMPLEMENTARY_NAMESPACE, SetComplementaryProductsMutation } from "../../graphql/set-complementary-products";
import {
  approvedComplementsOf,
  countComplementaryByStatus,
  listComplementaryPairs,
  productsAwaitingPublication,
  setComplementaryStatus,
} from "../../models/recommendations.server";
import { HttpRequestError } from "@shopify/shopify-api";
import { RequestError, ShopifyAccessError, ShopifyUserErrors } from "../../lib/errors.server";
import { logger } from "../../lib/logger.server";
import type { ShopifyAdmin } from "../shopify-admin.server";
import { PAIR_STATUSES, type PairStatus } from "./labels";
import { describeProducts } from "./products.server";

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
  await admin.mutate(SetComplementaryProductsMutation, {
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
  await setComplementaryStatus(
    shopId,
    chosen.map((c) => c.id),
    "published",
  );
  return chosen.length;
}

/** Suggested (or decided) pairs with both products, and the products ready to publish. */
export async function getComplementaryReview(shopId: string, status: PairStatus | "all", { page = 1, pageSize = 25 } = {}) {
  const [rows, counts, awaiting] = await Promise.all([
    // One more than a page: whether there is a next page, without a count.
    listComplementaryPairs(shopId, status === "all" ? undefined : status, pageSize + 1, (page - 1) * pageSize),
    countComplementaryByStatus(shopId),
    productsAwaitingPublication(shopId),
  ]);
  const pairs = rows.slice(0, pageSize);
  const products = await describeProducts(shopId, [
    ...pairs.flatMap((p) => [p.productShopifyId, p.complementShopifyId]),
    ...awaiting.map((a) => a.productShopifyId),
  ]);
  return {
    pairs: pairs.map((p) => ({
      id: p.id,
      product: products[p.productShopifyId],
      complement: products[p.complementShopifyId],
      score: p.score,
      status: p.status as PairStatus,
      publishedAt: p.publishedAt,
    })),
    hasNext: rows.length > pageSize,
    counts: Object.fromEntries(PAIR_STATUSES.map((s) => [s, counts[s] ?? 0])) as Record<PairStatus, number>,
    awaiting: awaiting.map((a) => ({ product: products[a.productShopifyId], approved: a.approved })),
  };
}

/** Staff approve or reject pairs (a rejected pair is never suggested again). */
export async function decidePairs(shopId: string, ids: string[], decision: "approved" | "rejected") {
  if (ids.length) await setComplementaryStatus(shopId, ids, decision);
  return ids.length;
}

/**
 * Publishes one product's approved complements; Shopify's userErrors (and
 * a product with nothing approved) come back as messages for staff rather
 * than as a failed request.
 */
export async function publishProductComplements(
  admin: ShopifyAdmin,
  shopId: string,
  productShopifyId: string,
): Promise<{ ok: true; published: number } | { ok: false; errors: string[] }> {
  try {
    return { ok: true, published: await publishComplements(admin, shopId, productShopifyId) };
  } catch (error) {
    if (error instanceof ShopifyUserErrors)
      return { ok: false, errors: error.userErrors.map((e) => (e.field?.length ? `${e.field.join(".")}: ${e.message}` : e.message)) };
    if (error instanceof RequestError || error instanceof ShopifyAccessError) return { ok: false, errors: [error.message] };
    // Shopify did not answer at all: nothing was written, staff may simply try again.
    if (error instanceof HttpRequestError) {
      logger.warn({ err: error, shopId, productShopifyId }, "could not reach Shopify to publish complementary products");
      return { ok: false, errors: ["Shopify could not be reached. Nothing was published; try again in a moment."] };
    }
    throw error;
  }
}
