import { createHmac } from "node:crypto";
import { z } from "zod";
import { env } from "../../lib/env.server";
import { RequestError } from "../../lib/errors.server";
import { logger } from "../../lib/logger.server";
import { RateLimiter } from "../../lib/rate-limit.server";
import { countReviewsOfVisitorSince, customerBoughtProduct, findReviewByHash, findShopProduct, insertReview } from "../../models/reviews.server";
import { getShop } from "../../models/shops.server";
import { enqueueReviewAnalysis } from "../../queues/reviews.server";
import { readSettings } from "../settings.server";
import { initialStatus, reviewFlags } from "./moderation";
import { cleanText, reviewContentHash } from "./text";

export const MAX_REVIEW_BODY_BYTES = 32 * 1024;
export const MAX_REVIEW_CHARS = 5000;

const numericId = z.string().regex(/^\d{1,20}$/, "must be a numeric Shopify id");

/** The storefront form, as JSON or form-encoded fields (every value a string or a number). */
export const reviewFormSchema = z.object({
  product_id: numericId,
  rating: z
    .union([z.string(), z.number()])
    .pipe(
      z.coerce
        .number({ invalid_type_error: "must be a whole number of stars from 1 to 5" })
        .int("must be a whole number of stars from 1 to 5")
        .min(1, "must be a whole number of stars from 1 to 5")
        .max(5, "must be a whole number of stars from 1 to 5"),
    ),
  title: z.string().max(150, "150 characters at most").default(""),
  body: z.string().max(MAX_REVIEW_CHARS, `${MAX_REVIEW_CHARS} characters at most`),
  name: z.string().max(80, "80 characters at most"),
  photo_url: z
    .string()
    .max(500, "500 characters at most")
    .refine((v) => v === "" || /^https:\/\/[^\s<>"']+$/i.test(v), "must be an https:// address")
    .default(""),
  // Hidden from people by the form; bots fill it in.
  website: z.string().max(500).default(""),
  vid: z.string().max(64).default(""),
});

// Per visitor: 3 reviews in a burst, then one every 2 minutes; the database check below holds across processes.
const perVisitor = new RateLimiter(3, 1 / 120);
const perShop = new RateLimiter(200, 2);
const MAX_REVIEWS_PER_VISITOR_PER_DAY = 10;

export interface SubmittedReview {
  id: string | null;
  status: "pending" | "published" | "hidden" | "duplicate";
  verifiedBuyer: boolean;
}

/** Keyed hash of who is posting (customer, or IP + user agent + visitor id): never stored in clear. */
function visitorHash(request: Request, customerId: string | null, vid: string) {
  const ip = (request.headers.get("x-forwarded-for") ?? "").split(",")[0].trim();
  const who = customerId ? `customer:${customerId}` : `anon:${ip}|${request.headers.get("user-agent") ?? ""}|${vid}`;
  return createHmac("sha256", env().SHOPIFY_API_SECRET).update(who).digest("hex").slice(0, 32);
}

async function parseBody(request: Request): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_REVIEW_BODY_BYTES) throw new RequestError(413, `a review is limited to ${MAX_REVIEW_BODY_BYTES} bytes`);
  const raw = await request.text();
  if (Buffer.byteLength(raw) > MAX_REVIEW_BODY_BYTES) throw new RequestError(413, `a review is limited to ${MAX_REVIEW_BODY_BYTES} bytes`);
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    try {
      const json: unknown = JSON.parse(raw);
      if (!json || typeof json !== "object" || Array.isArray(json)) throw new Error("not an object");
      return json as Record<string, unknown>;
    } catch {
      throw new RequestError(400, "body is not a JSON object");
    }
  }
  if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  throw new RequestError(415, "send the review as JSON or as a form");
}

/**
 * A review from the storefront form. The shop and the logged-in customer come
 * from Shopify's signed proxy parameters, never from the body. Text is kept
 * as typed (HTML included, as text). The same review sent twice is stored
 * once; a visitor who floods gets 429.
 */
export async function submitReview(request: Request, shop: { id: string }, customerId: string | null): Promise<SubmittedReview> {
  const parsed = reviewFormSchema.safeParse(await parseBody(request));
  if (!parsed.success) throw new RequestError(400, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const form = parsed.data;
  const review = {
    rating: form.rating,
    title: cleanText(form.title),
    body: cleanText(form.body),
    authorName: cleanText(form.name),
    photoUrl: form.photo_url || null,
  };
  if (!review.body) throw new RequestError(400, "body: write a few words about the product");
  if (!review.authorName) throw new RequestError(400, "name: say how to sign the review");

  const product = await findShopProduct(shop.id, form.product_id);
  if (!product || product.deletedAt) throw new RequestError(404, "this shop has no such product");

  const hash = visitorHash(request, customerId, form.vid);
  const contentHash = reviewContentHash(form.product_id, review.authorName, review.title, review.body);
  const existing = await findReviewByHash(shop.id, contentHash);
  if (existing) return { id: existing.id, status: "duplicate", verifiedBuyer: false };

  if (!perVisitor.take(`${shop.id}:${hash}`) || !perShop.take(shop.id)) throw new RequestError(429, "too many reviews; try again later");
  if ((await countReviewsOfVisitorSince(shop.id, hash, new Date(Date.now() - 24 * 3600 * 1000))) >= MAX_REVIEWS_PER_VISITOR_PER_DAY) {
    throw new RequestError(429, "too many reviews today; try again tomorrow");
  }

  const verifiedBuyer = customerId ? await customerBoughtProduct(shop.id, customerId, form.product_id) : false;
  const rules = readSettings((await getShop(shop.id)).settings).reviews;
  const checked = { ...review, verifiedBuyer };
  const flags = reviewFlags(checked, rules.flaggedWords, form.website.trim() !== "");
  const status = initialStatus(checked, flags, rules);
  const stored = await insertReview(shop.id, {
    ...checked,
    productShopifyId: form.product_id,
    source: "storefront",
    authorEmail: null,
    customerShopifyId: customerId,
    status,
    flags,
    visitorHash: hash,
    contentHash,
  });
  if (stored === "duplicate") return { id: null, status: "duplicate", verifiedBuyer };
  try {
    await enqueueReviewAnalysis(shop.id, stored.id);
  } catch (err) {
    // Stored: the worker's periodic sweep classifies what it finds unanalysed.
    logger.warn({ err, shopId: shop.id }, "could not enqueue review analysis");
  }
  return { id: stored.id, status, verifiedBuyer };
}
