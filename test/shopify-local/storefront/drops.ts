// Shopify's Liquid objects, built from a LocalShopLike. Only the fields the
// local theme and the app extension read. https://shopify.dev/docs/api/liquid/objects
import { generatedImageUrl } from "./art";
import { toCents } from "../money";
import type { LocalProductLike, LocalShopLike, LocalVariantLike } from "./types";

/** Liquid ids are numbers on Shopify; keep a string only where a number would lose digits. */
export function liquidId(id: string): number | string {
  const value = Number(id);
  return Number.isSafeInteger(value) ? value : id;
}

/** Listed: in collections, search and recommendations. */
export function isPublished(product: LocalProductLike): boolean {
  return product.status.toUpperCase() === "ACTIVE";
}

/** For sale through its own URL: listed, or UNLISTED (2025-10 on), which only keeps it out of lists. */
export function isReachable(product: LocalProductLike): boolean {
  return isPublished(product) || product.status.toUpperCase() === "UNLISTED";
}

export function publishedProducts(shop: LocalShopLike): LocalProductLike[] {
  return [...shop.products()].filter(isPublished);
}

export function productImage(product: LocalProductLike) {
  return {
    src: product.imageUrl ?? generatedImageUrl(product.handle),
    alt: product.imageAlt || product.title,
    // Unknown for remote images; themes only use these for the aspect ratio.
    width: 800,
    height: 800,
    aspect_ratio: 1,
  };
}

export function shopDrop(shop: LocalShopLike) {
  return {
    name: shop.name,
    domain: shop.domain,
    permanent_domain: shop.domain,
    url: `https://${shop.domain}`,
    currency: shop.currency,
    money_format: shop.moneyFormat,
    money_with_currency_format: shop.moneyWithCurrencyFormat ?? `${shop.moneyFormat} ${shop.currency}`,
  };
}

function variantDrop(product: LocalProductLike, variant: LocalVariantLike) {
  return {
    id: liquidId(variant.id),
    title: variant.title,
    price: toCents(variant.price),
    compare_at_price: variant.compareAtPrice ? toCents(variant.compareAtPrice) : null,
    available: variant.available,
    inventory_quantity: variant.inventoryQuantity,
    url: `/products/${product.handle}?variant=${variant.id}`,
  };
}

export function productDrop(product: LocalProductLike, selectedVariantId?: string | null) {
  const variants = product.variants.map((variant) => variantDrop(product, variant));
  const prices = variants.length ? variants.map((variant) => variant.price) : [toCents(product.price)];
  const selected = variants.find((variant) => String(variant.id) === selectedVariantId) ?? variants.find((variant) => variant.available) ?? variants[0] ?? null;
  const image = productImage(product);
  return {
    id: liquidId(product.id),
    handle: product.handle,
    title: product.title,
    vendor: product.vendor,
    type: product.productType,
    description: product.descriptionHtml,
    url: `/products/${product.handle}`,
    price: toCents(product.price),
    price_min: Math.min(...prices),
    price_max: Math.max(...prices),
    price_varies: Math.min(...prices) !== Math.max(...prices),
    compare_at_price: product.compareAtPrice ? toCents(product.compareAtPrice) : null,
    available: variants.some((variant) => variant.available),
    featured_image: image,
    images: [image],
    variants,
    has_only_default_variant: variants.length <= 1 && (variants[0]?.title ?? "Default Title") === "Default Title",
    selected_variant: selectedVariantId ? selected : null,
    selected_or_first_available_variant: selected,
    metafields: product.metafields ?? {},
  };
}
