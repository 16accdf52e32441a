// Shopify's money filters for the local storefront's Liquid. Amounts in Liquid
// are integers in the currency's minor unit (cents), as on Shopify.
// https://shopify.dev/docs/api/liquid/filters/money
// Held to the same cases as the admin's app/lib/money.ts and the storefront
// block's copy: test/helpers/money-formats.ts.

const TOKENS: Record<string, [decimals: number, thousands: string, decimal: string]> = {
  amount: [2, ",", "."],
  amount_no_decimals: [0, ",", "."],
  amount_with_comma_separator: [2, ".", ","],
  amount_no_decimals_with_comma_separator: [0, ".", ","],
  amount_with_apostrophe_separator: [2, "'", "."],
  amount_no_decimals_with_space_separator: [0, " ", "."],
  amount_with_space_separator: [2, " ", ","],
  amount_with_period_and_space_separator: [2, " ", "."],
};

export function formatMoney(cents: number, format: string): string {
  return format.replace(/\{\{\s*(\w+)\s*\}\}/g, (token, name: string) => {
    const rule = TOKENS[name];
    if (!rule) return token;
    const [whole, fraction] = (cents / 100).toFixed(rule[0]).split(".");
    return whole.replace(/\B(?=(\d{3})+(?!\d))/g, rule[1]) + (fraction ? rule[2] + fraction : "");
  });
}
