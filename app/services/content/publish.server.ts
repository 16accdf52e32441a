// Publishing approved fields to Shopify, and restoring earlier versions.
// Before writing, the product is read from Shopify: a field the merchant
// changed after the draft was made is marked stale and left alone. Each
// written field becomes a version (before, after, who, provider).
// https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productUpdate
// https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/fileUpdate

import prisma from "../../db.server";
import { ProductContentQuery } from "../../graphql/product-content";
import { UpdateImageAltMutation } from "../../graphql/update-image-alt";
import { UpdateProductContentMutation } from "../../graphql/update-product-content";
import { approvedFields, getDraft, markFields } from "../../models/content-drafts.server";
import { getVersion } from "../../models/content-versions.server";
import { RequestError, ShopifyUserErrors } from "../../lib/errors.server";
import type { ShopifyAdmin } from "../shopify-admin.server";
import { sanitizeDescriptionHtml } from "./core/html";
import { recordPublishedContent } from "./product-data.server";

const productGid = (id: string) => `gid://shopify/Product/${id}`;
const mediaGid = (id: string) => `gid://shopify/MediaImage/${id}`;
const numericId = (gid: string) => gid.split("/").pop() ?? gid;

type LiveProduct = Record<string, string | null>;

async function readLive(admin: ShopifyAdmin, productShopifyId: string): Promise<LiveProduct | null> {
  const data = await admin.request(ProductContentQuery, { id: productGid(productShopifyId) });
  const p = data?.product;
  if (!p) return null;
  const live: LiveProduct = {
    description: p.descriptionHtml,
    seoTitle: p.seo.title ?? null,
    seoDescription: p.seo.description ?? null,
    tags: JSON.stringify(p.tags),
    productType: p.productType,
    handle: p.handle,
  };
  for (const m of p.media.nodes) live[`alt:${numericId(m.id)}`] = m.alt ?? "";
  return live;
}

/** Whether two values of a field say the same (HTML compared as sanitised, tags as sets, empty as empty). */
export function sameValue(field: string, a: string | null, b: string | null): boolean {
  const x = a ?? "";
  const y = b ?? "";
  if (field === "description") return sanitizeDescriptionHtml(x) === sanitizeDescriptionHtml(y);
  if (field === "tags") {
    const set = (v: string) => {
      try {
        return JSON.stringify(((JSON.parse(v || "[]") as string[]) ?? []).map((t) => t.trim().toLowerCase()).sort());
      } catch {
        return v;
      }
    };
    return set(x) === set(y);
  }
  return x.trim() === y.trim();
}

interface Change {
  field: string;
  value: string;
}

/** Writes field values to a product (one productUpdate, one fileUpdate for alt text). Throws ShopifyUserErrors when Shopify refuses. */
async function writeFields(admin: ShopifyAdmin, shopId: string, productShopifyId: string, changes: Change[]) {
  const product: Record<string, unknown> = { id: productGid(productShopifyId) };
  const local: Parameters<typeof recordPublishedContent>[2] = {};
  const seo: { title?: string; description?: string } = {};
  for (const c of changes) {
    if (c.field === "description") product.descriptionHtml = local.descriptionHtml = c.value;
    else if (c.field === "seoTitle") seo.title = local.seoTitle = c.value;
    else if (c.field === "seoDescription") seo.description = local.seoDescription = c.value;
    else if (c.field === "tags") product.tags = local.tags = JSON.parse(c.value) as string[];
    else if (c.field === "productType") product.productType = local.productType = c.value;
    else if (c.field === "handle") {
      product.handle = local.handle = c.value;
      // The old URL keeps working: Shopify adds a redirect to the new handle.
      product.redirectNewHandle = true;
    }
  }
  if (Object.keys(seo).length) product.seo = seo;
  if (Object.keys(product).length > 1) await admin.mutate(UpdateProductContentMutation, { product });
  const alts = changes.filter((c) => c.field.startsWith("alt:")).map((c) => ({ mediaShopifyId: c.field.slice(4), alt: c.value }));
  if (alts.length) await admin.mutate(UpdateImageAltMutation, { files: alts.map((a) => ({ id: mediaGid(a.mediaShopifyId), alt: a.alt })) });
  local.alts = alts;
  await recordPublishedContent(shopId, productShopifyId, local);
}

export interface PublishOutcome {
  published: string[];
  stale: string[];
  failed: { field: string; message: string }[];
}

