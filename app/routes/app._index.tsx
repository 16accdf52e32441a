import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useRefreshWhile } from "../components/useRefreshWhile";
import { Badge, Banner, BlockStack, Box, Button, Card, DataTable, InlineGrid, InlineStack, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { z } from "zod";
import { StatCard } from "../components/StatCard";
import { formatDuration, formatNumber } from "../components/format";
import { useTimeAgo } from "../components/time";
import { importBadge } from "../components/import-status";
import { TableCard } from "../components/TableCard";
import { RequestError } from "../lib/errors.server";
import { authenticateAdmin } from "../services/admin-auth.server";
import { getDashboard } from "../services/dashboard.server";
import { retryFailedJobs } from "../services/health.server";
import { startSync } from "../services/install.server";
import { retryFailedDelivery } from "../services/webhooks/redrive.server";
import { WebhookProblemsCard } from "../components/dashboard/WebhookProblemsCard";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  return json(await getDashboard(shop));
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("sync") }),
  z.object({ intent: z.literal("retry"), queue: z.string().min(1) }),
  z.object({ intent: z.literal("retry-delivery"), deliveryId: z.string().min(1).max(64) }),
]);

type ActionResult = { ok: true } | { ok: false; error: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json<ActionResult>({ ok: false, error: "Unknown action" }, { status: 400 });
  try {
    const input = parsed.data;
    if (input.intent === "sync") await startSync(shop.id);
    else if (input.intent === "retry") await retryFailedJobs(input.queue);
    else if (!(await retryFailedDelivery(shop.id, input.deliveryId))) {
      return json<ActionResult>({ ok: false, error: "That change is not waiting for a retry (it may have been retried already)." }, { status: 404 });
    }
  } catch (error) {
    if (error instanceof RequestError) return json<ActionResult>({ ok: false, error: error.message }, { status: error.status });
    throw error;
  }
  return json<ActionResult>({ ok: true });
};

const SYNC_BADGE: Record<string, { tone: "success" | "critical" | "attention" | "info"; label: string }> = {
  idle: { tone: "info", label: "Not started" },
  running: { tone: "attention", label: "Importing" },
  succeeded: { tone: "success", label: "Up to date" },
  failed: { tone: "critical", label: "Import failed" },
};

