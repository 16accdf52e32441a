// Product, ProductVariant, MediaImage, Image and Metafield.
// https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Product

import { createHash } from "node:crypto";
import { gid, parseGid } from "../../gid.js";
import { fromCents, toCents } from "../../money.js";
import type { MediaRecord, MetafieldRecord, ProductRecord, VariantRecord } from "../../store.js";
import { stripHtml } from "../../text.js";
import { encodeCursor, listConnection, paginate, type PageArgs } from "../connection.js";
import type { Args, FieldResolvers, RequestContext } from "../context.js";
import type { SearchSpec } from "../search-query.js";
import { count, imageOf, money, storefrontBase, uint64, type ImageSource } from "./common.js";

export const productSearch: SearchSpec<ProductRecord> = {
  text: (p) => `${p.title} ${p.handle} ${p.vendor} ${p.productType} ${p.tags.join(" ")} ${p.variants.map((v) => v.sku ?? "").join(" ")}`,
  fields: {
    id: { kind: "number", get: (p) => p.id },
    title: { kind: "text", get: (p) => p.title },
    handle: { kind: "text", get: (p) => p.handle },
    vendor: { kind: "text", get: (p) => p.vendor },
    product_type: { kind: "text", get: (p) => p.productType },
    status: { kind: "enum", get: (p) => p.status },
    tag: { kind: "text", get: (p) => p.tags },
    tag_not: { kind: "text", get: (p) => p.tags },
    sku: { kind: "text", get: (p) => p.variants.map((v) => v.sku ?? "") },
    barcode: { kind: "text", get: (p) => p.variants.map((v) => v.barcode ?? "") },
    gift_card: { kind: "boolean", get: (p) => p.isGiftCard },
    inventory_total: { kind: "number", get: (p) => totalInventory(p) },
    out_of_stock_somewhere: { kind: "boolean", get: (p) => p.variants.some((v) => v.inventoryQuantity <= 0) },
    created_at: { kind: "date", get: (p) => p.createdAt },
    updated_at: { kind: "date", get: (p) => p.updatedAt },
    published_at: { kind: "date", get: (p) => p.publishedAt },
    published_status: {
      kind: "enum",
      get: (p) => (p.publishedAt && p.status === "ACTIVE" ? ["published", "any"] : ["unpublished", "any"]),
    },
  },
};

export const variantSearch: SearchSpec<VariantRecord> = {
  text: (v) => `${v.title} ${v.sku ?? ""}`,
  fields: {
    id: { kind: "number", get: (v) => v.id },
    sku: { kind: "text", get: (v) => v.sku },
    barcode: { kind: "text", get: (v) => v.barcode },
    title: { kind: "text", get: (v) => v.title },
    product_id: { kind: "number", get: (v) => v.productId },
    inventory_quantity: { kind: "number", get: (v) => v.inventoryQuantity },
    created_at: { kind: "date", get: (v) => v.createdAt },
    updated_at: { kind: "date", get: (v) => v.updatedAt },
  },
};

/** ProductSortKeys -> the value products are ordered by. */
export function productSortValue(sortKey: unknown): ((p: ProductRecord) => string | number) | undefined {
  switch (sortKey) {
    case "TITLE":
      return (p) => p.title.toLowerCase();
    case "CREATED_AT":
      return (p) => p.createdAt;
    case "UPDATED_AT":
      return (p) => p.updatedAt;
    case "PUBLISHED_AT":
      return (p) => p.publishedAt ?? "";
    case "PRODUCT_TYPE":
      return (p) => p.productType.toLowerCase();
    case "VENDOR":
      return (p) => p.vendor.toLowerCase();
    case "INVENTORY_TOTAL":
      return (p) => totalInventory(p);
    default:
      return undefined; // ID, RELEVANCE
  }
}

export function variantSortValue(sortKey: unknown): ((v: VariantRecord) => string | number) | undefined {
  switch (sortKey) {
    case "SKU":
      return (v) => v.sku ?? "";
    case "TITLE":
    case "NAME":
    case "FULL_TITLE":
      return (v) => v.title.toLowerCase();
    case "POSITION":
      return (v) => v.position;
    case "INVENTORY_QUANTITY":
    case "INVENTORY_LEVELS_AVAILABLE":
      return (v) => v.inventoryQuantity;
    default:
      return undefined;
  }
}

