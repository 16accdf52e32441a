// The grounding check: every statement in a draft that names a number, a
// material, a size, a certification or a claim must be supported by the
// product's own data (title, type, vendor, tags, options, variants, prices,
// existing description). What is not supported is flagged on the draft for
// staff, and the Claude provider gets one pass to remove it. Banned words
// (the merchant's and a short house list) are flagged the same way.

import { htmlToText } from "./html";
import type { BrandVoice, Flag, GeneratedContent, ProductFacts } from "./types";

const MATERIALS = (
  "cotton linen wool silk leather polyester nylon bamboo ceramic porcelain stoneware earthenware glass crystal steel aluminium aluminum " +
  "wood wooden oak walnut pine beech birch teak mahogany cashmere merino alpaca mohair denim suede rubber silicone plastic metal brass copper " +
  "bronze gold silver platinum marble granite stone slate cork jute hemp velvet satin acrylic resin enamel tin iron pewter paper cardboard " +
  "canvas felt fleece spandex elastane lycra viscose rayon modal lyocell tencel chiffon tweed corduroy vinyl pvc latex wicker rattan seagrass " +
  "concrete terracotta melamine fibreglass fiberglass titanium zinc chrome nickel sterling"
).split(" ");

const SIZE_WORDS = [
  "xxs",
  "xs",
  "xl",
  "xxl",
  "xxxl",
  "2xl",
  "3xl",
  "4xl",
  "petite",
  "plus size",
  "oversized",
  "one size",
  "king size",
  "queen size",
  "double size",
  "single size",
];

const CERTIFICATIONS = [
  "organic",
  "certified",
  "gots",
  "fair trade",
  "fairtrade",
  "fsc",
  "vegan",
  "cruelty-free",
  "cruelty free",
  "bpa-free",
  "bpa free",
  "hypoallergenic",
  "oeko-tex",
  "b corp",
  "recycled",
  "biodegradable",
  "compostable",
  "dishwasher safe",
  "dishwasher-safe",
  "microwave safe",
  "microwave-safe",
  "oven safe",
  "food safe",
  "food-safe",
  "waterproof",
  "water-resistant",
  "water resistant",
  "handmade",
  "hand-made",
  "hand made",
  "hand-painted",
  "hand painted",
  "made in",
  "ce marked",
  "ul listed",
  "non-toxic",
  "non toxic",
  "gluten-free",
  "gluten free",
  "kosher",
  "halal",
];

const CLAIMS = [
  "best-selling",
  "bestselling",
  "best seller",
  "bestseller",
  "award-winning",
  "award winning",
  "#1",
  "number one",
  "guaranteed",
  "guarantee",
  "warranty",
  "clinically proven",
  "scientifically proven",
  "proven to",
  "doctor recommended",
  "dermatologist",
  "free shipping",
  "free delivery",
  "free returns",
  "money-back",
  "money back",
  "lifetime",
  "eco-friendly",
  "eco friendly",
  "sustainable",
  "sustainably",
  "ethically sourced",
  "limited edition",
  "exclusive",
  "world's",
  "in stock",
  "sold out",
  "cures",
  "heals",
  "anti-aging",
  "anti-ageing",
];

/** Words that make copy read as generated and that many brands ban. */
export const HOUSE_BANNED_WORDS = ["elevate", "unleash", "game-changer", "game changer", "revolutionary", "delve", "tapestry", "seamlessly", "must-have"];

/**
 * The words of a text and their two- and three-word runs (lower case,
 * accents folded; hyphens, apostrophes and "#" kept inside words), so that a
 * term is mentioned when the set has it: whole words only ("tin" is not in
 * "setting"), one lookup per term.
 */
/** First words of the multi-word terms and banned phrases (the house list; a merchant's are added as they are seen). */
const PHRASE_STARTS = new Set(
  [...MATERIALS, ...SIZE_WORDS, ...CERTIFICATIONS, ...CLAIMS, ...HOUSE_BANNED_WORDS].filter((t) => t.includes(" ")).map((t) => t.split(" ")[0]),
);

