import { z } from "zod";
import { getReviewSummary, publishedReviewsOf } from "../../models/reviews.server";
import { groupReviews, type ReviewSort, type SentimentFilter } from "./grouping";

export const reviewsQuerySchema = z.object({
  product_id: z.string().regex(/^\d{1,20}$/, "product ids are numeric"),
  sentiment: z.enum(["all", "positive", "neutral", "negative"]).default("all"),
  sort: z.enum(["newest", "highest", "lowest"]).default("newest"),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  per_page: z.coerce.number().int().min(1).max(50).default(10),
});

/** A product's published reviews for the storefront block: counts per sentiment, histogram, summary and one page. */
export async function reviewsForStorefront(shopId: string, query: z.infer<typeof reviewsQuerySchema>) {
  const [rows, summary] = await Promise.all([publishedReviewsOf(shopId, query.product_id), getReviewSummary(shopId, query.product_id)]);
  const grouped = groupReviews(
    rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    query.sentiment as SentimentFilter,
    query.sort as ReviewSort,
    query.page,
    query.per_page,
  );
  return {
    productId: query.product_id,
    ...grouped,
    summary: summary?.summary ?? null,
    reviews: grouped.reviews.map((r) => ({
      id: r.id,
      rating: r.rating,
      title: r.title,
      body: r.body,
      author: r.authorName || "Anonymous",
      photoUrl: r.photoUrl,
      verifiedBuyer: r.verifiedBuyer,
      reply: r.reply,
      sentiment: r.sentiment ?? "neutral",
      createdAt: r.createdAt,
    })),
  };
}