export function totalInventory(p: ProductRecord): number {
  return p.variants.reduce((sum, v) => sum + Math.max(0, v.inventoryQuantity), 0);
}

export function tracksInventory(p: ProductRecord): boolean {
  return !p.isGiftCard;
}

export function variantAvailable(p: ProductRecord | undefined, v: VariantRecord): boolean {
  if (!p) return false;
  return !tracksInventory(p) || v.inventoryPolicy === "CONTINUE" || v.inventoryQuantity > 0;
}

function priceRange(p: ProductRecord, currency: string) {
  const cents = p.variants.map((v) => toCents(v.price));
  const min = cents.length ? Math.min(...cents) : 0;
  const max = cents.length ? Math.max(...cents) : 0;
  return { minVariantPrice: money(fromCents(min), currency), maxVariantPrice: money(fromCents(max), currency) };
}

function compareAtRange(p: ProductRecord, currency: string) {
  const cents = p.variants.map((v) => (v.compareAtPrice === null ? 0 : toCents(v.compareAtPrice)));
  const min = cents.length ? Math.min(...cents) : 0;
  const max = cents.length ? Math.max(...cents) : 0;
  return { minVariantCompareAtPrice: money(fromCents(min), currency), maxVariantCompareAtPrice: money(fromCents(max), currency) };
}

export function mediaImage(m: MediaRecord): ImageSource {
  return imageOf(m.id, m.url, m.alt, m.width, m.height);
}

function metafieldsConnection(owner: { metafields: MetafieldRecord[] } | null, args: Args, ctx: RequestContext) {
  let list = owner?.metafields ?? [];
  if (typeof args.namespace === "string") list = list.filter((m) => m.namespace === args.namespace);
  if (Array.isArray(args.keys)) {
    const keys = new Set(args.keys as string[]);
    list = list.filter((m) => keys.has(`${m.namespace}.${m.key}`));
  }
  return listConnection(list, args as PageArgs, ctx.unpaginated);
}

function metafieldOf(owner: { metafields: MetafieldRecord[] }, args: Args): MetafieldRecord | null {
  const namespace = (args.namespace as string | undefined) ?? null;
  const key = args.key as string;
  return owner.metafields.find((m) => m.key === key && (namespace === null || m.namespace === namespace)) ?? null;
}

const EMPTY_METAFIELDS = { metafields: [] as MetafieldRecord[] };

/**
 * Product.options as the schema has them: ids derived from the product's
 * (stable, and unique while a product has fewer than ten options of fewer
 * than a hundred values), a value "has variants" when a variant selects it.
 */
function productOptions(p: ProductRecord | undefined) {
  if (!p) return [];
  return p.options.map((o, i) => {
    const optionId = p.id * 10 + i + 1;
    return {
      id: gid("ProductOption", optionId),
      name: o.name,
      position: i + 1,
      values: o.values,
      optionValues: o.values.map((value, j) => ({
        id: gid("ProductOptionValue", optionId * 100 + j),
        name: value,
        hasVariants: p.variants.some((v) => v.selectedOptions[i] === value),
        linkedMetafieldValue: null,
        swatch: null,
        translations: [],
      })),
      linkedMetafield: null,
      translations: [],
    };
  });
}

