import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  IndexTable,
  InlineGrid,
  InlineStack,
  Page,
  ProgressBar,
  Select,
  Text,
  TextField,
  Thumbnail,
  useIndexResourceState,
} from "@shopify/polaris";
import { z } from "zod";
import { LinkTabs } from "../components/LinkTabs";
import { RecommendationsTabs } from "../components/RecommendationsTabs";
import { PRODUCT_PLACEHOLDER } from "../components/illustrations";
import { formatNumber } from "../components/format";
import { TableCard } from "../components/TableCard";
import { useRefreshWhile } from "../components/useRefreshWhile";
import { RequestError } from "../lib/errors.server";
import { authenticateAdmin } from "../services/admin-auth.server";
import {
  decideMatchingPairs,
  decidePairs,
  getComplementaryReview,
  startPublishing,
  type ReviewFilters,
} from "../services/recommendations/complementary.server";
import { PAIR_STATUSES, type PairStatus } from "../services/recommendations/labels";

const PAGE_SIZE = 25;
const BASE_URL = "/app/recommendations/complementary";
const STATUS_VALUES = [...PAIR_STATUSES, "all"] as const;

// Control characters (NUL above all, which PostgreSQL refuses) are never part of a title, SKU, vendor or type.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

// Filters from the address bar: a garbage value falls back to no filter (or the default tab).
const optionalText = (max: number) =>
  z
    .string()
    .transform((s) => s.replace(new RegExp(CONTROL.source, "g"), "").trim().slice(0, max))
    .optional()
    .catch(undefined)
    .transform((s) => s || undefined);
const querySchema = z.object({
  status: z.enum(STATUS_VALUES).catch("suggested"),
  q: optionalText(200),
  vendor: optionalText(255),
  type: optionalText(255),
  minScore: z
    .string()
    .optional()
    .transform((s) => (s?.trim() ? Number(s) : undefined))
    .pipe(z.number().finite().min(0).max(1_000_000).optional())
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
type Query = z.infer<typeof querySchema>;

const toFilters = (q: Query): ReviewFilters => ({ status: q.status, search: q.q, vendor: q.vendor, productType: q.type, minScore: q.minScore });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const review = await getComplementaryReview(shop.id, toFilters(query), { page: query.page, pageSize: PAGE_SIZE });
  return json({ query, ...review });
};

function pageUrl(query: Query, page: number) {
  const params = new URLSearchParams();
  if (query.status !== "suggested") params.set("status", query.status);
  if (query.q) params.set("q", query.q);
  if (query.vendor) params.set("vendor", query.vendor);
  if (query.type) params.set("type", query.type);
  if (query.minScore !== undefined) params.set("minScore", String(query.minScore));
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return `${BASE_URL}${search ? `?${search}` : ""}`;
}

// Form posts are checked strictly: a forged value is refused with why, never guessed at
// (approving "all matching" with a filter dropped would approve more than staff saw).
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_IDS = 250;
const idsSchema = z
  .string({ required_error: "Choose at least one pair." })
  .max(MAX_IDS * 65, `Choose at most ${MAX_IDS} pairs at a time.`)
  .transform((s) => s.split(",").filter(Boolean))
  .pipe(
    z
      .array(z.string().regex(ID, "That is not a pair of this list."))
      .min(1, "Choose at least one pair.")
      .max(MAX_IDS, `Choose at most ${MAX_IDS} pairs at a time.`),
  );
const filterText = (what: string, max: number) =>
  z
    .string()
    .max(max, `The ${what} is longer than ${max} characters.`)
    .refine((s) => !CONTROL.test(s), `The ${what} contains control characters.`)
    .default("");
const matchingSchema = z.object({
  status: z.enum(STATUS_VALUES, { errorMap: () => ({ message: `Status must be one of ${STATUS_VALUES.join(", ")}.` }) }),
  q: filterText("search", 200),
  vendor: filterText("vendor", 255),
  type: filterText("product type", 255),
  minScore: z
    .string()
    .default("")
    .refine((s) => s.trim() === "" || (Number.isFinite(Number(s)) && Number(s) >= 0), "The minimum strength must be a number of 0 or more."),
});
const actionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.enum(["approve", "reject"]), ids: idsSchema }),
    matchingSchema.extend({ intent: z.enum(["approve-matching", "reject-matching"]) }),
    z.object({ intent: z.literal("publish") }),
  ],
  { errorMap: (issue, ctx) => (issue.code === "invalid_union_discriminator" ? { message: "Unknown action." } : { message: ctx.defaultError }) },
);

