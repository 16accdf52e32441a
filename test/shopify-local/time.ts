/** Shopify's DateTime format: ISO 8601 in UTC, without milliseconds. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A date in Shopify's format; strings already in it are kept as they are. */
export function toIsoSeconds(value: string | Date): string {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value)) return value;
  return isoSeconds(parseDate(value));
}

/** Parses an ISO date or date-time; throws with the input on a bad value. */
export function parseDate(value: string | Date): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`not a date: ${String(value)}`);
  return date;
}
