// Webhook payloads in Shopify's REST shapes (webhooks still send REST JSON,
// whatever API the app otherwise uses).
// https://shopify.dev/docs/api/webhooks?reference=toml (topics and example payloads)
// https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance (compliance topics)

import type { BulkOperationRecord } from "./bulk.js";
import { gid } from "./gid.js";
import type { CollectionRecord, OrderRecord, ProductRecord, Store } from "./store.js";

export interface ProductPayload {
  id: number;
  admin_graphql_api_id: string;
  title: string;
  handle: string;
  body_html: string;
  vendor: string;
  product_type: string;
  status: "active" | "draft" | "archived" | "unlisted";
  tags: string;
  template_suffix: string | null;
  published_scope: "web";
  created_at: string;
  updated_at: string;
  published_at: string | null;
  variants: {
    id: number;
    product_id: number;
    admin_graphql_api_id: string;
    title: string;
    price: string;
    sku: string | null;
    barcode: string | null;
    position: number;
    inventory_policy: "deny" | "continue";
    compare_at_price: string | null;
    inventory_quantity: number;
    old_inventory_quantity: number;
    taxable: boolean;
    option1: string | null;
    option2: string | null;
    option3: string | null;
    image_id: null;
    created_at: string;
    updated_at: string;
  }[];
  options: { id: number; product_id: number; name: string; position: number; values: string[] }[];
  images: ImagePayload[];
  image: ImagePayload | null;
  media: {
    id: number;
    product_id: number;
    position: number;
    alt: string | null;
    status: "READY";
    media_content_type: "IMAGE";
    preview_image: { width: number; height: number; src: string; status: "READY" };
    variant_ids: number[];
    admin_graphql_api_id: string;
    created_at: string;
    updated_at: string;
  }[];
  variant_gids: { admin_graphql_api_id: string; updated_at: string }[];
  has_variants_that_requires_components: boolean;
  category: null;
}

interface ImagePayload {
  id: number;
  product_id: number;
  position: number;
  alt: string | null;
  width: number;
  height: number;
  src: string;
  variant_ids: number[];
  admin_graphql_api_id: string;
  created_at: string;
  updated_at: string;
}

/** products/create and products/update. */
export function productPayload(product: ProductRecord): ProductPayload {
  const images: ImagePayload[] = product.media.map((m) => ({
    id: m.id,
    product_id: product.id,
    position: m.position,
    alt: m.alt,
    width: m.width,
    height: m.height,
    src: m.url,
    variant_ids: [],
    admin_graphql_api_id: gid("MediaImage", m.id),
    created_at: m.createdAt,
    updated_at: m.updatedAt,
  }));
  return {
    id: product.id,
    admin_graphql_api_id: gid("Product", product.id),
    title: product.title,
    handle: product.handle,
    body_html: product.descriptionHtml,
    vendor: product.vendor,
    product_type: product.productType,
    status: product.status.toLowerCase() as ProductPayload["status"],
    tags: product.tags.join(", "),
    template_suffix: product.templateSuffix,
    published_scope: "web",
    created_at: product.createdAt,
    updated_at: product.updatedAt,
    published_at: product.publishedAt,
    variants: product.variants.map((v) => ({
      id: v.id,
      product_id: product.id,
      admin_graphql_api_id: gid("ProductVariant", v.id),
      title: v.title,
      price: v.price,
      sku: v.sku,
      barcode: v.barcode,
      position: v.position,
      inventory_policy: v.inventoryPolicy === "CONTINUE" ? "continue" : "deny",
      compare_at_price: v.compareAtPrice,
      inventory_quantity: v.inventoryQuantity,
      old_inventory_quantity: v.inventoryQuantity,
      taxable: v.taxable,
      option1: v.selectedOptions[0] ?? null,
      option2: v.selectedOptions[1] ?? null,
      option3: v.selectedOptions[2] ?? null,
      image_id: null,
      created_at: v.createdAt,
      updated_at: v.updatedAt,
    })),
    // The product's options, Shopify's "Title" placeholder included (ids as Product.options has them).
    options: product.options.map((o, i) => ({ id: product.id * 10 + i + 1, product_id: product.id, name: o.name, position: i + 1, values: o.values })),
    images,
    image: images[0] ?? null,
    media: product.media.map((m) => ({
      id: m.id,
      product_id: product.id,
      position: m.position,
      alt: m.alt,
      status: "READY",
      media_content_type: "IMAGE",
      preview_image: { width: m.width, height: m.height, src: m.url, status: "READY" },
      variant_ids: [],
      admin_graphql_api_id: gid("MediaImage", m.id),
      created_at: m.createdAt,
      updated_at: m.updatedAt,
    })),
    variant_gids: product.variants.map((v) => ({ admin_graphql_api_id: gid("ProductVariant", v.id), updated_at: v.updatedAt })),
    has_variants_that_requires_components: false,
    category: null,
  };
}

