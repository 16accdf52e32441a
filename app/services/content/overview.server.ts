// What the content studio's pages show: the review queue, one draft side by
// side with the live content, a product's history with its impact, usage.

import { getDraft, listDrafts, type DraftFilters } from "../../models/content-drafts.server";
import { listVersions } from "../../models/content-versions.server";
import { usageByMonth } from "../../models/content-usage.server";
import { findShop } from "../../models/shops.server";
import { readSettings } from "../settings.server";
import { wordDiff } from "./core/diff";
import { htmlToText } from "./core/html";
import { fieldLabel, type Flag, type Notice } from "./core/types";
import { isListField } from "./generate.server";
import { versionImpact } from "./impact.server";
import { loadProduct, productSummaries, productTypes } from "./product-data.server";
import { currentProvider, runProgress } from "./runs.server";

const parse = <T>(json: string | null, fallback: T): T => {
  try {
    return json ? (JSON.parse(json) as T) : fallback;
  } catch {
    return fallback;
  }
};

/** A field's value as staff read it: lists joined, HTML as text for the diff. */
export function displayValue(field: string, value: string | null): string {
  if (value === null) return "";
  if (isListField(field) || field === "tags") return parse<string[]>(value, []).join(", ");
  if (field === "description") return htmlToText(value);
  return value;
}

export async function getReviewQueue(shopId: string, filters: DraftFilters, page: number, pageSize = 25) {
  const [rows, types, runs, usage, shop] = await Promise.all([
    listDrafts(shopId, filters, pageSize + 1, (page - 1) * pageSize),
    productTypes(shopId),
    runProgress(shopId),
    usageByMonth(shopId),
    findShop(shopId),
  ]);
  const drafts = rows.slice(0, pageSize);
  const products = await productSummaries(
    shopId,
    drafts.map((d) => d.productShopifyId),
  );
  return {
    provider: currentProvider(),
    autoApprove: readSettings(shop?.settings).content.autoApprove,
    productTypes: types,
    runs,
    usage,
    hasNext: rows.length > pageSize,
    drafts: drafts.map((d) => {
      const product = products.get(d.productShopifyId);
      const count = (s: string) => d.fields.filter((f) => f.status === s).length;
      return {
        id: d.id,
        productShopifyId: d.productShopifyId,
        title: product?.title ?? `Product ${d.productShopifyId}`,
        productType: product?.productType ?? "",
        imageUrl: product?.featuredImageUrl ?? null,
        status: d.status,
        provider: d.provider,
        error: d.error,
        createdAt: d.createdAt,
        changedInShopify: Boolean(d.productChangedAt),
        flagged: d.fields.some((f) => f.flags !== "[]"),
        pending: count("pending"),
        approved: count("approved"),
        published: count("published"),
        stale: count("stale"),
        failed: count("failed"),
      };
    }),
  };
}

export async function getDraftReview(shopId: string, draftId: string) {
  const draft = await getDraft(shopId, draftId);
  if (!draft) return null;
  const [product, versions] = await Promise.all([loadProduct(shopId, draft.productShopifyId), listVersions(shopId, draft.productShopifyId)]);
  const order = ["description", "seoTitle", "seoDescription", "tags", "productType", "handle", "keywords", "audience", "useCases"];
  const rank = (f: string) => (f.startsWith("alt:") ? order.length : order.indexOf(f) === -1 ? order.length + 1 : order.indexOf(f));
  const images = new Map((product?.facts.images ?? []).map((i) => [i.mediaShopifyId, i.url]));
  const fields = [...draft.fields]
    .sort((a, b) => rank(a.field) - rank(b.field) || a.field.localeCompare(b.field))
    .map((f) => {
      const live = product ? (product.live[f.field] ?? null) : null;
      const liveText = displayValue(f.field, live);
      const draftText = displayValue(f.field, f.value);
      return {
        id: f.id,
        field: f.field,
        label: fieldLabel(f.field),
        publishable: !["keywords", "audience", "useCases"].includes(f.field),
        value: f.value,
        editValue: isListField(f.field) || f.field === "tags" ? draftText : f.value,
        liveText,
        draftText,
        diff: wordDiff(liveText, draftText),
        imageUrl: f.field.startsWith("alt:") ? (images.get(f.field.slice(4)) ?? null) : null,
        status: f.status,
        flags: parse<Flag[]>(f.flags, []),
        error: f.error,
        rejectReason: f.rejectReason,
        decidedBy: f.decidedBy,
        chars: f.field === "description" ? null : draftText.length,
      };
    });
  const history = await Promise.all(
    versions.slice(0, 30).map(async (v) => ({
      id: v.id,
      field: v.field,
      label: fieldLabel(v.field),
      before: displayValue(v.field, v.before),
      after: displayValue(v.field, v.after),
      actor: v.actor,
      provider: v.provider,
      publishedAt: v.publishedAt,
      restorable: v.before !== null,
      restoredFromId: v.restoredFromId,
      impact: await versionImpact(shopId, v.productShopifyId, v.publishedAt),
    })),
  );
  return {
    /** Who writes the next draft (regenerate). */
    provider: currentProvider(),
    draft: {
      id: draft.id,
      productShopifyId: draft.productShopifyId,
      status: draft.status,
      provider: draft.provider,
      model: draft.model,
      instruction: draft.instruction,
      error: draft.error,
      notices: parse<Notice[]>(draft.notices, []),
      changedInShopify: Boolean(draft.productChangedAt),
      tokens: { input: draft.inputTokens, output: draft.outputTokens, cacheRead: draft.cacheReadTokens },
      costUsd: draft.costUsd,
      createdAt: draft.createdAt,
    },
    product: product ? { title: product.facts.title, handle: product.facts.handle, productType: product.facts.productType } : null,
    fields,
    history,
  };
}
