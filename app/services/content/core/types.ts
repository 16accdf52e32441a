// The content studio's vocabulary: what a product gives the generator, what
// the generator gives back, and the limits every field is held to.

export interface ProductImage {
  /** Numeric part of gid://shopify/MediaImage/<id>. */
  mediaShopifyId: string;
  url: string | null;
  altText: string | null;
  /** Base64 image bytes when the caller already has them (uploads, tests). */
  base64?: { data: string; mediaType: "image/jpeg" | "image/png" | "image/gif" | "image/webp" };
}

export interface ProductFacts {
  shopifyId: string;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  tags: string[];
  /** Variant titles ("Red / Large"), without Shopify's "Default Title". */
  variantTitles: string[];
  /** Option values seen across variants, split on " / ". */
  optionValues: string[];
  minPrice: string;
  maxPrice: string;
  currencyCode: string;
  descriptionHtml: string;
  images: ProductImage[];
}

export interface GeneratedContent {
  descriptionHtml: string;
  seoTitle: string;
  seoDescription: string;
  keywords: string[];
  tags: string[];
  productType: string;
  audience: string;
  useCases: string[];
  altTexts: { mediaShopifyId: string; alt: string }[];
  /** Only when a better handle was asked for. */
  handle?: string;
}

/** The fields a draft holds, one row each; alt texts are `alt:<mediaShopifyId>`. */
export const TEXT_FIELDS = ["description", "seoTitle", "seoDescription", "keywords", "tags", "productType", "audience", "useCases", "handle"] as const;
type TextField = (typeof TEXT_FIELDS)[number];

export const FIELD_LABELS: Record<TextField, string> = {
  description: "Description",
  seoTitle: "SEO title",
  seoDescription: "Meta description",
  keywords: "Keywords",
  tags: "Tags",
  productType: "Product type",
  audience: "Target audience",
  useCases: "Use cases",
  handle: "URL handle",
};

export function fieldLabel(field: string): string {
  if (field.startsWith("alt:")) return "Image alt text";
  return FIELD_LABELS[field as TextField] ?? field;
}

// The ranges the issue sets, enforced by lengths.ts. Search engines cut titles
// near 60 characters and snippets near 160; screen readers prefer alt text
// under 125 characters.
export const LIMITS = {
  descriptionWords: { min: 150, max: 250 },
  seoTitle: { min: 50, max: 60 },
  seoDescription: { min: 150, max: 160 },
  keywords: { min: 10, max: 15 },
  altMax: 124,
  tagsMax: 12,
  useCasesMax: 6,
  handleMax: 80,
} as const;

export interface BrandVoice {
  tone: string;
  audience: string;
  language: string;
  avoidWords: string[];
  /** Preferred description length within 150-250 words. */
  descriptionWords: { min: number; max: number };
  exampleCopy: string;
  /** Free-text rules given to the model (never executed). */
  rules: string;
}

export const DEFAULT_BRAND_VOICE: BrandVoice = {
  tone: "warm, clear and factual",
  audience: "",
  language: "English",
  avoidWords: [],
  descriptionWords: { min: 150, max: 250 },
  exampleCopy: "",
  rules: "",
};

/** A problem found on a field: unsupported by the product's data, a banned word, a rule. */
export interface Flag {
  kind: "number" | "material" | "size" | "certification" | "claim" | "banned_word" | "rule";
  text: string;
  message: string;
}

/** Something about the input the merchant should know (no images, huge description, ...). */
export interface Notice {
  code: string;
  message: string;
}
