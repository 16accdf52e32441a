import { useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import { timeAgo } from "../format";

export interface ReviewCardData {
  id: string;
  product: { id: string; title: string };
  rating: number;
  title: string;
  body: string;
  author: string;
  photoUrl: string | null;
  verifiedBuyer: boolean;
  status: string;
  source: string;
  flags: string[];
  reply: string | null;
  sentiment: string | null;
  confidence: number | null;
  aspects: { aspect: string; polarity: string; evidence: string[] }[];
  createdAt: string;
}

const SENTIMENT_TONE = { positive: "success", negative: "critical", neutral: undefined } as const;

export function Stars({ rating }: { rating: number }) {
  return (
    <span role="img" aria-label={`${rating} out of 5 stars`} style={{ color: "#b98900", letterSpacing: 1 }}>
      {"★".repeat(rating)}
      <span style={{ color: "#c9c9c9" }}>{"★".repeat(5 - rating)}</span>
    </span>
  );
}

/** One review in the moderation queue: everything the shopper wrote, shown as text, with publish, hide and reply. */
export function ReviewCard({ review }: { review: ReviewCardData }) {
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const [reply, setReply] = useState(review.reply ?? "");
  const [replying, setReplying] = useState(false);
  const busy = fetcher.state !== "idle";
  const sentimentLabel = review.sentiment ? `${review.sentiment[0].toUpperCase()}${review.sentiment.slice(1)}` : "Not analysed yet";
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="start" gap="300">
          <BlockStack gap="100">
            <InlineStack gap="200" blockAlign="center">
              <Stars rating={review.rating} />
              <Text as="h3" variant="headingSm">
                {review.title || "(no title)"}
              </Text>
            </InlineStack>
            <Text as="p" variant="bodySm" tone="subdued">
              {review.author} · {review.product.title} · {timeAgo(review.createdAt)}
              {review.source !== "storefront" ? ` · imported from ${review.source}` : ""}
            </Text>
          </BlockStack>
          <InlineStack gap="100">
            {review.verifiedBuyer ? <Badge tone="info">Verified buyer</Badge> : null}
            <Badge tone={review.sentiment ? SENTIMENT_TONE[review.sentiment as keyof typeof SENTIMENT_TONE] : undefined}>
              {review.confidence !== null ? `${sentimentLabel} · ${Math.round(review.confidence * 100)}%` : sentimentLabel}
            </Badge>
          </InlineStack>
        </InlineStack>
        {/* Text, never HTML: React escapes it, and white-space keeps the shopper's line breaks. */}
        <p style={{ margin: 0, whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{review.body}</p>
        {review.photoUrl ? (
          <Text as="p" variant="bodySm">
            Photo: {review.photoUrl}
          </Text>
        ) : null}
        {review.aspects.length ? (
          <InlineStack gap="100">
            {review.aspects.map((a) => (
              <Badge key={a.aspect} tone={a.polarity === "positive" ? "success" : a.polarity === "negative" ? "critical" : undefined}>
                {`${a.aspect} ${a.polarity === "positive" ? "+" : a.polarity === "negative" ? "−" : "·"} (${a.evidence.slice(0, 3).join(", ")})`}
              </Badge>
            ))}
          </InlineStack>
        ) : null}
        {review.flags.length ? (
          <InlineStack gap="100">
            {review.flags.map((f) => (
              <Badge key={f} tone="warning">{`Flag: ${f.replace("_", " ")}`}</Badge>
            ))}
          </InlineStack>
        ) : null}
        {review.reply && !replying ? (
          <Box background="bg-surface-secondary" padding="300" borderRadius="200">
            <Text as="p" variant="bodySm">
              <strong>Your public reply:</strong> {review.reply}
            </Text>
          </Box>
        ) : null}
        {replying ? (
          <fetcher.Form method="post" onSubmit={() => setReplying(false)}>
            <input type="hidden" name="intent" value="reply" />
            <input type="hidden" name="id" value={review.id} />
            <BlockStack gap="200">
              <TextField
                label="Public reply"
                name="reply"
                value={reply}
                onChange={setReply}
                multiline={3}
                maxLength={2000}
                autoComplete="off"
                helpText="Shown under the review on the storefront. Leave empty to remove it."
              />
              <InlineStack gap="200">
                <Button submit variant="primary" loading={busy}>
                  Save reply
                </Button>
                <Button onClick={() => setReplying(false)}>Cancel</Button>
              </InlineStack>
            </BlockStack>
          </fetcher.Form>
        ) : null}
        {fetcher.data && !fetcher.data.ok ? (
          <Text as="p" tone="critical">
            {fetcher.data.error}
          </Text>
        ) : null}
        <InlineStack gap="200">
          {review.status !== "published" ? (
            <Button
              variant="primary"
              loading={busy && fetcher.formData?.get("intent") === "publish"}
              onClick={() => fetcher.submit({ intent: "publish", ids: review.id }, { method: "post" })}
              accessibilityLabel={`Publish the review by ${review.author}`}
            >
              Publish
            </Button>
          ) : null}
          {review.status !== "hidden" ? (
            <Button
              tone="critical"
              loading={busy && fetcher.formData?.get("intent") === "hide"}
              onClick={() => fetcher.submit({ intent: "hide", ids: review.id }, { method: "post" })}
              accessibilityLabel={`Hide the review by ${review.author}`}
            >
              Hide
            </Button>
          ) : null}
          {!replying ? <Button onClick={() => setReplying(true)}>{review.reply ? "Edit reply" : "Reply"}</Button> : null}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
