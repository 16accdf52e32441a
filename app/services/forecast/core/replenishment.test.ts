import { describe, expect, it } from "vitest";
import {
  demandSample,
  expectedShortfall,
  gainCurve,
  gainForServiceLevel,
  levelAtGain,
  planReplenishment,
  roundOrder,
  type ReplenishmentInput,
} from "./replenishment";
import { simulateOrderUpTo, tuneToFillRate } from "./simulate";

// 10 units a day, with a symmetric spread of ±20% around the expected total.
const tenADay = (): Pick<ReplenishmentInput, "demand" | "meanDaily"> => ({
  meanDaily: new Float64Array(56).fill(10),
  demand: (days, p) => 10 * days * (0.8 + 0.4 * p),
});

const base = (over: Partial<ReplenishmentInput> = {}): ReplenishmentInput => ({
  ...tenADay(),
  tracked: true,
  available: 50,
  incoming: 0,
  unitCost: 4,
  unitPrice: 10,
  leadTimeDays: 7,
  reviewPeriodDays: 7,
  serviceLevel: 0.95,
  deadStockDays: 90,
  daysSinceLastSale: 1,
  ...over,
});

describe("replenishment plan", () => {
  it("gives cover, stock-out day, reorder point with safety stock from the spread, and the order", () => {
    const plan = planReplenishment(base());
    expect(plan.state).toBe("ok");
    expect(plan.daysOfCover).toBeCloseTo(5, 9);
    expect(plan.stockOutInDays).toBe(5);
    expect(plan.atRisk).toBe(true);
    // P95 over 7 days = 70 × 1.18; over 14 days 140 × 1.18; safety stock = that − 140.
    expect(plan.reorderPoint).toBeCloseTo(82.6, 6);
    expect(plan.safetyStock).toBeCloseTo(25.2, 6);
    expect(plan.orderUpTo).toBeCloseTo(165.2, 6);
    expect(plan.suggestedQuantity).toBe(116);
    // Expected shortfall over the lead time: E[(D − 50)+] with D uniform in 56..84 → 20 units.
    expect(plan.unitsAtRisk).toBeCloseTo(20, 0);
    expect(plan.revenueAtRisk).toBeCloseTo(plan.unitsAtRisk * 10, 9);
  });

  it("a wider forecast spread means more safety stock", () => {
    const narrow = planReplenishment(base());
    const wide = planReplenishment(base({ demand: (days, p) => 10 * days * (0.4 + 1.2 * p) }));
    expect(wide.safetyStock).toBeGreaterThan(narrow.safetyStock * 2);
  });

  it("counts incoming units and respects minimum order and pack size", () => {
    expect(planReplenishment(base({ incoming: 200 })).suggestedQuantity).toBe(0);
    expect(planReplenishment(base({ packSize: 12 })).suggestedQuantity).toBe(120);
    expect(planReplenishment(base({ minOrderQuantity: 150, packSize: 12 })).suggestedQuantity).toBe(156);
    expect(roundOrder(0, 100, 12)).toBe(0);
    expect(roundOrder(1, 0, 0)).toBe(1);
    expect(roundOrder(13, 1, 12)).toBe(24);
  });

  it("lead times of 0 and 365 days are handled and reported", () => {
    const zero = planReplenishment(base({ leadTimeDays: 0 }));
    expect(zero.leadTimeDays).toBe(1);
    expect(zero.warnings).toContain("lead_time_raised_to_one_day");
    const year = planReplenishment(base({ leadTimeDays: 365 }));
    expect(year.warnings).toContain("lead_time_beyond_forecast");
    expect(year.reorderPoint).toBeCloseTo(3650 * 1.18, 3);
    expect(planReplenishment(base({ leadTimeDays: 4000 })).warnings).toContain("lead_time_capped");
    expect(planReplenishment(base({ leadTimeDays: NaN })).leadTimeDays).toBe(1);
  });

  it("states for untracked variants, unknown stock and missing cost", () => {
    expect(planReplenishment(base({ tracked: false })).state).toBe("not_tracked");
    expect(planReplenishment(base({ available: null })).state).toBe("no_stock_data");
    const noCost = planReplenishment(base({ unitCost: null, available: 5000, daysSinceLastSale: 200 }));
    expect(noCost.warnings).toContain("missing_cost");
    expect(noCost.overstockValue).toBeNull();
    expect(noCost.deadStock).toBe(true);
    expect(noCost.deadStockValue).toBeNull();
    expect(planReplenishment(base({ available: -3 })).warnings).toContain("negative_stock");
    // A single sale and stock left at a deactivated location are said on the variant.
    expect(planReplenishment(base({ saleDays: 1 })).warnings).toContain("single_sale");
    expect(planReplenishment(base({ saleDays: 1, tracked: false })).warnings).toContain("single_sale");
    expect(planReplenishment(base({ saleDays: 2 })).warnings).not.toContain("single_sale");
    expect(planReplenishment(base({ inactiveLocations: 1 })).warnings).toContain("inactive_locations");
    expect(planReplenishment(base({ inactiveLocations: 0 })).warnings).not.toContain("inactive_locations");
  });

  it("values overstock and dead stock at cost", () => {
    const plan = planReplenishment(base({ available: 2000, daysSinceLastSale: 120 }));
    // Keep P90 demand over 56 + 7 days: 630 × 1.16 = 730.8.
    expect(plan.overstockUnits).toBeCloseTo(2000 - 730.8, 6);
    expect(plan.overstockValue).toBeCloseTo((2000 - 730.8) * 4, 6);
    expect(plan.deadStock).toBe(true);
    expect(plan.deadStockValue).toBe(8000);
    expect(planReplenishment(base({ available: 0, daysSinceLastSale: 500 })).deadStock).toBe(false);
  });
});

