// QueryRoot: the entry points of the Admin API.
// https://shopify.dev/docs/api/admin-graphql/2026-07/queries

import { GraphQLError } from "graphql";
import { parseGid } from "../../gid.js";
import { paginate, sortForPaging, type PageArgs, type SortValue } from "../connection.js";
import type { Args, FieldResolvers, RequestContext } from "../context.js";
import { compileSearch, type SearchSpec } from "../search-query.js";
import { collectionSearch, collectionSortValue } from "./collection.js";
import { count, idArg } from "./common.js";
import { customerSearch, customerSortValue, orderSearch, orderSortValue } from "./order.js";
import { productSearch, productSortValue, variantSearch, variantSortValue } from "./product.js";
import { appInstallation, shopObject } from "./shop.js";
import { urlRedirectSearch, urlRedirectSortValue } from "./url-redirect.js";

/** Filters (query:), sorts (sortKey:, reverse:) and pages one top-level list. */
function listField<T extends { id: number }>(
  path: string,
  all: readonly T[],
  args: Args,
  ctx: RequestContext,
  spec: SearchSpec<T>,
  sortValue: ((item: T) => SortValue) | undefined,
) {
  const filtered = filter(path, all, args, ctx, spec);
  // `all` is in id order already; only other sort keys need a sort.
  const sorted = sortValue ? sortForPaging(filtered, sortValue) : filtered;
  return paginate(sorted, args as PageArgs, { unpaginated: ctx.unpaginated, sortValue });
}

function filter<T>(path: string, all: readonly T[], args: Args, ctx: RequestContext, spec: SearchSpec<T>): readonly T[] {
  const query = typeof args.query === "string" ? args.query : "";
  if (!query.trim()) return all;
  const search = compileSearch(query, spec);
  if (search.warnings.length) ctx.searchWarnings.push({ path: [path], query, warnings: search.warnings });
  return all.filter(search.matches);
}

/** Counts answer exactly up to `limit` (default 10,000), then "at least". */
function countOf(n: number, limit: unknown) {
  const max = typeof limit === "number" ? limit : 10_000;
  return n > max ? { count: max, precision: "AT_LEAST" } : count(n);
}

