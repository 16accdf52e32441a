// Lengths enforced, not hoped for: every field is brought into its range by
// repairs that add nothing the product's data does not say (cutting at a word
// or sentence, adding the vendor or type, dropping duplicate keywords). What
// cannot be repaired is reported, and the caller regenerates or marks the
// field as failed; it is never shown as done.

import { htmlToText, sanitizeDescriptionHtml, wordCount } from "./html";
import { LIMITS, type GeneratedContent, type ProductFacts } from "./types";

export interface LengthProblem {
  field: string;
  message: string;
}

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

/** Cuts text to at most `max` characters at a word boundary, without a dangling separator. */
export function cutAtWord(text: string, max: number): string {
  const clean = collapse(text);
  if (clean.length <= max) return clean;
  const slice = clean.slice(0, max + 1);
  const space = slice.lastIndexOf(" ");
  const cut = space > max * 0.5 ? slice.slice(0, space) : clean.slice(0, max);
  return cut.replace(/[\s,;:|\-–—]+$/u, "");
}

/** Cuts text to at most `max` characters at a sentence end when there is one late enough, else at a word, ending with a full stop. */
export function cutAtSentence(text: string, max: number): string {
  const clean = collapse(text);
  if (clean.length <= max) return clean;
  const slice = clean.slice(0, max);
  const end = Math.max(slice.lastIndexOf(". "), slice.lastIndexOf("! "), slice.lastIndexOf("? "));
  if (end >= max * 0.6) return slice.slice(0, end + 1);
  const cut = cutAtWord(clean, max - 1);
  return /[.!?]$/.test(cut) ? cut : `${cut}.`;
}

/** Title-like pieces from the product's data, to lengthen a short SEO title. */
function titleSuffixes(facts: ProductFacts): string[] {
  const type = collapse(facts.productType);
  const vendor = collapse(facts.vendor);
  return [
    type && !facts.title.toLowerCase().includes(type.toLowerCase()) ? ` - ${type}` : "",
    vendor && !facts.title.toLowerCase().includes(vendor.toLowerCase()) ? ` by ${vendor}` : "",
    facts.optionValues.length > 1 ? ` in ${facts.optionValues.length} options` : "",
    " | Buy online",
    " | Order yours today",
    " | Details and price",
    " | Shop now",
    " | Online",
  ].filter(Boolean);
}

export function repairSeoTitle(title: string, facts: ProductFacts): string {
  const { min, max } = LIMITS.seoTitle;
  let out = cutAtWord(title, max);
  for (const suffix of titleSuffixes(facts)) {
    if (out.length >= min) break;
    if (out.toLowerCase().includes(suffix.trim().toLowerCase())) continue;
    if ((out + suffix).length <= max) out += suffix;
  }
  return out;
}

/** True sentences from the product's data, to lengthen a short meta description. */
export function factSentences(facts: ProductFacts): string[] {
  const out: string[] = [];
  if (facts.vendor) out.push(`Made by ${facts.vendor}.`);
  if (facts.optionValues.length > 1) out.push(`Available in ${facts.optionValues.slice(0, 4).join(", ")}.`);
  if (facts.minPrice && Number(facts.minPrice) > 0) {
    out.push(facts.minPrice === facts.maxPrice ? `Priced at ${facts.minPrice} ${facts.currencyCode}.` : `From ${facts.minPrice} ${facts.currencyCode}.`);
  }
  if (facts.productType) out.push(`Browse our ${facts.productType.toLowerCase()} range.`);
  out.push("Order online today.", facts.images.length ? "See the photos and details on the product page." : "See the details on the product page.");
  out.push(
    "Questions before you order? Get in touch with us.",
    "Details and price on the product page.",
    "Order yours online.",
    "Buy online.",
    "Shop now.",
    "Order today.",
  );
  return out;
}

export function repairSeoDescription(text: string, facts: ProductFacts): string {
  const { min, max } = LIMITS.seoDescription;
  let out = cutAtSentence(text, max);
  if (out && !/[.!?]$/.test(out)) out = `${out}.`;
  for (const sentence of factSentences(facts)) {
    if (out.length >= min) break;
    if (out.includes(sentence)) continue;
    const joined = collapse(`${out} ${sentence}`);
    if (joined.length <= max) out = joined;
  }
  return out;
}

