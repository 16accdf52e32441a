// One table of money format cases for every copy of the formatter: the admin's
// (app/lib/money.ts), the storefront block's (extensions/aisle-theme/assets/
// aisle-recommendations.js, run in Chromium) and the local Shopify's Liquid
// `money` filter (test/shopify-local/storefront/money.ts). Expected values
// follow Shopify's money format tokens:
// https://help.shopify.com/en/manual/international/pricing/currency-formatting

export interface MoneyFormatCase {
  /** A decimal string, as the Admin API sends prices. */
  amount: string;
  format: string;
  expected: string;
}

export const MONEY_FORMAT_CASES: MoneyFormatCase[] = [
  // Each token on 1,234.56.
  { amount: "1234.56", format: "${{amount}}", expected: "$1,234.56" },
  { amount: "1234.56", format: "{{amount_no_decimals}}", expected: "1,235" },
  { amount: "1234.56", format: "{{amount_with_comma_separator}}", expected: "1.234,56" },
  { amount: "1234.56", format: "{{amount_no_decimals_with_comma_separator}}", expected: "1.235" },
  { amount: "1234.56", format: "{{amount_with_apostrophe_separator}}", expected: "1'234.56" },
  { amount: "1234.56", format: "{{amount_no_decimals_with_space_separator}}", expected: "1 235" },
  { amount: "1234.56", format: "{{amount_with_space_separator}}", expected: "1 234,56" },
  { amount: "1234.56", format: "{{amount_with_period_and_space_separator}}", expected: "1 234.56" },
  // Where an earlier copy in the admin went wrong.
  { amount: "1234.50", format: "{{amount_no_decimals_with_comma_separator}} kr", expected: "1.235 kr" },
  { amount: "1234.50", format: "{{amount_with_comma_separator}} €", expected: "1.234,50 €" },
  { amount: "1234.50", format: "CHF {{amount_with_apostrophe_separator}}", expected: "CHF 1'234.50" },
  // Millions, halves, small amounts, zero, whitespace inside the braces.
  { amount: "1234567.89", format: "{{ amount_with_comma_separator }} €", expected: "1.234.567,89 €" },
  { amount: "1234567.5", format: "{{amount_no_decimals}} kr", expected: "1,234,568 kr" },
  { amount: "1234567.891", format: "${{amount}}", expected: "$1,234,567.89" },
  { amount: "999.995", format: "${{amount}}", expected: "$1,000.00" },
  { amount: "0.05", format: "£{{amount}}", expected: "£0.05" },
  { amount: "0", format: "{{amount_with_space_separator}} zł", expected: "0,00 zł" },
  { amount: "19.9", format: "{{amount}}", expected: "19.90" },
  { amount: "100", format: "¥{{amount_no_decimals}}", expected: "¥100" },
  // A token Shopify does not define stays as written.
  { amount: "12", format: "{{price}} USD", expected: "{{price}} USD" },
];

/** Formats written with HTML, for the formatters that show prices as text (admin, storefront block). */
export const MONEY_FORMAT_TEXT_CASES: MoneyFormatCase[] = [
  { amount: "19.9", format: "<span class=money>&euro;{{amount_with_comma_separator}}</span>", expected: "€19,90" },
  { amount: "1234.5", format: "&#163;{{amount}}", expected: "£1,234.50" },
  { amount: "5", format: "{{amount}}&nbsp;&#x20AC;", expected: "5.00\u00a0€" },
];
