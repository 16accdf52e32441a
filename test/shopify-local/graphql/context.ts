import type { LocalShop } from "../shop.js";
import type { SearchWarning } from "./search-query.js";

/** What every resolver gets as its context: the shop the access token belongs to. */
export interface RequestContext {
  shop: LocalShop;
  /**
   * True while a bulk operation runs its query: connections then return every
   * node and ignore first/last/after/before, as Shopify's bulk queries do.
   */
  unpaginated: boolean;
  /** Unknown search fields met while filtering, reported in extensions.search. */
  searchWarnings: { path: string[]; query: string; warnings: SearchWarning[] }[];
}

/** Field arguments after graphql-js coerced them against the schema. */
export type Args = Record<string, unknown>;

export type FieldResolver<S> = (source: S, args: Args, ctx: RequestContext) => unknown;

export type FieldResolvers<S> = Record<string, FieldResolver<S>>;

/** Resolvers by GraphQL type name, then field name. */
export type ResolverMap = Record<string, FieldResolvers<never>>;
