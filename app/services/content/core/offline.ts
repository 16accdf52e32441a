// The offline provider: honest, well-formed copy built only from the
// product's own data, with no model at all. It is what a shop gets without an
// API key, in the demo and in tests. It states facts it was given and
// otherwise speaks in general terms; it never invents materials, sizes or
// claims. Text is in English.

import { captionedAlt } from "./caption-alt";
import { escapeHtml, htmlToText } from "./html";
import type { OfflinePlan } from "./instruction";
import { cutAtSentence, keywordCandidates, repairSeoDescription, repairSeoTitle, shortenDescription, toHandle } from "./lengths";
import { LIMITS, type BrandVoice, type GeneratedContent, type Notice, type ProductFacts } from "./types";

/** How the description is laid out: what an instruction to the offline writer can change. */
type Layout = Pick<OfflinePlan, "descriptionWords" | "featureList" | "mentionPrice">;

const lower = (s: string) => s.toLowerCase();

function listJoin(values: string[]): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")} and ${values.at(-1)}`;
}

function sentencesOf(text: string): string[] {
  return text.match(/[^.!?]+[.!?]+/g)?.map((s) => s.trim()) ?? (text.trim() ? [`${text.trim()}.`] : []);
}

function priceText(facts: ProductFacts): string {
  if (!(Number(facts.minPrice) > 0)) return "";
  return facts.minPrice === facts.maxPrice ? `${facts.minPrice} ${facts.currencyCode}` : `from ${facts.minPrice} ${facts.currencyCode}`;
}

function audienceFor(facts: ProductFacts, voice: BrandVoice): string {
  if (voice.audience.trim()) return voice.audience.trim();
  const type = lower(facts.productType) || "products like this";
  return `Shoppers looking for ${type}${facts.vendor ? ` from ${facts.vendor}` : ""}, for themselves or as a gift.`;
}

/** The description: what it is, what the data says, a short feature list, a call to action. */
function describe(facts: ProductFacts, layout: Layout): string {
  const { min, max } = layout.descriptionWords;
  const type = lower(facts.productType);
  const price = layout.mentionPrice ? priceText(facts) : "";
  const own = sentencesOf(htmlToText(facts.descriptionHtml));
  const intro = [
    `${facts.title} is ${type ? `part of our ${type} range` : "in our shop"}${facts.vendor ? `, made by ${facts.vendor}` : ""}.`,
    ...own.slice(0, 6),
  ];
  const features = [
    facts.productType ? `Type: ${facts.productType}` : "",
    facts.vendor ? `Made by ${facts.vendor}` : "",
    facts.optionValues.length ? `Options: ${listJoin(facts.optionValues.slice(0, 8))}` : "",
    price ? `Price: ${price}` : "",
    facts.tags.length ? `Good to know: ${listJoin(facts.tags.slice(0, 5))}` : "",
    facts.images.length ? `${facts.images.length} photo${facts.images.length === 1 ? "" : "s"} on the product page` : "",
  ].filter(Boolean);
  // General, true statements used to reach the shop's minimum length when
  // the data is thin; none of them describes the product's make-up.
  const general = [
    facts.optionValues.length > 1
      ? `It comes in ${facts.optionValues.length} options, so you can pick the one that suits you best: ${listJoin(facts.optionValues.slice(0, 6))}.`
      : "",
    facts.tags.length ? `You will find it in our shop under ${listJoin(facts.tags.slice(0, 4))}.` : "",
    facts.images.length ? "The photos on this page show it as it is, so take a look at each of them before you order." : "",
    `Everything we know about ${facts.title} is on this page, from its name and type to ${layout.mentionPrice ? "its price and " : ""}the options you can choose from.`,
    "If you have a question before you order, get in touch with us and we will be glad to help you choose.",
    "Read the details and choose the option that suits you.",
    type ? `It sits in our ${type} range alongside other items of the same kind, which makes it easy to compare them side by side.` : "",
    layout.mentionPrice
      ? "Check the details on this page, including the price and the options, so that you know exactly what you are ordering."
      : "Check the details on this page, including the options, so that you know exactly what you are ordering.",
    "Orders are placed through our secure checkout, and you can see the total before you pay.",
    "Have a look at the rest of our shop as well to find items that go with it.",
    "We describe our products plainly and only say what we know to be true about them.",
    "You can always ask us for more details about this item before you buy.",
  ].filter(Boolean);
  const cta = `<p>${escapeHtml(`Add ${facts.title} to your basket today${price ? ` for ${price}` : ""}.`)}</p>`;
  const paragraphs = [intro];
  const build = () =>
    [
      ...paragraphs.map((p) => `<p>${escapeHtml(p.join(" "))}</p>`),
      layout.featureList && features.length ? `<ul>${features.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>` : "",
      cta,
    ].join("");
  const count = (html: string) => htmlToText(html).split(" ").filter(Boolean).length;
  let html = build();
  for (const sentence of general) {
    if (count(html) >= min) break;
    const last = paragraphs.at(-1)!;
    if (paragraphs.length < 2 || last.length >= 3) paragraphs.push([sentence]);
    else last.push(sentence);
    html = build();
  }
  // Long source descriptions: fewer of their sentences.
  while (count(html) > max && intro.length > 1) {
    intro.pop();
    html = build();
  }
  // A shorter target than the data's own sentences allow: cut like any long draft.
  return count(html) > max ? shortenDescription(html, max) : html;
}

