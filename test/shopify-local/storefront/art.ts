// Stand-in product images, drawn from the product's handle, so a catalog
// without reachable image URLs (offline, fixtures) still looks like a shop.
import { createHash } from "node:crypto";

export const GENERATED_IMAGE_PREFIX = "/cdn/shop/generated/";

export function generatedImageUrl(handle: string): string {
  return `${GENERATED_IMAGE_PREFIX}${encodeURIComponent(handle)}.svg`;
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c);

export function productArt(handle: string, title: string): string {
  const digest = createHash("sha256").update(handle).digest();
  const hue = (digest[0] * 360) / 256;
  const accent = (hue + 35 + digest[1] / 8) % 360;
  const initials =
    title
      .split(/\s+/)
      .filter((word) => /^[\p{L}\p{N}]/u.test(word))
      .slice(0, 2)
      .map((word) => word[0].toUpperCase())
      .join("") || "?";
  const shape =
    digest[2] % 2
      ? `<circle cx="400" cy="420" r="235" fill="hsl(${accent} 38% 80%)"/>`
      : `<rect x="190" y="210" width="420" height="420" rx="64" fill="hsl(${accent} 38% 80%)" transform="rotate(${(digest[3] % 24) - 12} 400 420)"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 800" width="800" height="800" role="img" aria-label="${escapeXml(title)}">
<rect width="800" height="800" fill="hsl(${hue} 32% 92%)"/>
${shape}
<text x="400" y="420" dy="0.35em" text-anchor="middle" font-family="Georgia, 'Times New Roman', serif" font-size="170" fill="hsl(${accent} 30% 28%)">${escapeXml(initials)}</text>
</svg>`;
}