/** products/delete carries only the id. */
export function productDeletePayload(productId: number): { id: number } {
  return { id: productId };
}

/** REST's sort_order words for CollectionSortOrder. */
const SORT_ORDER: Record<CollectionRecord["sortOrder"], string> = {
  MANUAL: "manual",
  BEST_SELLING: "best-selling",
  ALPHA_ASC: "alpha-asc",
  ALPHA_DESC: "alpha-desc",
  PRICE_DESC: "price-desc",
  PRICE_ASC: "price-asc",
  CREATED: "created",
  CREATED_DESC: "created-desc",
};

/**
 * collections/create and collections/update: the REST collection, which
 * names neither its products nor (custom or smart) its rules; the app asks
 * the Admin API for those.
 * https://shopify.dev/docs/api/webhooks/2026-07?reference=toml#list-of-topics-collections/update
 */
export function collectionPayload(collection: CollectionRecord) {
  return {
    id: collection.id,
    handle: collection.handle,
    title: collection.title,
    updated_at: collection.updatedAt,
    body_html: collection.descriptionHtml,
    published_at: collection.publishedAt,
    sort_order: SORT_ORDER[collection.sortOrder],
    template_suffix: collection.templateSuffix,
    published_scope: "web",
    admin_graphql_api_id: gid("Collection", collection.id),
  };
}

/** collections/delete: the id only (with the publication scope), as for products. */
export function collectionDeletePayload(collectionId: number) {
  return { id: collectionId, published_scope: "web", admin_graphql_api_id: gid("Collection", collectionId) };
}

/** orders/create, orders/updated (no personal data: email, addresses and names are left out or null). */
export function orderPayload(store: Store, order: OrderRecord) {
  const total = store.orderTotal(order);
  const money = (amount: string) => ({
    shop_money: { amount, currency_code: order.currencyCode },
    presentment_money: { amount, currency_code: order.currencyCode },
  });
  const customer = order.customerId === null ? undefined : store.customer(order.customerId);
  return {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    name: order.name,
    order_number: Number(order.name.replace(/\D/g, "")) || null,
    number: Number(order.name.replace(/\D/g, "")) || null,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    processed_at: order.processedAt,
    cancelled_at: order.cancelledAt,
    cancel_reason: order.cancelReason,
    closed_at: order.cancelledAt,
    currency: order.currencyCode,
    presentment_currency: order.currencyCode,
    total_price: total,
    subtotal_price: total,
    current_total_price: order.cancelledAt ? "0.00" : total,
    total_tax: "0.00",
    total_discounts: "0.00",
    total_price_set: money(total),
    subtotal_price_set: money(total),
    financial_status: order.financialStatus.toLowerCase(),
    fulfillment_status: order.fulfillmentStatus === "FULFILLED" ? "fulfilled" : order.fulfillmentStatus === "PARTIALLY_FULFILLED" ? "partial" : null,
    confirmed: true,
    test: false,
    tags: order.tags.join(", "),
    note: order.note,
    note_attributes: (order.customAttributes ?? []).map((a) => ({ name: a.key, value: a.value })),
    source_name: "web",
    email: "",
    customer: customer
      ? {
          id: customer.id,
          admin_graphql_api_id: gid("Customer", customer.id),
          created_at: customer.createdAt,
          updated_at: customer.updatedAt,
          state: "enabled",
          email: null,
          first_name: null,
          last_name: null,
          phone: null,
        }
      : null,
    line_items: order.lineItems.map((li) => ({
      id: li.id,
      admin_graphql_api_id: gid("LineItem", li.id),
      product_id: li.productId,
      variant_id: li.variantId,
      title: li.title,
      name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title,
      variant_title: li.variantTitle,
      vendor: li.vendor,
      quantity: li.quantity,
      current_quantity: order.cancelledAt ? 0 : li.quantity,
      price: li.price,
      price_set: money(li.price),
      sku: li.sku,
      gift_card: false,
      taxable: true,
      requires_shipping: true,
      total_discount: "0.00",
    })),
  };
}

