// What the local storefront needs from a store. Deliberately small, so the
// Admin API emulator's store can satisfy it with a thin adapter; everything is
// read per request, so catalog changes show up on the next page load.

export interface LocalShopLike {
  /** The myshopify domain, e.g. "aisle-dev.myshopify.com". */
  domain: string;
  name: string;
  /** ISO 4217 code, e.g. "EUR". */
  currency: string;
  /** Shopify's `shop.money_format`, e.g. "€{{amount_with_comma_separator}}". */
  moneyFormat: string;
  /** Shopify's `shop.money_with_currency_format`; defaults to moneyFormat + " " + currency. */
  moneyWithCurrencyFormat?: string;
  /** The catalog. Only products with status ACTIVE are shown, as on Shopify's Online Store. */
  products(): Iterable<LocalProductLike>;
}

export interface LocalProductLike {
  /** Numeric id as a string, e.g. "632910392" (not a GID). */
  id: string;
  handle: string;
  title: string;
  vendor: string;
  productType: string;
  descriptionHtml: string;
  /** "ACTIVE" | "DRAFT" | "ARCHIVED" | "UNLISTED" (any case). */
  status: string;
  /** Decimal strings in the shop's currency, e.g. "199.00". */
  price: string;
  compareAtPrice: string | null;
  /** Absolute or root-relative; when null the storefront draws a stand-in image. */
  imageUrl: string | null;
  imageAlt?: string | null;
  variants: LocalVariantLike[];
  /** Metafields by namespace and key, as Liquid reads them (`product.metafields.reviews.rating.value`). */
  metafields?: Record<string, Record<string, { type: string; value: unknown }>>;
}

export interface LocalVariantLike {
  /** Numeric id as a string. */
  id: string;
  /** "Default Title" for a product without options, as on Shopify. */
  title: string;
  price: string;
  compareAtPrice?: string | null;
  available: boolean;
  inventoryQuantity: number;
}
