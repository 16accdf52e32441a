import { describe, expect, it } from "vitest";
import { parseOrderDate } from "./order-dates";

const utc = (...a: [number, number, number, number?, number?, number?, number?]) => Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0, a[5] ?? 0, a[6] ?? 0);

describe("parseOrderDate", () => {
  it.each([
    ["2010-12-01 08:26:00", utc(2010, 12, 1, 8, 26)], // the shared Online Retail file
    ["12/1/2010 8:26", utc(2010, 12, 1, 8, 26)], // the original UCI spreadsheet
    ["2011-12-09", utc(2011, 12, 9)],
    ["2011-12-09T12:50", utc(2011, 12, 9, 12, 50)],
    ["2011-12-09T12:50:00.123Z", utc(2011, 12, 9, 12, 50, 0, 123)],
    ["2023-01-05T10:22:01+01:00", utc(2023, 1, 5, 9, 22, 1)],
    ["2023-01-05 10:22:01 -0500", utc(2023, 1, 5, 15, 22, 1)],
    ["2011/12/09 12:50", utc(2011, 12, 9, 12, 50)],
    ["25/12/2010 10:00", utc(2010, 12, 25, 10)], // first number > 12: day first
    ["01.12.2010 14:05", utc(2010, 12, 1, 14, 5)], // dotted: day first
    ["12-01-10", utc(2010, 12, 1)],
    ["1/2/2011 1:05 PM", utc(2011, 1, 2, 13, 5)],
    ["1/2/2011 12:05 am", utc(2011, 1, 2, 0, 5)],
  ])("reads %s", (text, expected) => {
    expect(parseOrderDate(text)).toBe(expected);
  });

  it("reads day first when asked", () => {
    expect(parseOrderDate("01/12/2010", { dayFirst: true })).toBe(utc(2010, 12, 1));
  });

  it.each([
    "",
    "yesterday",
    "2011-02-30",
    "13/13/2010",
    "2011-12-09 25:00",
    "12/1/2010 13:00 pm",
    "2011-12-09T10:00+25:00",
    "9".repeat(50),
    "2011-12",
    "0011-01-01",
    "2999-01-01",
  ])("rejects %j", (text) => {
    expect(parseOrderDate(text)).toBeNull();
  });
});
