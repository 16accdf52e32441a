import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useLocation } from "@remix-run/react";
import { useRefreshWhile } from "../components/useRefreshWhile";
import { Badge, Banner, BlockStack, Box, Card, DataTable, EmptyState, InlineGrid, InlineStack, Page, Pagination, Spinner, Text } from "@shopify/polaris";
import { z } from "zod";
import { LineChart } from "../components/LineChart";
import { RecommendationsTabs } from "../components/RecommendationsTabs";
import { SHELF_ILLUSTRATION } from "../components/illustrations";
import { formatNumber, formatPercent } from "../components/format";
import { useTimeAgo } from "../components/time";
import { TableCard } from "../components/TableCard";
import { authenticateAdmin } from "../services/admin-auth.server";
import { METRIC_COLUMNS } from "../services/recommendations/labels";
import { getRecommendationsOverview, requestTraining, type ModelStatus } from "../services/recommendations/overview.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const page = Number(new URL(request.url).searchParams.get("historyPage"));
  return json(await getRecommendationsOverview(shop.id, Number.isInteger(page) && page > 0 && page < 100_000 ? page : 1));
};

const actionSchema = z.object({ intent: z.literal("train") });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  if (!actionSchema.safeParse(Object.fromEntries(await request.formData())).success)
    return json({ ok: false as const, status: 400, error: "Unknown action" }, { status: 400 });
  const result = await requestTraining(shop.id);
  return json(result, { status: result.ok ? 200 : result.status });
};

const STATUS_BADGE: Record<ModelStatus, { tone?: "success" | "critical" | "warning" | "attention" | "info"; label: string }> = {
  live: { tone: "success", label: "Live" },
  retired: { label: "Retired" },
  rejected: { tone: "warning", label: "Rejected" },
  failed: { tone: "critical", label: "Failed" },
  training: { tone: "attention", label: "Training" },
};

const formatSeconds = (s: number) => (s < 10 ? `${s.toFixed(1)} s` : s < 120 ? `${Math.round(s)} s` : `${(s / 60).toFixed(1)} min`);

function lift(shipped: number | null, baseline: number | null) {
  if (shipped === null || baseline === null || baseline === 0) return "–";
  const change = (shipped - baseline) / baseline;
  return `${change >= 0 ? "+" : "−"}${Math.abs(change * 100).toFixed(0)}%`;
}

