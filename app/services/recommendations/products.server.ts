import { productSummaries, searchProducts } from "../../models/products.server";

/** A product as the recommendations admin shows it: in pickers, rules, pairs and previews. */
export interface ProductCard {
  id: string;
  title: string;
  handle: string;
  vendor: string;
  price: string;
  /** The first variants' SKUs ("MUG-RED-01, MUG-RED-02"), or "" when they have none. */
  skus: string;
  /** Shopify's product status: ACTIVE | DRAFT | ARCHIVED | UNLISTED. */
  status: string;
  imageUrl: string | null;
  /** Not active, or deleted since: shown, but it cannot be recommended. */
  unavailable: boolean;
  /** No such product in the shop's catalog (a stale id). */
  missing: boolean;
}

type Summary = Awaited<ReturnType<typeof productSummaries>>[number];

function toCard(p: Summary): ProductCard {
  return {
    id: p.shopifyId,
    title: p.deletedAt ? `${p.title || `Product ${p.shopifyId}`} (deleted)` : p.title,
    handle: p.handle,
    vendor: p.vendor,
    price: p.minPrice,
    skus: p.variants
      .map((v) => v.sku?.trim())
      .filter(Boolean)
      .join(", "),
    status: p.status,
    imageUrl: p.featuredImageUrl,
    unavailable: Boolean(p.deletedAt) || p.status !== "ACTIVE",
    missing: false,
  };
}

/** Products matching what staff typed in a product picker. */
export async function findProducts(shopId: string, query: string, take = 20): Promise<ProductCard[]> {
  return (await searchProducts(shopId, query, take)).map(toCard);
}

/** Cards for the given product ids; ids the shop has no product for map to a placeholder card. */
export async function describeProducts(shopId: string, ids: string[]): Promise<Record<string, ProductCard>> {
  const found = new Map((await productSummaries(shopId, ids)).map((p) => [p.shopifyId, toCard(p)]));
  return Object.fromEntries(
    [...new Set(ids)].map((id) => [
      id,
      found.get(id) ?? {
        id,
        title: `Unknown product ${id}`,
        handle: "",
        vendor: "",
        price: "0.00",
        skus: "",
        status: "",
        imageUrl: null,
        unavailable: true,
        missing: true,
      },
    ]),
  );
}
