// Pure: a product's published reviews grouped by sentiment, as the storefront block shows them.

export type SentimentFilter = "all" | "positive" | "neutral" | "negative";
export type ReviewSort = "newest" | "highest" | "lowest";

interface GroupableReview {
  rating: number;
  sentiment: string | null;
  createdAt: string;
}

export function groupReviews<R extends GroupableReview>(reviews: R[], filter: SentimentFilter, sort: ReviewSort, page: number, perPage: number) {
  const counts = { positive: 0, neutral: 0, negative: 0 };
  const histogram = [0, 0, 0, 0, 0];
  let sum = 0;
  for (const r of reviews) {
    // Not analysed yet: shown as neutral until the worker has read it.
    const s = (r.sentiment ?? "neutral") as keyof typeof counts;
    if (s in counts) counts[s]++;
    if (r.rating >= 1 && r.rating <= 5) histogram[r.rating - 1]++;
    sum += r.rating;
  }
  const shown = filter === "all" ? reviews : reviews.filter((r) => (r.sentiment ?? "neutral") === filter);
  const sorted = [...shown].sort((a, b) => {
    if (sort === "highest" && a.rating !== b.rating) return b.rating - a.rating;
    if (sort === "lowest" && a.rating !== b.rating) return a.rating - b.rating;
    return b.createdAt.localeCompare(a.createdAt);
  });
  const pages = Math.max(1, Math.ceil(sorted.length / perPage));
  const current = Math.min(page, pages);
  return {
    rating: { average: reviews.length ? Math.round((sum / reviews.length) * 100) / 100 : 0, count: reviews.length },
    counts,
    histogram,
    filter,
    sort,
    page: current,
    pages,
    reviews: sorted.slice((current - 1) * perPage, current * perPage),
  };
}
