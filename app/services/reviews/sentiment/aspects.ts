// Pure: the aspects a review talks about, each with the words that show it
// and whether what is said about it is positive or negative.

import type { Token } from "./tokens";

export type Aspect = "quality" | "fit" | "comfort" | "look" | "value" | "shipping" | "service" | "durability" | "performance" | "taste";

export interface AspectMention {
  aspect: Aspect;
  polarity: "positive" | "neutral" | "negative";
  /** The review's words that name the aspect and carry the feeling. */
  evidence: string[];
}

// Words that name each aspect, across kinds of products (clothing, electronics, food, home).
const ASPECT_WORDS: Record<Aspect, string[]> = {
  quality: [
    "quality",
    "material",
    "materials",
    "fabric",
    "made",
    "construction",
    "stitching",
    "craftsmanship",
    "build",
    "finish",
    "sturdy",
    "flimsy",
    "cheaply",
  ],
  fit: [
    "fit",
    "fits",
    "fitted",
    "fitting",
    "size",
    "sizes",
    "sizing",
    "small",
    "large",
    "tight",
    "loose",
    "snug",
    "length",
    "long",
    "short",
    "petite",
    "runs",
    "baggy",
  ],
  comfort: [
    "comfortable",
    "comfy",
    "comfort",
    "uncomfortable",
    "soft",
    "itchy",
    "scratchy",
    "cozy",
    "cosy",
    "breathable",
    "warm",
    "heavy",
    "light",
    "lightweight",
  ],
  look: [
    "look",
    "looks",
    "looked",
    "color",
    "colour",
    "colors",
    "colours",
    "style",
    "design",
    "pretty",
    "beautiful",
    "cute",
    "gorgeous",
    "ugly",
    "flattering",
    "unflattering",
    "pattern",
    "print",
    "elegant",
  ],
  value: ["price", "priced", "value", "worth", "expensive", "cheap", "overpriced", "money", "cost", "bargain", "deal", "sale"],
  shipping: ["shipping", "shipped", "delivery", "delivered", "arrived", "arrive", "package", "packaging", "parcel", "courier", "late"],
  service: [
    "service",
    "support",
    "staff",
    "seller",
    "customer",
    "return",
    "returned",
    "returns",
    "refund",
    "exchange",
    "helpful",
    "rude",
    "waiter",
    "waitress",
    "friendly",
  ],
  durability: [
    "durable",
    "lasted",
    "lasts",
    "broke",
    "broken",
    "wash",
    "washed",
    "washing",
    "shrank",
    "shrunk",
    "faded",
    "pilling",
    "pilled",
    "ripped",
    "tore",
    "torn",
    "wear",
  ],
  performance: ["works", "worked", "working", "battery", "performance", "fast", "slow", "speed", "sound", "signal", "charge", "charger", "reception", "screen"],
  taste: ["taste", "tasty", "tasted", "flavor", "flavour", "delicious", "food", "fresh", "bland", "stale"],
};

const WORD_TO_ASPECT = new Map<string, Aspect>();
for (const [aspect, words] of Object.entries(ASPECT_WORDS) as [Aspect, string[]][])
  for (const w of words) if (!WORD_TO_ASPECT.has(w)) WORD_TO_ASPECT.set(w, aspect);

// Aspect words that carry their own polarity when nothing else in the clause does.
const INTRINSIC: Record<string, number> = {
  flimsy: -1,
  cheaply: -1,
  sturdy: 1,
  uncomfortable: -1,
  comfortable: 1,
  comfy: 1,
  itchy: -1,
  scratchy: -1,
  soft: 1,
  cozy: 1,
  cosy: 1,
  beautiful: 1,
  gorgeous: 1,
  cute: 1,
  pretty: 1,
  ugly: -1,
  flattering: 1,
  unflattering: -1,
  overpriced: -1,
  bargain: 1,
  durable: 1,
  broke: -1,
  broken: -1,
  shrank: -1,
  shrunk: -1,
  faded: -1,
  pilling: -1,
  pilled: -1,
  ripped: -1,
  torn: -1,
  tore: -1,
  rude: -1,
  helpful: 1,
  friendly: 1,
  delicious: 1,
  tasty: 1,
  bland: -1,
  stale: -1,
  late: -1,
};

// Fit words that, in a review, mean the fit is off ("runs small", "too tight").
const FIT_PROBLEM = new Set(["small", "large", "tight", "loose", "baggy", "short", "long"]);

/**
 * Aspects mentioned, each with its polarity: the sum of the lexicon valences
 * (already negated, boosted, contrast-weighted) in the clauses where the
 * aspect is named, or the aspect word's own polarity.
 */
export function findAspects(tokens: Token[], valences: number[]): AspectMention[] {
  const clauseSums = new Map<number, number>();
  for (let j = 0; j < tokens.length; j++) if (valences[j] !== 0) clauseSums.set(tokens[j].clause, (clauseSums.get(tokens[j].clause) ?? 0) + valences[j]);
  const byAspect = new Map<Aspect, { sum: number; evidence: Set<string> }>();
  for (let i = 0; i < tokens.length; i++) {
    const aspect = WORD_TO_ASPECT.get(tokens[i].word);
    if (!aspect) continue;
    const entry = byAspect.get(aspect) ?? { sum: 0, evidence: new Set<string>() };
    byAspect.set(aspect, entry);
    if (entry.evidence.size < 6) entry.evidence.add(tokens[i].word);
    for (let j = Math.max(0, i - 4); j <= Math.min(tokens.length - 1, i + 4); j++) {
      if (tokens[j].clause === tokens[i].clause && valences[j] !== 0 && entry.evidence.size < 6) entry.evidence.add(tokens[j].word);
    }
    const clauseSum = clauseSums.get(tokens[i].clause) ?? 0;
    let intrinsic = INTRINSIC[tokens[i].word] ?? 0;
    if (aspect === "fit" && FIT_PROBLEM.has(tokens[i].word)) {
      const prev = tokens[i - 1]?.word;
      if (prev === "too" || prev === "runs" || prev === "run" || prev === "very" || prev === "bit") intrinsic = -1;
    }
    if (tokens[i].negated) intrinsic = -intrinsic;
    entry.sum += clauseSum !== 0 ? clauseSum : intrinsic;
  }
  return [...byAspect.entries()].map(([aspect, { sum, evidence }]) => ({
    aspect,
    polarity: sum > 0.3 ? "positive" : sum < -0.3 ? "negative" : "neutral",
    evidence: [...evidence],
  }));
}
