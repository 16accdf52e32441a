// Pure moderation rules: which checks a review trips, and whether the shop's
// auto-publish rule lets it go live without a person looking at it.

export interface ReviewRules {
  autoPublish: boolean;
  /** Auto-publish only reviews with at least this many stars. */
  minRating: number;
  /** Auto-publish only reviews that tripped no check (flagged words, links, ...). */
  requireNoFlags: boolean;
  /** Auto-publish only reviews from verified buyers. */
  requireVerifiedBuyer: boolean;
  /** The merchant's own flagged words, matched as whole words, case-insensitively. */
  flaggedWords: string[];
}

export interface ReviewForChecks {
  rating: number;
  title: string;
  body: string;
  authorName: string;
  photoUrl: string | null;
  verifiedBuyer: boolean;
}

// Words no shop wants published unread. Deliberately short: the merchant adds their own.
const DEFAULT_FLAGGED = ["viagra", "casino", "crypto", "bitcoin", "porn", "xxx", "loan", "escort"];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The checks a review trips: "flagged_word:<w>", "link", "shouting", "repeated_characters", "honeypot", "photo_host". */
export function reviewFlags(review: ReviewForChecks, flaggedWords: string[], honeypotFilled = false): string[] {
  const flags: string[] = [];
  const text = `${review.title}\n${review.body}\n${review.authorName}`;
  if (honeypotFilled) flags.push("honeypot");
  for (const word of new Set([...DEFAULT_FLAGGED, ...flaggedWords.map((w) => w.trim().toLowerCase()).filter(Boolean)])) {
    if (new RegExp(`(^|[^\\p{L}\\p{N}])${escape(word)}($|[^\\p{L}\\p{N}])`, "iu").test(text)) flags.push(`flagged_word:${word}`);
  }
  if (/(https?:\/\/|www\.)\S+/i.test(text)) flags.push("link");
  const letters = text.replace(/[^\p{L}]/gu, "");
  if (letters.length >= 20 && letters.replace(/[^\p{Lu}]/gu, "").length / letters.length > 0.7) flags.push("shouting");
  if (/(.)\1{9,}/u.test(text)) flags.push("repeated_characters");
  return flags;
}

/** Whether a review goes live at once under the shop's rules. */
export function autoPublishes(review: ReviewForChecks, flags: string[], rules: ReviewRules): boolean {
  if (!rules.autoPublish) return false;
  if (flags.includes("honeypot")) return false;
  if (review.rating < rules.minRating) return false;
  if (rules.requireNoFlags && flags.length) return false;
  if (rules.requireVerifiedBuyer && !review.verifiedBuyer) return false;
  return true;
}

/** Where a new review starts: honeypot hits are hidden at once, the rest wait or go live. */
export function initialStatus(review: ReviewForChecks, flags: string[], rules: ReviewRules): "pending" | "published" | "hidden" {
  if (flags.includes("honeypot")) return "hidden";
  return autoPublishes(review, flags, rules) ? "published" : "pending";
}
