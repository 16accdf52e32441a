// Generating one draft: the product's data, the provider (Claude when a key
// is set, else offline), lengths enforced, the grounding check (and with
// Claude a second pass to repair what it flags), then the draft's fields
// saved at once. Auto-approve rules the merchant set may approve fields,
// which are then published by a worker job.

import type { Prisma } from "@prisma/client";
import type Anthropic from "@anthropic-ai/sdk";
import {
  claimDraft,
  failDraft,
  getDraft,
  saveGeneratedDraft,
  saveGeneratedDrafts,
  recordUsage,
  type GeneratedDraft,
  type SavedField,
} from "../../models/content-drafts.server";
import { getRun } from "../../models/content-runs.server";
import { findShop } from "../../models/shops.server";
import { enqueuePublish, enqueuePublishes } from "../../queues/content.server";
import { readSettings, type ShopSettings } from "../settings.server";
import { captionProductImages } from "./captions.server";
import { groundedCaptions } from "./core/caption-alt";
import { checkContent, type CheckedContent } from "./core/check";
import { prepareFacts } from "./core/input";
import { offlineInstructionNotices, offlinePlan } from "./core/instruction";
import { offlineContent, offlineLanguageNotice } from "./core/offline";
import type { BrandVoice, GeneratedContent, Notice, ProductFacts } from "./core/types";
import { loadImages } from "./images.server";
import { loadProduct, loadProducts } from "./product-data.server";
import { contentRequest, generateWithClaude, repairWithClaude } from "./providers/claude.server";
import { withShopSlot } from "./providers/limiter";
import { ContentGenerationError, type GenerationRequest, type ModelUsage } from "./providers/types";
import { brandVoiceOf } from "./voice";

export type GenerateOutcome = "ready" | "failed" | "skipped";

interface Prepared {
  shopId: string;
  draftId: string;
  settings: ShopSettings;
  voice: BrandVoice;
  facts: ProductFacts;
  live: Record<string, string | null>;
  notices: Notice[];
  runKind: string | null;
  runFields: string[];
}

/** Everything a generation needs, or why the draft cannot be generated. */
async function prepare(shopId: string, draftId: string): Promise<Prepared | { skip: true } | { fail: string }> {
  const draft = await getDraft(shopId, draftId);
  if (!draft || !["queued", "generating"].includes(draft.status)) return { skip: true };
  const run = draft.runId.startsWith("single:") ? null : await getRun(shopId, draft.runId);
  if (run?.status === "cancelled") return { skip: true };
  const shop = await findShop(shopId);
  if (!shop || shop.uninstalledAt) return { fail: "The shop has uninstalled Aisle." };
  const product = await loadProduct(shopId, draft.productShopifyId);
  if (!product) return { fail: "This product no longer exists in Shopify." };
  const settings = readSettings(shop.settings);
  const voice = brandVoiceOf(settings);
  const { facts, notices } = prepareFacts(product.facts, voice.language);
  return { shopId, draftId, settings, voice, facts, live: product.live, notices, runKind: run?.kind ?? null, runFields: run ? fieldsOfRun(run.fields) : [] };
}

/** A run's fields (JSON array; empty: all of them). */
function fieldsOfRun(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((f): f is string => typeof f === "string") : [];
  } catch {
    return [];
  }
}

/** The request Claude gets for a draft (realtime and Message Batches alike). */
export async function claudeRequestFor(p: Prepared, model: string, instruction: string | null): Promise<{ req: GenerationRequest; notices: Notice[] }> {
  const { loaded, notices } = await loadImages(p.facts.images);
  return { req: { shopId: p.shopId, facts: p.facts, voice: p.voice, instruction, handle: p.settings.content.suggestHandle, model, images: loaded }, notices };
}

function flagsProblems(checked: CheckedContent): string[] {
  return [...checked.problems.map((p) => p.message), ...Object.entries(checked.flags).flatMap(([field, flags]) => flags.map((f) => `${field}: ${f.message}`))];
}

