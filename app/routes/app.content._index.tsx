import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useState } from "react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  IndexTable,
  InlineStack,
  Page,
  Select,
  Tag,
  Text,
  Thumbnail,
  useIndexResourceState,
} from "@shopify/polaris";
import { z } from "zod";
import { ContentTabs } from "../components/content/ContentTabs";
import { RunsCard } from "../components/content/RunsCard";
import { PRODUCT_PLACEHOLDER } from "../components/illustrations";
import { ProductPicker, type PickedProduct } from "../components/ProductPicker";
import { TableCard } from "../components/TableCard";
import { LinkTabs } from "../components/LinkTabs";
import { useRefreshWhile } from "../components/useRefreshWhile";
import { authenticateAdmin } from "../services/admin-auth.server";
import { getReviewQueue } from "../services/content/overview.server";
import { bulkApprove } from "../services/content/review.server";
import { catalogProductIds } from "../services/content/product-data.server";
import { cancelRun, startRun } from "../services/content/runs.server";
import { staffName } from "../services/content/staff";
import { RequestError } from "../lib/errors.server";

const STATUSES = ["review", "approved", "published", "stale", "failed", "all"] as const;
const querySchema = z.object({
  status: z.enum(STATUSES).catch("review"),
  type: z.string().max(255).catch(""),
  flagged: z.enum(["1", ""]).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const q = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const queue = await getReviewQueue(shop.id, { status: q.status, productType: q.type || undefined, flagged: q.flagged === "1" }, q.page);
  return json({ ...q, ...queue });
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), ids: z.string().transform((s) => s.split(",").filter(Boolean).slice(0, 250)) }),
  z.object({ intent: z.literal("generate"), type: z.string().max(255).default("") }),
  z.object({
    intent: z.literal("generate-selected"),
    productIds: z
      .string()
      .transform((s) => s.split(",").filter(Boolean))
      .pipe(
        z
          .array(z.string().regex(/^\d{1,20}$/, "not a product id"))
          .min(1, "Choose at least one product.")
          .max(250, "Choose at most 250 products at once."),
      ),
  }),
  z.object({ intent: z.literal("cancel"), runId: z.string().min(1).max(64) }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, session } = await authenticateAdmin(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const message = parsed.error.issues.find((i) => i.path[0] === "productIds")?.message;
    return json({ ok: false as const, message: message ? `The selection was not valid: ${message}` : "That request was not understood." }, { status: 400 });
  }
  const form = parsed.data;
  try {
    if (form.intent === "approve") {
      const count = await bulkApprove(shop.id, form.ids, staffName(session));
      return json({ ok: true as const, message: `${count} field${count === 1 ? "" : "s"} approved; publishing to Shopify.` });
    }
    if (form.intent === "generate") {
      const ids = form.type ? await catalogProductIds(shop.id, { productType: form.type }) : undefined;
      if (ids && !ids.length) return json({ ok: false as const, message: `No products of type ${form.type}.` }, { status: 400 });
      await startRun(shop.id, { productShopifyIds: ids });
      return json({
        ok: true as const,
        message: `Writing drafts for ${ids ? `${ids.length} ${form.type} products` : "the whole catalog"}. Progress shows below.`,
      });
    }
    if (form.intent === "generate-selected") {
      await startRun(shop.id, { productShopifyIds: form.productIds });
      const count = new Set(form.productIds).size;
      return json({ ok: true as const, message: `Writing drafts for ${count} selected product${count === 1 ? "" : "s"}. Progress shows below.` });
    }
    await cancelRun(shop.id, form.runId);
    return json({ ok: true as const, message: "Run cancelled. Drafts already written stay in the queue." });
  } catch (error) {
    if (error instanceof RequestError) return json({ ok: false as const, message: error.message }, { status: error.status });
    throw error;
  }
};

const TAB_LABELS: Record<(typeof STATUSES)[number], string> = {
  review: "To review",
  approved: "Approved",
  published: "Published",
  stale: "Stale",
  failed: "Failed",
  all: "All",
};

