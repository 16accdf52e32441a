// productCreate, productUpdate, productDelete, fileUpdate, productUpdateMedia.
// productUpdate with a new handle and `redirectNewHandle: true` adds a URL
// redirect from the old product URL to the new one (urlRedirects lists it).
// Bad input comes back as userErrors (HTTP 200, nothing written), as on
// Shopify; the app's services are expected to check userErrors.
// https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productCreate
// https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productUpdate

import { idOf, parseGid } from "../../gid.js";
import type { ImageSeed, MediaRecord, MetafieldSeed, ProductPatch, ProductSeed, ProductStatus } from "../../store.js";
import type { Args, FieldResolvers } from "../context.js";
import { checkMetafield, validateMetafieldsSet, type MetafieldsSetInput } from "./metafields.js";
import { shopObject } from "./shop.js";

interface UserError {
  field: string[] | null;
  message: string;
}

/** The fields of ProductCreateInput / ProductUpdateInput the local Shopify keeps. */
interface ProductInput {
  id?: string | null;
  title?: string | null;
  handle?: string | null;
  redirectNewHandle?: boolean | null;
  descriptionHtml?: string | null;
  vendor?: string | null;
  productType?: string | null;
  status?: ProductStatus | null;
  tags?: string[] | null;
  seo?: { title?: string | null; description?: string | null } | null;
  templateSuffix?: string | null;
  giftCard?: boolean | null;
  metafields?: { namespace?: string | null; key: string; value: string; type?: string | null }[] | null;
}

interface CreateMediaInput {
  originalSource: string;
  alt?: string | null;
  mediaContentType: string;
}

const MAX_TITLE = 255;
const MAX_ALT = 512;

function validateProductFields(input: ProductInput, creating: boolean): UserError[] {
  const errors: UserError[] = [];
  if (creating || input.title !== undefined) {
    const title = (input.title ?? "").trim();
    if (!title) errors.push({ field: ["title"], message: "Title can't be blank" });
    else if (title.length > MAX_TITLE) errors.push({ field: ["title"], message: `Title is too long (maximum is ${MAX_TITLE} characters)` });
  }
  if (input.handle !== undefined && input.handle !== null && input.handle.length > MAX_TITLE) {
    errors.push({ field: ["handle"], message: `Handle is too long (maximum is ${MAX_TITLE} characters)` });
  }
  for (const [i, tag] of (input.tags ?? []).entries()) {
    if (tag.length > 255) errors.push({ field: ["tags", String(i)], message: "Tags is too long (maximum is 255 characters)" });
  }
  return errors;
}

function patchFrom(input: ProductInput): ProductPatch {
  const patch: ProductPatch = {};
  if (input.title != null) patch.title = input.title.trim();
  if (input.handle != null) patch.handle = input.handle;
  if (input.redirectNewHandle) patch.redirectNewHandle = true;
  if (input.descriptionHtml != null) patch.descriptionHtml = input.descriptionHtml;
  if (input.vendor != null) patch.vendor = input.vendor;
  if (input.productType != null) patch.productType = input.productType;
  if (input.status != null) patch.status = input.status;
  if (input.tags != null) patch.tags = input.tags;
  if (input.seo != null) patch.seo = input.seo;
  if (input.templateSuffix !== undefined) patch.templateSuffix = input.templateSuffix;
  return patch;
}

function mediaFrom(media: CreateMediaInput[] | null | undefined): { images: ImageSeed[]; errors: UserError[] } {
  const images: ImageSeed[] = [];
  const errors: UserError[] = [];
  (media ?? []).forEach((m, i) => {
    if (m.mediaContentType !== "IMAGE") {
      errors.push({ field: ["media", String(i), "mediaContentType"], message: "The local Shopify supports IMAGE media only." });
      return;
    }
    try {
      new URL(m.originalSource);
    } catch {
      errors.push({ field: ["media", String(i), "originalSource"], message: "Image URL is invalid" });
      return;
    }
    if ((m.alt ?? "").length > MAX_ALT) {
      errors.push({ field: ["media", String(i), "alt"], message: `Alt is too long (maximum is ${MAX_ALT} characters)` });
      return;
    }
    images.push({ url: m.originalSource, alt: m.alt ?? null });
  });
  return { images, errors };
}

/** The metafields of a product input as metafieldsSet inputs for that product. */
function metafieldInputs(ownerId: string, input: ProductInput): MetafieldsSetInput[] {
  return (input.metafields ?? []).map((m) => ({ ownerId, namespace: m.namespace, key: m.key, value: m.value, type: m.type }));
}

