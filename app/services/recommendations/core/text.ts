// Tokenisation for product text (titles, types, tags, descriptions).

// A short English stop list: function words plus words that appear in almost
// every product description and say nothing about what the product is.
const STOP_WORDS = new Set(
  (
    "a about above after again all also am an and any are as at be because been before being below between both but by " +
    "can could did do does doing down during each few for from further had has have having he her here hers him his how i " +
    "if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over own " +
    "same she should so some such than that the their theirs them then there these they this those through to too under " +
    "until up very was we were what when where which while who whom why will with would you your yours " +
    "product products item items new buy shop order our perfect great ideal made make includes including use"
  ).split(" "),
);

/** Strip HTML tags and the common entities (descriptions come as HTML). */
export function stripHtml(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/gi, " ")
    .replace(/&amp;/gi, "&")
    .replace(/&(lt|gt|quot|apos|#39);/gi, " ");
}

/**
 * Conservative English plural folding, enough to match "hearts"/"heart" and
 * "boxes"/"box" without a full stemmer (which would also merge unrelated
 * words and make explanations harder to trust).
 */
export function singular(token: string): string {
  if (token.length <= 3 || /\d/.test(token)) return token;
  if (token.endsWith("ies") && token.length > 4) return token.slice(0, -3) + "y";
  if (/(xes|ches|shes|sses|zes)$/.test(token)) return token.slice(0, -2);
  if (token.endsWith("s") && !/(ss|us|is)$/.test(token)) return token.slice(0, -1);
  return token;
}

/** Lower-cased, accent-free, plural-folded word tokens without stop words. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const normalised = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
  for (const raw of normalised.split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 2 || STOP_WORDS.has(raw)) continue;
    if (/^\d+$/.test(raw) && raw.length < 2) continue;
    out.push(singular(raw));
  }
  return out;
}
