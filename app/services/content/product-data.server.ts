import type { Prisma } from "@prisma/client";
import prisma from "../../db.server";
import type { ProductFacts } from "./core/types";

const productSelect = {
  shopifyId: true,
  title: true,
  handle: true,
  descriptionHtml: true,
  vendor: true,
  productType: true,
  tags: true,
  seoTitle: true,
  seoDescription: true,
  shop: { select: { currencyCode: true } },
  variants: { select: { title: true, price: true }, orderBy: { position: "asc" } },
  media: { where: { mediaType: "IMAGE" }, select: { shopifyId: true, url: true, altText: true }, orderBy: { position: "asc" } },
} satisfies Prisma.ProductSelect;

export type LoadedProduct = { facts: ProductFacts; live: Record<string, string | null> };

/**
 * A product as the generator sees it and its live content (what the draft's
 * fields replace), from Aisle's copy of the catalog; null when the shop does
 * not hold the product (deleted in Shopify).
 */
export async function loadProduct(shopId: string, productShopifyId: string): Promise<LoadedProduct | null> {
  const product = await prisma.product.findFirst({ where: { shopId, shopifyId: productShopifyId, deletedAt: null }, select: productSelect });
  return product ? asLoaded(product) : null;
}

/** Many products at once (a chunk of a bulk run), by Shopify id; a product the shop no longer holds is absent. */
export async function loadProducts(shopId: string, productShopifyIds: string[]): Promise<Map<string, LoadedProduct>> {
  const rows = await prisma.product.findMany({
    where: { shopId, shopifyId: { in: [...new Set(productShopifyIds)] }, deletedAt: null },
    select: productSelect,
  });
  return new Map(rows.map((row) => [row.shopifyId, asLoaded(row)]));
}

function asLoaded(product: Prisma.ProductGetPayload<{ select: typeof productSelect }>): LoadedProduct {
  let tags: string[] = [];
  try {
    const parsed: unknown = JSON.parse(product.tags);
    if (Array.isArray(parsed)) tags = parsed.filter((t): t is string => typeof t === "string");
  } catch {
    tags = [];
  }
  const prices = product.variants.map((v) => Number(v.price)).filter(Number.isFinite);
  const variantTitles = product.variants.map((v) => v.title);
  const facts: ProductFacts = {
    shopifyId: product.shopifyId,
    title: product.title,
    handle: product.handle,
    productType: product.productType,
    vendor: product.vendor,
    tags,
    variantTitles,
    optionValues: [...new Set(variantTitles.flatMap((t) => t.split(" / ")))],
    minPrice: prices.length ? Math.min(...prices).toFixed(2) : "0.00",
    maxPrice: prices.length ? Math.max(...prices).toFixed(2) : "0.00",
    currencyCode: product.shop.currencyCode,
    descriptionHtml: product.descriptionHtml,
    images: product.media.map((m) => ({ mediaShopifyId: m.shopifyId, url: m.url, altText: m.altText })),
  };
  const live: Record<string, string | null> = {
    description: product.descriptionHtml,
    seoTitle: product.seoTitle,
    seoDescription: product.seoDescription,
    tags: JSON.stringify(tags),
    productType: product.productType,
    handle: product.handle,
  };
  for (const m of product.media) live[`alt:${m.shopifyId}`] = m.altText ?? "";
  return { facts, live };
}

/** Product ids of a shop's catalog (whole-catalog runs), or of a product type. */
export async function catalogProductIds(shopId: string, filter: { productType?: string } = {}) {
  const rows = await prisma.product.findMany({
    where: { shopId, deletedAt: null, ...(filter.productType ? { productType: filter.productType } : {}) },
    select: { shopifyId: true },
    orderBy: { shopifyId: "asc" },
  });
  return rows.map((r) => r.shopifyId);
}

/** Which of these ids are products of this shop's catalog (not deleted). */
export async function catalogProductsAmong(shopId: string, productShopifyIds: string[]) {
  const rows = await prisma.product.findMany({
    where: { shopId, deletedAt: null, shopifyId: { in: [...new Set(productShopifyIds)] } },
    select: { shopifyId: true },
  });
  return new Set(rows.map((r) => r.shopifyId));
}

/** Titles, types and images for lists of drafts. */
export async function productSummaries(shopId: string, productShopifyIds: string[]) {
  const rows = await prisma.product.findMany({
    where: { shopId, shopifyId: { in: [...new Set(productShopifyIds)] } },
    select: { shopifyId: true, title: true, productType: true, featuredImageUrl: true, handle: true },
  });
  return new Map(rows.map((r) => [r.shopifyId, r]));
}

export async function productTypes(shopId: string) {
  const rows = await prisma.product.findMany({
    where: { shopId, deletedAt: null, productType: { not: "" } },
    select: { productType: true },
    distinct: ["productType"],
  });
  return rows.map((r) => r.productType).sort();
}

/** After publishing: Aisle's copy says what Shopify now says, so the admin shows the live content at once. */
export async function recordPublishedContent(
  shopId: string,
  productShopifyId: string,
  change: {
    descriptionHtml?: string;
    seoTitle?: string;
    seoDescription?: string;
    tags?: string[];
    productType?: string;
    handle?: string;
    alts?: { mediaShopifyId: string; alt: string }[];
  },
) {
  const data: Record<string, string> = {};
  if (change.descriptionHtml !== undefined) data.descriptionHtml = change.descriptionHtml;
  if (change.seoTitle !== undefined) data.seoTitle = change.seoTitle;
  if (change.seoDescription !== undefined) data.seoDescription = change.seoDescription;
  if (change.tags !== undefined) data.tags = JSON.stringify(change.tags);
  if (change.productType !== undefined) data.productType = change.productType;
  if (change.handle !== undefined) data.handle = change.handle;
  if (Object.keys(data).length) await prisma.product.updateMany({ where: { shopId, shopifyId: productShopifyId }, data });
  for (const a of change.alts ?? []) await prisma.productMedia.updateMany({ where: { shopId, shopifyId: a.mediaShopifyId }, data: { altText: a.alt } });
}
