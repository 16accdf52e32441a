import { errorMessage } from "../../lib/errors.server";
import { logger } from "../../lib/logger.server";
import { createReviewImport, finishReviewImport } from "../../models/review-imports.server";
import { insertReview, productsByIdOrHandle } from "../../models/reviews.server";
import { enqueueSentimentTraining } from "../../queues/reviews.server";
import { readReviewCsv, ReviewCsvError, type ReviewCsvFormat, type SkippedLine } from "./import/review-csv";
import { reviewContentHash } from "./text";

export const MAX_REVIEW_CSV_BYTES = 20 * 1024 * 1024;
/** Skipped lines kept in the report (the count stays exact). */
const REPORTED_SKIPS = 200;

export interface ReviewImportReport {
  importId: string | null;
  format: ReviewCsvFormat | null;
  status: "succeeded" | "failed";
  importedLines: number;
  duplicateLines: number;
  skippedLines: number;
  skipped: SkippedLine[];
  error: string | null;
}

/**
 * Imports a review app's CSV export. Each line is a review of a product this
 * shop has (by id or handle); lines that cannot be one are skipped with the
 * reason. A review already held (same product, author and words) is counted
 * as a duplicate, so importing a file twice changes nothing.
 */
export async function importReviewCsv(shopId: string, fileName: string, bytes: Uint8Array, format?: ReviewCsvFormat): Promise<ReviewImportReport> {
  const failed = (error: string): ReviewImportReport => ({
    importId: null,
    format: format ?? null,
    status: "failed",
    importedLines: 0,
    duplicateLines: 0,
    skippedLines: 0,
    skipped: [],
    error,
  });
  if (bytes.byteLength > MAX_REVIEW_CSV_BYTES) return failed(`The file is larger than ${MAX_REVIEW_CSV_BYTES / 1024 / 1024} MB; split it into several files.`);
  if (bytes.length >= 2 && bytes[0] === 0x50 && bytes[1] === 0x4b) return failed("This is a ZIP or Excel (.xlsx) file; export the reviews as CSV first.");
  let parsed: ReturnType<typeof readReviewCsv>;
  try {
    parsed = readReviewCsv(new TextDecoder("utf-8").decode(bytes), format);
  } catch (error) {
    if (error instanceof ReviewCsvError) return failed(error.message);
    throw error;
  }
  const record = await createReviewImport(shopId, fileName, parsed.format);
  const skipped = [...parsed.skipped];
  let imported = 0;
  let duplicates = 0;
  try {
    const products = await productsByIdOrHandle(
      shopId,
      [...new Set(parsed.reviews.flatMap((r) => (r.productId ? [r.productId] : [])))],
      [...new Set(parsed.reviews.flatMap((r) => (r.productHandle ? [r.productHandle] : [])))],
    );
    const ids = new Set(products.map((p) => p.shopifyId));
    const byHandle = new Map(products.map((p) => [p.handle.toLowerCase(), p.shopifyId]));
    for (const r of parsed.reviews) {
      const productShopifyId = r.productId && ids.has(r.productId) ? r.productId : r.productHandle ? byHandle.get(r.productHandle) : undefined;
      if (!productShopifyId) {
        skipped.push({ line: r.line, reason: `no product ${r.productId ?? r.productHandle} in this shop` });
        continue;
      }
      const stored = await insertReview(shopId, {
        productShopifyId,
        source: parsed.format,
        rating: r.rating,
        title: r.title,
        body: r.body,
        authorName: r.name,
        authorEmail: r.email,
        customerShopifyId: null,
        photoUrl: r.photoUrl,
        verifiedBuyer: false,
        status: r.published === true ? "published" : r.published === false ? "hidden" : "pending",
        flags: [],
        visitorHash: null,
        contentHash: reviewContentHash(productShopifyId, r.name, r.title, r.body),
        createdAt: r.date ?? undefined,
        reply: r.reply,
      });
      if (stored === "duplicate") duplicates++;
      else imported++;
    }
  } catch (error) {
    logger.error({ err: error, shopId, importId: record.id }, "review import failed");
    await finishReviewImport(shopId, record.id, {
      status: "failed",
      importedLines: imported,
      duplicateLines: duplicates,
      rejectedLines: skipped.length,
      rejections: skipped.slice(0, REPORTED_SKIPS),
      error: errorMessage(error),
    });
    return { ...failed(`The import stopped after ${imported} reviews: ${errorMessage(error)}. Import the file again to continue.`), importId: record.id };
  }
  skipped.sort((a, b) => a.line - b.line);
  await finishReviewImport(shopId, record.id, {
    status: "succeeded",
    importedLines: imported,
    duplicateLines: duplicates,
    rejectedLines: skipped.length,
    rejections: skipped.slice(0, REPORTED_SKIPS),
  });
  if (imported) {
    try {
      // New rated reviews: relearn the shop's sentiment model and classify them.
      await enqueueSentimentTraining(shopId);
    } catch (err) {
      logger.warn({ err, shopId }, "could not enqueue sentiment training after an import");
    }
  }
  return {
    importId: record.id,
    format: parsed.format,
    status: "succeeded",
    importedLines: imported,
    duplicateLines: duplicates,
    skippedLines: skipped.length,
    skipped: skipped.slice(0, REPORTED_SKIPS),
    error: null,
  };
}
