import { cleanHistory, stockOutDays } from "./history";

describe("stock-out days from closing stock", () => {
  it("marks days that opened or closed with nothing to sell, carrying a quantity over days without a row", () => {
    // Window: days 100..109. Stock 5 from day 90, sold out on day 102, restocked on day 106.
    const flags = stockOutDays(
      [
        { day: 90, available: 5 },
        { day: 102, available: 0 },
        { day: 106, available: 12 },
      ],
      100,
      10,
    );
    expect(flags).toEqual([false, false, true, true, true, true, true, false, false, false]);
  });

  it("does not guess before the first row, and says so when nothing was out", () => {
    expect(stockOutDays([{ day: 105, available: 0 }], 100, 7)).toEqual([false, false, false, false, false, true, true]);
    expect(stockOutDays([{ day: 50, available: 3 }], 100, 7)).toBeUndefined();
    expect(stockOutDays([], 100, 7)).toBeUndefined();
    // Negative stock (oversold) is no stock.
    expect(stockOutDays([{ day: 99, available: -2 }], 100, 2)).toEqual([true, true]);
  });

  it("feeds the cleaning: flagged days are unknown, not zero", () => {
    const clean = cleanHistory({
      sales: [3, 0, 0, 4],
      firstWeekday: 0,
      stockedOut: stockOutDays(
        [
          { day: 0, available: 0 },
          { day: 2, available: 9 },
        ],
        0,
        4,
      ),
    });
    expect(Array.from(clean.y)).toEqual([NaN, NaN, NaN, 4]);
    expect(clean.notes).toContain("stock_out_days");
  });
});
