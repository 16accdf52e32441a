import type { SqlStatements } from "../lib/sql.server";

// The shapes Aisle stores, whichever way Shopify sent them (bulk JSONL,
// webhook payloads). Mappers in app/services/sync/*-mappers.server.ts produce
// them; models write them.

/**
 * Shopify's product statuses. An UNLISTED product (2025-10 on) sells through
 * its own URL but stays out of search, collections and recommendations.
 * https://shopify.dev/changelog/new-unlisted-product-status
 */
export const PRODUCT_STATUSES = ["ACTIVE", "DRAFT", "ARCHIVED", "UNLISTED"] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export interface VariantRecord {
  shopifyId: string;
  title: string;
  sku: string | null;
  price: string;
  compareAtPrice: string | null;
  inventoryQuantity: number;
  availableForSale: boolean;
  position: number;
}

export interface MediaRecord {
  shopifyId: string;
  mediaType: string;
  url: string | null;
  altText: string | null;
  position: number;
}

/** A collection as Shopify describes it (no products: membership is written on its own). */
export interface CollectionRecord {
  shopifyId: string;
  title: string;
  handle: string;
  /** A smart collection (rules), not a custom one (products listed by hand). */
  smart: boolean;
  shopifyUpdatedAt: Date;
}

export interface ProductOptionRecord {
  name: string;
  values: string[];
}

export interface ProductRecord {
  shopifyId: string;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  status: ProductStatus;
  tags: string[];
  /** The product's options ("Colour": ["Pink", "Green"]) without Shopify's "Title" placeholder; undefined: keep what we have. */
  options?: ProductOptionRecord[];
  /** undefined: the source did not say (webhooks carry no SEO); keep what we have. */
  seoTitle?: string | null;
  seoDescription?: string | null;
  isGiftCard: boolean;
  tracksInventory: boolean;
  shopifyCreatedAt: Date | null;
  shopifyUpdatedAt: Date;
  variants: VariantRecord[];
  media: MediaRecord[];
  /** The collections the product is in; undefined: the source did not say (webhooks), keep what we have. */
  collections?: CollectionRecord[];
}

export interface OrderLineRecord {
  shopifyId: string;
  productShopifyId: string | null;
  variantShopifyId: string | null;
  sku: string | null;
  title: string;
  quantity: number;
  price: string;
}

export interface OrderRecord {
  shopifyId: string;
  name: string;
  customerShopifyId: string | null;
  totalPrice: string;
  currencyCode: string;
  financialStatus: string | null;
  cancelledAt: Date | null;
  processedAt: Date;
  shopifyUpdatedAt: Date;
  /** Aisle's cart attributes the order carried (cartAttributionFrom), JSON; absent for imported history. */
  cartAttribution?: string | null;
  lines: OrderLineRecord[];
}

export interface WriteOptions {
  /**
   * Refuse records whose Shopify id another shop holds. For webhook bodies:
   * their HMAC does not cover the shop header, so a body can be replayed
   * under another shop. What the Admin API returns for a shop's own token
   * (bulk import) belongs to that shop.
   */
  refuseHeldElsewhere?: boolean;
  /** Write in the caller's transaction (a batch of webhook deliveries) instead of one of its own. */
  tx?: SqlStatements;
}

/**
 * What a write did with one record. `superseded`: the same id came again,
 * newer, in the same write, and that version was written instead.
 */
export type WriteOutcome = "created" | "updated" | "stale" | "superseded" | "refused";

/** What a write did with each record. */
export interface WriteResult {
  created: number;
  updated: number;
  /** Older than what we hold (or than a deletion, or than another record of the write): left alone. */
  stale: number;
  /** Shopify ids another shop already holds: refused (ids are global to Shopify). */
  refused: string[];
  /** Each record's outcome, in the order the records were given. */
  outcomes: WriteOutcome[];
}

/** The counts of a write from its records' outcomes. */
export function writeResult(records: { shopifyId: string }[], outcomes: WriteOutcome[]): WriteResult {
  const result: WriteResult = { created: 0, updated: 0, stale: 0, refused: [], outcomes };
  outcomes.forEach((o, i) => {
    if (o === "created") result.created++;
    else if (o === "updated") result.updated++;
    else if (o === "refused") result.refused.push(records[i].shopifyId);
    else result.stale++;
  });
  return result;
}

/**
 * For each record, the index of the version of its id that a write keeps:
 * the newest by Shopify's updatedAt, the later one on a tie (as if applied
 * one after the other).
 */
export function newestOfEach<R extends { shopifyId: string; shopifyUpdatedAt: Date }>(records: R[]): Map<string, number> {
  const newest = new Map<string, number>();
  records.forEach((r, i) => {
    const held = newest.get(r.shopifyId);
    if (held === undefined || records[held].shopifyUpdatedAt <= r.shopifyUpdatedAt) newest.set(r.shopifyId, i);
  });
  return newest;
}

/** The numeric id of a Shopify gid (gid://shopify/Product/123 -> "123"); numbers pass through. */
export function legacyId(id: string | number): string {
  const s = String(id);
  const slash = s.lastIndexOf("/");
  return slash >= 0 ? s.slice(slash + 1) : s;
}

/** Records per write: keeps every IN (...) list under the drivers' bound-parameter limits. */
export const MAX_BATCH = 500;

/** Writes records in batches of MAX_BATCH, summing what each write did. */
export async function inBatches<R>(records: R[], write: (batch: R[]) => Promise<WriteResult>): Promise<WriteResult> {
  const total: WriteResult = { created: 0, updated: 0, stale: 0, refused: [], outcomes: [] };
  for (let i = 0; i < records.length; i += MAX_BATCH) {
    const r = await write(records.slice(i, i + MAX_BATCH));
    total.created += r.created;
    total.updated += r.updated;
    total.stale += r.stale;
    total.refused.push(...r.refused);
    total.outcomes.push(...r.outcomes);
  }
  return total;
}