/** Drops list items, then whole trailing paragraphs (never the last one: the call to action), until the word count fits. */
export function shortenDescription(html: string, maxWords: number): string {
  let current = sanitizeDescriptionHtml(html);
  for (let guard = 0; guard < 200 && wordCount(current) > maxWords; guard++) {
    const items = [...current.matchAll(/<li>[\s\S]*?<\/li>/g)];
    const listItems = items.length;
    if (listItems > 3) {
      const last = items[items.length - 1];
      current = current.slice(0, last.index) + current.slice(last.index! + last[0].length);
      continue;
    }
    const blocks = [...current.matchAll(/<(p|ul|ol|h2|h3|h4)>[\s\S]*?<\/\1>/g)];
    if (blocks.length > 2) {
      // The longest block before the last paragraph goes first.
      const candidates = blocks.slice(0, -1).sort((a, b) => wordCount(b[0]) - wordCount(a[0]));
      const longest = candidates[0];
      const words = wordCount(longest[0]);
      const excess = wordCount(current) - maxWords;
      if (longest[1] === "p" && words > excess + 20) {
        // Cut the paragraph's text instead of losing it.
        const text = htmlToText(longest[0]).split(" ");
        const kept = cutAtSentence(text.slice(0, words - excess).join(" "), 10_000);
        current = current.replace(longest[0], `<p>${kept}</p>`);
        continue;
      }
      current = current.replace(longest[0], "");
      continue;
    }
    // One or two blocks only: cut the first at a sentence.
    const first = blocks[0];
    if (!first) break;
    const words = htmlToText(first[0]).split(" ");
    const keep = Math.max(10, words.length - (wordCount(current) - maxWords));
    current = current.replace(first[0], `<${first[1] === "p" ? "p" : "p"}>${cutAtSentence(words.slice(0, keep).join(" "), 100_000)}</p>`);
  }
  return current;
}

function uniqueCaseless(values: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values.map(collapse)) {
    const key = v.toLowerCase();
    if (!v || seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}

/** Keywords from the product's own words (title, type, vendor, tags, options), to complete a short list. */
export function keywordCandidates(facts: ProductFacts): string[] {
  const title = collapse(facts.title.toLowerCase());
  const type = facts.productType.toLowerCase();
  const titleWords = title.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2);
  return uniqueCaseless([
    title,
    type,
    ...facts.tags.map((t) => t.toLowerCase()),
    facts.vendor ? `${facts.vendor.toLowerCase()} ${type || titleWords.at(-1) || ""}` : "",
    ...facts.optionValues.map((v) => `${v.toLowerCase()} ${titleWords.at(-1) ?? type}`),
    type ? `buy ${type}` : "",
    `${title} online`,
    `buy ${title}`,
    ...titleWords,
    type ? `${type} gift` : "",
    type ? `${type} online` : "",
    `${titleWords.at(-1) ?? type} for sale`,
    `${title} price`,
    `${title} gift`,
    `order ${title}`,
    `${titleWords.at(-1) ?? title} online`,
    `${titleWords.at(-1) ?? title} shop`,
    `${titleWords.at(-1) ?? title} gift idea`,
  ]).filter((k) => k && k.length <= 80);
}

export function repairKeywords(keywords: string[], facts: ProductFacts): string[] {
  const { min, max } = LIMITS.keywords;
  let out = uniqueCaseless(keywords.map((k) => k.toLowerCase())).filter((k) => k.length <= 80);
  if (out.length < min) out = uniqueCaseless([...out, ...keywordCandidates(facts)]);
  return out.slice(0, max);
}

export function repairAlt(alt: string): string {
  return cutAtWord(alt.replace(/^(image|picture|photo) of /i, ""), LIMITS.altMax);
}

/** A handle Shopify accepts: lower-case words joined by hyphens. */
export function toHandle(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, LIMITS.handleMax)
    .replace(/-+$/, "");
}

