import { Badge, BlockStack, Box, Button, Card, InlineStack, Text } from "@shopify/polaris";

interface Version {
  id: string;
  label: string;
  before: string;
  after: string;
  actor: string;
  provider: string;
  publishedAt: string;
  restorable: boolean;
  restoredFromId: string | null;
  impact: { enoughTraffic: boolean; summary: string };
}

const who = (actor: string) =>
  actor.startsWith("rule:") ? `rule “${actor.slice(5).replace(/_/g, " ")}”` : actor.startsWith("restore:") ? `${actor.slice(8)} (restore)` : actor;

const clip = (s: string) => (s.length > 140 ? `${s.slice(0, 140)}…` : s || "(empty)");

/** Every published version of the product's fields, newest first, with its impact and a one-click restore. */
export function HistoryCard({ versions, busy, onRestore }: { versions: Version[]; busy: boolean; onRestore: (versionId: string) => void }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          History
        </Text>
        {versions.length ? null : (
          <Text as="p" tone="subdued">
            Nothing published for this product yet.
          </Text>
        )}
        {versions.map((v) => (
          <Box key={v.id} paddingBlockStart="200" borderBlockStartWidth="025" borderColor="border-secondary">
            <BlockStack gap="100">
              <InlineStack align="space-between" blockAlign="center">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" fontWeight="medium">
                    {v.label}
                  </Text>
                  <Badge>{v.provider === "restore" ? "Restore" : v.provider === "claude" ? "Claude" : "Offline"}</Badge>
                  <Text as="span" variant="bodySm" tone="subdued">
                    {new Date(v.publishedAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC by {who(v.actor)}
                  </Text>
                </InlineStack>
                {v.restorable ? (
                  <Button size="slim" disabled={busy} onClick={() => onRestore(v.id)} accessibilityLabel={`Restore the ${v.label} from before this version`}>
                    Restore previous
                  </Button>
                ) : null}
              </InlineStack>
              <Text as="p" variant="bodySm" tone="subdued">
                Before: {clip(v.before)}
              </Text>
              <Text as="p" variant="bodySm">
                After: {clip(v.after)}
              </Text>
              <Text as="p" variant="bodySm" tone={v.impact.enoughTraffic ? undefined : "subdued"}>
                Impact: {v.impact.summary}
              </Text>
            </BlockStack>
          </Box>
        ))}
      </BlockStack>
    </Card>
  );
}