export const Product: FieldResolvers<ProductRecord> = {
  id: (p) => gid("Product", p.id),
  legacyResourceId: (p) => uint64(p.id),
  description: (p, args) => {
    const text = stripHtml(p.descriptionHtml);
    const max = args.truncateAt as number | null | undefined;
    return max && text.length > max ? `${text.slice(0, Math.max(0, max - 3))}...` : text;
  },
  bodyHtml: (p) => p.descriptionHtml,
  tracksInventory: (p) => tracksInventory(p),
  totalInventory: (p) => totalInventory(p),
  totalVariants: (p) => p.variants.length,
  variantsCount: (p) => count(p.variants.length),
  mediaCount: (p) => count(p.media.length),
  hasOnlyDefaultVariant: (p) => p.variants.length === 1 && p.variants[0].title === "Default Title",
  hasOutOfStockVariants: (p) => p.variants.some((v) => tracksInventory(p) && v.inventoryQuantity <= 0),
  hasVariantsThatRequiresComponents: () => false,
  requiresSellingPlan: () => false,
  giftCardTemplateSuffix: () => null,
  category: () => null,
  combinedListingRole: () => null,
  defaultCursor: (p) => encodeCursor(p.id, p.id),
  onlineStoreUrl: (p, _a, ctx) => (p.status === "ACTIVE" && p.publishedAt ? `${storefrontBase(ctx)}/products/${p.handle}` : null),
  onlineStorePreviewUrl: (p, _a, ctx) => `${storefrontBase(ctx)}/products/${p.handle}`,
  publishedOnCurrentPublication: (p) => p.status === "ACTIVE" && p.publishedAt !== null,
  featuredMedia: (p) => p.media[0] ?? null,
  featuredImage: (p) => (p.media[0] ? mediaImage(p.media[0]) : null),
  // Product.images (deprecated) pages the same media as Image nodes.
  images: (p, args, ctx) => listConnection(p.media, args as PageArgs, ctx.unpaginated).map(mediaImage),
  media: (p, args, ctx) => listConnection(p.media, args as PageArgs, ctx.unpaginated),
  variants: (p, args, ctx) => paginate(p.variants, args as PageArgs, { unpaginated: ctx.unpaginated, sortValue: (v) => v.position }),
  options: (p, args) => productOptions(p).slice(0, typeof args.first === "number" ? Math.max(0, args.first) : undefined),
  priceRangeV2: (p, _a, ctx) => priceRange(p, ctx.shop.store.settings.currencyCode),
  priceRange: (p, _a, ctx) => priceRange(p, ctx.shop.store.settings.currencyCode),
  compareAtPriceRange: (p, _a, ctx) => (p.variants.some((v) => v.compareAtPrice) ? compareAtRange(p, ctx.shop.store.settings.currencyCode) : null),
  metafield: (p, args) => metafieldOf(p, args),
  metafields: (p, args, ctx) => metafieldsConnection(p, args, ctx),
  // By collection id: Product.collections takes no sortKey.
  collections: (p, args, ctx) => listConnection(ctx.shop.store.collectionsOf(p), args as PageArgs, ctx.unpaginated),
  translations: () => [],
};

export const ProductVariant: FieldResolvers<VariantRecord> = {
  id: (v) => gid("ProductVariant", v.id),
  legacyResourceId: (v) => uint64(v.id),
  product: (v, _a, ctx) => ctx.shop.store.product(v.productId) ?? null,
  inventoryItem: (v, _a, ctx) => ctx.shop.store.inventory.itemOfVariant(v.id) ?? null,
  displayName: (v, _a, ctx) => `${ctx.shop.store.product(v.productId)?.title ?? ""} - ${v.title}`,
  availableForSale: (v, _a, ctx) => variantAvailable(ctx.shop.store.product(v.productId), v),
  sellableOnlineQuantity: (v) => Math.max(0, v.inventoryQuantity),
  selectedOptions: (v, _a, ctx) => {
    const options = productOptions(ctx.shop.store.product(v.productId));
    return v.selectedOptions.map((value, i) => ({
      name: options[i]?.name ?? "",
      value,
      optionValue: options[i]?.optionValues.find((o) => o.name === value) ?? null,
    }));
  },
  requiresComponents: () => false,
  image: (v, _a, ctx) => {
    const media = ctx.shop.store.product(v.productId)?.media[0];
    return media ? mediaImage(media) : null;
  },
  media: (v, args, ctx) => listConnection(ctx.shop.store.product(v.productId)?.media ?? [], args as PageArgs, ctx.unpaginated),
  metafield: () => null,
  metafields: (_v, args, ctx) => metafieldsConnection(EMPTY_METAFIELDS, args, ctx),
  taxCode: () => null,
  translations: () => [],
  defaultCursor: (v) => encodeCursor(v.id, v.id),
};