/** The record behind any gid the local Shopify knows, for node/nodes. */
export function nodeById(value: unknown, ctx: RequestContext): unknown {
  const parsed = typeof value === "string" ? parseGid(value) : null;
  if (!parsed) {
    throw new GraphQLError(`Invalid global id '${String(value)}'`, { extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" } });
  }
  const { store } = ctx.shop;
  switch (parsed.type) {
    case "Product":
      return store.product(parsed.id) ?? null;
    case "ProductVariant":
      return store.variant(parsed.id) ?? null;
    case "MediaImage":
      return store.mediaImage(parsed.id) ?? null;
    case "Metafield":
      return store.metafield(parsed.id) ?? null;
    case "Order":
      return store.order(parsed.id) ?? null;
    case "LineItem":
      return store.lineItem(parsed.id) ?? null;
    case "Customer":
      return store.customer(parsed.id) ?? null;
    case "InventoryItem":
      return store.inventory.item(parsed.id) ?? null;
    case "Location":
      return store.inventory.location(parsed.id) ?? null;
    case "BulkOperation":
      return ctx.shop.bulk.get(parsed.id) ?? null;
    case "Shop":
      return parsed.id === store.settings.id ? shopObject(ctx) : null;
    case "AppInstallation":
      return appInstallation(ctx);
    case "UrlRedirect":
      return store.urlRedirect(parsed.id) ?? null;
    case "Collection":
      return store.collection(parsed.id) ?? null;
    default:
      return null;
  }
}

export const QueryRoot: FieldResolvers<unknown> = {
  shop: (_s, _a, ctx) => shopObject(ctx),
  appInstallation: (_s, _a, ctx) => appInstallation(ctx),
  currentAppInstallation: (_s, _a, ctx) => appInstallation(ctx),

  node: (_s, args, ctx) => nodeById(args.id, ctx),
  nodes: (_s, args, ctx) => (args.ids as string[]).map((id) => nodeById(id, ctx)),

  products: (_s, args, ctx) => listField("products", ctx.shop.store.productList(), args, ctx, productSearch, productSortValue(args.sortKey)),
  productsCount: (_s, args, ctx) => countOf(filter("productsCount", ctx.shop.store.productList(), args, ctx, productSearch).length, args.limit),
  product: (_s, args, ctx) => {
    const id = idArg(args.id, "Product");
    return id === null ? null : (ctx.shop.store.product(id) ?? null);
  },
  productByHandle: (_s, args, ctx) => ctx.shop.store.productByHandle(String(args.handle)) ?? null,
  productByIdentifier: (_s, args, ctx) => {
    const identifier = args.identifier as { id?: string | null; handle?: string | null };
    if (identifier.id) {
      const id = idArg(identifier.id, "Product");
      return id === null ? null : (ctx.shop.store.product(id) ?? null);
    }
    return identifier.handle ? (ctx.shop.store.productByHandle(identifier.handle) ?? null) : null;
  },

  productVariants: (_s, args, ctx) => listField("productVariants", ctx.shop.store.variantList(), args, ctx, variantSearch, variantSortValue(args.sortKey)),
  productVariantsCount: (_s, args, ctx) => countOf(filter("productVariantsCount", ctx.shop.store.variantList(), args, ctx, variantSearch).length, args.limit),
  productVariant: (_s, args, ctx) => {
    const id = idArg(args.id, "ProductVariant");
    return id === null ? null : (ctx.shop.store.variant(id) ?? null);
  },

  // Shopify's default order for orders is by processing date.
  orders: (_s, args, ctx) => listField("orders", ctx.shop.store.orderList(), args, ctx, orderSearch, orderSortValue(args.sortKey ?? "PROCESSED_AT")),
  ordersCount: (_s, args, ctx) => countOf(filter("ordersCount", ctx.shop.store.orderList(), args, ctx, orderSearch).length, args.limit),
  order: (_s, args, ctx) => {
    const id = idArg(args.id, "Order");
    return id === null ? null : (ctx.shop.store.order(id) ?? null);
  },

  customers: (_s, args, ctx) => listField("customers", ctx.shop.store.customerList(), args, ctx, customerSearch, customerSortValue(args.sortKey)),
  customersCount: (_s, args, ctx) => countOf(filter("customersCount", ctx.shop.store.customerList(), args, ctx, customerSearch).length, args.limit),
  customer: (_s, args, ctx) => {
    const id = idArg(args.id, "Customer");
    return id === null ? null : (ctx.shop.store.customer(id) ?? null);
  },

  urlRedirects: (_s, args, ctx) =>
    listField("urlRedirects", ctx.shop.store.urlRedirectList(), args, ctx, urlRedirectSearch, urlRedirectSortValue(args.sortKey)),
  urlRedirectsCount: (_s, args, ctx) => countOf(filter("urlRedirectsCount", ctx.shop.store.urlRedirectList(), args, ctx, urlRedirectSearch).length, args.limit),
  urlRedirect: (_s, args, ctx) => {
    const id = idArg(args.id, "UrlRedirect");
    return id === null ? null : (ctx.shop.store.urlRedirect(id) ?? null);
  },

  collections: (_s, args, ctx) => listField("collections", ctx.shop.store.collectionList(), args, ctx, collectionSearch, collectionSortValue(args.sortKey)),
  collectionsCount: (_s, args, ctx) => countOf(filter("collectionsCount", ctx.shop.store.collectionList(), args, ctx, collectionSearch).length, args.limit),
  collection: (_s, args, ctx) => {
    const id = idArg(args.id, "Collection");
    return id === null ? null : (ctx.shop.store.collection(id) ?? null);
  },
  collectionByHandle: (_s, args, ctx) => ctx.shop.store.collectionByHandle(String(args.handle)) ?? null,
  collectionByIdentifier: (_s, args, ctx) => {
    const identifier = args.identifier as { id?: string | null; handle?: string | null };
    if (identifier.id) {
      const id = idArg(identifier.id, "Collection");
      return id === null ? null : (ctx.shop.store.collection(id) ?? null);
    }
    return identifier.handle ? (ctx.shop.store.collectionByHandle(identifier.handle) ?? null) : null;
  },

  // The Files API lists product media images (the only files the local Shopify has).
  files: (_s, args, ctx) => {
    const media = [...ctx.shop.store.media.values()].sort((a, b) => a.id - b.id);
    return paginate(media, args as PageArgs, { unpaginated: ctx.unpaginated });
  },

  inventoryItems: (_s, args, ctx) => paginate(ctx.shop.store.inventory.itemList(), args as PageArgs, { unpaginated: ctx.unpaginated }),
  inventoryItem: (_s, args, ctx) => {
    const id = idArg(args.id, "InventoryItem");
    return id === null ? null : (ctx.shop.store.inventory.item(id) ?? null);
  },
  locations: (_s, args, ctx) =>
    paginate(
      ctx.shop.store.inventory.locations.filter((l) => args.includeInactive === true || l.isActive),
      args as PageArgs,
      { unpaginated: ctx.unpaginated },
    ),

  // Deprecated in 2026-01 for bulkOperations/bulkOperation, still served.
  currentBulkOperation: (_s, args, ctx) => ctx.shop.bulk.current((args.type as "QUERY" | "MUTATION" | undefined) ?? "QUERY") ?? null,
  bulkOperation: (_s, args, ctx) => {
    const id = idArg(args.id, "BulkOperation");
    return id === null ? null : (ctx.shop.bulk.get(id) ?? null);
  },
};
