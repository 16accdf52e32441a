import { z } from "zod";
import {
  legacyId,
  PRODUCT_STATUSES,
  type CollectionRecord,
  type MediaRecord,
  type OrderRecord,
  type ProductOptionRecord,
  type ProductRecord,
  type VariantRecord,
} from "../../models/records";
import { cartAttributionFrom } from "../attribution/cart-attributes";

// Shopify sends the same objects two ways: Admin GraphQL nodes (bulk import)
// and REST-shaped webhook payloads. Both become the records the models
// write. Each schema names only the fields we use, so Shopify adding fields
// changes nothing, and a payload missing one fails with a message that says
// which.

// Checks written as plain predicates: these run for every webhook, and zod's
// unions (which build an issue for each branch that fails) and its datetime
// check (which builds its regex on every call) were most of the parse cost.
const id = z
  .custom<string | number>((v) => (typeof v === "string" && v.length > 0) || Number.isInteger(v), "Expected a Shopify id (a number or a gid string)")
  .transform((v) => legacyId(v));
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)$/;
const date = z
  .custom<string>((v) => typeof v === "string" && ISO_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)), "Invalid datetime")
  .transform((s) => new Date(s));
const money = z
  .custom<string | number>((v) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v)), "Expected an amount (a string or a number)")
  .transform((v) => (typeof v === "number" ? v.toFixed(2) : v));
const productStatus = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(PRODUCT_STATUSES));

// A product without options of its own still has one: "Title" with the value
// "Default Title". It says nothing about the product, so it is not kept.
// https://shopify.dev/docs/api/admin-graphql/2026-07/objects/ProductOption
// (zod drops the REST option's id, product_id and position.)
const productOption = z.object({ name: z.string(), values: z.array(z.string()) });

function realOptions(options: ProductOptionRecord[]): ProductOptionRecord[] {
  return options.filter((o) => !(o.name === "Title" && o.values.every((v) => v === "Default Title")));
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(payload)"}: ${i.message}`).join("; ");
}

export function parseWith<S extends z.ZodTypeAny>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new PayloadError(`${what}: ${describe(result.error)}`);
  return result.data;
}

export class PayloadError extends Error {
  name = "PayloadError";
}

// ---- webhooks (REST shape): https://shopify.dev/docs/api/webhooks?reference=toml#list-of-topics-products/update

const webhookVariant = z.object({
  id,
  title: z.string().nullish(),
  sku: z.string().nullish(),
  price: money,
  compare_at_price: money.nullish(),
  inventory_quantity: z.number().int().nullish(),
  position: z.number().int().nullish(),
});

const webhookImage = z.object({ id, src: z.string().nullish(), alt: z.string().nullish(), position: z.number().int().nullish() });

export const webhookProductSchema = z.object({
  id,
  title: z.string(),
  handle: z.string(),
  body_html: z.string().nullish(),
  vendor: z.string().nullish(),
  product_type: z.string().nullish(),
  status: productStatus,
  tags: z
    .custom<string | string[]>(
      (v) => typeof v === "string" || (Array.isArray(v) && v.every((t) => typeof t === "string")),
      "Expected tags (a string or a list of strings)",
    )
    .nullish(),
  created_at: date.nullish(),
  updated_at: date,
  variants: z.array(webhookVariant).default([]),
  options: z.array(productOption).nullish(),
  images: z.array(webhookImage).nullish(),
});

export function productFromWebhook(payload: unknown): ProductRecord {
  const p = parseWith(webhookProductSchema, payload, "product payload");
  const tags = Array.isArray(p.tags) ? p.tags : (p.tags ?? "").split(",");
  return {
    shopifyId: p.id,
    title: p.title,
    handle: p.handle,
    descriptionHtml: p.body_html ?? "",
    vendor: p.vendor ?? "",
    productType: p.product_type ?? "",
    status: p.status,
    tags: tags.map((t) => t.trim()).filter(Boolean),
    options: p.options ? realOptions(p.options) : undefined,
    isGiftCard: false,
    tracksInventory: true,
    shopifyCreatedAt: p.created_at ?? null,
    shopifyUpdatedAt: p.updated_at,
    variants: p.variants.map((v, i): VariantRecord => ({
      shopifyId: v.id,
      title: v.title ?? "",
      sku: v.sku || null,
      price: v.price,
      compareAtPrice: v.compare_at_price ?? null,
      inventoryQuantity: v.inventory_quantity ?? 0,
      availableForSale: (v.inventory_quantity ?? 1) > 0,
      position: v.position ?? i + 1,
    })),
    media: (p.images ?? []).map((m, i): MediaRecord => ({
      shopifyId: m.id,
      mediaType: "IMAGE",
      url: m.src ?? null,
      altText: m.alt ?? null,
      position: m.position ?? i,
    })),
  };
}

