import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Lexicon } from "./lexicon-score";

// VADER's general-purpose English sentiment lexicon (Hutto & Gilbert, 2014:
// ~7,500 words, emoticons and slang rated -4..+4 by human raters), as shipped
// in the `vader-sentiment` npm package (Apache-2.0). Not built for any one
// kind of product.

// A few common emoji, which the lexicon predates (valence on VADER's -4..+4 scale).
const EMOJI: Record<string, number> = {
  "😍": 3,
  "🥰": 3,
  "❤": 3,
  "❤️": 3,
  "💕": 2.5,
  "😊": 2,
  "🙂": 1.5,
  "😀": 2,
  "😁": 2,
  "😃": 2,
  "😄": 2,
  "👍": 2,
  "👌": 1.5,
  "🔥": 1.5,
  "⭐": 1.5,
  "🌟": 1.5,
  "🎉": 2,
  "💯": 2,
  "😐": -0.3,
  "🤷": -0.3,
  "😕": -1.5,
  "🙁": -1.5,
  "☹": -1.8,
  "😞": -2,
  "😢": -2,
  "😭": -2.2,
  "😡": -3,
  "😠": -2.5,
  "🤬": -3,
  "👎": -2,
  "💩": -2.5,
  "🤮": -3,
};

// Words and phrases of product, service and film reviews in general that the
// lexicon lacks or rates for other uses (valence on its -4..+4 scale). Not
// about any one kind of product.
const REVIEW_TERMS: Record<string, number> = {
  broke: -2,
  broken: -2,
  breaks: -1.8,
  cheap: -1,
  cheaply: -1.5,
  flimsy: -2,
  defective: -2.5,
  faulty: -2.2,
  junk: -2.5,
  refund: -1.2,
  returned: -1.2,
  returning: -1.2,
  unusable: -2.5,
  overpriced: -2,
  waste: -2.2,
  wasted: -2.2,
  mediocre: -1.5,
  meh: -1,
  disappointing: -2.2,
  unflattering: -2,
  itchy: -1.5,
  scratchy: -1.5,
  shrank: -1.8,
  shrunk: -1.8,
  faded: -1.2,
  worked: 0.8,
  works: 0.8,
  recommend: 1.8,
  recommended: 1.8,
  flattering: 2,
  comfy: 2,
  gorgeous: 3,
  stunning: 3,
  beautifully: 2.5,
  sturdy: 1.5,
  durable: 1.5,
  delicious: 3,
  tasty: 2.2,
  bland: -1.5,
  stale: -1.8,
  rude: -2.2,
};

let cached: Lexicon | undefined;

export function loadLexicon(): Lexicon {
  if (cached) return cached;
  const file = createRequire(import.meta.url).resolve("vader-sentiment/vader_lexicon.txt");
  const lexicon: Lexicon = new Map();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const [word, mean] = line.split("\t");
    const value = Number(mean);
    if (word && Number.isFinite(value)) lexicon.set(word.toLowerCase().replace(/['\u2019]/g, ""), value);
  }
  for (const [emoji, value] of Object.entries(EMOJI)) lexicon.set(emoji, value);
  for (const [word, value] of Object.entries(REVIEW_TERMS)) lexicon.set(word, value);
  cached = lexicon;
  return lexicon;
}
