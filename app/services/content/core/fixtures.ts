import type { ProductFacts } from "./types";

/** A product as the content studio sees it, for the core's tests and the benchmark. */
export function productFacts(overrides: Partial<ProductFacts> = {}): ProductFacts {
  return {
    shopifyId: "9100000001",
    title: "Heart Mug",
    handle: "heart-mug",
    productType: "Mugs",
    vendor: "Aisle Pottery",
    tags: ["kitchen", "gift"],
    variantTitles: ["Red", "Blue"],
    optionValues: ["Red", "Blue"],
    minPrice: "12.50",
    maxPrice: "12.50",
    currencyCode: "GBP",
    descriptionHtml: "<p>A stoneware mug holding 350 ml. Dishwasher safe.</p>",
    images: [{ mediaShopifyId: "9100000101", url: "https://cdn.example/heart-mug.jpg", altText: null }],
    ...overrides,
  };
}