/** Alt text for images the model did not see comes from the product's data. */
function fillMissingAlt(content: GeneratedContent, facts: ProductFacts, voice: BrandVoice): GeneratedContent {
  const offline = offlineContent(facts, voice);
  return {
    ...content,
    altTexts: facts.images.map(
      (image) =>
        content.altTexts.find((a) => a.mediaShopifyId === image.mediaShopifyId && a.alt.trim()) ??
        offline.altTexts.find((a) => a.mediaShopifyId === image.mediaShopifyId)!,
    ),
  };
}

/** What every offline draft says about the brand voice it cannot follow. */
function offlineNotices(voice: BrandVoice): Notice[] {
  const language = offlineLanguageNotice(voice);
  return language ? [language] : [];
}

/** Generates a queued draft. Throws only what a retry can fix (the job is retried); everything else ends on the draft. */
export async function generateDraft(shopId: string, draftId: string): Promise<GenerateOutcome> {
  const prepared = await prepare(shopId, draftId);
  if ("skip" in prepared) return "skipped";
  if ("fail" in prepared) {
    await failDraft(shopId, draftId, prepared.fail);
    return "failed";
  }
  if (!(await claimDraft(shopId, draftId))) return "skipped";
  const draft = (await getDraft(shopId, draftId))!;
  if (draft.provider !== "claude") {
    // A local captioning model, when present, describes each image for its alt text.
    const captioned = await captionProductImages(prepared.facts.images);
    const grounded = groundedCaptions(captioned.captions, prepared.facts, prepared.voice);
    // Staff's instruction, as far as a writer without a model can follow it; the rest is said on the draft.
    const plan = offlinePlan(draft.instruction, prepared.voice);
    const content = offlineContent(prepared.facts, prepared.voice, { handle: prepared.settings.content.suggestHandle, captions: grounded.captions, plan });
    const checked = checkContent(content, prepared.facts, prepared.voice);
    const notices = [
      ...prepared.notices,
      ...captioned.notices,
      ...grounded.notices,
      ...offlineInstructionNotices(plan, checked.content, prepared.voice),
      ...offlineNotices(prepared.voice),
    ];
    return (await finishDraft(prepared, checked, [], notices, null)) ? "ready" : "skipped";
  }
  const model = draft.model ?? prepared.settings.content.bulkModel;
  const { req, notices } = await claudeRequestFor(prepared, model, draft.instruction);
  const usage: ModelUsage[] = [];
  try {
    const first = await withShopSlot(shopId, prepared.settings.content.concurrency, () => generateWithClaude(req));
    usage.push(...first.usage);
    return (await repairAndFinish(prepared, req, first.content, first.turns, usage, [...prepared.notices, ...notices], model)) ? "ready" : "skipped";
  } catch (error) {
    await recordUsage(usageRows(shopId, draftId, usage));
    if (error instanceof ContentGenerationError && !error.retryable) {
      await failDraft(shopId, draftId, error.message);
      return "failed";
    }
    throw error;
  }
}

/**
 * A Claude reply (realtime or from a batch) checked; when the check finds
 * problems, one repair pass; then saved. The repair's result is kept only if
 * it is no worse than the first.
 */
export async function repairAndFinish(
  p: Prepared,
  req: GenerationRequest | (() => Promise<GenerationRequest>),
  content: GeneratedContent,
  turns: Anthropic.MessageParam[],
  usage: ModelUsage[],
  notices: Notice[],
  model: string,
): Promise<boolean> {
  let checked = checkContent(fillMissingAlt(content, p.facts, p.voice), p.facts, p.voice);
  const problems = flagsProblems(checked);
  if (problems.length) {
    const request = typeof req === "function" ? await req() : req;
    const repaired = await withShopSlot(p.shopId, p.settings.content.concurrency, () => repairWithClaude(request, { turns, content }, problems));
    if (repaired) {
      usage.push(...repaired.usage);
      const second = checkContent(fillMissingAlt(repaired.content, p.facts, p.voice), p.facts, p.voice);
      if (flagsProblems(second).length <= problems.length) checked = second;
    }
  }
  return finishDraft(p, checked, usage, notices, model);
}

function usageRows(shopId: string, draftId: string, usage: ModelUsage[]): Prisma.ContentUsageCreateManyInput[] {
  return usage.map((u) => ({ shopId, draftId, ...u }));
}

const listFields = new Set(["keywords", "tags", "useCases"]);