export default function RecommendationsOverview() {
  const timeAgo = useTimeAgo();
  const { live, history, trend, training, queueError } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const submitting = fetcher.state !== "idle";

  // Training runs in the worker: poll while it is queued or running.
  useRefreshWhile(Boolean(training));

  const train = () => fetcher.submit({ intent: "train" }, { method: "post" });
  const trainError = fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  const alreadyTraining = fetcher.data && !fetcher.data.ok && fetcher.data.status === 409;

  const empty = !live && !history.total;
  return (
    <Page
      title="Recommendations"
      // The empty state carries the same action; one primary button per page.
      primaryAction={empty ? undefined : { content: training ? "Training…" : "Train now", onAction: train, loading: submitting, disabled: Boolean(training) }}
    >
      <BlockStack gap="500">
        <RecommendationsTabs />
        {trainError ? (
          <Banner tone={alreadyTraining ? "info" : "critical"} title={alreadyTraining ? "A training is already running" : "Training did not start"}>
            <p>{trainError}</p>
          </Banner>
        ) : null}
        {queueError ? (
          <Banner tone="warning" title="The job queue is unreachable">
            <p>Aisle cannot tell whether a training job is waiting. ({queueError})</p>
          </Banner>
        ) : null}
        {training ? (
          <Card>
            <InlineStack gap="300" blockAlign="center" wrap={false}>
              <Spinner size="small" accessibilityLabel="Training" />
              <BlockStack gap="050">
                <Text as="h2" variant="headingSm">
                  {training.state === "waiting"
                    ? "Training is queued"
                    : training.state === "working"
                      ? "Training job running…"
                      : `Training version ${training.version}…`}
                </Text>
                <Text as="p" variant="bodySm" tone="subdued">
                  {training.state === "waiting"
                    ? "It starts when a worker is free. This page updates by itself."
                    : training.state === "working"
                      ? "Reading the shop's data, or saving what the last version learned. This page updates by itself."
                      : `Started ${timeAgo(training.since)}. The new version goes live only if it is at least as good as the live one.`}
                </Text>
              </BlockStack>
            </InlineStack>
          </Card>
        ) : null}

        {empty ? (
          <Card>
            <EmptyState
              heading="No recommendation model yet"
              image={SHELF_ILLUSTRATION}
              action={{ content: "Train now", onAction: train, loading: submitting, disabled: Boolean(training) }}
              secondaryAction={{ content: "Import past orders", url: "/app/recommendations/import" }}
            >
              <p>Aisle learns what goes together from your orders and what shoppers look at. Train a first model once your orders are imported.</p>
            </EmptyState>
          </Card>
        ) : (
          <>
            {/* A grid, not Layout: both cards take the row's height. */}
            <InlineGrid columns={{ xs: 1, md: ["oneThird", "twoThirds"] }} gap="400">
              <LiveModelCard live={live} />
              <EvaluationCard live={live} />
            </InlineGrid>
            <TunedCard live={live} />
            <Card>
              <BlockStack gap="300">
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    Quality across versions
                  </Text>
                  <Text as="p" variant="bodySm" tone="subdued">
                    Measured on each customer&apos;s most recent purchases, which the model did not see while training.
                  </Text>
                </BlockStack>
                {trend.length ? (
                  <LineChart
                    title="Recall@20 and HR@10 by model version"
                    description={`Recall@20 of Aisle's model and of the popularity baseline, and Aisle's HR@10, for versions ${trend[0].version} to ${trend[trend.length - 1].version}. Latest: Recall@20 ${formatPercent(trend[trend.length - 1].recall20)} against ${formatPercent(trend[trend.length - 1].popularityRecall20)} for popularity; HR@10 ${formatPercent(trend[trend.length - 1].hr10)}.`}
                    xLabel="Model version"
                    yLabel="Share of held-out purchases"
                    categories={trend.map((t) => `v${t.version}`)}
                    formatValue={(v) => formatPercent(v, v > 0 && v < 0.1 ? 1 : 0)}
                    series={[
                      { key: "recall20", label: "Recall@20, Aisle", values: trend.map((t) => t.recall20), color: "#005BD3", marker: "circle" },
                      {
                        key: "popularity",
                        label: "Recall@20, popularity baseline",
                        values: trend.map((t) => t.popularityRecall20),
                        color: "#616161",
                        dash: "6 4",
                        marker: "square",
                      },
                      { key: "hr10", label: "HR@10, Aisle", values: trend.map((t) => t.hr10), color: "#8051FF", dash: "2 3", marker: "triangle" },
                    ]}
                  />
                ) : (
                  <Text as="p" tone="subdued">
                    No version has been evaluated yet: evaluation needs at least 20 customers with purchases in the last 30 days.
                  </Text>
                )}
              </BlockStack>
            </Card>
            <HistoryCard history={history} />
          </>
        )}
      </BlockStack>
    </Page>
  );
}

type Overview = ReturnType<typeof useLoaderData<typeof loader>>;

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <InlineStack align="space-between" blockAlign="baseline" gap="200">
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span" numeric>
        {value}
      </Text>
    </InlineStack>
  );
}

