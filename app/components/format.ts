const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1_000],
];

/** "3 minutes ago"; stable between server and client renders to the second. */
export function timeAgo(value: string | Date | null | undefined, now = Date.now()): string {
  if (!value) return "never";
  const diff = new Date(value).getTime() - now;
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, ms] of UNITS) if (Math.abs(diff) >= ms || unit === "second") return rtf.format(Math.round(diff / ms), unit);
  return "just now";
}

export const formatNumber = (n: number) => new Intl.NumberFormat("en").format(n);

/** 0.1423 -> "14.2%"; null -> "–". */
export const formatPercent = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined || !Number.isFinite(n) ? "–" : `${(n * 100).toFixed(digits)}%`;
