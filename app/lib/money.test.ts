import { MONEY_FORMAT_CASES, MONEY_FORMAT_TEXT_CASES } from "../../test/helpers/money-formats";
import { formatMoney } from "./money";

describe("formatMoney (the admin's prices)", () => {
  it.each([...MONEY_FORMAT_CASES, ...MONEY_FORMAT_TEXT_CASES])("$amount in $format is $expected", ({ amount, format, expected }) => {
    expect(formatMoney(amount, format)).toBe(expected);
  });

  it("takes numbers as well as decimal strings", () => {
    expect(formatMoney(1234.5, "{{amount_with_comma_separator}} €")).toBe("1.234,50 €");
  });

  it("shows what it was given when it is not a price", () => {
    expect(formatMoney("not a price", "${{amount}}")).toBe("not a price");
    expect(formatMoney("", "${{amount}}")).toBe("");
  });
});