function LiveModelCard({ live }: { live: Overview["live"] }) {
  const timeAgo = useTimeAgo();
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Live model
          </Text>
          {live ? <Badge tone="success">{`Version ${live.version}`}</Badge> : <Badge>None live</Badge>}
        </InlineStack>
        {live ? (
          <BlockStack gap="200">
            <Fact label="Live since" value={timeAgo(live.promotedAt)} />
            <Fact label="Products" value={formatNumber(live.items)} />
            <Fact label="Interactions" value={formatNumber(live.interactions)} />
            <Fact label="Training time" value={formatSeconds(live.trainingSeconds)} />
            {live.evaluation ? <Fact label="Customers evaluated" value={formatNumber(live.evaluation.testUsers)} /> : null}
          </BlockStack>
        ) : null}
        {live?.evaluation && live.evaluation.popularity["recall@20"] ? (
          <Box paddingBlockStart="200" borderBlockStartWidth="025" borderColor="border-secondary">
            <Text as="p" variant="bodySm" tone="subdued">
              {`Of what customers bought next, ${formatPercent(live.evaluation.shipped["recall@20"], 0)} is in their top 20 recommendations: ${(
                (live.evaluation.shipped["recall@20"] ?? 0) / live.evaluation.popularity["recall@20"]
              ).toFixed(1)}× what a best-sellers list finds.`}
            </Text>
          </Box>
        ) : null}
        {live ? null : (
          <Text as="p" tone="subdued">
            No version has gone live yet. The storefront shows best sellers until one does.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

function TunedCard({ live }: { live: Overview["live"] }) {
  if (!live) return null;
  const { tuned } = live;
  return (
    <TableCard title="Tuned for this shop" description={tuned.note}>
      <DataTable columnContentTypes={["text", "text"]} headings={["Setting", "Chosen value"]} rows={tuned.rows.map((r) => [r.label, r.value])} />
    </TableCard>
  );
}

function EvaluationCard({ live }: { live: Overview["live"] }) {
  const evaluation = live?.evaluation;
  return (
    <TableCard
      title="Offline evaluation"
      description={
        evaluation
          ? `Purchases of the last ${evaluation.holdoutDays} days by ${formatNumber(evaluation.testUsers)} customers, hidden from training. Higher is better.`
          : "The live model has no evaluation: it needs at least 20 customers with purchases in the last 30 days."
      }
    >
      {evaluation ? (
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
          headings={["Metric", "Aisle", "Popularity baseline", "Recent popularity", "Difference"]}
          rows={METRIC_COLUMNS.map((c) => [
            c.label,
            formatPercent(evaluation.shipped[c.key]),
            formatPercent(evaluation.popularity[c.key]),
            formatPercent(evaluation.recentPopularity?.[c.key]),
            lift(evaluation.shipped[c.key], evaluation.popularity[c.key]),
          ])}
        />
      ) : null}
    </TableCard>
  );
}

function HistoryCard({ history }: { history: Overview["history"] }) {
  const timeAgo = useTimeAgo();
  const { search } = useLocation();
  const pageUrl = (page: number) => {
    const params = new URLSearchParams(search);
    params.set("historyPage", String(page));
    return `/app/recommendations?${params}`;
  };
  return (
    <TableCard
      title="Model history"
      description="A new version goes live only if it finds at least as many of customers' next purchases in their top 20 recommendations as the live one (within 2%). Baseline: a best-sellers list on the same purchases. A scheduled training is skipped when nothing changed since the last one."
    >
      <DataTable
        columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric", "text", "text"]}
        headings={["Version", "Status", "Recall@20", "Baseline", "HR@10", "Coverage", "Trained", "Decision"]}
        rows={history.rows.map((h) => {
          const badge = STATUS_BADGE[h.status] ?? { label: h.status };
          return [
            `v${h.version}`,
            <Badge key={h.id} tone={badge.tone}>
              {badge.label}
            </Badge>,
            formatPercent(h.shipped?.["recall@20"]),
            formatPercent(h.popularity?.["recall@20"]),
            formatPercent(h.shipped?.["hr@10"]),
            formatPercent(h.shipped?.coverage, 0),
            timeAgo(h.finishedAt ?? h.createdAt),
            // DataTable keeps cells on one line; a long decision wraps instead of widening the table.
            <div key={`${h.id}-reason`} style={{ whiteSpace: "normal", minWidth: 200, maxWidth: 320 }}>
              {h.decision}
            </div>,
          ];
        })}
      />
      <Box padding="300">
        <InlineStack align="center">
          <Pagination
            hasPrevious={history.page > 1}
            previousURL={history.page > 1 ? pageUrl(history.page - 1) : undefined}
            hasNext={history.page < history.pages}
            nextURL={history.page < history.pages ? pageUrl(history.page + 1) : undefined}
            accessibilityLabels={{ previous: "Newer versions", next: "Older versions" }}
            label={`Page ${history.page} of ${history.pages} · ${formatNumber(history.total)} versions`}
          />
        </InlineStack>
      </Box>
    </TableCard>
  );
}
