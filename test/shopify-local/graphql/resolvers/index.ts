// All resolvers, by GraphQL type then field, and the one function both the
// normal endpoint (through graphql.execute's fieldResolver) and the bulk
// executor use to resolve a field.
//
// A field without a resolver reads the property of the same name from the
// source object (calling it with (args, ctx) if it is a function, as
// graphql-js' default resolver does). A non-null field that is neither
// resolved nor present fails with NOT_IMPLEMENTED_LOCALLY, so a query that
// reaches past what the local Shopify models says so instead of returning
// made-up data.

import { GraphQLError, isNonNullType, type GraphQLField, type GraphQLFieldResolver, type GraphQLTypeResolver } from "graphql";
import type { Args, RequestContext, ResolverMap } from "../context.js";
import { BulkOperation, bulkMutations } from "./bulk.js";
import { Collection } from "./collection.js";
import { InventoryItem, InventoryLevel, Location } from "./inventory.js";
import { metafieldMutations } from "./metafields.js";
import { Customer, LineItem, Order } from "./order.js";
import { Image, MediaImage, Metafield, Product, ProductVariant } from "./product.js";
import { productMutations } from "./product-mutations.js";
import { QueryRoot } from "./query.js";
import { UrlRedirect } from "./url-redirect.js";

export const resolvers: ResolverMap = {
  QueryRoot,
  Mutation: { ...productMutations, ...metafieldMutations, ...bulkMutations },
  Product,
  ProductVariant,
  MediaImage,
  Image,
  Metafield,
  Order,
  LineItem,
  Customer,
  BulkOperation,
  InventoryItem,
  InventoryLevel,
  Location,
  UrlRedirect,
  Collection,
};

export type BoundResolver = (source: unknown, args: Args, ctx: RequestContext) => unknown;

/**
 * The function that resolves `typeName.fieldName`, looked up once (the bulk
 * executor compiles these into its plan).
 */
export function resolverFor(typeName: string, fieldName: string, field: GraphQLField<unknown, unknown> | null | undefined): BoundResolver {
  const resolver = resolvers[typeName]?.[fieldName];
  if (resolver) return resolver as BoundResolver;
  const required = !!field && isNonNullType(field.type);
  return (source, args, ctx) => readProperty(typeName, fieldName, required, source, args, ctx);
}

export function resolveField(
  typeName: string,
  fieldName: string,
  source: unknown,
  args: Args,
  ctx: RequestContext,
  field: GraphQLField<unknown, unknown> | null | undefined,
): unknown {
  const resolver = resolvers[typeName]?.[fieldName];
  if (resolver) return resolver(source as never, args, ctx);
  return readProperty(typeName, fieldName, !!field && isNonNullType(field.type), source, args, ctx);
}

function readProperty(typeName: string, fieldName: string, required: boolean, source: unknown, args: Args, ctx: RequestContext): unknown {
  const value = source === null || source === undefined ? undefined : (source as Record<string, unknown>)[fieldName];
  if (typeof value === "function") return (value as (a: Args, c: RequestContext) => unknown).call(source, args, ctx);
  if (value !== undefined) return value;
  if (required) {
    throw new GraphQLError(`${typeName}.${fieldName} is not implemented by the local Shopify (test/shopify-local).`, {
      extensions: { code: "NOT_IMPLEMENTED_LOCALLY", typeName, fieldName },
    });
  }
  return null;
}

export const fieldResolver: GraphQLFieldResolver<unknown, RequestContext> = (source, args, ctx, info) =>
  resolveField(info.parentType.name, info.fieldName, source, args as Args, ctx, info.parentType.getFields()[info.fieldName]);

/** Records and resolver objects carry `__typename`; that names the concrete type of an interface value. */
export const typeResolver: GraphQLTypeResolver<unknown, RequestContext> = (value) => (value as { __typename?: string } | null)?.__typename;