/** The draft's fields as stored: lists as JSON arrays, HTML as it is. */
function fieldValues(content: GeneratedContent): Record<string, string> {
  const out: Record<string, string> = {
    description: content.descriptionHtml,
    seoTitle: content.seoTitle,
    seoDescription: content.seoDescription,
    keywords: JSON.stringify(content.keywords),
    tags: JSON.stringify(content.tags),
    productType: content.productType,
    audience: content.audience,
    useCases: JSON.stringify(content.useCases),
  };
  if (content.handle) out.handle = content.handle;
  for (const a of content.altTexts) out[`alt:${a.mediaShopifyId}`] = a.alt;
  return out;
}

export function isListField(field: string) {
  return listFields.has(field);
}

/** Which fields an auto-approve rule approves (only unflagged, in-range fields; never on a run of a different kind). */
function autoApproved(rule: ShopSettings["content"]["autoApprove"], field: string, flagged: boolean, draftFlagged: boolean, runKind: string | null): boolean {
  if (flagged) return false;
  if (rule === "alt_text_only") return field.startsWith("alt:");
  if (rule === "unflagged_new_products") return runKind === "new_product" && !draftFlagged;
  if (rule === "unflagged") return !draftFlagged;
  return false;
}

/** What a draft's saved fields need besides its content: the settings, the live values and the run. */
type FieldContext = Pick<Prepared, "settings" | "live" | "runKind" | "runFields">;

/** The fields a checked draft saves: only those the run asked for, each pending, failed or approved by the shop's rule. */
function savedFields(p: FieldContext, checked: CheckedContent): SavedField[] {
  const values = fieldValues(checked.content);
  // A field still out of range after repair (and, with Claude, a second pass) is failed, never shown as done.
  const problemByField = new Map(checked.problems.map((x) => [x.field, `${x.message} It could not be brought into range: edit it, or regenerate.`]));
  const draftFlagged = Object.keys(checked.flags).length > 0 || problemByField.size > 0;
  const rule = p.settings.content.autoApprove;
  const wanted = (field: string) => !p.runFields.length || p.runFields.includes(field) || (field.startsWith("alt:") && p.runFields.includes("alt"));
  return Object.entries(values)
    .filter(([field]) => wanted(field))
    .map(([field, value]) => {
      const problem = problemByField.get(field) ?? null;
      const flags = checked.flags[field] ?? [];
      const approve = !problem && autoApproved(rule, field, flags.length > 0, draftFlagged, p.runKind);
      return {
        field,
        value,
        liveValue: field in p.live ? p.live[field] : null,
        status: problem ? "failed" : approve ? "approved" : "pending",
        flags: JSON.stringify(flags),
        error: problem,
        decidedBy: approve ? `rule:${rule}` : null,
      };
    });
}

async function finishDraft(p: Prepared, checked: CheckedContent, usage: ModelUsage[], notices: Notice[], model: string | null): Promise<boolean> {
  const rule = p.settings.content.autoApprove;
  const fields = savedFields(p, checked);
  const totals = usage.reduce(
    (t, u) => ({
      inputTokens: t.inputTokens + u.inputTokens + u.cacheWriteTokens,
      outputTokens: t.outputTokens + u.outputTokens,
      cacheReadTokens: t.cacheReadTokens + u.cacheReadTokens,
      costUsd: t.costUsd + u.costUsd,
    }),
    { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, costUsd: 0 },
  );
  const saved = await saveGeneratedDraft(
    p.shopId,
    p.draftId,
    { fields, notices: JSON.stringify(notices), usage: totals, model },
    usageRows(p.shopId, p.draftId, usage),
  );
  if (saved && fields.some((f) => f.status === "approved")) {
    await enqueuePublish({ shopId: p.shopId, draftId: p.draftId, actor: `rule:${rule}` });
  }
  return saved;
}

// ---- Message Batches -------------------------------------------------------

/** The batch request of a queued draft, or null when it cannot be generated (it is then marked failed or skipped). */
export async function batchRequestFor(shopId: string, draftId: string, model: string): Promise<Anthropic.MessageCreateParamsNonStreaming | null> {
  const p = await prepare(shopId, draftId);
  if ("skip" in p) return null;
  if ("fail" in p) {
    await failDraft(shopId, draftId, p.fail);
    return null;
  }
  const { req } = await claudeRequestFor(p, model, null);
  return contentRequest(req);
}

