import { useState } from "react";
import { Badge, BlockStack, Box, Button, Card, InlineGrid, InlineStack, List, Text, TextField, Thumbnail } from "@shopify/polaris";
import type { DiffPart } from "../../services/content/core/diff";
import { DiffText } from "./Diff";

export interface ReviewField {
  id: string;
  field: string;
  label: string;
  publishable: boolean;
  editValue: string;
  liveText: string;
  diff: DiffPart[];
  imageUrl: string | null;
  status: string;
  flags: { kind: string; text: string; message: string }[];
  error: string | null;
  rejectReason: string | null;
  decidedBy: string | null;
  chars: number | null;
}

const STATUS: Record<string, { tone?: "success" | "info" | "attention" | "critical" | "warning"; label: string }> = {
  pending: { tone: "attention", label: "To review" },
  approved: { tone: "info", label: "Approved, publishing" },
  published: { tone: "success", label: "Published" },
  rejected: { label: "Rejected" },
  stale: { tone: "warning", label: "Stale" },
  failed: { tone: "critical", label: "Not usable" },
};

/** One field: live and draft side by side with the differences, its flags, and what staff can do with it. */
export function FieldReview({
  field,
  busy,
  onAction,
}: {
  field: ReviewField;
  busy: boolean;
  onAction: (intent: string, values: Record<string, string>) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(field.editValue);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const badge = STATUS[field.status] ?? { label: field.status };
  const decidable = field.status === "pending";
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            {field.imageUrl ? <Thumbnail size="small" source={field.imageUrl} alt="" /> : null}
            <Text as="h3" variant="headingSm">
              {field.label}
            </Text>
            <Badge tone={badge.tone}>{badge.label}</Badge>
            {!field.publishable ? <Badge>Advice: not written to Shopify</Badge> : null}
            {field.chars !== null ? (
              <Text as="span" variant="bodySm" tone="subdued">
                {field.chars} characters
              </Text>
            ) : null}
          </InlineStack>
          {field.decidedBy ? (
            <Text as="span" variant="bodySm" tone="subdued">
              {field.decidedBy.startsWith("rule:") ? `By the rule “${field.decidedBy.slice(5).replace(/_/g, " ")}”` : `By ${field.decidedBy}`}
            </Text>
          ) : null}
        </InlineStack>
        {field.error ? (
          <Text as="p" tone="critical">
            {field.error}
          </Text>
        ) : null}
        {field.rejectReason && field.status === "rejected" ? (
          <Text as="p" tone="subdued">
            Rejected: {field.rejectReason}
          </Text>
        ) : null}
        {field.flags.length ? (
          <Box background="bg-surface-warning" padding="200" borderRadius="200">
            <BlockStack gap="100">
              <Text as="p" fontWeight="medium">
                Check before approving
              </Text>
              <List>
                {field.flags.map((f) => (
                  <List.Item key={`${f.kind}:${f.text}`}>{f.message}</List.Item>
                ))}
              </List>
            </BlockStack>
          </Box>
        ) : null}
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <BlockStack gap="100">
            <Text as="h4" variant="bodySm" tone="subdued">
              Live in Shopify
            </Text>
            <DiffText parts={field.diff} side="live" label={`${field.label}, live`} />
          </BlockStack>
          <BlockStack gap="100">
            <Text as="h4" variant="bodySm" tone="subdued">
              Draft
            </Text>
            {editing ? (
              <TextField
                label={`Edit ${field.label}`}
                labelHidden
                value={value}
                onChange={setValue}
                multiline={field.field === "description" ? 8 : 2}
                autoComplete="off"
                helpText={field.field === "description" ? "HTML: <p>, <ul>, <li>, <strong>, <em>." : undefined}
              />
            ) : (
              <DiffText parts={field.diff} side="draft" label={`${field.label}, draft`} />
            )}
          </BlockStack>
        </InlineGrid>
        {rejecting ? (
          <InlineStack gap="200" blockAlign="end">
            <div style={{ flex: 1 }}>
              <TextField label="Why is it rejected?" value={reason} onChange={setReason} autoComplete="off" />
            </div>
            <Button tone="critical" disabled={busy || !reason.trim()} onClick={() => onAction("reject", { fieldId: field.id, reason })}>
              Reject
            </Button>
            <Button onClick={() => setRejecting(false)}>Keep</Button>
          </InlineStack>
        ) : null}
        {field.status !== "published" && field.status !== "failed" ? (
          <InlineStack gap="200">
            {editing ? (
              <>
                <Button variant="primary" disabled={busy} onClick={() => (onAction("edit", { fieldId: field.id, value }), setEditing(false))}>
                  Save edit
                </Button>
                <Button onClick={() => (setEditing(false), setValue(field.editValue))}>Cancel</Button>
              </>
            ) : (
              <>
                {decidable ? (
                  <Button
                    variant="primary"
                    disabled={busy}
                    onClick={() => onAction("approve", { fieldId: field.id })}
                    accessibilityLabel={`Approve ${field.label}`}
                  >
                    {field.publishable ? "Approve and publish" : "Approve"}
                  </Button>
                ) : null}
                <Button disabled={busy} onClick={() => setEditing(true)} accessibilityLabel={`Edit ${field.label}`}>
                  Edit
                </Button>
                {decidable || field.status === "approved" ? (
                  <Button disabled={busy} tone="critical" variant="plain" onClick={() => setRejecting(true)} accessibilityLabel={`Reject ${field.label}`}>
                    Reject
                  </Button>
                ) : null}
              </>
            )}
          </InlineStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