/** The Shop resource (REST), which is also the app/uninstalled payload. */
export function shopPayload(store: Store) {
  const s = store.settings;
  return {
    id: s.id,
    name: s.name,
    email: s.email,
    domain: s.domain,
    myshopify_domain: s.domain,
    country_code: "GB",
    country_name: "United Kingdom",
    currency: s.currencyCode,
    enabled_presentment_currencies: [s.currencyCode],
    money_format: s.moneyFormat,
    money_with_currency_format: s.moneyWithCurrencyFormat,
    money_in_emails_format: s.moneyFormat,
    money_with_currency_in_emails_format: s.moneyWithCurrencyFormat,
    iana_timezone: s.ianaTimezone,
    timezone: `(GMT+00:00) ${s.ianaTimezone}`,
    weight_unit: s.weightUnit === "KILOGRAMS" ? "kg" : s.weightUnit === "GRAMS" ? "g" : s.weightUnit === "POUNDS" ? "lb" : "oz",
    plan_display_name: s.planDisplayName,
    plan_name: s.planDisplayName.toLowerCase(),
    primary_locale: "en",
    taxes_included: true,
    tax_shipping: null,
    has_storefront: true,
    password_enabled: false,
    setup_required: false,
    created_at: s.createdAt,
    updated_at: s.createdAt,
  };
}

/** customers/data_request: what Shopify sends when a customer asks for their data. */
export function customersDataRequestPayload(store: Store, customerId: number, requestId: number) {
  return {
    shop_id: store.settings.id,
    shop_domain: store.settings.domain,
    orders_requested: ordersOf(store, customerId),
    customer: { id: customerId, email: null as string | null, phone: null as string | null },
    data_request: { id: requestId },
  };
}

/** customers/redact: sent ten days after a customer asks to be forgotten. */
export function customersRedactPayload(store: Store, customerId: number) {
  return {
    shop_id: store.settings.id,
    shop_domain: store.settings.domain,
    customer: { id: customerId, email: null as string | null, phone: null as string | null },
    orders_to_redact: ordersOf(store, customerId),
  };
}

/** shop/redact: sent 48 hours after the app is uninstalled. */
export function shopRedactPayload(store: Store) {
  return { shop_id: store.settings.id, shop_domain: store.settings.domain };
}

/** app/scopes_update. */
export function scopesUpdatePayload(store: Store, previous: string[], current: string[], at: string) {
  return { id: store.settings.id, previous, current, updated_at: at };
}

/** bulk_operations/finish: status, type and error code are lowercase in the payload. */
export function bulkFinishPayload(op: BulkOperationRecord) {
  return {
    admin_graphql_api_id: gid("BulkOperation", op.id),
    completed_at: op.completedAt,
    created_at: op.createdAt,
    error_code: op.errorCode ? op.errorCode.toLowerCase() : null,
    status: op.status.toLowerCase(),
    type: op.type.toLowerCase(),
  };
}

function ordersOf(store: Store, customerId: number): number[] {
  return store
    .orderList()
    .filter((o) => o.customerId === customerId)
    .map((o) => o.id);
}
