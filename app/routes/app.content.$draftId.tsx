import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, InlineStack, Layout, List, Page, Text, TextField } from "@shopify/polaris";
import { z } from "zod";
import { FieldReview } from "../components/content/FieldReview";
import { HistoryCard } from "../components/content/HistoryCard";
import { useRefreshWhile } from "../components/useRefreshWhile";
import { authenticateAdmin } from "../services/admin-auth.server";
import { getDraftReview } from "../services/content/overview.server";
import { bulkApprove, decideDraftFields, editDraftField, regenerateDraft, requestRestore } from "../services/content/review.server";
import { staffName } from "../services/content/staff";
import { RequestError } from "../lib/errors.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const review = await getDraftReview(shop.id, params.draftId ?? "");
  if (!review) throw new Response("No such draft", { status: 404 });
  return json(review);
};

const id = z.string().min(1).max(64);
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), fieldId: id }),
  z.object({ intent: z.literal("approve-all") }),
  z.object({ intent: z.literal("reject"), fieldId: id, reason: z.string().max(500) }),
  z.object({ intent: z.literal("edit"), fieldId: id, value: z.string().max(20_000) }),
  z.object({ intent: z.literal("regenerate"), instruction: z.string().max(500).default(""), strong: z.enum(["true", "false"]).default("false") }),
  z.object({ intent: z.literal("restore"), versionId: id }),
]);

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, session } = await authenticateAdmin(request);
  const draftId = params.draftId ?? "";
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false as const, message: "That request was not understood.", redirect: null }, { status: 400 });
  const form = parsed.data;
  const by = staffName(session);
  try {
    switch (form.intent) {
      case "approve":
        await decideDraftFields(shop.id, draftId, [form.fieldId], "approved", by);
        return json({ ok: true as const, message: "Approved; publishing to Shopify.", redirect: null });
      case "approve-all": {
        const count = await bulkApprove(shop.id, [draftId], by);
        return json({ ok: true as const, message: `${count} field${count === 1 ? "" : "s"} approved; publishing to Shopify.`, redirect: null });
      }
      case "reject":
        await decideDraftFields(shop.id, draftId, [form.fieldId], "rejected", by, form.reason);
        return json({ ok: true as const, message: "Rejected.", redirect: null });
      case "edit":
        await editDraftField(shop.id, draftId, form.fieldId, form.value, by);
        return json({ ok: true as const, message: "Saved. Approve it to publish.", redirect: null });
      case "regenerate": {
        const draft = await regenerateDraft(shop.id, draftId, form.instruction, form.strong === "true");
        return json({ ok: true as const, message: "Writing a new draft.", redirect: `/app/content/${draft.id}` });
      }
      case "restore":
        await requestRestore(shop.id, form.versionId, by);
        return json({ ok: true as const, message: "Restoring in Shopify; the restore appears in the history as a new version.", redirect: null });
    }
  } catch (error) {
    if (error instanceof RequestError) return json({ ok: false as const, message: error.message, redirect: null }, { status: error.status });
    throw error;
  }
};

export default function DraftReview() {
  const { draft, product, fields, history, provider } = useLoaderData<typeof loader>();
  const instructionNotices = draft.notices.filter((n) => n.code.startsWith("instruction_"));
  const dataNotices = draft.notices.filter((n) => !n.code.startsWith("instruction_"));
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const [instruction, setInstruction] = useState("");
  const [strong, setStrong] = useState(false);
  const working = draft.status === "queued" || draft.status === "generating" || fields.some((f) => f.status === "approved");
  useRefreshWhile(working || Boolean(result?.ok && result.message.startsWith("Restoring")), 1_000);
  const act = (intent: string, values: Record<string, string> = {}) => submit({ intent, ...values }, { method: "post" });
  const navigate = useNavigate();
  useEffect(() => {
    if (result?.redirect) navigate(result.redirect);
  }, [result, navigate]);

  return (
    <Page
      title={product?.title ?? "Draft"}
      subtitle={`${draft.provider === "claude" ? `Claude (${draft.model})` : "Offline writer"} · written ${new Date(draft.createdAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC`}
      backAction={{ content: "Review queue", url: "/app/content" }}
      primaryAction={
        fields.some((f) => f.status === "pending") ? { content: "Approve all and publish", onAction: () => act("approve-all"), disabled: busy } : undefined
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result ? <Banner tone={result.ok ? "success" : "critical"} title={result.message} /> : null}
            {draft.status === "failed" ? (
              <Banner tone="critical" title="This draft could not be written">
                <p>{draft.error}</p>
              </Banner>
            ) : null}
            {draft.status === "queued" || draft.status === "generating" ? <Banner tone="info" title="Writing the draft…" /> : null}
            {draft.changedInShopify ? (
              <Banner tone="warning" title="The product changed in Shopify after this draft was written">
                <p>Fields whose live content changed will be marked stale instead of overwriting the change. Regenerate to write from the new content.</p>
              </Banner>
            ) : null}
            {dataNotices.length ? (
              <Banner tone="warning" title="About this product's data">
                <List>
                  {dataNotices.map((n) => (
                    <List.Item key={n.code + n.message}>{n.message}</List.Item>
                  ))}
                </List>
              </Banner>
            ) : null}
            {fields.map((f) => (
              <FieldReview key={f.id} field={f} busy={busy} onAction={act} />
            ))}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Regenerate
                </Text>
                <TextField
                  label="Instruction"
                  value={instruction}
                  onChange={setInstruction}
                  placeholder="e.g. shorter, mention it is a gift"
                  autoComplete="off"
                  maxLength={500}
                  helpText={
                    provider === "claude"
                      ? "Claude is given the instruction with the product's data (style or focus; it cannot change the rules)."
                      : "The offline writer can only make the description shorter or longer, leave out the feature list or leave out the price. Other requests need Claude (an Anthropic API key)."
                  }
                />
                {draft.provider === "claude" ? <Checkbox label="Use the stronger model" checked={strong} onChange={setStrong} /> : null}
                <Button disabled={busy} onClick={() => act("regenerate", { instruction, strong: String(strong) })}>
                  Write a new draft
                </Button>
                {draft.instruction ? (
                  <BlockStack gap="100">
                    <Text as="p" variant="bodySm" tone="subdued">
                      {draft.provider === "claude"
                        ? `Claude was asked: ${draft.instruction}`
                        : `Asked: ${draft.instruction}${draft.status === "queued" || draft.status === "generating" ? " (being written)" : ""}`}
                    </Text>
                    {instructionNotices.map((n) => (
                      <Text key={n.code} as="p" variant="bodySm" tone={n.code === "instruction_not_followed" ? "caution" : "subdued"}>
                        {n.message}
                      </Text>
                    ))}
                  </BlockStack>
                ) : null}
              </BlockStack>
            </Card>
            {draft.provider === "claude" ? (
              <Card>
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    Cost
                  </Text>
                  <InlineStack gap="200">
                    <Badge>{`${draft.tokens.input.toLocaleString("en")} in`}</Badge>
                    <Badge>{`${draft.tokens.output.toLocaleString("en")} out`}</Badge>
                    <Badge>{`${draft.tokens.cacheRead.toLocaleString("en")} cached`}</Badge>
                  </InlineStack>
                  <Text as="p">${draft.costUsd.toFixed(4)}</Text>
                </BlockStack>
              </Card>
            ) : null}
            <HistoryCard versions={history} busy={busy} onRestore={(versionId) => act("restore", { versionId })} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
