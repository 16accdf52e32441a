import { GraphQLError } from "graphql";
import { gid, parseGid, type GidType } from "../../gid.js";
import type { RequestContext } from "../context.js";

export interface MoneyV2 {
  amount: string;
  currencyCode: string;
}

export interface MoneyBag {
  shopMoney: MoneyV2;
  presentmentMoney: MoneyV2;
}

// Money values are immutable and few (a catalogue has a few thousand
// prices), so they are shared: a bulk export of half a million line items
// then writes each price's JSON once (see BulkWalker's cache).
const MONEY_CACHE_LIMIT = 100_000;
const moneyCache = new Map<string, MoneyV2>();
const bagCache = new Map<string, MoneyBag>();

export function money(amount: string, currencyCode: string): MoneyV2 {
  const key = `${amount} ${currencyCode}`;
  let m = moneyCache.get(key);
  if (!m) {
    if (moneyCache.size >= MONEY_CACHE_LIMIT) moneyCache.clear();
    m = Object.freeze({ amount, currencyCode });
    moneyCache.set(key, m);
  }
  return m;
}

/** Shop and presentment money are the same: the local Shopify has one currency per shop. */
export function moneyBag(amount: string, currencyCode: string): MoneyBag {
  const key = `${amount} ${currencyCode}`;
  let bag = bagCache.get(key);
  if (!bag) {
    if (bagCache.size >= MONEY_CACHE_LIMIT) bagCache.clear();
    const m = money(amount, currencyCode);
    bag = Object.freeze({ shopMoney: m, presentmentMoney: m });
    bagCache.set(key, bag);
  }
  return bag;
}

export function count(n: number): { count: number; precision: "EXACT" } {
  return { count: n, precision: "EXACT" };
}

/** Fields typed UnsignedInt64 are strings on the wire. */
export function uint64(n: number): string {
  return String(n);
}

/**
 * Reads the numeric id out of an `id: ID!` argument. A malformed gid is an
 * error (as on Shopify); a well-formed gid of another type finds nothing.
 */
export function idArg(value: unknown, type: GidType): number | null {
  const parsed = typeof value === "string" ? parseGid(value) : null;
  if (!parsed)
    throw new GraphQLError(`Invalid global id '${String(value)}'`, { extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" } });
  return parsed.type === type ? parsed.id : null;
}

export function storefrontBase(ctx: RequestContext): string {
  return ctx.shop.storefrontUrl ?? `https://${ctx.shop.domain}`;
}

/**
 * The Image object behind a URL. `url(transform:)` appends Shopify's CDN
 * parameters (width/height/crop) so callers can see what they asked for.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Image#field-url
 */
export interface ImageSource {
  __typename: "Image";
  id: string;
  url: string;
  altText: string | null;
  width: number;
  height: number;
}

export function imageOf(id: number, url: string, altText: string | null, width: number, height: number): ImageSource {
  return { __typename: "Image", id: gid("ImageSource", id), url, altText, width, height };
}
