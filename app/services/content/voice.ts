import type { ShopSettings } from "../settings.server";
import { DEFAULT_BRAND_VOICE, type BrandVoice } from "./core/types";

export function brandVoiceOf(settings: ShopSettings): BrandVoice {
  const c = settings.content;
  const min = Math.min(c.minWords, c.maxWords);
  const max = Math.max(c.minWords, c.maxWords);
  return {
    tone: c.brandVoice || DEFAULT_BRAND_VOICE.tone,
    audience: c.audience,
    language: c.language,
    avoidWords: c.avoidWords,
    descriptionWords: { min, max },
    exampleCopy: c.exampleCopy,
    rules: c.rules,
  };
}