describe("policy simulation", () => {
  it("a level covering demand over lead time + review never runs out", () => {
    const r = simulateOrderUpTo([{ actual: new Array(28).fill(10), orderUpTo: [140, 140, 140, 140], unitValue: 2 }], { leadDays: 7, reviewDays: 7 });
    expect(r.fillRate).toBe(1);
    // Starts at 140 and sells 10 a day (the first week ends days on 130 … 70,
    // mean 100); from then on 70 arrive each week and end days on 60 … 0 (mean 30).
    expect(r.avgStockUnits).toBeCloseTo((100 + 30 + 30 + 30) / 4, 9);
    expect(r.avgStockValue).toBeCloseTo(r.avgStockUnits * 2, 9);
  });

  it("too low a level loses sales; tuning finds the level for the fill rate", () => {
    const actual = new Array(70).fill(10);
    const run = (level: number) => simulateOrderUpTo([{ actual, orderUpTo: new Array(10).fill(level), unitValue: 1 }], { leadDays: 7, reviewDays: 7 });
    expect(run(70).fillRate).toBeLessThan(0.8);
    const tuned = tuneToFillRate(run, 0.95, 0, 400);
    expect(tuned.result.fillRate).toBeGreaterThanOrEqual(0.95);
    expect(run(tuned.setting - 2).fillRate).toBeLessThan(0.95);
  });
});

describe("order-up-to levels by marginal gain", () => {
  // A steady seller (10 a day, ±10%) and a lumpy one: next to nothing, but on 2% of days a wholesale order of
  // 100-110, which may come within the lead time itself (then stock beyond it prevents little within the review).
  const steady = (days: number) => demandSample((p) => 10 * days * (0.9 + 0.2 * p));
  const lumpy = (days: number) => {
    const big = 1 - 0.98 ** days;
    return demandSample((p) => (p < 1 - big ? 0.1 * days * p : 0.1 * days + 100 + (10 * (p - (1 - big))) / big));
  };
  // And one whose demand all comes within the lead time (a pre-announced one-off order): stock beyond it prevents nothing in the review.
  const oneOff = () => demandSample((p) => (p < 0.5 ? 0 : 60));
  const variants = [...[steady, lumpy].map((d) => ({ lead: d(7), leadReview: d(14) })), { lead: oneOff(), leadReview: oneOff() }];
  // The sample's quantile, linear between its points (0.95 is halfway between the 38th and 39th of 40).
  const quantile = (sample: Float64Array, p: number) => {
    const pos = p * sample.length - 0.5;
    const lo = Math.floor(pos);
    return sample[lo] + (pos - lo) * (sample[lo + 1] - sample[lo]);
  };
  const short = (v: (typeof variants)[number], s: number) => expectedShortfall(v.leadReview, s) - expectedShortfall(v.lead, s);

  it("a higher gain asks for less stock, and one more unit at the level prevents about that many lost units", () => {
    const curve = gainCurve(variants[0].lead, variants[0].leadReview);
    const levels = [0.01, 0.1, 0.5].map((g) => levelAtGain(curve, g).level);
    expect(levels[0]).toBeGreaterThan(levels[1]);
    expect(levels[1]).toBeGreaterThan(levels[2]);
    // Between the lead time's demand and the top of lead time + review.
    expect(levels[2]).toBeGreaterThan(quantile(variants[0].lead, 0.5));
    expect(levels[0]).toBeLessThanOrEqual(variants[0].leadReview[39]);
    expect(levelAtGain(gainCurve([0, 0], [0, 0]), 0.1).level).toBe(0);
  });

  it("meets the service level's lost sales with less stock than one quantile for every variant", () => {
    const gain = gainForServiceLevel(variants, 0.95);
    const atGain = variants.map((v) => {
      const c = gainCurve(v.lead, v.leadReview);
      return levelAtGain(c, gain).level;
    });
    const atQuantile = variants.map((v) => quantile(v.leadReview, 0.95));
    const lost = (levels: number[]) => levels.reduce((t, s, i) => t + short(variants[i], s), 0);
    expect(lost(atGain)).toBeLessThanOrEqual(lost(atQuantile) + 1e-6);
    const total = (levels: number[]) => levels.reduce((a, b) => a + b, 0);
    expect(total(atGain)).toBeLessThan(total(atQuantile) - 50);
    // No stock where it prevents nothing.
    expect(atGain[2]).toBe(0);
  });

  it("a plan with the shop's gain orders up to its level, the reorder point no higher", () => {
    const plan = planReplenishment(base({ gain: 0.05, available: 0 }));
    const c = gainCurve(
      demandSample((p) => tenADay().demand(7, p)),
      demandSample((p) => tenADay().demand(14, p)),
    );
    expect(plan.orderUpTo).toBeCloseTo(levelAtGain(c, 0.05).level, 9);
    expect(plan.reorderPoint).toBeLessThanOrEqual(plan.orderUpTo);
    expect(plan.suggestedQuantity).toBe(Math.ceil(plan.orderUpTo));
  });
});