export const MediaImage: FieldResolvers<MediaRecord> = {
  id: (m) => gid("MediaImage", m.id),
  mediaContentType: () => "IMAGE",
  status: () => "READY",
  fileStatus: () => "READY",
  mediaErrors: () => [],
  mediaWarnings: () => [],
  fileErrors: () => [],
  mimeType: (m) => (m.url.endsWith(".svg") ? "image/svg+xml" : "image/jpeg"),
  image: (m) => mediaImage(m),
  preview: (m) => ({ image: mediaImage(m), status: "READY" }),
  originalSource: (m) => ({ url: m.url, fileSize: null }),
  metafield: () => null,
  metafields: (_m, args, ctx) => metafieldsConnection(EMPTY_METAFIELDS, args, ctx),
};

export const Image: FieldResolvers<ImageSource> = {
  url: (img, args) => transformedUrl(img.url, args.transform as ImageTransform | null | undefined),
  src: (img) => img.url,
  originalSrc: (img) => img.url,
  transformedSrc: (img, args) => transformedUrl(img.url, args as ImageTransform),
  metafield: () => null,
  metafields: (_i, args, ctx) => metafieldsConnection(EMPTY_METAFIELDS, args, ctx),
};

interface ImageTransform {
  maxWidth?: number | null;
  maxHeight?: number | null;
  crop?: string | null;
  scale?: number | null;
  preferredContentType?: string | null;
}

function transformedUrl(url: string, t: ImageTransform | null | undefined): string {
  if (!t) return url;
  const u = new URL(url);
  if (t.maxWidth) u.searchParams.set("width", String(t.maxWidth));
  if (t.maxHeight) u.searchParams.set("height", String(t.maxHeight));
  if (t.crop) u.searchParams.set("crop", t.crop.toLowerCase());
  if (t.scale && t.scale !== 1) u.searchParams.set("scale", String(t.scale));
  return u.toString();
}

export const Metafield: FieldResolvers<MetafieldRecord> = {
  id: (m) => gid("Metafield", m.id),
  legacyResourceId: (m) => uint64(m.id),
  jsonValue: (m) => metafieldJsonValue(m),
  compareDigest: (m) => createHash("sha256").update(m.value).digest("hex"),
  description: () => null,
  definition: () => null,
  owner: (m, _a, ctx) => ctx.shop.store.product(m.ownerId) ?? null,
  reference: (m, _a, ctx) => {
    if (!m.type.endsWith("_reference") || m.type.startsWith("list.")) return null;
    return referenceOf(m.value, ctx);
  },
  references: (m, args, ctx) => {
    if (!m.type.startsWith("list.") || !m.type.endsWith("_reference")) return null;
    const ids = safeJsonArray(m.value);
    const refs = ids.map((id) => referenceOf(id, ctx)).filter((r): r is ProductRecord => r !== null);
    return listConnection(refs, args as PageArgs, ctx.unpaginated);
  },
};

function referenceOf(value: string, ctx: RequestContext): ProductRecord | null {
  const parsed = parseGid(value);
  if (!parsed || parsed.type !== "Product") return null;
  return ctx.shop.store.product(parsed.id) ?? null;
}

function safeJsonArray(value: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** jsonValue: the value parsed for JSON-ish and numeric types, the string otherwise. */
export function metafieldJsonValue(m: MetafieldRecord): unknown {
  if (
    m.type === "json" ||
    m.type.startsWith("list.") ||
    m.type === "rich_text_field" ||
    m.type === "money" ||
    m.type === "dimension" ||
    m.type === "weight" ||
    m.type === "volume" ||
    m.type === "rating"
  ) {
    try {
      return JSON.parse(m.value);
    } catch {
      return m.value;
    }
  }
  if (m.type === "number_integer") return Number.parseInt(m.value, 10);
  if (m.type === "number_decimal") return m.value;
  if (m.type === "boolean") return m.value === "true";
  return m.value;
}
