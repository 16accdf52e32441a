import { Badge, Button, DataTable } from "@shopify/polaris";
import { useTimeAgo } from "../time";
import { TableCard } from "../TableCard";

export interface WebhookProblem {
  id: string;
  topic: string;
  status: string;
  error: string | null;
  receivedAt: string;
}

/**
 * Changes from Shopify that could not be applied: failed ones (the database
 * refused them after every retry, or the payload was invalid) can be retried;
 * rejected ones (signed but unreadable) are kept only for inspection.
 */
export function WebhookProblemsCard({ problems, onRetry, retrying }: { problems: WebhookProblem[]; onRetry: (id: string) => void; retrying?: string }) {
  const timeAgo = useTimeAgo();
  if (!problems.length) return null;
  return (
    <TableCard title="Changes from Shopify that were not applied" description="Retry once the cause is fixed; nothing is lost meanwhile.">
      <DataTable
        columnContentTypes={["text", "text", "text", "text", "text"]}
        headings={["Change", "Status", "Reason", "Received", ""]}
        rows={problems.map((p) => [
          p.topic,
          <Badge key={p.id} tone="critical">
            {p.status}
          </Badge>,
          p.error ? (p.error.length > 160 ? `${p.error.slice(0, 160)}…` : p.error) : "—",
          timeAgo(p.receivedAt),
          p.status === "failed" ? (
            <Button
              key={`${p.id}-retry`}
              size="slim"
              loading={retrying === p.id}
              onClick={() => onRetry(p.id)}
              accessibilityLabel={`Retry ${p.topic} received ${timeAgo(p.receivedAt)}`}
            >
              Retry
            </Button>
          ) : (
            ""
          ),
        ])}
      />
    </TableCard>
  );
}
