import { createHash } from "node:crypto";

/**
 * A field as stored: control characters (but line breaks and tabs) removed,
 * Unicode normalised, outer space trimmed. Markup is kept as the shopper
 * typed it: it is text, and every screen renders it as text.
 */
export function cleanText(value: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
  return value.normalize("NFC").replace(controls, "").trim();
}

/** What makes two reviews "the same review": product, author and words, ignoring case and spacing. */
export function reviewContentHash(productShopifyId: string, authorName: string, title: string, body: string): string {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();
  return createHash("sha256")
    .update(`${productShopifyId}\u0000${norm(authorName)}\u0000${norm(title)}\u0000${norm(body)}`)
    .digest("hex");
}