export const productMutations: FieldResolvers<unknown> = {
  productCreate: (_s, args: Args, ctx) => {
    // `product: ProductCreateInput`; the deprecated `input:` of older versions is still accepted.
    const input = (args.product ?? args.input ?? {}) as ProductInput;
    const { images, errors: mediaErrors } = mediaFrom(args.media as CreateMediaInput[] | undefined);
    const errors = [...validateProductFields(input, true), ...mediaErrors];
    const metafields: MetafieldSeed[] = [];
    for (const [i, m] of (input.metafields ?? []).entries()) {
      const checked = checkMetafield(m, null, ctx);
      if (checked.problem) errors.push({ field: ["metafields", String(i), checked.problem.name], message: checked.problem.message });
      else metafields.push({ namespace: checked.namespace, key: checked.key, type: checked.type, value: checked.value });
    }
    if (errors.length) return { product: null, userErrors: errors, shop: shopObject(ctx) };
    const seed: ProductSeed = {
      title: (input.title ?? "").trim(),
      handle: input.handle ?? undefined,
      descriptionHtml: input.descriptionHtml ?? undefined,
      vendor: input.vendor ?? undefined,
      productType: input.productType ?? undefined,
      status: input.status ?? "ACTIVE",
      tags: input.tags ?? undefined,
      seo: input.seo ?? undefined,
      templateSuffix: input.templateSuffix ?? undefined,
      isGiftCard: input.giftCard ?? false,
      variants: [{ price: "0.00", inventoryQuantity: 0 }],
      images,
      metafields,
    };
    return { product: ctx.shop.createProduct(seed), userErrors: [], shop: shopObject(ctx) };
  },

  productUpdate: (_s, args: Args, ctx) => {
    const input = (args.product ?? args.input ?? {}) as ProductInput;
    const id = idOf(input.id, "Product");
    const existing = id === null ? undefined : ctx.shop.store.product(id);
    if (!existing) return { product: null, userErrors: [{ field: ["id"], message: "Product does not exist" }] };
    const { images, errors: mediaErrors } = mediaFrom(args.media as CreateMediaInput[] | undefined);
    const errors = [...validateProductFields(input, false), ...mediaErrors];
    const metafields = input.metafields?.length ? validateMetafieldsSet(metafieldInputs(input.id!, input), ctx) : { errors: [], valid: [] };
    errors.push(...metafields.errors.map((e) => ({ field: ["metafields", ...(e.field ?? []).slice(1)], message: e.message })));
    if (errors.length) return { product: null, userErrors: errors };
    const product = ctx.shop.updateProduct(existing.id, patchFrom(input), { images, metafields: metafields.valid });
    return { product, userErrors: [] };
  },

  productDelete: (_s, args: Args, ctx) => {
    const input = args.input as { id: string };
    const id = idOf(input.id, "Product");
    if (id === null || !ctx.shop.store.product(id)) {
      return {
        deletedProductId: null,
        productDeleteOperation: null,
        userErrors: [{ field: ["id"], message: "Product does not exist" }],
        shop: shopObject(ctx),
      };
    }
    ctx.shop.deleteProduct(id);
    return { deletedProductId: input.id, productDeleteOperation: null, userErrors: [], shop: shopObject(ctx) };
  },

  fileUpdate: (_s, args: Args, ctx) => {
    const files = args.files as { id: string; alt?: string | null; originalSource?: string | null }[];
    const errors: { field: string[]; message: string; code: string }[] = [];
    const targets: { media: MediaRecord; alt: string | null | undefined }[] = [];
    files.forEach((f, i) => {
      const parsed = parseGid(f.id);
      const media = parsed?.type === "MediaImage" ? ctx.shop.store.mediaImage(parsed.id) : undefined;
      if (!media) {
        errors.push({ field: ["files", String(i), "id"], message: `File id ${f.id} does not exist.`, code: "FILE_DOES_NOT_EXIST" });
        return;
      }
      if (f.alt != null && f.alt.length > MAX_ALT) {
        errors.push({
          field: ["files", String(i), "alt"],
          message: `The alt value exceeds the maximum limit of ${MAX_ALT} characters.`,
          code: "ALT_VALUE_LIMIT_EXCEEDED",
        });
        return;
      }
      targets.push({ media, alt: f.alt });
    });
    if (errors.length) return { files: null, userErrors: errors };
    const updated = targets.map(({ media, alt }) => (alt === undefined ? media : ctx.shop.updateMediaAlt(media.id, alt)));
    return { files: updated, userErrors: [] };
  },

  productUpdateMedia: (_s, args: Args, ctx) => {
    const productId = idOf(args.productId, "Product");
    const product = productId === null ? undefined : ctx.shop.store.product(productId);
    if (!product) {
      const e = { field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" };
      return { media: null, product: null, mediaUserErrors: [e], userErrors: [{ field: e.field, message: e.message }] };
    }
    const inputs = args.media as { id: string; alt?: string | null }[];
    const errors: { field: string[]; message: string; code: string }[] = [];
    inputs.forEach((m, i) => {
      const mediaId = idOf(m.id, "MediaImage");
      if (mediaId === null || !product.media.some((x) => x.id === mediaId)) {
        errors.push({ field: ["media", String(i), "id"], message: `Media id ${m.id} does not exist on product`, code: "MEDIA_DOES_NOT_EXIST_ON_PRODUCT" });
      } else if (m.alt != null && m.alt.length > MAX_ALT) {
        errors.push({ field: ["media", String(i), "alt"], message: `Alt is too long (maximum is ${MAX_ALT} characters)`, code: "INVALID" });
      }
    });
    if (errors.length) {
      return { media: null, product, mediaUserErrors: errors, userErrors: errors.map((e) => ({ field: e.field, message: e.message })) };
    }
    const media = inputs.map((m) => {
      const mediaId = idOf(m.id, "MediaImage")!;
      return m.alt === undefined ? ctx.shop.store.mediaImage(mediaId)! : ctx.shop.updateMediaAlt(mediaId, m.alt)!;
    });
    return { media, product, mediaUserErrors: [], userErrors: [] };
  },
};
