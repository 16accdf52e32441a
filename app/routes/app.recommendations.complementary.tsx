import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect } from "react";
import { Badge, Banner, BlockStack, Box, Button, IndexTable, InlineStack, List, Page, Text, Thumbnail, useIndexResourceState } from "@shopify/polaris";
import { z } from "zod";
import { LinkTabs } from "../components/LinkTabs";
import { RecommendationsTabs } from "../components/RecommendationsTabs";
import { PRODUCT_PLACEHOLDER } from "../components/illustrations";
import { formatNumber } from "../components/format";
import { TableCard } from "../components/TableCard";
import { authenticateAdmin } from "../services/admin-auth.server";
import { decidePairs, getComplementaryReview, publishProductComplements } from "../services/recommendations/complementary.server";
import { PAIR_STATUSES, type PairStatus } from "../services/recommendations/labels";

const PAGE_SIZE = 25;
const querySchema = z.object({
  status: z.enum([...PAIR_STATUSES, "all"]).catch("suggested"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const { status, page } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const review = await getComplementaryReview(shop.id, status, { page, pageSize: PAGE_SIZE });
  return json({ status, page, ...review });
};

const pageUrl = (status: string, page: number) => {
  const params = new URLSearchParams();
  if (status !== "suggested") params.set("status", status);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return `/app/recommendations/complementary${query ? `?${query}` : ""}`;
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["approve", "reject"]), ids: z.string().transform((s) => s.split(",").filter(Boolean)) }),
  z.object({ intent: z.literal("publish"), productId: z.string().regex(/^\d{1,20}$/), title: z.string().default("") }),
]);

type ActionResult =
  | { intent: "approve" | "reject"; ok: true; count: number }
  | { intent: "publish"; ok: true; published: number; title: string }
  | { intent: "publish"; ok: false; errors: string[]; title: string }
  | { intent: "unknown"; ok: false; errors: string[] };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, admin } = await authenticateAdmin(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json<ActionResult>({ intent: "unknown", ok: false, errors: ["Unknown action"] }, { status: 400 });
  const form = parsed.data;
  if (form.intent === "publish") {
    const result = await publishProductComplements(admin, shop.id, form.productId);
    return json<ActionResult>({ intent: "publish", title: form.title, ...result }, { status: result.ok ? 200 : 422 });
  }
  const count = await decidePairs(shop.id, form.ids, form.intent === "approve" ? "approved" : "rejected");
  return json<ActionResult>({ intent: form.intent, ok: true, count });
};

const STATUS_TABS: { id: PairStatus | "all"; content: string }[] = [
  { id: "suggested", content: "Suggested" },
  { id: "approved", content: "Approved" },
  { id: "published", content: "Published" },
  { id: "rejected", content: "Rejected" },
  { id: "all", content: "All" },
];

const STATUS_BADGE: Record<PairStatus, { tone?: "success" | "info" | "attention"; label: string }> = {
  suggested: { tone: "attention", label: "Suggested" },
  approved: { tone: "info", label: "Approved" },
  published: { tone: "success", label: "Published" },
  rejected: { label: "Rejected" },
};

