import prisma from "../db.server";

export type ReviewStatus = "pending" | "published" | "hidden";
export type Sentiment = "positive" | "neutral" | "negative";

export interface NewReview {
  productShopifyId: string;
  source: string;
  rating: number;
  title: string;
  body: string;
  authorName: string;
  authorEmail: string | null;
  customerShopifyId: string | null;
  photoUrl: string | null;
  verifiedBuyer: boolean;
  status: ReviewStatus;
  flags: string[];
  visitorHash: string | null;
  contentHash: string;
  createdAt?: Date;
  reply?: string | null;
}

const isDuplicate = (error: unknown) => (error as { code?: string }).code === "P2002";

/** Stores a review; "duplicate" when the same review (content hash) is already held. */
export async function insertReview(shopId: string, review: NewReview): Promise<{ id: string } | "duplicate"> {
  try {
    return await prisma.review.create({
      data: {
        shopId,
        ...review,
        flags: JSON.stringify(review.flags),
        publishedAt: review.status === "published" ? new Date() : null,
        repliedAt: review.reply ? new Date() : null,
      },
      select: { id: true },
    });
  } catch (error) {
    if (isDuplicate(error)) return "duplicate";
    throw error;
  }
}

export function findReviewByHash(shopId: string, contentHash: string) {
  return prisma.review.findUnique({ where: { shopId_contentHash: { shopId, contentHash } }, select: { id: true, status: true } });
}

/** Reviews a visitor posted since a time (flood check). */
export function countReviewsOfVisitorSince(shopId: string, visitorHash: string, since: Date) {
  return prisma.review.count({ where: { shopId, visitorHash, createdAt: { gte: since } } });
}

/** True when the customer has an order, in this shop, with a line of the product. */
export async function customerBoughtProduct(shopId: string, customerShopifyId: string, productShopifyId: string) {
  const line = await prisma.orderLine.findFirst({
    where: { shopId, productShopifyId, order: { customer: { shopifyId: customerShopifyId }, cancelledAt: null } },
    select: { id: true },
  });
  return line !== null;
}

/** The product as this shop holds it (not deleted); null for a product of another shop or none. */
export function findShopProduct(shopId: string, productShopifyId: string) {
  return prisma.product.findUnique({
    where: { shopId_shopifyId: { shopId, shopifyId: productShopifyId } },
    select: { shopifyId: true, title: true, handle: true, deletedAt: true },
  });
}

const reviewRow = {
  id: true,
  productShopifyId: true,
  source: true,
  rating: true,
  title: true,
  body: true,
  authorName: true,
  photoUrl: true,
  verifiedBuyer: true,
  status: true,
  flags: true,
  reply: true,
  repliedAt: true,
  sentiment: true,
  sentimentConfidence: true,
  aspects: true,
  sentimentBackend: true,
  createdAt: true,
  publishedAt: true,
} as const;

/** The moderation queue: one status, newest first. */
export function listReviews(shopId: string, filter: { status?: ReviewStatus; productShopifyId?: string }, take = 50, skip = 0) {
  return prisma.review.findMany({
    where: { shopId, ...(filter.status ? { status: filter.status } : {}), ...(filter.productShopifyId ? { productShopifyId: filter.productShopifyId } : {}) },
    orderBy: { createdAt: "desc" },
    take,
    skip,
    select: reviewRow,
  });
}

export async function countReviewsByStatus(shopId: string): Promise<Record<ReviewStatus, number>> {
  const groups = await prisma.review.groupBy({ by: ["status"], where: { shopId }, _count: { _all: true } });
  const counts: Record<ReviewStatus, number> = { pending: 0, published: 0, hidden: 0 };
  for (const g of groups) if (g.status in counts) counts[g.status as ReviewStatus] = g._count._all;
  return counts;
}

/** Publishes or hides reviews of this shop; returns how many changed. */
export async function setReviewStatus(shopId: string, ids: string[], status: ReviewStatus) {
  const { count } = await prisma.review.updateMany({
    where: { shopId, id: { in: ids } },
    data: { status, publishedAt: status === "published" ? new Date() : null },
  });
  return count;
}

export async function setReviewReply(shopId: string, id: string, reply: string | null) {
  const { count } = await prisma.review.updateMany({ where: { shopId, id }, data: { reply, repliedAt: reply ? new Date() : null } });
  return count;
}

/** A product's published reviews for the storefront, newest first. */
export function publishedReviewsOf(shopId: string, productShopifyId: string, take = 500) {
  return prisma.review.findMany({
    where: { shopId, productShopifyId, status: "published" },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      rating: true,
      title: true,
      body: true,
      authorName: true,
      photoUrl: true,
      verifiedBuyer: true,
      reply: true,
      sentiment: true,
      sentimentConfidence: true,
      aspects: true,
      createdAt: true,
    },
  });
}

/** Reviews the worker has still to classify (or all, to re-classify), a page after `afterId` in id order. */
export function reviewsToAnalyse(shopId: string, options: { all?: boolean; afterId?: string } = {}, take = 500) {
  return prisma.review.findMany({
    where: { shopId, ...(options.all ? {} : { analysedAt: null }), ...(options.afterId ? { id: { gt: options.afterId } } : {}) },
    orderBy: { id: "asc" },
    take,
    select: { id: true, productShopifyId: true, title: true, body: true, rating: true },
  });
}