export const webhookProductDeleteSchema = z.object({ id });

/**
 * collections/create and collections/update: the REST collection, without
 * its products (the worker asks the Admin API) or, for a smart one, its rules.
 * https://shopify.dev/docs/api/webhooks/2026-07?reference=toml#list-of-topics-collections/update
 */
export const webhookCollectionSchema = z.object({ id, title: z.string(), handle: z.string().nullish(), updated_at: date });

export function collectionFromWebhook(payload: unknown): Omit<CollectionRecord, "smart"> {
  const c = parseWith(webhookCollectionSchema, payload, "collection payload");
  return { shopifyId: c.id, title: c.title, handle: c.handle ?? "", shopifyUpdatedAt: c.updated_at };
}

/** collections/delete: the id (and the publication scope). */
export const webhookCollectionDeleteSchema = z.object({ id });

const webhookLine = z.object({
  id,
  product_id: id.nullish(),
  variant_id: id.nullish(),
  title: z.string().nullish(),
  quantity: z.number().int(),
  price: money,
  sku: z.string().nullish(),
});

export const webhookOrderSchema = z.object({
  id,
  name: z.string().nullish(),
  created_at: date,
  updated_at: date,
  processed_at: date.nullish(),
  cancelled_at: date.nullish(),
  currency: z.string().nullish(),
  total_price: money.nullish(),
  financial_status: z.string().nullish(),
  customer: z.object({ id }).nullish(),
  // Checked by cartAttributionFrom, which keeps only Aisle's well-formed ones: garbage here never fails the order.
  note_attributes: z.unknown().optional(),
  line_items: z.array(webhookLine),
});

export function orderFromWebhook(payload: unknown): OrderRecord {
  const o = parseWith(webhookOrderSchema, payload, "order payload");
  return {
    shopifyId: o.id,
    name: o.name ?? "",
    customerShopifyId: o.customer?.id ?? null,
    totalPrice: o.total_price ?? "0.00",
    currencyCode: o.currency ?? "USD",
    financialStatus: o.financial_status?.toUpperCase() ?? null,
    cancelledAt: o.cancelled_at ?? null,
    processedAt: o.processed_at ?? o.created_at,
    shopifyUpdatedAt: o.updated_at,
    cartAttribution: cartAttributionFrom(Array.isArray(o.note_attributes) ? o.note_attributes : null),
    lines: o.line_items.map((l) => ({
      shopifyId: l.id,
      productShopifyId: l.product_id ?? null,
      variantShopifyId: l.variant_id ?? null,
      sku: l.sku || null,
      title: l.title ?? "",
      quantity: l.quantity,
      price: l.price,
    })),
  };
}

// ---- bulk operation JSONL (GraphQL shape): app/graphql/bulk-*.ts

const gid = z.string().startsWith("gid://shopify/");

export const bulkProductSchema = z.object({
  id: gid,
  title: z.string(),
  handle: z.string(),
  descriptionHtml: z.string().nullish(),
  vendor: z.string().nullish(),
  productType: z.string().nullish(),
  status: productStatus,
  tags: z.array(z.string()).default([]),
  options: z.array(productOption).default([]),
  isGiftCard: z.boolean().nullish(),
  tracksInventory: z.boolean().nullish(),
  createdAt: date.nullish(),
  updatedAt: date,
  seo: z.object({ title: z.string().nullish(), description: z.string().nullish() }).nullish(),
});

export const bulkVariantSchema = z.object({
  id: gid,
  title: z.string().nullish(),
  sku: z.string().nullish(),
  price: money,
  compareAtPrice: money.nullish(),
  inventoryQuantity: z.number().int().nullish(),
  availableForSale: z.boolean().nullish(),
  position: z.number().int().nullish(),
});

export const bulkMediaSchema = z.object({
  id: gid,
  mediaContentType: z.string().nullish(),
  alt: z.string().nullish(),
  preview: z.object({ image: z.object({ url: z.string() }).nullish() }).nullish(),
});

/** A collection as the Admin API gives it (bulk JSONL, Product.collections, collection(id)). */
export const adminCollectionSchema = z.object({
  id: gid,
  title: z.string(),
  handle: z.string().nullish(),
  updatedAt: date,
  ruleSet: z.object({}).passthrough().nullish(),
});