type ActionResult =
  { ok: true; intent: "approve" | "reject"; count: number } | { ok: true; intent: "publish"; started: boolean } | { ok: false; error: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json<ActionResult>({ ok: false, error: parsed.error.issues[0]?.message ?? "Unknown action." }, { status: 400 });
  const form = parsed.data;
  if (form.intent === "publish") {
    try {
      const { started } = await startPublishing(shop.id);
      return json<ActionResult>({ ok: true, intent: "publish", started });
    } catch (error) {
      if (error instanceof RequestError) return json<ActionResult>({ ok: false, error: error.message }, { status: error.status });
      throw error;
    }
  }
  if ("ids" in form) {
    const count = await decidePairs(shop.id, form.ids, form.intent === "approve" ? "approved" : "rejected");
    return json<ActionResult>({ ok: true, intent: form.intent, count });
  }
  const decision = form.intent === "approve-matching" ? "approved" : "rejected";
  const count = await decideMatchingPairs(
    shop.id,
    {
      status: form.status,
      search: form.q.trim() || undefined,
      vendor: form.vendor || undefined,
      productType: form.type || undefined,
      minScore: form.minScore.trim() ? Number(form.minScore) : undefined,
    },
    decision,
  );
  return json<ActionResult>({ ok: true, intent: decision === "approved" ? "approve" : "reject", count });
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

const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;

export default function Complementary() {
  const { query, pairs, hasNext, matching, counts, withdrawn, facets, publishing } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : null;
  const running = publishing?.status === "queued" || publishing?.status === "active";
  useRefreshWhile(running, 1_500);

  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(pairs);
  // Decided rows leave the current view: start the next selection afresh.
  useEffect(() => {
    if (result?.ok && result.intent !== "publish") clearSelection();
  }, [result, clearSelection]);
  // A selection belongs to the rows on screen.
  const view = pageUrl(query, query.page);
  useEffect(() => clearSelection(), [view, clearSelection]);

  const filtered = Boolean(query.q || query.vendor || query.type || query.minScore !== undefined);

  const decide = (intent: "approve" | "reject") => submit({ intent, ids: selectedResources.join(",") }, { method: "post" });
  const decideMatching = (intent: "approve-matching" | "reject-matching") =>
    submit(
      {
        intent,
        status: query.status,
        q: query.q ?? "",
        vendor: query.vendor ?? "",
        type: query.type ?? "",
        minScore: query.minScore === undefined ? "" : String(query.minScore),
      },
      { method: "post" },
    );
  const approvableMatching = query.status === "suggested" || query.status === "rejected" || query.status === "all";

  return (
    <Page title="Recommendations">
      <BlockStack gap="500">
        <RecommendationsTabs />
        {result && !result.ok ? <Banner tone="critical" title={result.error} /> : null}
        {result?.ok && result.intent !== "publish" ? (
          <Banner tone="success" title={`${plural(result.count, "pair")} ${result.intent === "approve" ? "approved" : "rejected"}`}>
            <p>A pair is decided for both of its products.</p>
          </Banner>
        ) : null}

        <PublishCard
          publishing={publishing}
          approved={counts.approved}
          withdrawn={withdrawn}
          busy={busy === "publish"}
          onPublish={() => submit({ intent: "publish" }, { method: "post" })}
        />

        <TableCard
          title="Products bought together"
          description="Suggested from your orders each time a model goes live, each pair once. Approve the pairs that make sense as “goes well with” for both products, then publish them."
        >
          <Box paddingInline="300" paddingBlockEnd="200">
            <LinkTabs
              label="Pairs by status"
              tabs={STATUS_TABS.map((t) => ({
                label: t.content,
                url: pageUrl({ ...query, status: t.id }, 1),
                active: t.id === query.status,
                count: t.id === "all" ? undefined : counts[t.id],
              }))}
            />
          </Box>
          <Box paddingInline="400" paddingBlockEnd="400">
            <FilterForm
              key={view}
              query={query}
              facets={facets}
              matching={matching}
              filtered={filtered}
              actions={
                approvableMatching && matching > 0 ? (
                  <Button onClick={() => decideMatching("approve-matching")} loading={busy === "approve-matching"} disabled={Boolean(busy)}>
                    {`Approve all ${formatNumber(matching)}`}
                  </Button>
                ) : null
              }
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
              query.page > 1 || hasNext
                ? {
                    hasPrevious: query.page > 1,
                    hasNext,
                    onPrevious: () => navigate(pageUrl(query, query.page - 1)),
                    onNext: () => navigate(pageUrl(query, query.page + 1)),
                    label: `Page ${query.page} of ${formatNumber(Math.max(1, Math.ceil(matching / PAGE_SIZE)))}`,
                  }
                : undefined
            }
            emptyState={
              <Box padding="600">
                <BlockStack gap="100" inlineAlign="center">
                  <Text as="p" variant="headingSm">
                    {filtered ? "No pairs match these filters" : query.status === "suggested" ? "Nothing waiting for review" : "No pairs here"}
                  </Text>
                  <Text as="p" tone="subdued" alignment="center">
                    {filtered ? "Try another search or fewer filters." : "New suggestions appear after a model goes live."}
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
                    <ProductCell title={pair.product.title} imageUrl={pair.product.imageUrl} detail={pair.product.skus} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <ProductCell title={pair.complement.title} imageUrl={pair.complement.imageUrl} detail={pair.complement.skus} />
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

/** Search and filters; a fresh copy for each address (key), so its fields start from the filters in use. */
function FilterForm({
  query,
  facets,
  matching,
  filtered,
  actions,
}: {
  query: Query;
  facets: { vendors: string[]; productTypes: string[] };
  matching: number;
  filtered: boolean;
  actions: ReactNode;
}) {
  const [search, setSearch] = useState(query.q ?? "");
  const [vendor, setVendor] = useState(query.vendor ?? "");
  const [type, setType] = useState(query.type ?? "");
  const [minScore, setMinScore] = useState(query.minScore === undefined ? "" : String(query.minScore));
  return (
    <Form method="get" action={BASE_URL} replace>
      {query.status !== "suggested" ? <input type="hidden" name="status" value={query.status} /> : null}
      <BlockStack gap="300">
        <InlineGrid columns={{ xs: 1, md: "2fr 1fr 1fr 1fr" }} gap="300" alignItems="end">
          <TextField
            label="Search"
            name="q"
            value={search}
            onChange={setSearch}
            autoComplete="off"
            placeholder="Title or SKU of either product"
            maxLength={200}
          />
          <Select
            label="Vendor"
            name="vendor"
            options={[{ label: "Any vendor", value: "" }, ...facets.vendors.map((v) => ({ label: v, value: v }))]}
            value={vendor}
            onChange={setVendor}
          />
          <Select
            label="Product type"
            name="type"
            options={[{ label: "Any type", value: "" }, ...facets.productTypes.map((t) => ({ label: t, value: t }))]}
            value={type}
            onChange={setType}
          />
          <TextField label="Minimum strength" name="minScore" type="number" min={0} step={0.01} value={minScore} onChange={setMinScore} autoComplete="off" />
        </InlineGrid>
        <InlineStack align="space-between" blockAlign="center" gap="300">
          <Text as="p" tone="subdued">
            {plural(matching, "pair")} {filtered ? "match" : "here"}
          </Text>
          <InlineStack gap="200">
            {filtered ? (
              <Button url={pageUrl({ status: query.status, page: 1 }, 1)} variant="tertiary">
                Clear filters
              </Button>
            ) : null}
            {actions}
            <Button submit variant="primary">
              Filter
            </Button>
          </InlineStack>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}

interface Publishing {
  status: string;
  progress: number;
  error: string | null;
  finishedAt: string | null;
}

/** The latest publishing (with its progress while it runs) and the button that starts the next. */
function PublishCard({
  publishing,
  approved,
  withdrawn,
  busy,
  onPublish,
}: {
  publishing: Publishing | null;
  approved: number;
  withdrawn: number;
  busy: boolean;
  onPublish: () => void;
}) {
  const running = publishing?.status === "queued" || publishing?.status === "active";
  if (!publishing && !approved && !withdrawn) return null;
  const todo = [
    approved ? `${plural(approved, "approved pair")} to publish` : null,
    withdrawn ? `${plural(withdrawn, "rejected pair")} to take down` : null,
  ].filter(Boolean);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="300">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Search &amp; Discovery
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              {todo.length
                ? `${todo.join("; ")}. Each product gets its ten strongest approved complements, which themes show as complementary products.`
                : "Every approved pair is published."}
            </Text>
          </BlockStack>
          <Button variant="primary" onClick={onPublish} loading={busy} disabled={running || !todo.length}>
            {publishing?.status === "failed" ? "Publish again" : "Publish approved pairs"}
          </Button>
        </InlineStack>
        {running ? (
          <BlockStack gap="200">
            <InlineStack align="space-between">
              <Text as="p">{publishing.status === "queued" ? "Waiting for the worker…" : "Publishing approved pairs…"}</Text>
              <Text as="p" numeric>
                {publishing.progress}%
              </Text>
            </InlineStack>
            <ProgressBar progress={publishing.progress} size="small" tone="primary" />
            {publishing.error ? (
              <Text as="p" tone="subdued" variant="bodySm">
                {publishing.error}
              </Text>
            ) : null}
          </BlockStack>
        ) : publishing?.status === "failed" ? (
          <Banner tone="critical" title="Publishing stopped">
            <p>{publishing.error ?? "The worker could not finish."} Pairs not published yet stay approved; publish again to go on.</p>
          </Banner>
        ) : publishing?.status === "completed" && publishing.error ? (
          <Banner tone="warning" title="Published, except some products">
            <p>{publishing.error}</p>
          </Banner>
        ) : publishing?.status === "completed" ? (
          <Banner tone="success" title="Published">
            <p>Themes that show Search &amp; Discovery&apos;s complementary products now show the approved pairs.</p>
          </Banner>
        ) : null}
      </BlockStack>
    </Card>
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
