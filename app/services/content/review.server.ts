// What staff do in the approval workflow: approve or reject fields (one by
// one: approving the SEO title does not approve the description), edit a
// field, bulk approve, regenerate with an instruction, and restore a version.
// Approved fields are published by a worker job; nothing else publishes.

import { decideFields, getDraft, pendingFieldIds, updateFieldValue } from "../../models/content-drafts.server";
import { getVersion } from "../../models/content-versions.server";
import { enqueuePublish, enqueueRestore } from "../../queues/content.server";
import { RequestError } from "../../lib/errors.server";
import { sanitizeDescriptionHtml, wordCount } from "./core/html";
import { toHandle } from "./core/lengths";
import { LIMITS } from "./core/types";
import { isListField } from "./generate.server";
import { requestDraft } from "./runs.server";

export async function decideDraftFields(shopId: string, draftId: string, fieldIds: string[], decision: "approved" | "rejected", by: string, reason?: string) {
  const draft = await getDraft(shopId, draftId);
  if (!draft) throw new RequestError(404, "Unknown draft");
  const own = new Set(draft.fields.map((f) => f.id));
  const ids = fieldIds.filter((id) => own.has(id));
  if (!ids.length) throw new RequestError(400, "Choose at least one field of this draft.");
  if (decision === "rejected" && !reason?.trim()) throw new RequestError(400, "Say why the field is rejected, so the next draft can do better.");
  const { count } = await decideFields(shopId, ids, decision, by, reason?.trim().slice(0, 500));
  if (decision === "approved" && count) await enqueuePublish({ shopId, draftId, actor: by });
  return count;
}

/** Approves every pending field of these drafts and publishes them. */
export async function bulkApprove(shopId: string, draftIds: string[], by: string) {
  let total = 0;
  for (const draftId of draftIds) {
    const ids = await pendingFieldIds(shopId, [draftId]);
    if (!ids.length) continue;
    const { count } = await decideFields(shopId, ids, "approved", by);
    if (count) await enqueuePublish({ shopId, draftId, actor: by });
    total += count;
  }
  return total;
}

/** Inline edit: the field's value as staff wrote it, held to the same rules (sanitised HTML, lengths); it then waits for approval again. Bad input changes nothing. */
export async function editDraftField(shopId: string, draftId: string, fieldId: string, raw: string, by: string) {
  const draft = await getDraft(shopId, draftId);
  const field = draft?.fields.find((f) => f.id === fieldId);
  if (!draft || !field) throw new RequestError(404, "Unknown field");
  if (field.status === "published") throw new RequestError(409, "This field is already published; restore or regenerate instead.");
  const value = editedValue(field.field, raw);
  await updateFieldValue(shopId, fieldId, value, by);
  return value;
}

/** A field's edited value as stored, or a message saying what is wrong with it. */
function editedValue(field: string, raw: string): string {
  let value = raw.trim();
  if (field === "description") value = sanitizeDescriptionHtml(value);
  else if (isListField(field)) {
    value = JSON.stringify([
      ...new Set(
        value
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean),
      ),
    ]);
  } else if (field === "handle") value = toHandle(value);
  if (!value || value === "[]" || (field === "description" && !wordCount(value))) throw new RequestError(400, "A field cannot be empty.");
  const range = (what: string, n: number, unit: string, { min, max }: { min: number; max: number }) => {
    if (n < min || n > max) throw new RequestError(400, `${what} has ${n} ${unit}; it must have ${min}-${max}. Nothing was saved.`);
  };
  if (field === "description") range("The description", wordCount(value), "words", LIMITS.descriptionWords);
  if (field === "seoTitle") range("The SEO title", value.length, "characters", LIMITS.seoTitle);
  if (field === "seoDescription") range("The meta description", value.length, "characters", LIMITS.seoDescription);
  if (field === "keywords") range("The keyword list", (JSON.parse(value) as string[]).length, "keywords", LIMITS.keywords);
  if (field.startsWith("alt:") && value.length > LIMITS.altMax)
    throw new RequestError(400, `The alt text has ${value.length} characters; it must have under 125. Nothing was saved.`);
  return value;
}

export async function regenerateDraft(shopId: string, draftId: string, instruction: string, strongModel: boolean) {
  const draft = await getDraft(shopId, draftId);
  if (!draft) throw new RequestError(404, "Unknown draft");
  return requestDraft(shopId, draft.productShopifyId, { instruction, strongModel });
}

export async function requestRestore(shopId: string, versionId: string, by: string) {
  const version = await getVersion(shopId, versionId);
  if (!version) throw new RequestError(404, "Unknown version");
  if (version.before === null) throw new RequestError(400, "Aisle did not know this field's earlier value, so there is nothing to restore.");
  await enqueueRestore({ shopId, versionId, actor: by });
}
