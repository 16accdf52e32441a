// Prices as the shop writes money: its money format ("${{amount}}",
// "{{amount_with_comma_separator}} €") with one of Shopify's amount tokens.
// https://help.shopify.com/en/manual/international/pricing/currency-formatting
// The admin's one formatter; the storefront block
// (extensions/aisle-theme/assets/aisle-recommendations.js) and the local
// Shopify's Liquid `money` filter carry their own copies, held to the same
// table of cases (test/helpers/money-formats.ts).

/** Token -> [decimals, thousands separator, decimal mark]. */
const MONEY_FORMAT_TOKENS: Record<string, readonly [decimals: number, thousands: string, decimal: string]> = {
  amount: [2, ",", "."],
  amount_no_decimals: [0, ",", "."],
  amount_with_comma_separator: [2, ".", ","],
  amount_no_decimals_with_comma_separator: [0, ".", ","],
  amount_with_apostrophe_separator: [2, "'", "."],
  amount_no_decimals_with_space_separator: [0, " ", "."],
  amount_with_space_separator: [2, " ", ","],
  amount_with_period_and_space_separator: [2, " ", "."],
};

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", euro: "€", pound: "£", yen: "¥", cent: "¢" };

// A shop's format may hold HTML (`<span class=money>&euro;{{amount}}</span>`);
// the admin shows prices as text, so keep the format's text.
function formatText(format: string): string {
  return format.replace(/<[^>]*>/g, "").replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] !== "#") return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
    const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

// Unknown tokens are left as written.
function formatMoneyCents(cents: number, moneyFormat: string): string {
  return moneyFormat.replace(/\{\{\s*(\w+)\s*\}\}/g, (token, name: string) => {
    const rule = MONEY_FORMAT_TOKENS[name];
    if (!rule) return token;
    const [whole, fraction] = (cents / 100).toFixed(rule[0]).split(".");
    return whole.replace(/\B(?=(\d{3})+(?!\d))/g, rule[1]) + (fraction ? rule[2] + fraction : "");
  });
}

/** A price from a decimal string ("1234.50", as the Admin API sends it), as text in the shop's money format. */
export function formatMoney(amount: string | number, moneyFormat = "${{amount}}"): string {
  if (typeof amount === "string" && amount.trim() === "") return amount;
  const cents = Math.round(Number(amount) * 100);
  // Not a price: show what was given rather than a made-up amount.
  if (!Number.isFinite(cents)) return String(amount);
  return formatMoneyCents(cents, formatText(moneyFormat));
}
