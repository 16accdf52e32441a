import { z } from "zod";
import { resetAttribution } from "../models/attributions.server";
import { getShop, updateShopSettings } from "../models/shops.server";
import { scheduleTraining } from "../queues/recommendations.server";
import { logger } from "../lib/logger.server";
import { forgetSentimentDemotion } from "./reviews/demotion.server";

/** Rules that approve drafts without staff: never, image alt text only, unflagged drafts of new products, any unflagged draft. */
export const AUTO_APPROVE_RULES = ["never", "alt_text_only", "unflagged_new_products", "unflagged"] as const;

const keptStrategySchema = z.enum(["auto", "bought_together", "similar", "personal", "trending"]);
export type KeptStrategy = z.infer<typeof keptStrategySchema>;
export type PageType = "product" | "cart" | "home";

/**
 * Settings saved before strategies were kept per page type held one
 * shop-wide `keptStrategy`, which every page type showed: each page type
 * starts from it.
 */
function upgradeKeptStrategy(raw: unknown): unknown {
  if (!raw || typeof raw !== "object") return raw;
  const recommendations = (raw as { recommendations?: unknown }).recommendations;
  if (!recommendations || typeof recommendations !== "object") return raw;
  const { keptStrategy, ...rest } = recommendations as Record<string, unknown>;
  if (keptStrategy === undefined) return raw;
  const old = keptStrategySchema.safeParse(keptStrategy);
  const keptStrategies = rest.keptStrategies ?? (old.success ? { product: old.data, cart: old.data, home: old.data } : undefined);
  return { ...raw, recommendations: { ...rest, keptStrategies } };
}

// A shop's settings, stored as JSON on Shop.settings. Every field has a
// default, so a shop that never opened the page gets sensible behaviour and
// a setting added later needs no migration.
export const settingsSchema = z.object({
  recommendations: z
    .object({
      enabled: z.boolean().default(true),
      retrainEveryMinutes: z.number().int().min(1).max(1440).default(4),
      excludePurchased: z.boolean().default(false),
      maxPerVendor: z.number().int().min(1).max(12).default(2),
      // Colour, size and pack-count variants of one item (a product family) per block.
      maxPerFamily: z.number().int().min(1).max(12).default(1),
      minSimilarity: z.number().min(0).max(1).default(0.05),
      // Variety in a block (0-1); null: "Automatic", the value training chose on the shop's own sales.
      diversity: z.number().min(0).max(1).nullable().default(null),
      // An order line counts as earned by a recommendation when the shopper
      // clicked or added that product from a block at most this long before ordering.
      attributionWindowDays: z.number().int().min(1).max(90).default(7),
      // What blocks set to "Automatic" show on each page type when no A/B
      // test runs there: "auto" (the best strategy for the page), or the
      // winner an A/B test on that page type kept.
      keptStrategies: z
        .object({ product: keptStrategySchema.default("auto"), cart: keptStrategySchema.default("auto"), home: keptStrategySchema.default("auto") })
        .default({}),
    })
    .default({}),
  content: z
    .object({
      // The tone, in the merchant's words ("warm, witty, British spelling").
      brandVoice: z.string().max(500).default(""),
      autoApprove: z.enum(AUTO_APPROVE_RULES).default("never"),
      audience: z.string().max(300).default(""),
      language: z.string().min(2).max(40).default("English"),
      avoidWords: z.array(z.string().min(1).max(60)).max(100).default([]),
      minWords: z.number().int().min(150).max(250).default(150),
      maxWords: z.number().int().min(150).max(250).default(250),
      exampleCopy: z.string().max(2000).default(""),
      rules: z.string().max(1000).default(""),
      /** A product created in Shopify gets drafts. */
      draftNewProducts: z.boolean().default(false),
      /** Days between scheduled SEO refreshes; 0: off (opt-in). */
      seoRefreshDays: z.number().int().min(0).max(365).default(0),
      suggestHandle: z.boolean().default(false),
      /** Claude models per task: fast for bulk, stronger on request. */
      bulkModel: z.string().min(1).max(100).default("claude-haiku-4-5"),
      reviewModel: z.string().min(1).max(100).default("claude-sonnet-4-5"),
      /** Model calls at once for this shop. */
      concurrency: z.number().int().min(1).max(20).default(4),
      /** Bulk runs of more than a few products go through the Message Batches API (half price). */
      useBatches: z.boolean().default(true),
    })
    .default({}),
  reviews: z
    .object({
      autoPublish: z.boolean().default(false),
      minRating: z.number().int().min(1).max(5).default(4),
      requireNoFlags: z.boolean().default(true),
      requireVerifiedBuyer: z.boolean().default(false),
      flaggedWords: z.array(z.string().max(50)).max(200).default([]),
      // Recommendation blocks demote products whose recent reviews turn negative.
      demoteNegativeProducts: z.boolean().default(false),
    })
    .default({}),
  privacy: z
    .object({
      // Raw webhook payloads (orders carry names, emails, addresses) are kept
      // this long for inspection, then blanked; the delivery row stays for deduplication.
      webhookPayloadRetentionDays: z.number().int().min(1).max(365).default(30),
    })
    .default({}),
  // Saved by the Inventory page (app/services/forecast/settings.server.ts).
  replenishment: z
    .object({
      // Probability of covering demand until the next delivery (a quantile of the forecast).
      serviceLevel: z.number().min(0.5).max(0.999).default(0.95),
      reviewPeriodDays: z.number().int().min(1).max(90).default(7),
      deadStockDays: z.number().int().min(7).max(730).default(90),
      defaultLeadTimeDays: z.number().int().min(0).max(365).default(14),
      // Vendor (the supplier) -> lead time in days.
      vendorLeadTimes: z.record(z.string().max(255), z.number().int().min(0).max(365)).default({}),
    })
    .default({}),
});

