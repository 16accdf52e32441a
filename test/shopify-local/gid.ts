// Shopify's global ids: gid://shopify/{Type}/{numeric id}.
// https://shopify.dev/docs/api/usage/gids

export type GidType =
  | "Product"
  | "ProductVariant"
  | "MediaImage"
  | "ImageSource"
  | "ProductOption"
  | "ProductOptionValue"
  | "Metafield"
  | "Order"
  | "LineItem"
  | "Customer"
  | "Shop"
  | "Domain"
  | "BulkOperation"
  | "AppInstallation"
  | "App"
  | "InventoryItem"
  | "InventoryLevel"
  | "InventoryQuantity"
  | "Location"
  | "UrlRedirect"
  | "Collection";

export function gid(type: GidType, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export interface ParsedGid {
  type: string;
  id: number;
}

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/;

/** The type and numeric id of a gid, or null if it is not a well-formed one. */
export function parseGid(value: string): ParsedGid | null {
  const m = GID.exec(value);
  if (!m) return null;
  const id = Number(m[2]);
  return Number.isSafeInteger(id) ? { type: m[1], id } : null;
}

/** The numeric id when `value` is a gid of `type`, else null. */
export function idOf(value: unknown, type: GidType): number | null {
  if (typeof value !== "string") return null;
  const parsed = parseGid(value);
  return parsed && parsed.type === type ? parsed.id : null;
}