/** A succeeded batch result: checked, repaired if needed, saved once. False: not saved (already done, or the reply was unusable). */
export async function finishFromBatch(
  shopId: string,
  draftId: string,
  message: Anthropic.Message,
  usage: ModelUsage,
): Promise<"ready" | "unusable" | "skipped"> {
  const { contentOfReply } = await import("./providers/claude.server");
  const p = await prepare(shopId, draftId);
  if ("skip" in p || "fail" in p) return "skipped";
  const reply = contentOfReply(message);
  if (!reply.ok) {
    await recordUsage(usageRows(shopId, draftId, [usage]));
    return "unusable";
  }
  if (!(await claimDraft(shopId, draftId))) return "skipped";
  // Images are fetched again only if a repair pass needs them; their notices were known when the batch was sent.
  const notices: Notice[] = [];
  const lazyRequest = async () => {
    const built = await claudeRequestFor(p, message.model, null);
    notices.push(...built.notices);
    return built.req;
  };
  try {
    const saved = await repairAndFinish(
      p,
      lazyRequest,
      reply.content,
      [{ role: "assistant", content: message.content }],
      [usage],
      [...p.notices, ...notices],
      message.model,
    );
    return saved ? "ready" : "skipped";
  } catch (error) {
    // The repair pass failed: keep the batch's own draft, checked.
    if (error instanceof ContentGenerationError) {
      const saved = await finishDraft(
        p,
        checkContent(fillMissingAlt(reply.content, p.facts, p.voice), p.facts, p.voice),
        [usage],
        [...p.notices, ...notices],
        message.model,
      );
      return saved ? "ready" : "skipped";
    }
    throw error;
  }
}

// ---- Offline runs, in chunks ----------------------------------------------

/**
 * Writes a chunk of an offline run's queued drafts: the products are loaded
 * at once, the content written and checked here, and every draft of the chunk
 * saved in one transaction (whole drafts only). Drafts with fields approved by
 * the shop's rule are then published by jobs.
 */
export async function writeOfflineChunk(
  shopId: string,
  run: { kind: string; fields: string },
  drafts: { id: string; productShopifyId: string }[],
): Promise<{ ready: number; failed: number }> {
  const shop = await findShop(shopId);
  if (!shop || shop.uninstalledAt) {
    const saved = await saveGeneratedDrafts(
      shopId,
      [],
      drafts.map((d) => ({ draftId: d.id, error: "The shop has uninstalled Aisle." })),
    );
    return { ready: 0, failed: saved.failed.length };
  }
  const settings = readSettings(shop.settings);
  const voice = brandVoiceOf(settings);
  const context = { settings, runKind: run.kind, runFields: fieldsOfRun(run.fields) };
  const products = await loadProducts(
    shopId,
    drafts.map((d) => d.productShopifyId),
  );
  const generated: GeneratedDraft[] = [];
  const failures: { draftId: string; error: string }[] = [];
  for (const d of drafts) {
    const product = products.get(d.productShopifyId);
    if (!product) {
      failures.push({ draftId: d.id, error: "This product no longer exists in Shopify." });
      continue;
    }
    try {
      const { facts, notices } = prepareFacts(product.facts, voice.language);
      const checked = checkContent(offlineContent(facts, voice, { handle: settings.content.suggestHandle }), facts, voice);
      generated.push({
        draftId: d.id,
        fields: savedFields({ ...context, live: product.live }, checked),
        notices: JSON.stringify([...notices, ...offlineNotices(voice)]),
      });
    } catch (error) {
      // One product's data the writer cannot handle fails that draft, not the run.
      failures.push({ draftId: d.id, error: `The content could not be written: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  const saved = await saveGeneratedDrafts(shopId, generated, failures);
  const ready = new Set(saved.ready);
  const approved = generated.filter((g) => ready.has(g.draftId) && g.fields.some((f) => f.status === "approved"));
  if (approved.length) await enqueuePublishes(approved.map((g) => ({ shopId, draftId: g.draftId, actor: `rule:${settings.content.autoApprove}` })));
  return { ready: saved.ready.length, failed: saved.failed.length };
}
