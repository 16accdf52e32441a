import { BlockStack, Button, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";

interface Run {
  id: string;
  kind: string;
  provider: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  cancelled: number;
  pending: number;
  batch: boolean;
}
interface Month {
  month: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}

const KIND: Record<string, string> = { bulk: "Bulk run", refresh: "SEO refresh", new_product: "New product", batch: "Batch" };

/** Bulk runs with live progress and cancel, and the month's model usage. */
export function RunsCard({ runs, usage, onCancel, busy }: { runs: Run[]; usage: Month[]; onCancel: (runId: string) => void; busy: boolean }) {
  if (!runs.length && !usage.length) return null;
  return (
    <Card>
      <BlockStack gap="300">
        {runs.slice(0, 3).map((run) => {
          const settled = run.done + run.failed + run.cancelled;
          return (
            <BlockStack gap="100" key={run.id}>
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h3" variant="headingSm">
                  {KIND[run.kind] ?? run.kind} · {run.provider === "claude" ? (run.batch ? "Claude, Message Batches" : "Claude") : "Offline"} ·{" "}
                  {run.status === "running" ? "running" : run.status}
                </Text>
                {run.status === "running" ? (
                  <Button size="slim" tone="critical" onClick={() => onCancel(run.id)} disabled={busy} accessibilityLabel={`Cancel run ${run.id}`}>
                    Cancel
                  </Button>
                ) : null}
              </InlineStack>
              <ProgressBar progress={run.total ? Math.round((settled / run.total) * 100) : 0} size="small" tone={run.failed ? "critical" : "primary"} />
              <Text as="p" variant="bodySm" tone="subdued">
                {settled} of {run.total} products · {run.done} written · {run.failed} failed{run.cancelled ? ` · ${run.cancelled} cancelled` : ""}
              </Text>
            </BlockStack>
          );
        })}
        {usage.length ? (
          <Text as="p" variant="bodySm" tone="subdued">
            Model usage this month ({usage[0].month}): {usage[0].calls} calls, {usage[0].inputTokens.toLocaleString("en")} input tokens (
            {usage[0].cacheReadTokens.toLocaleString("en")} read from cache), {usage[0].outputTokens.toLocaleString("en")} output tokens, $
            {usage[0].costUsd.toFixed(2)}
            {usage.length > 1
              ? ` · previous months: ${usage
                  .slice(1)
                  .map((m) => `${m.month} $${m.costUsd.toFixed(2)}`)
                  .join(", ")}`
              : ""}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
