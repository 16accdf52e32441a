// Pure: an offline summary of what buyers say about a product, from the
// aspects the classifier found ("Buyers like the look and the comfort; several mention the fit as a problem.").

import type { AspectMention } from "./sentiment/aspects";

export interface SummarisableReview {
  sentiment: string | null;
  aspects: string;
}

const NAMES: Record<string, string> = {
  quality: "the quality",
  fit: "the fit",
  comfort: "the comfort",
  look: "the look",
  value: "the value for money",
  shipping: "the delivery",
  service: "the service",
  durability: "how it lasts",
  performance: "how it works",
  taste: "the taste",
};

const list = (items: string[]) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);

export function offlineSummary(reviews: SummarisableReview[]): string | null {
  if (!reviews.length) return null;
  const positive = new Map<string, number>();
  const negative = new Map<string, number>();
  let pos = 0;
  let neg = 0;
  for (const r of reviews) {
    if (r.sentiment === "positive") pos++;
    if (r.sentiment === "negative") neg++;
    let aspects: AspectMention[] = [];
    try {
      aspects = JSON.parse(r.aspects) as AspectMention[];
    } catch {
      aspects = [];
    }
    for (const a of aspects) {
      if (a.polarity === "positive") positive.set(a.aspect, (positive.get(a.aspect) ?? 0) + 1);
      if (a.polarity === "negative") negative.set(a.aspect, (negative.get(a.aspect) ?? 0) + 1);
    }
  }
  const min = Math.max(2, Math.ceil(reviews.length * 0.1));
  const top = (m: Map<string, number>) =>
    [...m.entries()]
      .filter(([, n]) => n >= min)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([a]) => NAMES[a] ?? a);
  const likes = top(positive);
  const dislikes = top(negative);
  const n = reviews.length;
  const mood = pos / n >= 0.7 ? "Most buyers are happy" : neg / n >= 0.4 ? "Many buyers are disappointed" : "Buyers are mixed";
  const parts = [`${mood} (${n} review${n === 1 ? "" : "s"})`];
  if (likes.length) parts.push(`they like ${list(likes)}`);
  if (dislikes.length) parts.push(`several mention ${list(dislikes)} as a problem`);
  return `${parts.join("; ")}.`;
}
