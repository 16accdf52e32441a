import { z } from "zod";
import { RequestError } from "../../lib/errors.server";
import { countReviewsByStatus, listReviews, productsOfReviews, setReviewReply, setReviewStatus, type ReviewStatus } from "../../models/reviews.server";
import { productSummaries } from "../../models/products.server";
import { cleanText } from "./text";

export const PAGE_SIZE = 25;

export interface ModerationReview {
  id: string;
  product: { id: string; title: string };
  rating: number;
  title: string;
  body: string;
  author: string;
  photoUrl: string | null;
  verifiedBuyer: boolean;
  status: ReviewStatus;
  source: string;
  flags: string[];
  reply: string | null;
  sentiment: string | null;
  confidence: number | null;
  aspects: { aspect: string; polarity: string; evidence: string[] }[];
  createdAt: string;
}

const parseJson = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/** One status's reviews, newest first, with the counts the tabs show. */
export async function moderationQueue(shopId: string, status: ReviewStatus, page: number) {
  const [counts, rows] = await Promise.all([countReviewsByStatus(shopId), listReviews(shopId, { status }, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)]);
  const products = new Map(
    (
      await productSummaries(
        shopId,
        rows.map((r) => r.productShopifyId),
      )
    ).map((p) => [p.shopifyId, p.title]),
  );
  const reviews: ModerationReview[] = rows.slice(0, PAGE_SIZE).map((r) => ({
    id: r.id,
    product: { id: r.productShopifyId, title: products.get(r.productShopifyId) ?? `Product ${r.productShopifyId}` },
    rating: r.rating,
    title: r.title,
    body: r.body,
    author: r.authorName || "Anonymous",
    photoUrl: r.photoUrl,
    verifiedBuyer: r.verifiedBuyer,
    status: r.status as ReviewStatus,
    source: r.source,
    flags: parseJson<string[]>(r.flags, []),
    reply: r.reply,
    sentiment: r.sentiment,
    confidence: r.sentimentConfidence,
    aspects: parseJson(r.aspects, []),
    createdAt: r.createdAt.toISOString(),
  }));
  return { status, page, hasMore: rows.length > PAGE_SIZE, counts, reviews };
}

export const moderationActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish"), ids: z.string().min(1) }),
  z.object({ intent: z.literal("hide"), ids: z.string().min(1) }),
  z.object({ intent: z.literal("reply"), id: z.string().min(1), reply: z.string().max(2000, "2000 characters at most") }),
]);

/** Publish, hide or reply, from the moderation page's form. Ids of other shops' reviews change nothing. */
export async function moderate(shopId: string, form: Record<string, unknown>) {
  const parsed = moderationActionSchema.safeParse(form);
  if (!parsed.success) throw new RequestError(400, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const action = parsed.data;
  if (action.intent === "reply") {
    const reply = cleanText(action.reply);
    const changed = await setReviewReply(shopId, action.id, reply || null);
    if (!changed) throw new RequestError(404, "no such review");
    return { intent: action.intent, changed, products: [] as string[] };
  }
  const ids = action.ids.split(",").slice(0, 100);
  const changed = await setReviewStatus(shopId, ids, action.intent === "publish" ? "published" : "hidden");
  // Publishing and hiding change the products' published rating.
  return { intent: action.intent, changed, products: await productsOfReviews(shopId, ids) };
}