function queueUrl(q: { status: string; type: string; flagged: string; page?: number }) {
  const p = new URLSearchParams();
  if (q.status !== "review") p.set("status", q.status);
  if (q.type) p.set("type", q.type);
  if (q.flagged) p.set("flagged", q.flagged);
  if (q.page && q.page > 1) p.set("page", String(q.page));
  const s = p.toString();
  return `/app/content${s ? `?${s}` : ""}`;
}

export default function ContentQueue() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigate = useNavigate();
  const submit = useSubmit();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const generating = data.drafts.some((d) => d.status === "queued" || d.status === "generating") || data.runs.some((r) => r.status === "running");
  const publishing = data.drafts.some((d) => d.approved > 0);
  useRefreshWhile(generating || publishing);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(data.drafts);
  const [chosen, setChosen] = useState<PickedProduct[]>([]);
  // A run started: the chosen products are cleared (state that follows the action's result, set while rendering).
  const [lastResult, setLastResult] = useState(result);
  if (result !== lastResult) {
    setLastResult(result);
    if (result?.ok) setChosen([]);
  }
  useEffect(() => {
    if (result?.ok) clearSelection();
  }, [result, clearSelection]);
  const generateFor = (productIds: string[]) => submit({ intent: "generate-selected", productIds: [...new Set(productIds)].join(",") }, { method: "post" });

  return (
    <Page
      title="Content studio"
      subtitle="Descriptions, SEO fields and alt text written for your products. Nothing is published until you approve it."
      primaryAction={{
        content: data.type ? `Write drafts for all ${data.type}` : "Write drafts for the whole catalog",
        onAction: () => submit({ intent: "generate", type: data.type }, { method: "post" }),
        disabled: busy,
      }}
    >
      <BlockStack gap="400">
        <ContentTabs />
        {data.provider === "offline" ? (
          <Banner tone="info" title="Offline writer">
            <p>
              No ANTHROPIC_API_KEY is set, so drafts are written without AI, from each product&apos;s own title, type, tags, variants and description. They are
              honest and well-formed but plain; set the key to write with Claude.
            </p>
          </Banner>
        ) : null}
        {result ? <Banner tone={result.ok ? "success" : "critical"} title={result.message} /> : null}
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Generate for selected products
            </Text>
            <ProductPicker
              // A fresh, empty search box after each product is added or the run starts.
              key={chosen.map((c) => c.id).join(",")}
              label="Add a product"
              value={null}
              onChange={(product) => {
                if (product && !chosen.some((c) => c.id === product.id)) setChosen([...chosen, product]);
              }}
              helpText="Choose products one by one, then write drafts for all of them in one run. Drafts in the table below can also be selected and written again."
            />
            {chosen.length ? (
              <InlineStack gap="200">
                {chosen.map((p) => (
                  <Tag key={p.id} onRemove={() => setChosen(chosen.filter((c) => c.id !== p.id))}>
                    {p.title}
                  </Tag>
                ))}
              </InlineStack>
            ) : null}
            <InlineStack>
              <Button disabled={busy || !chosen.length} onClick={() => generateFor(chosen.map((c) => c.id))}>
                {`Generate for ${chosen.length || "the"} selected product${chosen.length === 1 ? "" : "s"}`}
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
        <RunsCard runs={data.runs} usage={data.usage} onCancel={(runId) => submit({ intent: "cancel", runId }, { method: "post" })} busy={busy} />
        <TableCard title="Drafts" description={`Auto-approve rule: ${data.autoApprove.replace(/_/g, " ")}. Change it under Brand voice and automation.`}>
          <Box paddingInline="300" paddingBlockEnd="200">
            <BlockStack gap="200">
              <LinkTabs
                label="Drafts by status"
                tabs={STATUSES.map((s) => ({ label: TAB_LABELS[s], url: queueUrl({ ...data, status: s, page: 1 }), active: s === data.status }))}
              />
              <InlineStack gap="400" blockAlign="end">
                <div style={{ minWidth: 220 }}>
                  <Select
                    label="Product type"
                    options={[{ label: "All types", value: "" }, ...data.productTypes.map((t) => ({ label: t, value: t }))]}
                    value={data.type}
                    onChange={(type) => navigate(queueUrl({ ...data, type, page: 1 }))}
                  />
                </div>
                <Checkbox
                  label="Flagged only"
                  helpText="Drafts with statements the product's data does not support, or words to avoid"
                  checked={data.flagged === "1"}
                  onChange={(on) => navigate(queueUrl({ ...data, flagged: on ? "1" : "", page: 1 }))}
                />
              </InlineStack>
            </BlockStack>
          </Box>
          <IndexTable
            resourceName={{ singular: "draft", plural: "drafts" }}
            itemCount={data.drafts.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            promotedBulkActions={[
              {
                content: "Approve all fields",
                onAction: () => submit({ intent: "approve", ids: selectedResources.join(",") }, { method: "post" }),
                disabled: busy,
              },
              {
                content: "Generate again for selected products",
                onAction: () => generateFor(data.drafts.filter((d) => selectedResources.includes(d.id)).map((d) => d.productShopifyId)),
                disabled: busy,
              },
            ]}
            headings={[{ title: "Product" }, { title: "Status" }, { title: "Fields" }, { title: "Writer" }]}
            pagination={
              data.page > 1 || data.hasNext
                ? {
                    hasPrevious: data.page > 1,
                    hasNext: data.hasNext,
                    onPrevious: () => navigate(queueUrl({ ...data, page: data.page - 1 })),
                    onNext: () => navigate(queueUrl({ ...data, page: data.page + 1 })),
                    label: `Page ${data.page}`,
                  }
                : undefined
            }
            emptyState={
              <Box padding="600">
                <BlockStack gap="100" inlineAlign="center">
                  <Text as="p" variant="headingSm">
                    No drafts here
                  </Text>
                  <Text as="p" tone="subdued" alignment="center">
                    Write drafts for the whole catalog, or choose a product type first to write drafts for that type only.
                  </Text>
                </BlockStack>
              </Box>
            }
          >
            {data.drafts.map((d, index) => (
              <IndexTable.Row id={d.id} key={d.id} position={index} selected={selectedResources.includes(d.id)}>
                <IndexTable.Cell>
                  <InlineStack gap="300" blockAlign="center" wrap={false}>
                    <Thumbnail size="small" source={d.imageUrl ?? PRODUCT_PLACEHOLDER} alt="" />
                    <BlockStack gap="050">
                      <Link to={`/app/content/${d.id}`} data-primary-link>
                        <Text as="span" fontWeight="medium">
                          {d.title}
                        </Text>
                      </Link>
                      <Text as="span" variant="bodySm" tone="subdued">
                        {d.productType || "No type"}
                      </Text>
                    </BlockStack>
                  </InlineStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <InlineStack gap="100">
                    <DraftBadge status={d.status} />
                    {d.flagged ? <Badge tone="warning">Flagged</Badge> : null}
                    {d.changedInShopify ? <Badge tone="attention">Changed in Shopify</Badge> : null}
                  </InlineStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" variant="bodySm">
                    {d.status === "failed"
                      ? d.error
                      : [
                          d.pending && `${d.pending} to review`,
                          d.approved && `${d.approved} publishing`,
                          d.published && `${d.published} published`,
                          d.stale && `${d.stale} stale`,
                          d.failed && `${d.failed} failed`,
                        ]
                          .filter(Boolean)
                          .join(" · ") || "–"}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{d.provider === "claude" ? "Claude" : "Offline"}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </TableCard>
        <InlineStack align="end">
          <Button url="/app/content/settings" variant="plain">
            Brand voice and automation
          </Button>
        </InlineStack>
      </BlockStack>
    </Page>
  );
}

function DraftBadge({ status }: { status: string }) {
  if (status === "ready") return <Badge tone="info">Ready</Badge>;
  if (status === "failed") return <Badge tone="critical">Failed</Badge>;
  if (status === "cancelled") return <Badge>Cancelled</Badge>;
  return <Badge tone="attention">Writing…</Badge>;
}
