import { z } from "zod";
import { updateShopSettings } from "../models/shops.server";
import { scheduleTraining } from "../queues/recommendations.server";
import { logger } from "../lib/logger.server";

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
      diversity: z.number().min(0).max(1).default(0.3),
    })
    .default({}),
  content: z
    .object({
      brandVoice: z.string().max(500).default(""),
      autoApprove: z.enum(["never", "alt_text_only"]).default("never"),
    })
    .default({}),
  privacy: z
    .object({
      // Raw webhook payloads (orders carry names, emails, addresses) are kept
      // this long for inspection, then blanked; the delivery row stays for deduplication.
      webhookPayloadRetentionDays: z.number().int().min(1).max(365).default(30),
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
  const parsed = settingsSchema.safeParse(raw);
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
  diversity: z.coerce.number().min(0).max(1),
  brandVoice: z.string().max(500, "500 characters at most"),
  autoApprove: z.enum(["never", "alt_text_only"]),
  webhookPayloadRetentionDays: z.coerce.number().int().min(1, "at least 1 day").max(365, "at most 365 days"),
});

export async function saveSettingsForm(shopId: string, form: Record<string, unknown>) {
  const parsed = settingsFormSchema.safeParse(form);
  if (!parsed.success) {
    return { ok: false as const, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
  }
  const f = parsed.data;
  const settings: ShopSettings = {
    recommendations: {
      enabled: f.recommendationsEnabled,
      retrainEveryMinutes: f.retrainEveryMinutes,
      excludePurchased: f.excludePurchased,
      maxPerVendor: f.maxPerVendor,
      maxPerFamily: f.maxPerFamily,
      minSimilarity: f.minSimilarity,
      diversity: f.diversity,
    },
    content: { brandVoice: f.brandVoice, autoApprove: f.autoApprove },
    privacy: { webhookPayloadRetentionDays: f.webhookPayloadRetentionDays },
  };
  await updateShopSettings(shopId, JSON.stringify(settings));
  try {
    await scheduleTraining(shopId, settings.recommendations.retrainEveryMinutes);
  } catch (err) {
    // Saved; the worker reschedules from the stored settings after its next sync.
    logger.warn({ err, shopId }, "could not update the training schedule");
  }
  return { ok: true as const, settings };
}
