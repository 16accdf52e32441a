// Collection: custom (products listed by the merchant) and smart (products
// that meet its rules on tag, vendor or product type).
// https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Collection
// https://shopify.dev/docs/api/admin-graphql/2026-07/queries/collections

import { gid } from "../../gid.js";
import type { CollectionRecord, ProductRecord } from "../../store.js";
import { stripHtml } from "../../text.js";
import { paginate, type PageArgs } from "../connection.js";
import type { FieldResolvers } from "../context.js";
import type { SearchSpec } from "../search-query.js";
import { count, idArg, uint64 } from "./common.js";

export const collectionSearch: SearchSpec<CollectionRecord> = {
  text: (c) => `${c.title} ${c.handle}`,
  fields: {
    id: { kind: "number", get: (c) => c.id },
    title: { kind: "text", get: (c) => c.title },
    handle: { kind: "text", get: (c) => c.handle },
    collection_type: { kind: "enum", get: (c) => (c.ruleSet ? "smart" : "custom") },
    updated_at: { kind: "date", get: (c) => c.updatedAt },
    published_at: { kind: "date", get: (c) => c.publishedAt },
  },
};

/** CollectionSortKeys: ID (the default, and RELEVANCE here), TITLE or UPDATED_AT. */
export function collectionSortValue(sortKey: unknown): ((c: CollectionRecord) => string) | undefined {
  if (sortKey === "TITLE") return (c) => c.title.toLowerCase();
  if (sortKey === "UPDATED_AT") return (c) => c.updatedAt;
  return undefined;
}

/** A custom collection pages in the merchant's order, a smart one by product id. */
function productsOf(c: CollectionRecord, products: ProductRecord[], args: PageArgs, unpaginated: boolean) {
  if (c.ruleSet) return paginate(products, args, { unpaginated });
  const position = new Map(c.productIds.map((id, i) => [id, i]));
  return paginate(products, args, { unpaginated, sortValue: (p) => position.get(p.id) ?? 0 });
}

export const Collection: FieldResolvers<CollectionRecord> = {
  id: (c) => gid("Collection", c.id),
  legacyResourceId: (c) => uint64(c.id),
  description: (c, args) => {
    const text = stripHtml(c.descriptionHtml);
    const max = args.truncateAt as number | null | undefined;
    return max && text.length > max ? `${text.slice(0, Math.max(0, max - 3))}...` : text;
  },
  hasProduct: (c, args, ctx) => {
    const id = idArg(args.id, "Product");
    const product = id === null ? undefined : ctx.shop.store.product(id);
    return product ? ctx.shop.store.inCollection(c, product) : false;
  },
  products: (c, args, ctx) => productsOf(c, ctx.shop.store.collectionProducts(c), args as PageArgs, ctx.unpaginated),
  productsCount: (c, _a, ctx) => count(ctx.shop.store.collectionProducts(c).length),
  ruleSet: (c) => c.ruleSet && { appliedDisjunctively: c.ruleSet.appliedDisjunctively, rules: c.ruleSet.rules.map((r) => ({ ...r, conditionObject: null })) },
  seo: () => ({ title: null, description: null }),
  image: () => null,
  feedback: () => null,
  publishedOnCurrentPublication: (c) => c.publishedAt !== null,
  metafield: () => null,
  translations: () => [],
};