export interface ReviewSentimentUpdate {
  id: string;
  sentiment: Sentiment;
  confidence: number;
  score: number;
  aspects: unknown[];
  backend: string;
}

export async function saveReviewSentiments(shopId: string, updates: ReviewSentimentUpdate[]) {
  const now = new Date();
  await prisma.$transaction(
    updates.map((u) =>
      prisma.review.updateMany({
        where: { shopId, id: u.id },
        data: {
          sentiment: u.sentiment,
          sentimentConfidence: u.confidence,
          sentimentScore: u.score,
          aspects: JSON.stringify(u.aspects),
          sentimentBackend: u.backend,
          analysedAt: now,
        },
      }),
    ),
  );
}

/** Every rated review of the shop with its text: training data for the shop's own sentiment model. */
export function ratedReviewTexts(shopId: string, take = 50_000) {
  return prisma.review.findMany({
    where: { shopId, redactedAt: null },
    orderBy: { createdAt: "desc" },
    take,
    select: { title: true, body: true, rating: true },
  });
}

/** Analysed reviews since a time, for insights and the recommendation demotion. */
export function analysedReviewsSince(shopId: string, since: Date, productShopifyIds?: string[]) {
  return prisma.review.findMany({
    where: {
      shopId,
      createdAt: { gte: since },
      sentiment: { not: null },
      status: { not: "hidden" },
      ...(productShopifyIds ? { productShopifyId: { in: productShopifyIds } } : {}),
    },
    orderBy: { createdAt: "asc" },
    select: { productShopifyId: true, rating: true, sentiment: true, sentimentScore: true, aspects: true, body: true, title: true, createdAt: true },
  });
}

/** Published rating and count of a product (for the reviews.rating metafields and JSON-LD). */
export async function productRating(shopId: string, productShopifyId: string) {
  const agg = await prisma.review.aggregate({ where: { shopId, productShopifyId, status: "published" }, _avg: { rating: true }, _count: { _all: true } });
  return { average: agg._avg.rating ?? 0, count: agg._count._all };
}

/**
 * customers/redact: a customer's reviews keep their stars and words but no
 * longer point at anyone: name, email, customer id, photo and visitor hash go,
 * and the customer's email or phone, where the text quotes them, is blanked.
 */
export async function anonymiseReviewsOfCustomer(shopId: string, customerShopifyId: string | null, email: string | null, phone: string | null) {
  const who = [...(customerShopifyId ? [{ customerShopifyId }] : []), ...(email ? [{ authorEmail: email.toLowerCase() }] : [])];
  if (!who.length) return 0;
  const rows = await prisma.review.findMany({ where: { shopId, OR: who }, select: { id: true, title: true, body: true, authorName: true } });
  const needles = [email, phone].filter((n): n is string => !!n && n.length >= 5);
  for (const r of rows) {
    // The signature's words too ("Thanks, Perpetua"), as whole words.
    const nameWords = r.authorName.split(/\s+/).filter((w) => w.length >= 3);
    const scrub = (text: string) =>
      nameWords.reduce(
        (t, w) => t.replace(new RegExp(`(?<![\\p{L}])${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}])`, "giu"), "[redacted]"),
        needles.reduce((t, n) => t.split(n).join("[redacted]"), text),
      );
    await prisma.review.updateMany({
      where: { shopId, id: r.id },
      data: {
        customerShopifyId: null,
        authorEmail: null,
        authorName: "",
        visitorHash: null,
        photoUrl: null,
        title: scrub(r.title),
        body: scrub(r.body),
        redactedAt: new Date(),
      },
    });
  }
  return rows.length;
}

/** A customer's reviews, for customers/data_request exports. */
export function reviewsOfCustomer(shopId: string, customerShopifyId: string, email: string | null) {
  return prisma.review.findMany({
    where: { shopId, OR: [{ customerShopifyId }, ...(email ? [{ authorEmail: email.toLowerCase() }] : [])] },
    orderBy: { createdAt: "asc" },
    select: { productShopifyId: true, rating: true, title: true, body: true, authorName: true, photoUrl: true, status: true, createdAt: true },
  });
}

export function getReviewSummary(shopId: string, productShopifyId: string) {
  return prisma.reviewSummary.findUnique({
    where: { shopId_productShopifyId: { shopId, productShopifyId } },
    select: { summary: true, backend: true, reviewCount: true },
  });
}

export function saveReviewSummary(shopId: string, productShopifyId: string, summary: string, backend: string, reviewCount: number) {
  return prisma.reviewSummary.upsert({
    where: { shopId_productShopifyId: { shopId, productShopifyId } },
    create: { shopId, productShopifyId, summary, backend, reviewCount },
    update: { summary, backend, reviewCount },
    select: { id: true },
  });
}

/** This shop's live products among the given ids and handles (imports name products either way). */
export function productsByIdOrHandle(shopId: string, ids: string[], handles: string[]) {
  return prisma.product.findMany({
    where: { shopId, deletedAt: null, OR: [{ shopifyId: { in: ids } }, { handle: { in: handles } }] },
    select: { shopifyId: true, handle: true },
  });
}

/** The products the given reviews are about. */
export async function productsOfReviews(shopId: string, ids: string[]) {
  const rows = await prisma.review.findMany({ where: { shopId, id: { in: ids } }, select: { productShopifyId: true }, distinct: ["productShopifyId"] });
  return rows.map((r) => r.productShopifyId);
}
