// Product images without the internet: /cdn/products/<handle>.svg is a
// placeholder drawn from the handle (its initials on a colour of its own),
// so every product has a stable, distinct image URL.

import { hash32 } from "./text.js";

const PALETTE = ["#c0392b", "#d35400", "#f39c12", "#27ae60", "#16a085", "#2980b9", "#8e44ad", "#2c3e50", "#b03a6f", "#6d4c41"];

export function placeholderSvg(name: string, size = 800): string {
  const words = name
    .replace(/\.[a-z]+$/i, "")
    .split(/[-_\s]+/)
    .filter((w) => /[a-z0-9]/i.test(w));
  const initials =
    words
      .slice(0, 2)
      .map((w) => w[0].toUpperCase())
      .join("") || "?";
  const colour = PALETTE[hash32(name) % PALETTE.length];
  const label = words
    .join(" ")
    .slice(0, 40)
    .replace(/[<>&"]/g, "");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 800 800" role="img" aria-label="${label}">`,
    `<rect width="800" height="800" fill="${colour}"/>`,
    `<text x="400" y="470" font-family="Helvetica, Arial, sans-serif" font-size="260" font-weight="700" fill="#ffffff" text-anchor="middle">${initials}</text>`,
    `<text x="400" y="720" font-family="Helvetica, Arial, sans-serif" font-size="36" fill="#ffffff" fill-opacity="0.85" text-anchor="middle">${label}</text>`,
    "</svg>",
  ].join("");
}