/** Publishes a draft's approved fields. Advice-only fields (keywords, audience, use cases) are marked published without a write. */
export async function publishDraft(admin: ShopifyAdmin, shopId: string, draftId: string, actor: string): Promise<PublishOutcome> {
  const draft = await getDraft(shopId, draftId);
  if (!draft) throw new RequestError(404, "Unknown draft");
  const fields = await approvedFields(shopId, draftId);
  const outcome: PublishOutcome = { published: [], stale: [], failed: [] };
  if (!fields.length) return outcome;
  const live = await readLive(admin, draft.productShopifyId);
  if (!live) {
    await markFields(
      shopId,
      fields.map((f) => f.id),
      { status: "failed", error: "The product no longer exists in Shopify." },
    );
    outcome.failed = fields.map((f) => ({ field: f.field, message: "The product no longer exists in Shopify." }));
    return outcome;
  }
  const writable = ["description", "seoTitle", "seoDescription", "tags", "productType", "handle"];
  const toWrite: typeof fields = [];
  const adviceOnly: typeof fields = [];
  for (const f of fields) {
    if (!writable.includes(f.field) && !f.field.startsWith("alt:")) {
      adviceOnly.push(f);
      continue;
    }
    if (f.field.startsWith("alt:") && !(f.field in live)) {
      await markFields(shopId, [f.id], { status: "failed", error: "This image is no longer on the product." });
      outcome.failed.push({ field: f.field, message: "This image is no longer on the product." });
      continue;
    }
    // Unknown live value at generation (Aisle had not seen it): nothing to compare.
    if (f.liveValue !== null && !sameValue(f.field, f.liveValue, live[f.field])) {
      await markFields(shopId, [f.id], { status: "stale", error: "The product changed in Shopify after this draft was made; regenerate or edit to publish." });
      outcome.stale.push(f.field);
      continue;
    }
    toWrite.push(f);
  }
  if (toWrite.length) {
    try {
      await writeFields(
        admin,
        shopId,
        draft.productShopifyId,
        toWrite.map((f) => ({ field: f.field, value: f.value })),
      );
    } catch (error) {
      if (error instanceof ShopifyUserErrors) {
        const message = `Shopify refused: ${error.userErrors.map((e) => e.message).join("; ")}`;
        await markFields(
          shopId,
          toWrite.map((f) => f.id),
          { status: "failed", error: message },
        );
        outcome.failed.push(...toWrite.map((f) => ({ field: f.field, message })));
        return outcome;
      }
      throw error;
    }
    const now = new Date();
    await prisma.$transaction([
      prisma.contentDraftField.updateMany({
        where: { shopId, id: { in: toWrite.map((f) => f.id) }, status: "approved" },
        data: { status: "published", publishedAt: now, error: null },
      }),
      prisma.contentVersion.createMany({
        data: toWrite.map((f) => ({
          shopId,
          productShopifyId: draft.productShopifyId,
          field: f.field,
          before: live[f.field] ?? null,
          after: f.value,
          actor: f.decidedBy?.startsWith("rule:") ? f.decidedBy : actor,
          provider: draft.provider,
          draftFieldId: f.id,
          publishedAt: now,
        })),
      }),
    ]);
    outcome.published.push(...toWrite.map((f) => f.field));
  }
  if (adviceOnly.length) {
    await markFields(
      shopId,
      adviceOnly.map((f) => f.id),
      { status: "published", publishedAt: new Date() },
    );
    outcome.published.push(...adviceOnly.map((f) => f.field));
  }
  return outcome;
}

/** Restores the value a version replaced; the restore is itself a new version. */
export async function restoreVersion(admin: ShopifyAdmin, shopId: string, versionId: string, actor: string) {
  const version = await getVersion(shopId, versionId);
  if (!version) throw new RequestError(404, "Unknown version");
  if (version.before === null) throw new RequestError(400, "Aisle did not know this field's earlier value, so there is nothing to restore.");
  const live = await readLive(admin, version.productShopifyId);
  if (!live) throw new RequestError(404, "The product no longer exists in Shopify.");
  await writeFields(admin, shopId, version.productShopifyId, [{ field: version.field, value: version.before }]);
  return prisma.contentVersion.create({
    data: {
      shopId,
      productShopifyId: version.productShopifyId,
      field: version.field,
      before: live[version.field] ?? null,
      after: version.before,
      actor: `restore:${actor}`,
      provider: "restore",
      restoredFromId: version.id,
    },
  });
}