function phrases(text: string): Set<string> {
  const words = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .split(/[^\p{L}\p{N}#'-]+/u)
    .map((w) => w.replace(/^['-]+|['-]+$/g, ""))
    .filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    out.add(words[i]);
    // Runs only where a multi-word term can start: far fewer strings to build.
    if (!PHRASE_STARTS.has(words[i])) continue;
    if (i + 1 < words.length) out.add(`${words[i]} ${words[i + 1]}`);
    if (i + 2 < words.length) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  }
  return out;
}

/** A whole-word mention, or its plural ("s", "es"). */
function mentions(said: Set<string>, term: string): boolean {
  return said.has(term) || said.has(`${term}s`) || said.has(`${term}es`);
}

/** Numbers in text, normalised ("1,200" -> "1200", "2.50" -> "2.5"). */
export function numbersIn(text: string): string[] {
  return [...text.matchAll(/(?<![\p{L}\d.])\d+(?:[.,]\d+)*/gu)].map((m) => normaliseNumber(m[0]));
}

function normaliseNumber(raw: string): string {
  const compact = /,\d{3}(?!\d)/.test(raw) ? raw.replace(/,/g, "") : raw.replace(",", ".");
  const n = Number(compact);
  return Number.isFinite(n) ? String(n) : compact;
}

/** Everything the product's data says, as one searchable text, and its numbers. */
export interface Evidence {
  /** Terms (materials, sizes, certifications, claims) the data mentions. */
  terms: Set<string>;
  numbers: Set<string>;
}

const TERM_KINDS: [readonly string[], Flag["kind"], string][] = [
  [MATERIALS, "material", "The material"],
  [SIZE_WORDS, "size", "The size"],
  [CERTIFICATIONS, "certification", "The certification"],
  [CLAIMS, "claim", "The claim"],
];
/** Every surface form (term, plural) to its term and kind, so a text is checked in one pass over its phrases. */
const SURFACE_FORMS = new Map<string, { term: string; kind: Flag["kind"]; what: string }>();
for (const [terms, kind, what] of TERM_KINDS) {
  for (const term of terms) for (const form of [term, `${term}s`, `${term}es`]) if (!SURFACE_FORMS.has(form)) SURFACE_FORMS.set(form, { term, kind, what });
}

export function productEvidence(facts: ProductFacts): Evidence {
  const raw = [
    facts.title,
    facts.productType,
    facts.vendor,
    facts.handle.replace(/-/g, " "),
    ...facts.tags,
    ...facts.variantTitles,
    ...facts.optionValues,
    htmlToText(facts.descriptionHtml),
    ...facts.images.map((i) => i.altText ?? ""),
  ].join(" \n ");
  const numbers = new Set(numbersIn(raw));
  for (const price of [facts.minPrice, facts.maxPrice]) if (price) numbers.add(normaliseNumber(price));
  for (let i = 1; i <= facts.images.length; i++) numbers.add(String(i));
  numbers.add(String(new Set(facts.optionValues).size));
  numbers.add(String(facts.variantTitles.length));
  const terms = new Set<string>();
  for (const phrase of phrases(raw)) {
    const found = SURFACE_FORMS.get(phrase);
    if (found) terms.add(found.term);
  }
  return { terms, numbers };
}

/** The draft's text that staff would publish, field by field. */
export function draftTexts(content: GeneratedContent): { field: string; text: string }[] {
  return [
    { field: "description", text: htmlToText(content.descriptionHtml) },
    { field: "seoTitle", text: content.seoTitle },
    { field: "seoDescription", text: content.seoDescription },
    { field: "keywords", text: content.keywords.join(", ") },
    { field: "tags", text: content.tags.join(", ") },
    { field: "productType", text: content.productType },
    { field: "audience", text: content.audience },
    { field: "useCases", text: content.useCases.join(". ") },
    ...content.altTexts.map((a) => ({ field: `alt:${a.mediaShopifyId}`, text: a.alt })),
  ];
}

/** Flags for one piece of text against the product's evidence and the shop's voice. */
export function checkText(text: string, evidence: Evidence, voice: Pick<BrandVoice, "avoidWords">): Flag[] {
  const flags: Flag[] = [];
  for (const word of voice.avoidWords) {
    const first = word.toLowerCase().trim().split(/\s+/);
    if (first.length > 1) PHRASE_STARTS.add(first[0]);
  }
  const said = phrases(text);
  for (const n of numbersIn(text)) {
    if (!evidence.numbers.has(n)) flags.push({ kind: "number", text: n, message: `"${n}" is not in the product's data.` });
  }
  for (const phrase of said) {
    const found = SURFACE_FORMS.get(phrase);
    if (found && !evidence.terms.has(found.term)) {
      flags.push({ kind: found.kind, text: found.term, message: `${found.what} "${found.term}" is not supported by the product's data.` });
    }
  }
  for (const word of [...HOUSE_BANNED_WORDS, ...voice.avoidWords.map((w) => w.toLowerCase().trim()).filter(Boolean)]) {
    if (mentions(said, word)) flags.push({ kind: "banned_word", text: word, message: `"${word}" is on the list of words to avoid.` });
  }
  // One flag per kind and text is enough.
  const seen = new Set<string>();
  return flags.filter((f) => {
    const key = `${f.kind}:${f.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Flags per field of a draft; fields with none are left out. */
export function groundingCheck(content: GeneratedContent, facts: ProductFacts, voice: Pick<BrandVoice, "avoidWords">): Record<string, Flag[]> {
  const evidence = productEvidence(facts);
  const out: Record<string, Flag[]> = {};
  for (const { field, text } of draftTexts(content)) {
    const flags = checkText(text, evidence, voice);
    if (flags.length) out[field] = flags;
  }
  return out;
}