export type ShopSettings = z.infer<typeof settingsSchema>;

export function readSettings(json: string | null | undefined): ShopSettings {
  let raw: unknown = {};
  try {
    raw = JSON.parse(json || "{}");
  } catch {
    raw = {};
  }
  const parsed = settingsSchema.safeParse(upgradeKeptStrategy(raw));
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

/** Settings as posted by the settings form (strings), validated. */
export const settingsFormSchema = z.object({
  recommendationsEnabled: z.enum(["true", "false"]).transform((v) => v === "true"),
  retrainEveryMinutes: z.coerce.number().int().min(1, "at least 1 minute").max(1440, "at most once a day"),
  excludePurchased: z.enum(["true", "false"]).transform((v) => v === "true"),
  maxPerVendor: z.coerce.number().int().min(1).max(12),
  maxPerFamily: z.coerce.number().int().min(1).max(12).default(1),
  minSimilarity: z.coerce.number().min(0).max(1),
  // "auto" (or a form from before the choice existed sending nothing): training chooses.
  diversity: z.preprocess((v) => (v === undefined || v === "" || v === "auto" ? null : v), z.coerce.number().min(0).max(1).nullable()),
  // Forms from before the setting existed do not send it.
  attributionWindowDays: z.preprocess(
    (v) => (v === undefined || v === "" ? 7 : v),
    z.coerce.number().int("whole days").min(1, "at least 1 day").max(90, "at most 90 days"),
  ),
  brandVoice: z.string().max(500, "500 characters at most"),
  autoApprove: z.enum(AUTO_APPROVE_RULES),
  webhookPayloadRetentionDays: z.coerce.number().int().min(1, "at least 1 day").max(365, "at most 365 days"),
});

/** "Stop and keep the winner": blocks set to "Automatic" on this page type show this strategy from now on; other page types are untouched. */
export async function keepStrategy(shopId: string, pageType: PageType, strategy: KeptStrategy) {
  const shop = await getShop(shopId);
  const settings = readSettings(shop.settings);
  settings.recommendations.keptStrategies[pageType] = strategy;
  await updateShopSettings(shopId, JSON.stringify(settings));
}

export async function saveSettingsForm(shopId: string, form: Record<string, unknown>, previous?: ShopSettings) {
  const parsed = settingsFormSchema.safeParse(form);
  if (!parsed.success) {
    return { ok: false as const, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
  }
  const f = parsed.data;
  // The reviews section has its own form (Reviews > Settings): kept as it is.
  const current = readSettings((await getShop(shopId)).settings);
  const settings: ShopSettings = {
    recommendations: {
      enabled: f.recommendationsEnabled,
      retrainEveryMinutes: f.retrainEveryMinutes,
      excludePurchased: f.excludePurchased,
      maxPerVendor: f.maxPerVendor,
      maxPerFamily: f.maxPerFamily,
      minSimilarity: f.minSimilarity,
      diversity: f.diversity,
      attributionWindowDays: f.attributionWindowDays,
      // Kept by A/B tests, not by this form.
      keptStrategies: current.recommendations.keptStrategies,
    },
    content: { ...current.content, brandVoice: f.brandVoice, autoApprove: f.autoApprove },
    reviews: current.reviews,
    privacy: { webhookPayloadRetentionDays: f.webhookPayloadRetentionDays },
    // Saved from the Inventory page, kept as it is.
    replenishment: current.replenishment,
  };
  await updateShopSettings(shopId, JSON.stringify(settings));
  // A new window changes which lines recommendations earned: count them again.
  if (previous && previous.recommendations.attributionWindowDays !== f.attributionWindowDays) await resetAttribution(shopId);
  try {
    await scheduleTraining(shopId, settings.recommendations.retrainEveryMinutes);
  } catch (err) {
    // Saved; the worker reschedules from the stored settings after its next sync.
    logger.warn({ err, shopId }, "could not update the training schedule");
  }
  return { ok: true as const, settings };
}

/** The reviews section as posted by the reviews settings form. */
const reviewSettingsFormSchema = z.object({
  autoPublish: z.enum(["true", "false"]).transform((v) => v === "true"),
  minRating: z.coerce.number().int().min(1, "1 to 5 stars").max(5, "1 to 5 stars"),
  requireNoFlags: z.enum(["true", "false"]).transform((v) => v === "true"),
  requireVerifiedBuyer: z.enum(["true", "false"]).transform((v) => v === "true"),
  flaggedWords: z
    .string()
    .max(5000, "5000 characters at most")
    .transform((v) =>
      v
        .split(/[,\n]/)
        .map((w) => w.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(50, "a flagged word is 50 characters at most")).max(200, "200 words at most")),
  demoteNegativeProducts: z.enum(["true", "false"]).transform((v) => v === "true"),
});

export async function saveReviewSettingsForm(shopId: string, form: Record<string, unknown>) {
  const parsed = reviewSettingsFormSchema.safeParse(form);
  if (!parsed.success) {
    return { ok: false as const, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
  }
  const current = readSettings((await getShop(shopId)).settings);
  const settings: ShopSettings = { ...current, reviews: parsed.data };
  await updateShopSettings(shopId, JSON.stringify(settings));
  forgetSentimentDemotion(shopId);
  return { ok: true as const, settings };
}
