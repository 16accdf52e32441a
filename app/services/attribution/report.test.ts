import { revenueReport, type CreditedLine } from "./report";

const NOW = Date.parse("2026-11-30T10:00:00Z");
const line = (orderId: string, cents: number, daysAgo: number, pageType = "product", block = "recommendations"): CreditedLine => ({
  orderId,
  revenueCents: cents,
  pageType,
  block,
  orderedAt: NOW - daysAgo * 86_400_000,
});

describe("revenueReport", () => {
  it("sums revenue, counts orders once and averages per order, by day, page type and block", () => {
    const report = revenueReport([line("o1", 1000, 0), line("o1", 500, 0, "cart"), line("o2", 3000, 1, "home"), line("o3", 999, 40)], {
      days: 7,
      now: NOW,
      allRevenueCents: 18_000,
    });
    expect(report.totals).toEqual({ revenueCents: 4500, orders: 2, aovCents: 2250, shareOfRevenue: 0.25 });
    expect(report.daily).toHaveLength(7);
    expect(report.daily.at(-1)).toEqual({ date: "2026-11-30", revenueCents: 1500, orders: 1, aovCents: 1500 });
    expect(report.daily.at(-2)).toEqual({ date: "2026-11-29", revenueCents: 3000, orders: 1, aovCents: 3000 });
    expect(report.daily[0]).toEqual({ date: "2026-11-24", revenueCents: 0, orders: 0, aovCents: null });
    expect(report.byPageType.map((g) => [g.key, g.revenueCents, g.orders])).toEqual([
      ["home", 3000, 1],
      ["product", 1000, 1],
      ["cart", 500, 1],
    ]);
    expect(report.byBlock).toEqual([{ key: "recommendations", revenueCents: 4500, orders: 2, aovCents: 2250 }]);
  });

  it("has no share when the shop had no revenue, and empty groups without lines", () => {
    const report = revenueReport([], { days: 3, now: NOW, allRevenueCents: 0 });
    expect(report.totals).toEqual({ revenueCents: 0, orders: 0, aovCents: null, shareOfRevenue: null });
    expect(report.byPageType).toEqual([]);
  });
});
