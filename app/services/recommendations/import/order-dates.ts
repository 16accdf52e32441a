// Order dates as merchants' exports write them.
//
// Accepted:
//   ISO 8601 / RFC 3339 and its space-separated variant:
//     2011-12-09, 2011-12-09T12:50, 2010-12-01 08:26:00, 2011-12-09T12:50:00.123Z,
//     2023-01-05 10:22:01 -0500, 2023-01-05T10:22:01+01:00, 2011/12/09 12:50
//   Numeric day/month dates with an optional time (and am/pm):
//     12/1/2010 8:26 (the UCI Online Retail spreadsheet), 1/12/2010, 12-01-10,
//     01.12.2010 14:05
// Slashed and dashed dates are read month first (US, as in Online Retail)
// unless `dayFirst` is set; a first number above 12 forces day first, and
// dotted dates (01.12.2010) are always day first. A file uses one order: the
// CSV reader decides it from the file's first date that can only be read one
// way (`dateOrderOf`) and reads the file's other dates that way. Two-digit years are
// 2000-2069 / 1970-1999; years outside 1970-2100 are refused. Times without an offset are taken as UTC: an import
// only needs the order of purchases and their age in days, which an unknown
// shop time zone shifts by hours at most.

export interface DateParseOptions {
  /** Read 01/12/2010 as 1 December (day first). Default false (month first). */
  dayFirst?: boolean;
}

const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?$/i;

/** Which of day and month comes first in a file's slashed or dashed dates. */
export type DateOrder = "day_first" | "month_first";

/**
 * The order a date can only be read in: day first when its first number is
 * above 12, month first when its second is. Null for ISO and dotted dates
 * (one reading only) and for dates such as 05/01/2011 that read both ways.
 */
export function dateOrderOf(text: string): DateOrder | null {
  const m = NUMERIC.exec(text.trim());
  if (!m || m[2] === ".") return null;
  if (Number(m[1]) > 12) return "day_first";
  if (Number(m[3]) > 12) return "month_first";
  return null;
}

/** A slashed or dashed date whose day and month could be swapped (both 12 or under). */
export function readsBothWays(text: string): boolean {
  const m = NUMERIC.exec(text.trim());
  return !!m && m[2] !== "." && Number(m[1]) <= 12 && Number(m[3]) <= 12 && m[1] !== m[3];
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function build(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number, offsetMinutes: number): number | null {
  // Orders from before 1970 or after 2100 are data errors, not history.
  if (year < 1970 || year > 2100) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

function parseOffset(text: string | undefined): number | null {
  if (!text || /^(z|utc|gmt)$/i.test(text)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!m) return null;
  const h = Number(m[2]);
  const min = Number(m[3] ?? 0);
  if (h > 14 || min > 59) return null;
  return (m[1] === "-" ? -1 : 1) * (h * 60 + min);
}

/** Milliseconds since the epoch, or null when the text is not a date we read. */
export function parseOrderDate(text: string, options: DateParseOptions = {}): number | null {
  const s = text.trim();
  if (s.length === 0 || s.length > 40) return null;

  let m = ISO.exec(s);
  if (m) {
    const offset = parseOffset(m[8]);
    if (offset === null) return null;
    const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
    return build(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms, offset);
  }

  m = NUMERIC.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const dayFirst = m[2] === "." || a > 12 || (options.dayFirst === true && b <= 12);
    const day = dayFirst ? a : b;
    const month = dayFirst ? b : a;
    let year = Number(m[4]);
    if (m[4].length === 2) year += year < 70 ? 2000 : 1900;
    let hour = Number(m[5] ?? 0);
    const ampm = m[8]?.toLowerCase().replace(/\./g, "");
    if (ampm) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (ampm === "pm" ? 12 : 0);
    }
    return build(year, month, day, hour, Number(m[6] ?? 0), Number(m[7] ?? 0), 0, 0);
  }
  return null;
}
