// Keeping a shop's collections and their products in step with Shopify
// (docs/decisions/0021-collections.md). The bulk product export brings each
// product's collections; these fill what it cannot:
//   - the full list (a collection with no products is in no product's export),
//   - a collection's products after collections/create or collections/update,
//     whose payloads name none,
//   - a product's smart collections after products/create or products/update:
//     its tags, vendor or type decide them and Shopify sends no
//     collections/update when they change.
import { CollectionProductsQuery } from "../../graphql/collection-products";
import { CollectionsQuery } from "../../graphql/collections";
import { ProductCollectionsQuery } from "../../graphql/product-collections";
import {
  collectionSummaries,
  listCollections,
  markCollectionDeleted,
  replaceCollectionProducts,
  replaceProductCollections,
  writeCollections,
} from "../../models/collections.server";
import { legacyId } from "../../models/records";
import { PageSize, type ShopifyAdmin } from "../shopify-admin.server";
import { collectionFromAdmin } from "../sync/mappers";

const collectionGid = (id: string) => `gid://shopify/Collection/${id}`;
const productGid = (id: string) => `gid://shopify/Product/${id}`;

/**
 * Writes every collection of the shop, and marks deleted the ones held that
 * Shopify no longer lists (their deletion webhook was missed).
 */
export async function syncCollectionList(admin: ShopifyAdmin, shopId: string, now = new Date()): Promise<{ collections: number; deleted: number }> {
  const seen = new Set<string>();
  const page = new PageSize();
  let after: string | null = null;
  for (;;) {
    const { collections }: Awaited<ReturnType<typeof fetchCollections>> = await page.fetch((first) => fetchCollections(admin, first, after));
    const records = collections.nodes.map(collectionFromAdmin);
    await writeCollections(shopId, records);
    for (const r of records) seen.add(r.shopifyId);
    if (!collections.pageInfo.hasNextPage) break;
    after = collections.pageInfo.endCursor ?? null;
  }
  let deleted = 0;
  for (const c of await listCollections(shopId)) {
    if (seen.has(c.shopifyId)) continue;
    if ((await markCollectionDeleted(shopId, c.shopifyId, now)) === "deleted") deleted++;
  }
  return { collections: seen.size, deleted };
}

function fetchCollections(admin: ShopifyAdmin, first: number, after: string | null) {
  return admin.request(CollectionsQuery, { first, after });
}

/**
 * Replaces a collection's products with the ones Shopify lists now (paged,
 * 250 at a time). A collection Shopify no longer has is left to its
 * collections/delete.
 */
export async function refreshCollection(admin: ShopifyAdmin, shopId: string, collectionShopifyId: string): Promise<{ products: number } | null> {
  const products: string[] = [];
  let after: string | null = null;
  let record = null;
  const page = new PageSize();
  for (;;) {
    const { collection }: Awaited<ReturnType<typeof fetchCollectionProducts>> = await page.fetch((first) =>
      fetchCollectionProducts(admin, collectionShopifyId, first, after),
    );
    if (!collection) return null;
    record ??= collectionFromAdmin(collection);
    products.push(...collection.products.nodes.map((p) => legacyId(p.id)));
    if (!collection.products.pageInfo.hasNextPage) break;
    after = collection.products.pageInfo.endCursor ?? null;
  }
  // The Admin API answered for this shop's own token: the collection is the shop's.
  const [outcome] = await writeCollections(shopId, [record]);
  if (outcome === "stale" && (await isDeleted(shopId, collectionShopifyId))) return null;
  await replaceCollectionProducts(shopId, collectionShopifyId, products);
  return { products: products.length };
}

async function isDeleted(shopId: string, collectionShopifyId: string) {
  const [held] = await collectionSummaries(shopId, [collectionShopifyId]);
  return !held || held.deletedAt !== null;
}

function fetchCollectionProducts(admin: ShopifyAdmin, collectionShopifyId: string, first: number, after: string | null) {
  return admin.request(CollectionProductsQuery, { id: collectionGid(collectionShopifyId), first, after });
}

/** Replaces each product's collections with the ones Shopify lists for it now; a product Shopify no longer has is in none. */
export async function refreshProductCollections(admin: ShopifyAdmin, shopId: string, productShopifyIds: string[]): Promise<{ products: number }> {
  const byProduct = new Map<string, string[]>();
  const page = new PageSize();
  for (const productId of new Set(productShopifyIds)) {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { product }: Awaited<ReturnType<typeof fetchProductCollections>> = await page.fetch((first) =>
        fetchProductCollections(admin, productId, first, after),
      );
      if (!product) break;
      const records = product.collections.nodes.map(collectionFromAdmin);
      await writeCollections(shopId, records);
      ids.push(...records.map((r) => r.shopifyId));
      if (!product.collections.pageInfo.hasNextPage) break;
      after = product.collections.pageInfo.endCursor ?? null;
    }
    byProduct.set(productId, ids);
  }
  await replaceProductCollections(shopId, byProduct);
  return { products: byProduct.size };
}

function fetchProductCollections(admin: ShopifyAdmin, productShopifyId: string, first: number, after: string | null) {
  return admin.request(ProductCollectionsQuery, { id: productGid(productShopifyId), first, after });
}