/** Where each field stands against its range; empty when all are in range. */
export function lengthProblems(
  content: GeneratedContent,
  facts: ProductFacts,
  descriptionWords: { min: number; max: number } = LIMITS.descriptionWords,
): LengthProblem[] {
  const problems: LengthProblem[] = [];
  const words = wordCount(content.descriptionHtml);
  if (words < descriptionWords.min || words > descriptionWords.max) {
    problems.push({ field: "description", message: `The description has ${words} words; it must have ${descriptionWords.min}-${descriptionWords.max}.` });
  }
  const t = content.seoTitle.length;
  if (t < LIMITS.seoTitle.min || t > LIMITS.seoTitle.max) {
    problems.push({ field: "seoTitle", message: `The SEO title has ${t} characters; it must have ${LIMITS.seoTitle.min}-${LIMITS.seoTitle.max}.` });
  }
  const m = content.seoDescription.length;
  if (m < LIMITS.seoDescription.min || m > LIMITS.seoDescription.max) {
    problems.push({
      field: "seoDescription",
      message: `The meta description has ${m} characters; it must have ${LIMITS.seoDescription.min}-${LIMITS.seoDescription.max}.`,
    });
  }
  const k = content.keywords.length;
  if (k < LIMITS.keywords.min || k > LIMITS.keywords.max) {
    problems.push({ field: "keywords", message: `There are ${k} keywords; there must be ${LIMITS.keywords.min}-${LIMITS.keywords.max}.` });
  }
  for (const image of facts.images) {
    const alt = content.altTexts.find((a) => a.mediaShopifyId === image.mediaShopifyId)?.alt ?? "";
    if (!alt.trim()) problems.push({ field: `alt:${image.mediaShopifyId}`, message: "This image has no alt text." });
    else if (alt.length > LIMITS.altMax)
      problems.push({ field: `alt:${image.mediaShopifyId}`, message: `The alt text has ${alt.length} characters; it must have under 125.` });
  }
  if (!content.productType.trim()) problems.push({ field: "productType", message: "No product type was suggested." });
  if (!content.audience.trim()) problems.push({ field: "audience", message: "No target audience was given." });
  if (content.handle !== undefined && (!content.handle || content.handle !== toHandle(content.handle))) {
    problems.push({ field: "handle", message: "The suggested handle is not a valid URL handle." });
  }
  return problems;
}

/**
 * Sanitises and repairs every field towards its range. Returns the repaired
 * content and what is still out of range.
 */
export function enforceLengths(
  content: GeneratedContent,
  facts: ProductFacts,
  descriptionWords: { min: number; max: number } = LIMITS.descriptionWords,
): { content: GeneratedContent; problems: LengthProblem[] } {
  let descriptionHtml = sanitizeDescriptionHtml(content.descriptionHtml);
  if (wordCount(descriptionHtml) > descriptionWords.max) descriptionHtml = shortenDescription(descriptionHtml, descriptionWords.max);
  const repaired: GeneratedContent = {
    descriptionHtml,
    seoTitle: repairSeoTitle(content.seoTitle, facts),
    seoDescription: repairSeoDescription(content.seoDescription, facts),
    keywords: repairKeywords(content.keywords, facts),
    tags: uniqueCaseless(content.tags.map((t) => cutAtWord(t, 60))).slice(0, LIMITS.tagsMax),
    productType: cutAtWord(content.productType, 60),
    audience: cutAtSentence(content.audience, 300),
    useCases: uniqueCaseless(content.useCases.map((u) => cutAtSentence(u, 160))).slice(0, LIMITS.useCasesMax),
    altTexts: facts.images.map((image) => ({
      mediaShopifyId: image.mediaShopifyId,
      alt: repairAlt(content.altTexts.find((a) => a.mediaShopifyId === image.mediaShopifyId)?.alt ?? ""),
    })),
    ...(content.handle !== undefined ? { handle: toHandle(content.handle) } : {}),
  };
  return { content: repaired, problems: lengthProblems(repaired, facts, descriptionWords) };
}
