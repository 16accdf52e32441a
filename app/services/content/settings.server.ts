import { z } from "zod";
import { getShop, updateShopSettings } from "../../models/shops.server";
import { scheduleSeoRefresh } from "../../queues/content.server";
import { logger } from "../../lib/logger.server";
import { AUTO_APPROVE_RULES, readSettings } from "../settings.server";

const checkbox = z
  .enum(["true", "false", "on"])
  .optional()
  .transform((v) => v === "true" || v === "on");

/** The brand voice and automation form (strings), validated field by field. */
const contentFormSchema = z
  .object({
    brandVoice: z.string().max(500, "500 characters at most"),
    audience: z.string().max(300, "300 characters at most"),
    language: z.string().trim().min(2, "Name a language").max(40),
    avoidWords: z
      .string()
      .max(3000)
      .transform((s) =>
        s
          .split(/[,\n]/)
          .map((w) => w.trim())
          .filter(Boolean),
      )
      .refine((words) => words.length <= 100 && words.every((w) => w.length <= 60), "At most 100 words or phrases, each under 60 characters"),
    minWords: z.coerce.number().int().min(150, "at least 150 words").max(250, "at most 250 words"),
    maxWords: z.coerce.number().int().min(150, "at least 150 words").max(250, "at most 250 words"),
    exampleCopy: z.string().max(2000, "2,000 characters at most"),
    rules: z.string().max(1000, "1,000 characters at most"),
    autoApprove: z.enum(AUTO_APPROVE_RULES),
    draftNewProducts: checkbox,
    seoRefreshDays: z.coerce.number().int().min(0, "0 turns it off").max(365, "at most once a year"),
    suggestHandle: checkbox,
    bulkModel: z.string().trim().min(1, "Name a model").max(100),
    reviewModel: z.string().trim().min(1, "Name a model").max(100),
    concurrency: z.coerce.number().int().min(1, "at least 1").max(20, "at most 20"),
    useBatches: checkbox,
  })
  .refine((f) => f.minWords <= f.maxWords, { path: ["maxWords"], message: "must be at least the minimum" });

export async function saveContentSettings(shopId: string, form: Record<string, unknown>) {
  const parsed = contentFormSchema.safeParse(form);
  if (!parsed.success) {
    return { ok: false as const, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
  }
  const current = readSettings((await getShop(shopId)).settings);
  const settings = { ...current, content: { ...current.content, ...parsed.data } };
  await updateShopSettings(shopId, JSON.stringify(settings));
  try {
    await scheduleSeoRefresh(shopId, parsed.data.seoRefreshDays);
  } catch (err) {
    logger.warn({ err, shopId }, "could not update the SEO refresh schedule");
  }
  return { ok: true as const, settings: settings.content };
}
