// Pure: words of a review, with the negation scope and sentence breaks the
// classifiers need.

export interface Token {
  /** Lower-case word, apostrophes removed ("didn't" → "didnt"), or an emoji / emoticon. */
  word: string;
  /** Written in capitals in a text that is not all capitals (emphasis). */
  shouted: boolean;
  /** Inside the scope of a negation ("not", "didn't", "never", ...), up to the next clause break. */
  negated: boolean;
  /** Index of the clause (split at . ! ? ; and at contrast words such as "but"). */
  clause: number;
  /** Index of the phrase: clauses split further at commas. Negation and intensifiers reach within a phrase. */
  phrase: number;
  /** After a contrast word ("but", "however", "although" ...) within its sentence: what the writer concludes. */
  afterContrast: boolean;
  /** Before a contrast word in the same sentence. */
  beforeContrast: boolean;
}

export const NEGATORS = new Set([
  "not",
  "no",
  "never",
  "nothing",
  "none",
  "nobody",
  "nowhere",
  "neither",
  "nor",
  "without",
  "cannot",
  "cant",
  "dont",
  "doesnt",
  "didnt",
  "isnt",
  "arent",
  "wasnt",
  "werent",
  "wont",
  "wouldnt",
  "couldnt",
  "shouldnt",
  "hasnt",
  "havent",
  "hadnt",
  "aint",
  "mustnt",
  "neednt",
  "hardly",
  "barely",
  "scarcely",
  "rarely",
  "seldom",
  "lack",
  "lacks",
  "lacking",
]);

/** Words after which the writer turns: what follows weighs more than what came before. */
export const CONTRASTS = new Set(["but", "however", "though", "although", "yet", "unfortunately", "except", "sadly"]);

// "but" ends a negation scope too: "not cheap but great" negates only "cheap".
const SCOPE_BREAK = /[.!?;:,]/;

// Emoticons and emoji are words of their own.
const TOKEN = /(?:[:;=][-^']?[)(\][dDpPoO/\\|*]+|<\/?3|[\p{Extended_Pictographic}\u2639\u263A](?:\uFE0F)?)|[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)*|[.!?;:,]/gu;

// The same for plain ASCII text (most reviews), several times faster.
const ASCII_TOKEN = /[:;=][-^']?[)(\][dDpPoO/\\|*]+|<\/?3|[A-Za-z0-9]+(?:'[A-Za-z]+)*|[.!?;:,]/g;
const NON_ASCII = /[^\t\n\r\x20-\x7E]/;

export function tokenize(text: string): Token[] {
  const ascii = !NON_ASCII.test(text);
  const raw = text.match(ascii ? ASCII_TOKEN : TOKEN) ?? [];
  // A lower-case ASCII letter settles it without copying the text twice.
  const allCaps = !/[a-z]/.test(text) && text === text.toUpperCase() && text !== text.toLowerCase();
  const out: Token[] = [];
  let negated = false;
  let clause = 0;
  let phrase = 0;
  let sentenceStart = 0;
  let contrastAt = -1;
  for (const piece of raw) {
    if (piece.length === 1 && SCOPE_BREAK.test(piece)) {
      negated = false;
      phrase++;
      if (piece !== ",") {
        // End of a sentence: the words before a contrast in it weigh less.
        if (contrastAt >= 0) for (let i = sentenceStart; i < contrastAt; i++) out[i].beforeContrast = true;
        sentenceStart = out.length;
        contrastAt = -1;
        clause++;
      }
      continue;
    }
    const lower = piece.toLowerCase();
    const word = lower.includes("'") || lower.includes("\u2019") ? lower.replace(/['\u2019]/g, "") : lower;
    if (CONTRASTS.has(word)) {
      negated = false;
      clause++;
      phrase++;
      contrastAt = out.length;
      continue;
    }
    const shouted = !allCaps && piece.length > 1 && lower !== piece && piece === piece.toUpperCase();
    out.push({ word, shouted, negated, clause, phrase, afterContrast: contrastAt >= 0, beforeContrast: false });
    if (NEGATORS.has(word)) negated = true;
  }
  if (contrastAt >= 0) for (let i = sentenceStart; i < contrastAt; i++) out[i].beforeContrast = true;
  return out;
}