export default function Dashboard() {
  const timeAgo = useTimeAgo();
  const data = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const { sync, queues, workers, recommendations, activeJob } = data;

  // Long work shows progress: poll while a job runs.
  useRefreshWhile(Boolean(activeJob));

  const syncBadge = SYNC_BADGE[sync.status] ?? SYNC_BADGE.idle;
  const busy = fetcher.state !== "idle";

  return (
    <Page
      title="Dashboard"
      primaryAction={{
        content: "Sync now",
        loading: busy && fetcher.formData?.get("intent") === "sync",
        disabled: Boolean(activeJob),
        onAction: () => fetcher.submit({ intent: "sync" }, { method: "post" }),
      }}
    >
      <BlockStack gap="500">
        {fetcher.data && !fetcher.data.ok ? (
          <Banner tone="critical" title="That did not work">
            <p>{fetcher.data.error}</p>
          </Banner>
        ) : null}
        <WorkersBanner workers={workers} />
        {sync.status === "failed" && sync.error ? (
          <Banner tone="critical" title="The last import failed">
            <p>{sync.error}</p>
          </Banner>
        ) : null}
        {activeJob ? (
          <Card>
            <BlockStack gap="200">
              <InlineStack align="space-between">
                <Text as="h2" variant="headingSm">
                  {activeJob.name}
                </Text>
                <Text as="span" tone="subdued">
                  {activeJob.progress}%
                </Text>
              </InlineStack>
              <ProgressBar progress={activeJob.progress} size="small" tone="primary" />
            </BlockStack>
          </Card>
        ) : null}

        <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
          <StatCard label="Products" value={formatNumber(sync.products)} hint="in Aisle's copy of the catalog" />
          <StatCard label="Orders" value={formatNumber(sync.orders)} hint="imported and kept current" />
          <StatCard
            label="Last webhook"
            value={sync.lastWebhook ? timeAgo(sync.lastWebhook.receivedAt) : "None yet"}
            hint={sync.lastWebhook ? sync.lastWebhook.topic : "Shopify sends changes as they happen"}
          />
          <StatCard
            label="Last import"
            value={<Badge tone={syncBadge.tone}>{syncBadge.label}</Badge>}
            hint={
              sync.finishedAt
                ? `finished ${timeAgo(sync.finishedAt)}${sync.startedAt ? `, took ${formatDuration(new Date(sync.finishedAt).getTime() - new Date(sync.startedAt).getTime())}` : ""}`
                : sync.startedAt
                  ? `started ${timeAgo(sync.startedAt)}`
                  : "not run yet"
            }
          />
        </InlineGrid>

        <Layout>
          <Layout.Section>
            <TableCard title="Background jobs" description={workersLine(workers)}>
              {queues.ok ? (
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric", "text"]}
                  headings={["Queue", "Waiting", "Active", "Failed", ""]}
                  rows={Object.entries(queues.counts).map(([name, c]) => [
                    name,
                    formatNumber(c.waiting + c.delayed),
                    formatNumber(c.active),
                    c.failed ? <Badge tone="critical">{formatNumber(c.failed)}</Badge> : "0",
                    c.failed ? (
                      <Button size="slim" onClick={() => fetcher.submit({ intent: "retry", queue: name }, { method: "post" })}>
                        Retry failed
                      </Button>
                    ) : (
                      ""
                    ),
                  ])}
                />
              ) : (
                <Box padding="400">
                  <Banner tone="warning" title="The job queue is unreachable">
                    <p>Webhooks are still being saved and will be processed when it is back. ({queues.error})</p>
                  </Banner>
                </Box>
              )}
            </TableCard>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  AI features
                </Text>
                <FeatureRow
                  name="Recommendations"
                  badge={recommendations.state === "live" ? "Live" : recommendations.state === "training" ? "Training" : "Waiting for data"}
                  tone={recommendations.state === "live" ? "success" : "info"}
                  detail={recommendations.detail}
                />
                <LinkedFeatureRow
                  name="Product content"
                  path="/app/content"
                  detail="Descriptions, SEO fields and alt text, written by AI for staff to approve."
                />
                <LinkedFeatureRow name="Review sentiment" path="/app/reviews" detail="Collects reviews and groups them on the storefront by sentiment." />
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>

        <WebhookProblemsCard
          problems={sync.problems}
          retrying={busy && fetcher.formData?.get("intent") === "retry-delivery" ? String(fetcher.formData.get("deliveryId")) : undefined}
          onRetry={(deliveryId) => fetcher.submit({ intent: "retry-delivery", deliveryId }, { method: "post" })}
        />

        <TableCard title="Recent imports">
          {sync.runs.length ? (
            <DataTable
              columnContentTypes={["text", "text", "numeric", "numeric", "text", "text"]}
              headings={["Data", "Status", "Imported", "Rejected lines", "Started", "Took"]}
              rows={sync.runs.map((r) => {
                const badge = importBadge({ status: r.status, imported: r.objectCount, rejected: r.rejectedLines });
                return [
                  r.resource,
                  <Badge key={r.id} tone={badge.tone}>
                    {badge.label}
                  </Badge>,
                  formatNumber(r.objectCount),
                  r.rejectedLines
                    ? r.rejections[0]
                      ? `${formatNumber(r.rejectedLines)} (first: line ${r.rejections[0].line}: ${r.rejections[0].reason})`
                      : formatNumber(r.rejectedLines)
                    : "0",
                  timeAgo(r.startedAt),
                  r.finishedAt ? formatDuration(new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime()) : "still running",
                ];
              })}
            />
          ) : (
            <Box padding="400">
              <Text as="p" tone="subdued">
                No import has run yet.
              </Text>
            </Box>
          )}
        </TableCard>
      </BlockStack>
    </Page>
  );
}

/** A feature set up on its own page: a link to it. */
function LinkedFeatureRow({ name, path, detail }: { name: string; path: string; detail: string }) {
  return (
    <BlockStack gap="100">
      <InlineStack align="space-between" blockAlign="center">
        <Text as="h3" variant="headingSm">
          {name}
        </Text>
        <Button url={path} size="slim">
          Set up
        </Button>
      </InlineStack>
      <Text as="p" variant="bodySm" tone="subdued">
        {detail}
      </Text>
    </BlockStack>
  );
}

function FeatureRow({ name, badge, tone, detail }: { name: string; badge: string; tone: "success" | "info"; detail: string }) {
  return (
    <BlockStack gap="100">
      <InlineStack align="space-between" blockAlign="center">
        <Text as="h3" variant="headingSm">
          {name}
        </Text>
        <Badge tone={tone}>{badge}</Badge>
      </InlineStack>
      <Text as="p" variant="bodySm" tone="subdued">
        {detail}
      </Text>
    </BlockStack>
  );
}

type Workers = ReturnType<typeof useLoaderData<typeof loader>>["workers"];

/** "Worker: last seen 12 s ago": the heartbeat of the freshest worker. */
function workersLine(workers: Workers) {
  if (!workers.ok) return undefined;
  const [freshest] = workers.live;
  return `${workers.live.length === 1 ? "Worker" : `${workers.live.length} workers`}: last seen ${freshest.lastSeenSecondsAgo} s ago`;
}

function WorkersBanner({ workers }: { workers: Workers }) {
  // Redis unreachable: the Background jobs card says so.
  if (workers.ok || !("message" in workers) || !workers.message) return null;
  return (
    <Banner tone="critical" title={workers.message}>
      <p>Imports, recommendation training and changes from Shopify wait until a worker runs again. Changes from Shopify are saved meanwhile.</p>
    </Banner>
  );
}
