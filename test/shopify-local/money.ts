// Money is kept as Shopify sends it: a decimal string ("2.55"). Sums go
// through integer cents so that 0.1 + 0.2 stays "0.30".

export function toCents(amount: string | number): number {
  const n = typeof amount === "number" ? amount : Number(amount);
  if (!Number.isFinite(n)) throw new Error(`not an amount: ${String(amount)}`);
  return Math.round(n * 100);
}

export function fromCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** "2.5" -> "2.50"; throws on anything that is not a number. */
export function normalizeAmount(amount: string | number): string {
  // Already canonical (the common case when seeding half a million lines): keep the string.
  if (typeof amount === "string" && /^-?\d+\.\d{2}$/.test(amount)) return amount;
  return fromCents(toCents(amount));
}
