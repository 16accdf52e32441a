// Description HTML reduced to what Shopify's rich text editor keeps and a
// theme renders safely: paragraphs, lists, emphasis, line breaks and
// headings. Everything else (scripts, styles, event handlers, iframes,
// attributes) goes; the text inside unknown tags stays.

const KEPT_TAGS = new Set(["p", "ul", "ol", "li", "strong", "em", "b", "i", "br", "h2", "h3", "h4"]);
const DROPPED_WITH_CONTENT = new Set([
  "script",
  "style",
  "iframe",
  "object",
  "embed",
  "noscript",
  "template",
  "svg",
  "math",
  "head",
  "title",
  "textarea",
  "select",
]);
const VOID_TAGS = new Set(["br"]);

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#39": "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith("#x")) return safeCodePoint(parseInt(lower.slice(2), 16), whole);
    if (lower.startsWith("#")) return safeCodePoint(parseInt(lower.slice(1), 10), whole);
    return ENTITIES[lower] ?? whole;
  });
}

function safeCodePoint(n: number, fallback: string): string {
  return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : fallback;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Plain text of an HTML fragment: tags dropped (and the content of script-like ones), entities decoded, spaces collapsed. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, " ")
      .replace(/<(script|style|iframe|object|embed|noscript|template|svg|math|head|title|textarea|select)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, " ")
      .replace(/<\/?(p|li|br|h[1-6]|div|ul|ol|tr)\b[^>]*>/gi, " ")
      .replace(/<[^>]*>/g, ""),
  )
    .replace(/\s+/g, " ")
    .trim();
}

/** Words in an HTML fragment's text. */
export function wordCount(html: string): number {
  const text = htmlToText(html);
  return text ? text.split(" ").filter((w) => /[\p{L}\p{N}]/u.test(w)).length : 0;
}

/**
 * Sanitises description HTML to the kept tags, with no attributes, balanced,
 * and without empty paragraphs. Text is re-escaped, so `<` in the text never
 * becomes markup.
 */
export function sanitizeDescriptionHtml(html: string): string {
  const out: string[] = [];
  const open: string[] = [];
  let dropping: string | null = null;
  const tokens = html.replace(/<!--[\s\S]*?-->/g, "").split(/(<\/?[a-zA-Z][^>]*>)/);
  for (const token of tokens) {
    const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>$/.exec(token);
    if (!tag) {
      if (dropping) continue;
      // A stray "<" or ">" in text stays text.
      const text = escapeHtml(decodeEntities(token));
      if (text) out.push(text);
      continue;
    }
    const [, closing, rawName] = tag;
    const name = rawName.toLowerCase();
    if (dropping) {
      if (closing && name === dropping) dropping = null;
      continue;
    }
    if (DROPPED_WITH_CONTENT.has(name)) {
      if (!closing && !tag[3]) dropping = name;
      continue;
    }
    const mapped = name === "b" ? "strong" : name === "i" ? "em" : name === "h1" ? "h2" : name === "div" ? "p" : name;
    if (!KEPT_TAGS.has(mapped)) continue;
    if (VOID_TAGS.has(mapped)) {
      out.push("<br>");
      continue;
    }
    if (!closing) {
      // Block elements do not nest inside paragraphs: close an open one first.
      if (["p", "ul", "ol", "h2", "h3", "h4"].includes(mapped) && open.at(-1) === "p") out.push(`</${open.pop()}>`);
      open.push(mapped);
      out.push(`<${mapped}>`);
    } else {
      const at = open.lastIndexOf(mapped);
      if (at === -1) continue;
      while (open.length > at) out.push(`</${open.pop()}>`);
    }
  }
  while (open.length) out.push(`</${open.pop()}>`);
  return out
    .join("")
    .replace(/<(p|li|strong|em|h2|h3|h4)>\s*<\/\1>/g, "")
    .replace(/<(ul|ol)>\s*<\/\1>/g, "")
    .replace(/\s+/g, " ")
    .replace(/\s*(<\/?(?:p|ul|ol|li|h2|h3|h4)>)\s*/g, "$1")
    .trim();
}
