// The Admin API emulator passes its own LocalShop (../shop.ts) to
// mountStorefront, as ../storefront-contract.ts describes. This reads it as a
// LocalShopLike, structurally, so neither side imports the other's internals.
import type { LocalShopLike } from "./types";

/** A product of `LocalShop.storefrontProducts()`: one variant per product. */
export interface EmulatorStorefrontProduct {
  id: number;
  handle: string;
  title: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  variantId: number;
  price: string;
  compareAtPrice: string | null;
  available: boolean;
  imageUrl: string | null;
  imageAlt: string | null;
}

/** The part of the emulator's LocalShop the storefront reads. */
export interface EmulatorShop {
  domain: string;
  store: { settings: { name: string; currencyCode: string; moneyFormat: string; moneyWithCurrencyFormat?: string } };
  /** Active, published products only. */
  storefrontProducts(): EmulatorStorefrontProduct[];
}

export function isEmulatorShop(shop: LocalShopLike | EmulatorShop): shop is EmulatorShop {
  return typeof (shop as EmulatorShop).storefrontProducts === "function";
}

export function fromEmulatorShop(shop: EmulatorShop): LocalShopLike {
  const { settings } = shop.store;
  return {
    domain: shop.domain,
    name: settings.name,
    currency: settings.currencyCode,
    moneyFormat: settings.moneyFormat,
    moneyWithCurrencyFormat: settings.moneyWithCurrencyFormat,
    products: () =>
      shop.storefrontProducts().map((product) => ({
        id: String(product.id),
        handle: product.handle,
        title: product.title,
        vendor: product.vendor,
        productType: product.productType,
        descriptionHtml: product.descriptionHtml,
        status: "ACTIVE",
        price: product.price,
        compareAtPrice: product.compareAtPrice,
        imageUrl: product.imageUrl,
        imageAlt: product.imageAlt,
        variants: [
          {
            id: String(product.variantId),
            title: "Default Title",
            price: product.price,
            compareAtPrice: product.compareAtPrice,
            available: product.available,
            // Not exposed; only Liquid's variant.inventory_quantity shows it.
            inventoryQuantity: product.available ? 1 : 0,
          },
        ],
      })),
  };
}
