import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, EmptyState, InlineStack, Page, Text } from "@shopify/polaris";
import { LinkTabs } from "../components/LinkTabs";
import { ReviewCard } from "../components/reviews/ReviewCard";
import { ReviewsTabs } from "../components/reviews/ReviewsTabs";
import { RequestError } from "../lib/errors.server";
import { authenticateAdmin } from "../services/admin-auth.server";
import { moderate, moderationQueue } from "../services/reviews/moderation.server";
import { publishRatingsQuietly } from "../services/reviews/ratings.server";

const STATUSES = ["pending", "published", "hidden"] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const url = new URL(request.url);
  const status = STATUSES.find((s) => s === url.searchParams.get("status")) ?? "pending";
  const page = Math.max(1, Math.min(1000, Number(url.searchParams.get("page")) || 1));
  return json(await moderationQueue(shop.id, status, page));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, admin } = await authenticateAdmin(request);
  try {
    const result = await moderate(shop.id, Object.fromEntries(await request.formData()));
    await publishRatingsQuietly(admin, shop.id, result.products);
    return json({ ok: true as const, ...result });
  } catch (error) {
    if (error instanceof RequestError) return json({ ok: false as const, error: error.message }, { status: error.status });
    throw error;
  }
};

const LABELS = { pending: "Pending", published: "Published", hidden: "Hidden" };

export default function ReviewModeration() {
  const { status, page, hasMore, counts, reviews } = useLoaderData<typeof loader>();
  const link = (s: string, p = 1) => `/app/reviews?status=${s}${p > 1 ? `&page=${p}` : ""}`;
  return (
    <Page title="Reviews" subtitle="Publish or hide what shoppers wrote, and reply in public.">
      <BlockStack gap="400">
        <ReviewsTabs />
        <LinkTabs label="Review status" tabs={STATUSES.map((s) => ({ label: LABELS[s], url: link(s), active: s === status, count: counts[s] }))} />
        {reviews.length ? (
          <BlockStack gap="300">
            {reviews.map((r) => (
              <ReviewCard key={r.id} review={r} />
            ))}
          </BlockStack>
        ) : (
          <Card>
            <EmptyState heading={`No ${LABELS[status].toLowerCase()} reviews`} image="">
              <Text as="p">Reviews arrive from the storefront's review form, or import them from another review app.</Text>
            </EmptyState>
          </Card>
        )}
        {page > 1 || hasMore ? (
          <InlineStack gap="200" align="center">
            {page > 1 ? <Button url={link(status, page - 1)}>Newer</Button> : null}
            {hasMore ? <Button url={link(status, page + 1)}>Older</Button> : null}
          </InlineStack>
        ) : null}
      </BlockStack>
    </Page>
  );
}