export default function Complementary() {
  const { status, page, pairs, hasNext, counts, awaiting } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
  const publishing = busy === "publish" ? navigation.formData?.get("productId") : null;

  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(pairs);
  // Decided rows leave the current view: start the next selection afresh.
  useEffect(() => {
    if (result?.ok && result.intent !== "publish") clearSelection();
  }, [result, clearSelection]);
  // A selection belongs to the rows on screen.
  useEffect(() => clearSelection(), [status, page, clearSelection]);

  const decide = (intent: "approve" | "reject") => submit({ intent, ids: selectedResources.join(",") }, { method: "post" });

  return (
    <Page title="Recommendations">
      <BlockStack gap="500">
        <RecommendationsTabs />
        {result && !result.ok ? (
          <Banner
            tone="critical"
            title={
              result.intent === "publish" ? `Shopify did not accept the complementary products for ${result.title || "this product"}` : "That did not work"
            }
          >
            <List>
              {result.errors.map((e) => (
                <List.Item key={e}>{e}</List.Item>
              ))}
            </List>
          </Banner>
        ) : null}
        {result?.ok && result.intent === "publish" ? (
          <Banner tone="success" title={`Published ${result.published} complementary product${result.published === 1 ? "" : "s"} for ${result.title}`}>
            <p>Themes that show Search &amp; Discovery&apos;s complementary products now show them on that product&apos;s page.</p>
          </Banner>
        ) : null}
        {result?.ok && result.intent !== "publish" ? (
          <Banner
            tone="success"
            title={`${formatNumber(result.count)} pair${result.count === 1 ? "" : "s"} ${result.intent === "approve" ? "approved" : "rejected"}`}
          />
        ) : null}

        {awaiting.length ? (
          <TableCard
            title="Ready to publish"
            description="Publishing writes a product’s approved pairs (up to 10) to Search & Discovery, which themes show as complementary products."
          >
            <ul style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label="Products ready to publish">
              {awaiting.map(({ product, approved }) => (
                <li key={product.id}>
                  <Box paddingInline="400" paddingBlock="300" borderBlockStartWidth="025" borderColor="border-secondary">
                    <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
                      <ProductCell
                        title={product.title}
                        imageUrl={product.imageUrl}
                        detail={`${approved} approved complementary product${approved === 1 ? "" : "s"}`}
                      />
                      <Button
                        loading={publishing === product.id}
                        disabled={Boolean(busy)}
                        accessibilityLabel={`Publish complementary products of ${product.title} to Search & Discovery`}
                        onClick={() => submit({ intent: "publish", productId: product.id, title: product.title }, { method: "post" })}
                      >
                        Publish to Search &amp; Discovery
                      </Button>
                    </InlineStack>
                  </Box>
                </li>
              ))}
            </ul>
          </TableCard>
        ) : null}

        <TableCard
          title="Products bought together"
          description="Suggested from your orders each time a model goes live. Approve the pairs that make sense as “goes well with”, then publish them."
        >
          <Box paddingInline="300" paddingBlockEnd="200">
            <LinkTabs
              label="Pairs by status"
              tabs={STATUS_TABS.map((t) => ({
                label: t.content,
                url: t.id === "suggested" ? "/app/recommendations/complementary" : `/app/recommendations/complementary?status=${t.id}`,
                active: t.id === status,
                count: t.id === "all" ? undefined : counts[t.id],
              }))}
            />
          </Box>
          <IndexTable
            resourceName={{ singular: "pair", plural: "pairs" }}
            itemCount={pairs.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            promotedBulkActions={[
              { content: "Approve", onAction: () => decide("approve"), disabled: Boolean(busy) },
              { content: "Reject", onAction: () => decide("reject"), disabled: Boolean(busy) },
            ]}
            headings={[{ title: "Product" }, { title: "Goes with" }, { title: "Strength", alignment: "end" }, { title: "Status" }]}
            pagination={
              page > 1 || hasNext
                ? {
                    hasPrevious: page > 1,
                    hasNext,
                    onPrevious: () => navigate(pageUrl(status, page - 1)),
                    onNext: () => navigate(pageUrl(status, page + 1)),
                    label: `Page ${page}`,
                  }
                : undefined
            }
            emptyState={
              <Box padding="600">
                <BlockStack gap="100" inlineAlign="center">
                  <Text as="p" variant="headingSm">
                    {status === "suggested" ? "Nothing waiting for review" : "No pairs here"}
                  </Text>
                  <Text as="p" tone="subdued" alignment="center">
                    New suggestions appear after a model goes live.
                  </Text>
                </BlockStack>
              </Box>
            }
          >
            {pairs.map((pair, index) => {
              const badge = STATUS_BADGE[pair.status] ?? { label: pair.status };
              return (
                <IndexTable.Row id={pair.id} key={pair.id} position={index} selected={selectedResources.includes(pair.id)}>
                  <IndexTable.Cell>
                    <ProductCell title={pair.product.title} imageUrl={pair.product.imageUrl} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <ProductCell title={pair.complement.title} imageUrl={pair.complement.imageUrl} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {pair.score.toFixed(2)}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={badge.tone}>{badge.label}</Badge>
                  </IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        </TableCard>
      </BlockStack>
    </Page>
  );
}

function ProductCell({ title, imageUrl, detail }: { title: string; imageUrl: string | null; detail?: string }) {
  return (
    <InlineStack gap="300" blockAlign="center" wrap={false}>
      <Thumbnail size="small" source={imageUrl ?? PRODUCT_PLACEHOLDER} alt="" />
      <BlockStack gap="050">
        <Text as="span" fontWeight="medium">
          {title}
        </Text>
        {detail ? (
          <Text as="span" variant="bodySm" tone="subdued">
            {detail}
          </Text>
        ) : null}
      </BlockStack>
    </InlineStack>
  );
}