function seoTitle(facts: ProductFacts): string {
  const { min, max } = LIMITS.seoTitle;
  const out = facts.title.length > max ? facts.title.slice(0, max).replace(/\s+\S*$/, "") : facts.title;
  return out.length >= min ? out : repairSeoTitle(out, facts);
}

function seoDescription(facts: ProductFacts): string {
  const { min, max } = LIMITS.seoDescription;
  const first = sentencesOf(htmlToText(facts.descriptionHtml))[0] ?? "";
  let out = cutAtSentence(`${facts.title}${facts.productType ? `, ${lower(facts.productType)}` : ""}${facts.vendor ? ` from ${facts.vendor}` : ""}.`, max);
  if (first && `${out} ${first}`.length <= max) out = `${out} ${first}`;
  return out.length >= min ? out : repairSeoDescription(out, facts);
}

// Without seeing the image it cannot say what is in it beyond the product
// itself (not which colour, not the setting); the local captioner or Claude can.
// A caption (already screened by the grounding check) describes what it shows.
function altText(facts: ProductFacts, index: number, caption?: string): string {
  if (caption) return captionedAlt(facts.title, caption);
  const base = `${facts.title}${facts.vendor ? ` from ${facts.vendor}` : ""}`;
  const view = index === 0 ? "main product photo" : `photo ${index + 1} of ${facts.images.length}`;
  const text = `${base}, ${view}`;
  return text.length <= LIMITS.altMax ? text : `${text.slice(0, LIMITS.altMax - 1).replace(/\s+\S*$/, "")}`;
}

export function offlineContent(
  facts: ProductFacts,
  voice: BrandVoice,
  options: { handle?: boolean; captions?: ReadonlyMap<string, string>; plan?: Layout } = {},
): GeneratedContent {
  const layout = options.plan ?? { descriptionWords: voice.descriptionWords, featureList: true, mentionPrice: true };
  // With no type or tag, the title's last word is usually what the thing is ("Heart Mug").
  const lastWord =
    facts.title
      .split(/[^\p{L}]+/u)
      .filter((w) => w.length > 2)
      .at(-1) ?? "";
  const type = facts.productType || facts.tags[0] || (lastWord ? lastWord[0].toUpperCase() + lastWord.slice(1) : "");
  return {
    descriptionHtml: describe(facts, layout),
    seoTitle: seoTitle(facts),
    seoDescription: seoDescription(facts),
    keywords: keywordCandidates(facts).slice(0, LIMITS.keywords.max),
    tags: [...new Set([...facts.tags, ...(facts.productType ? [facts.productType] : []), ...(facts.vendor ? [facts.vendor] : [])])].slice(0, LIMITS.tagsMax),
    productType: type,
    audience: audienceFor(facts, voice),
    useCases: ["Everyday use", "A gift for someone who would like it", ...(facts.optionValues.length > 1 ? ["Choosing the option that fits best"] : [])],
    altTexts: facts.images.map((image, i) => ({ mediaShopifyId: image.mediaShopifyId, alt: altText(facts, i, options.captions?.get(image.mediaShopifyId)) })),
    ...(options.handle
      ? { handle: toHandle(`${facts.title}${facts.productType && !lower(facts.title).includes(lower(facts.productType)) ? ` ${facts.productType}` : ""}`) }
      : {}),
  };
}

/** The offline writer's phrases are English: a shop whose brand voice asks for another language is told so on every offline draft. */
export function offlineLanguageNotice(voice: BrandVoice): Notice | null {
  const language = voice.language.trim();
  if (!language || /^(en|eng|english)\b/i.test(language)) return null;
  return {
    code: "language_not_followed",
    message: `The offline writer writes in English only, so this draft is in English, not ${language}. With Claude (an Anthropic API key) drafts are written in ${language}.`,
  };
}