export function collectionFromAdmin(node: unknown): CollectionRecord {
  const c = parseWith(adminCollectionSchema, node, "collection");
  return { shopifyId: legacyId(c.id), title: c.title, handle: c.handle ?? "", smart: Boolean(c.ruleSet), shopifyUpdatedAt: c.updatedAt };
}

export function productFromBulk(node: unknown, children: unknown[]): ProductRecord {
  const p = parseWith(bulkProductSchema, node, "product");
  const variants: VariantRecord[] = [];
  const media: MediaRecord[] = [];
  const collections: CollectionRecord[] = [];
  for (const child of children) {
    const type = typeOf(child);
    if (type === "Collection") {
      collections.push(collectionFromAdmin(child));
    } else if (type === "ProductVariant") {
      const v = parseWith(bulkVariantSchema, child, "variant");
      variants.push({
        shopifyId: legacyId(v.id),
        title: v.title ?? "",
        sku: v.sku || null,
        price: v.price,
        compareAtPrice: v.compareAtPrice ?? null,
        inventoryQuantity: v.inventoryQuantity ?? 0,
        availableForSale: v.availableForSale ?? true,
        position: v.position ?? variants.length + 1,
      });
    } else if (type) {
      const m = parseWith(bulkMediaSchema, child, "media");
      media.push({
        shopifyId: legacyId(m.id),
        mediaType: m.mediaContentType ?? "IMAGE",
        url: m.preview?.image?.url ?? null,
        altText: m.alt ?? null,
        position: media.length,
      });
    }
  }
  return {
    shopifyId: legacyId(p.id),
    title: p.title,
    handle: p.handle,
    descriptionHtml: p.descriptionHtml ?? "",
    vendor: p.vendor ?? "",
    productType: p.productType ?? "",
    status: p.status,
    tags: p.tags,
    options: realOptions(p.options),
    seoTitle: p.seo?.title ?? null,
    seoDescription: p.seo?.description ?? null,
    isGiftCard: p.isGiftCard ?? false,
    tracksInventory: p.tracksInventory ?? true,
    shopifyCreatedAt: p.createdAt ?? null,
    shopifyUpdatedAt: p.updatedAt,
    variants,
    media,
    collections,
  };
}

const shopMoney = z.object({ shopMoney: z.object({ amount: money }) });

export const bulkOrderSchema = z.object({
  id: gid,
  name: z.string().nullish(),
  processedAt: date.nullish(),
  createdAt: date,
  updatedAt: date,
  cancelledAt: date.nullish(),
  displayFinancialStatus: z.string().nullish(),
  currencyCode: z.string().nullish(),
  totalPriceSet: shopMoney.nullish(),
  customer: z.object({ id: gid }).nullish(),
  customAttributes: z.unknown().optional(),
});

export const bulkLineSchema = z.object({
  id: gid,
  title: z.string().nullish(),
  quantity: z.number().int(),
  sku: z.string().nullish(),
  variant: z.object({ id: gid }).nullish(),
  product: z.object({ id: gid }).nullish(),
  originalUnitPriceSet: shopMoney.nullish(),
});

export function orderFromBulk(node: unknown, children: unknown[]): OrderRecord {
  const o = parseWith(bulkOrderSchema, node, "order");
  return {
    shopifyId: legacyId(o.id),
    name: o.name ?? "",
    customerShopifyId: o.customer ? legacyId(o.customer.id) : null,
    totalPrice: o.totalPriceSet?.shopMoney.amount ?? "0.00",
    currencyCode: o.currencyCode ?? "USD",
    financialStatus: o.displayFinancialStatus ?? null,
    cancelledAt: o.cancelledAt ?? null,
    processedAt: o.processedAt ?? o.createdAt,
    shopifyUpdatedAt: o.updatedAt,
    cartAttribution: cartAttributionFrom(Array.isArray(o.customAttributes) ? o.customAttributes : null),
    lines: children.map((child) => {
      const l = parseWith(bulkLineSchema, child, "line item");
      return {
        shopifyId: legacyId(l.id),
        productShopifyId: l.product ? legacyId(l.product.id) : null,
        variantShopifyId: l.variant ? legacyId(l.variant.id) : null,
        sku: l.sku || null,
        title: l.title ?? "",
        quantity: l.quantity,
        price: l.originalUnitPriceSet?.shopMoney.amount ?? "0.00",
      };
    }),
  };
}

/** The GraphQL type of a bulk JSONL object, from its gid. */
export function typeOf(value: unknown): string | undefined {
  const idValue = (value as { id?: unknown } | null)?.id;
  return typeof idValue === "string" ? /^gid:\/\/shopify\/(\w+)\//.exec(idValue)?.[1] : undefined;
}
