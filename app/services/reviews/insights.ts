// Pure: what the insights page shows, from analysed reviews.

import type { AspectMention } from "./sentiment/aspects";

export interface InsightReview {
  productShopifyId: string;
  sentiment: string | null;
  aspects: string;
  title: string;
  body: string;
  createdAt: Date;
}

const monthOf = (d: Date) => d.toISOString().slice(0, 7);

function months(now: Date, n = 12): string[] {
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1))));
  return out;
}

/** Share of positive and negative reviews per month (null for a month without reviews). */
function monthlyShares(reviews: InsightReview[], categories: string[]) {
  const by = new Map<string, { n: number; pos: number; neg: number }>();
  for (const r of reviews) {
    const m = monthOf(r.createdAt);
    const e = by.get(m) ?? { n: 0, pos: 0, neg: 0 };
    e.n++;
    if (r.sentiment === "positive") e.pos++;
    if (r.sentiment === "negative") e.neg++;
    by.set(m, e);
  }
  return {
    positive: categories.map((m) => (by.get(m) ? by.get(m)!.pos / by.get(m)!.n : null)),
    negative: categories.map((m) => (by.get(m) ? by.get(m)!.neg / by.get(m)!.n : null)),
    counts: categories.map((m) => by.get(m)?.n ?? 0),
  };
}

/** A sentence of the review around the aspect's evidence, as a quote. */
function quote(r: InsightReview, evidence: string[]): string {
  const sentences = `${r.title}. ${r.body}`.split(/(?<=[.!?])\s+/);
  const hit = sentences.find((s) => evidence.some((w) => s.toLowerCase().includes(w))) ?? sentences[0];
  return hit.length > 160 ? `${hit.slice(0, 157)}…` : hit;
}

export function insightsOf(reviews: InsightReview[], productShopifyId: string | null, now = new Date()) {
  const categories = months(now);
  const aspects = new Map<string, { positive: number; negative: number; quotes: { positive: string[]; negative: string[] } }>();
  for (const r of reviews) {
    let mentions: AspectMention[] = [];
    try {
      mentions = JSON.parse(r.aspects) as AspectMention[];
    } catch {
      mentions = [];
    }
    for (const a of mentions) {
      if (a.polarity === "neutral") continue;
      const e = aspects.get(a.aspect) ?? { positive: 0, negative: 0, quotes: { positive: [], negative: [] } };
      e[a.polarity]++;
      if (e.quotes[a.polarity].length < 2) e.quotes[a.polarity].push(quote(r, a.evidence));
      aspects.set(a.aspect, e);
    }
  }
  const ranked = (side: "positive" | "negative") =>
    [...aspects.entries()]
      .filter(([, e]) => e[side] > 0)
      .sort((a, b) => b[1][side] - a[1][side])
      .slice(0, 5)
      .map(([aspect, e]) => ({ aspect, count: e[side], quotes: e.quotes[side] }));
  return {
    categories,
    shop: monthlyShares(reviews, categories),
    product: productShopifyId
      ? monthlyShares(
          reviews.filter((r) => r.productShopifyId === productShopifyId),
          categories,
        )
      : null,
    topPositive: ranked("positive"),
    topNegative: ranked("negative"),
    total: reviews.length,
  };
}
