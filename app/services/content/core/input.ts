// What the generator is given: the product's data made safe (markup out of
// plain fields, scripts out of the description, a huge description cut) and
// notices for the merchant about what was missing or odd.

import { htmlToText, sanitizeDescriptionHtml, wordCount } from "./html";
import type { Notice, ProductFacts } from "./types";

/** Beyond this, a description is cut for generation (the merchant's own copy is never changed by this). */
export const MAX_SOURCE_DESCRIPTION_WORDS = 1_500;
const MAX_SOURCE_DESCRIPTION_CHARS = 20_000;

const plain = (s: string) => htmlToText(s).slice(0, 500);

// Common function words of languages a shop might write in; a title made of
// another language's words gets a notice (the copy is written in the shop's language).
const LANGUAGE_WORDS: Record<string, string[]> = {
  English: ["the", "and", "with", "for", "of", "in"],
  French: ["le", "la", "les", "et", "avec", "pour", "de", "du", "des", "en"],
  German: ["der", "die", "das", "und", "mit", "für", "von", "aus"],
  Spanish: ["el", "la", "los", "las", "y", "con", "para", "de", "del"],
  Italian: ["il", "lo", "la", "gli", "le", "e", "con", "per", "di", "da"],
  Dutch: ["de", "het", "en", "met", "voor", "van"],
};

/** The language a short text is probably in, or null when it cannot tell. */
export function guessLanguage(text: string): string | null {
  const letters = [...text].filter((c) => /\p{L}/u.test(c));
  if (!letters.length) return null;
  const latin = letters.filter((c) => /\p{Script=Latin}/u.test(c)).length;
  if (latin / letters.length < 0.5) {
    const sample = letters.find((c) => !/\p{Script=Latin}/u.test(c))!;
    for (const [script, name] of [
      ["Han", "Chinese or Japanese"],
      ["Hiragana", "Japanese"],
      ["Katakana", "Japanese"],
      ["Hangul", "Korean"],
      ["Cyrillic", "a Cyrillic-script language"],
      ["Arabic", "Arabic"],
      ["Hebrew", "Hebrew"],
      ["Greek", "Greek"],
      ["Thai", "Thai"],
      ["Devanagari", "Hindi"],
    ] as const) {
      if (new RegExp(`\\p{Script=${script}}`, "u").test(sample)) return name;
    }
    return "another script";
  }
  const words = text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  let best: string | null = null;
  let bestHits = 0;
  for (const [language, list] of Object.entries(LANGUAGE_WORDS)) {
    const hits = words.filter((w) => list.includes(w)).length;
    if (hits > bestHits) [best, bestHits] = [language, hits];
  }
  if (bestHits > 0) return best;
  // Accented letters that English does not use.
  if (/[äöüß]/i.test(text)) return "German";
  if (/[éèêàçœ]/i.test(text)) return "French";
  if (/[ñ¿¡]/i.test(text)) return "Spanish";
  return null;
}

export function prepareFacts(raw: ProductFacts, shopLanguage = "English"): { facts: ProductFacts; notices: Notice[] } {
  const notices: Notice[] = [];
  const markup = [raw.title, raw.productType, raw.vendor, ...raw.tags].some((s) => /<[a-z/!]/i.test(s));
  if (markup) notices.push({ code: "markup_in_fields", message: "The title, type, vendor or tags contain HTML; it was removed before writing." });
  if (/<(script|iframe|object|embed|style)\b|\bon[a-z]+\s*=|javascript:/i.test(raw.descriptionHtml)) {
    notices.push({
      code: "script_in_description",
      message: "The current description contains scripts or embedded code; they were ignored and are never published.",
    });
  }
  let descriptionHtml = sanitizeDescriptionHtml(raw.descriptionHtml.slice(0, 200_000));
  const words = wordCount(descriptionHtml);
  if (words > MAX_SOURCE_DESCRIPTION_WORDS || descriptionHtml.length > MAX_SOURCE_DESCRIPTION_CHARS) {
    const text = htmlToText(descriptionHtml).split(" ").slice(0, MAX_SOURCE_DESCRIPTION_WORDS).join(" ").slice(0, MAX_SOURCE_DESCRIPTION_CHARS);
    descriptionHtml = `<p>${text}</p>`;
    notices.push({
      code: "huge_description",
      message: `The current description is very long (${words.toLocaleString("en")} words); only its first ${MAX_SOURCE_DESCRIPTION_WORDS.toLocaleString("en")} words were used.`,
    });
  }
  if (!htmlToText(descriptionHtml)) {
    notices.push({
      code: "no_description",
      message: "The product has no description: the copy was written from its title, type, tags and variants only. Check it says enough.",
    });
  }
  const images = raw.images.filter((i) => i.url || i.base64);
  if (!images.length)
    notices.push({ code: "no_images", message: "The product has no images: no alt text was written. Add photos in Shopify, then regenerate." });
  const title = plain(raw.title) || "Untitled product";
  const language = guessLanguage(title);
  if (language && language !== shopLanguage) {
    notices.push({
      code: "other_language",
      message: `The title looks like ${language}; the copy is written in ${shopLanguage}. Check names and terms read well.`,
    });
  }
  const facts: ProductFacts = {
    ...raw,
    title,
    productType: plain(raw.productType),
    vendor: plain(raw.vendor),
    tags: raw.tags.map(plain).filter(Boolean),
    variantTitles: raw.variantTitles.map(plain).filter((t) => t && t !== "Default Title"),
    optionValues: [...new Set(raw.optionValues.map(plain).filter((t) => t && t !== "Default Title"))],
    descriptionHtml,
    images,
  };
  return { facts, notices };
}
