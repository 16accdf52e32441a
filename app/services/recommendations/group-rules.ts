// Merchant rules by group (tag, vendor, product type, collection, price
// range, stock level) rather than one product at a time. Pure, no I/O: `rank` (serve.ts)
// is the only place that applies them; this module says what a rule is, what
// a stored one may hold, whether a product is in a group, and the rule in words.
//   "never recommend gift wrap"                   { action: "exclude", target: { field: "tag", value: "gift-wrap" } }
//   "on products of vendor X, pin Y at 1"         { action: "pin", when: { field: "vendor", value: "X" }, productId: "Y", position: 1 }
//   "only items under the viewed price + 20%"     { action: "price_cap", maxPriceRatio: 1.2 }
//   "never recommend items with stock under 3"    { action: "exclude", target: { field: "stock", max: 2 } }
//   "never recommend collection Gift wrap"        { action: "exclude", target: { field: "collection", value: "<collection id>" } }
// A collection is named by its Shopify id (titles change); membership comes
// from the synced collections (docs/decisions/0021-collections.md).

import { z } from "zod";
import { MAX_PIN_POSITION } from "./labels";
import type { CatalogProduct } from "./serve";

export const TEXT_FIELDS = ["tag", "vendor", "productType"] as const;
export const RANGE_FIELDS = ["price", "stock"] as const;
/** The field naming a collection by its Shopify id. */
export const COLLECTION_FIELD = "collection";
/** The highest price cap, as a ratio of the viewed product's price (100 times). */
export const MAX_PRICE_RATIO = 100;

const textMatcher = z.object({ field: z.enum(TEXT_FIELDS), value: z.string().trim().min(1).max(255) });
const rangeMatcher = z
  .object({
    field: z.enum(RANGE_FIELDS),
    min: z.number().finite().nonnegative().optional(),
    max: z.number().finite().nonnegative().optional(),
  })
  .refine((m) => m.min !== undefined || m.max !== undefined, "A range needs a minimum, a maximum or both")
  .refine((m) => m.min === undefined || m.max === undefined || m.min <= m.max, "The minimum is above the maximum");
const collectionMatcher = z.object({ field: z.literal(COLLECTION_FIELD), value: z.string().regex(/^\d{1,20}$/, "A collection's Shopify id") });
const matcherSchema = z.union([textMatcher, rangeMatcher, collectionMatcher]);
const when = matcherSchema.nullable().optional();

export type GroupMatcher = z.infer<typeof matcherSchema>;

/** A rule as stored (RecommendationGroupRule.definition), checked on write and on read. */
export const groupRuleDefinitionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("exclude"), when, target: matcherSchema }),
  z.object({
    action: z.literal("pin"),
    when,
    productId: z.string().regex(/^\d{1,20}$/),
    position: z.number().int().min(1).max(MAX_PIN_POSITION),
  }),
  z.object({ action: z.literal("price_cap"), when, maxPriceRatio: z.number().finite().min(1).max(MAX_PRICE_RATIO) }),
]);

export type GroupRuleDefinition = z.infer<typeof groupRuleDefinitionSchema>;
export type GroupRule = GroupRuleDefinition & { id: string };

/** The group fields in the merchant's words, as the rules form offers them. */
export const GROUP_FIELD_WORDS = {
  tag: "tag",
  vendor: "vendor",
  productType: "product type",
  collection: "collection",
  price: "price range",
  stock: "stock range",
} as const;

/** A stored rule (RecommendationGroupRule), or null when its definition is not one this version reads. */
export function readGroupRule(row: { id: string; definition: string }): GroupRule | null {
  let json: unknown;
  try {
    json = JSON.parse(row.definition);
  } catch {
    return null;
  }
  const parsed = groupRuleDefinitionSchema.safeParse(json);
  return parsed.success ? { ...parsed.data, id: row.id } : null;
}

/**
 * What the rules read of a product. `stock` is null when the shop does not
 * track the product's inventory; `collections` are the ids of the live
 * collections it is in (a deleted collection holds nothing).
 */
export type GroupFacts = Pick<CatalogProduct, "price" | "vendor" | "productType" | "tags" | "stock" | "collections">;

/** The collections a rule names (in its condition and, for an exclusion, its target). */
export function collectionsNamed(rule: GroupRuleDefinition): string[] {
  return [rule.when, rule.action === "exclude" ? rule.target : null].flatMap((m) => (m?.field === COLLECTION_FIELD ? [m.value] : []));
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function matches(m: GroupMatcher, p: GroupFacts): boolean {
  switch (m.field) {
    case "tag":
      return p.tags.some((t) => same(t, m.value));
    case "vendor":
      return same(p.vendor, m.value);
    case "productType":
      return same(p.productType, m.value);
    case "collection":
      return p.collections.includes(m.value);
    case "price":
    case "stock": {
      const v = m.field === "price" ? Number(p.price) : p.stock;
      if (v === null || !Number.isFinite(v)) return false;
      return (m.min === undefined || v >= m.min) && (m.max === undefined || v <= m.max);
    }
  }
}

const number = (n: number) => String(Math.round(n * 100) / 100);

function range(m: { min?: number; max?: number }) {
  if (m.min !== undefined && m.max !== undefined) return m.min === m.max ? `of ${number(m.min)}` : `from ${number(m.min)} to ${number(m.max)}`;
  return m.min !== undefined ? `of at least ${number(m.min)}` : `of at most ${number(m.max!)}`;
}

/** A collection's title by its id (the caller's lookup; it may say the collection is gone). */
export type CollectionTitles = (collectionId: string) => string | undefined;

/** "tagged gift-wrap", "by Acme", "in collection Gift wrap", "priced from 10 to 50", "with stock of at most 2". */
export function describeGroup(m: GroupMatcher, collectionTitle?: CollectionTitles): string {
  switch (m.field) {
    case "collection":
      return `in collection ${collectionTitle?.(m.value) ?? m.value}`;
    case "tag":
      return `tagged ${m.value}`;
    case "vendor":
      return `by ${m.value}`;
    case "productType":
      return `of type ${m.value}`;
    case "price":
      return `with a price ${range(m)}`;
    case "stock":
      return `with stock ${range(m)}`;
  }
}

/** The rule in the merchant's words ("Never recommend products tagged gift-wrap"). */
export function describeGroupRule(rule: GroupRuleDefinition, productTitle?: string, collectionTitle?: CollectionTitles): string {
  const where = rule.when ? ` on pages of products ${describeGroup(rule.when, collectionTitle)}` : "";
  switch (rule.action) {
    case "exclude":
      return `Never recommend products ${describeGroup(rule.target, collectionTitle)}${where}`;
    case "pin":
      return `Show ${productTitle ?? `product ${rule.productId}`} at position ${rule.position}${where || " everywhere"}`;
    case "price_cap":
      return `Only recommend products priced at most ${Math.round(rule.maxPriceRatio * 100)}% of the viewed product's price${where}`;
  }
}
