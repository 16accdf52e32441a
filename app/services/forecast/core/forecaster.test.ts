import { describe, expect, it } from "vitest";
import { classify, cleanHistory, type DemandHistory } from "./history";
import { demandOverDays, forecastVariant, pointForecast, trainForecaster } from "./forecaster";
import { flatProfile } from "./methods";

const series = (days: number, at: (day: number) => number, firstWeekday = 0): DemandHistory => ({
  sales: Array.from({ length: days }, (_, d) => at(d)),
  firstWeekday,
});

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(random: () => number, lambda: number): number {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= random();
  } while (p > l);
  return k - 1;
}

const sum = (a: ArrayLike<number>, from = 0, to = a.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i];
  return s;
};

describe("forecasting on series with known answers", () => {
  it("a constant series forecasts the constant, with a collapsed interval", () => {
    const h = series(364, () => 10);
    const model = trainForecaster([h]);
    const f = forecastVariant(model, h);
    expect(f.cls).toBe("smooth");
    expect(f.mean).toHaveLength(56);
    for (const v of f.mean) expect(v).toBeCloseTo(10, 6);
    for (let d = 0; d < 56; d++) {
      expect(f.p10[d]).toBeCloseTo(10, 6);
      expect(f.p90[d]).toBeCloseTo(10, 6);
    }
    expect(demandOverDays(model, f, 28, 0.95)).toBeCloseTo(280, 4);
    expect(demandOverDays(model, f, 100, 0.5)).toBeCloseTo(1000, 4);
    expect(f.backtestWape).toBeCloseTo(0, 9);
  });

  it("a weekly pattern is kept day by day", () => {
    // Monday … Sunday; closed on Saturdays.
    const week = [20, 12, 12, 12, 14, 0, 30];
    const h = series(364, (d) => week[d % 7]);
    const model = trainForecaster([h]);
    const f = forecastVariant(model, h);
    // 364 days from a Monday: the forecast starts on a Monday again.
    for (let d = 0; d < 14; d++) expect(f.mean[d]).toBeCloseTo(week[d % 7], 1);
    expect(sum(f.mean, 0, 28)).toBeCloseTo(400, 3);
  });

  it("a weekly pattern starting mid-week lines up with the calendar", () => {
    const week = [20, 12, 12, 12, 14, 0, 30];
    // First day is a Thursday (3); 360 days later the forecast starts on (3 + 360) % 7 = 6, a Sunday.
    const h = series(360, (d) => week[(3 + d) % 7], 3);
    const f = forecastVariant(trainForecaster([h]), h);
    expect(f.mean[0]).toBeCloseTo(30, 1);
    expect(f.mean[1]).toBeCloseTo(20, 1);
    expect(f.mean[6]).toBeCloseTo(0, 6);
  });

  it("an intermittent series forecasts its average rate, not zero and not the size of a sale", () => {
    // 5 units every 5th day: 1 a day on average, 0 on most days.
    const h = series(364, (d) => (d % 5 === 0 ? 5 : 0));
    const model = trainForecaster([h]);
    const f = forecastVariant(model, h);
    expect(f.cls).toBe("intermittent");
    expect(sum(f.mean, 0, 28)).toBeGreaterThan(28 * 0.9);
    expect(sum(f.mean, 0, 28)).toBeLessThan(28 * 1.1);
    // A single day is most likely zero, but can be a sale.
    expect(Math.min(...f.p10)).toBe(0);
    expect(Math.max(...f.p90)).toBeGreaterThan(1);
  });

  it("stock-out days are unknown demand, not zero demand", () => {
    const sales = Array.from({ length: 364 }, (_, d) => (d >= 330 && d < 350 ? 0 : 10));
    const stockedOut = sales.map((_, d) => d >= 330 && d < 350);
    const withFlags = { sales, stockedOut, firstWeekday: 0 };
    const model = trainForecaster([withFlags]);
    const f = forecastVariant(model, withFlags);
    expect(f.notes).toContain("stock_out_days");
    for (const v of f.mean) expect(v).toBeCloseTo(10, 4);
    // The same zeros read as demand pull the forecast down.
    const naive = pointForecast("ses", { sales, firstWeekday: 0 }, flatProfile(), 28);
    expect(sum(naive)).toBeLessThan(250);
  });

  it("a one-off bulk order does not lift the forecast; a 30-day average would", () => {
    const sales = Array.from({ length: 364 }, (_, d) => (d === 350 ? 1000 : 10));
    const h = { sales, firstWeekday: 0 };
    const f = forecastVariant(trainForecaster([h]), h);
    expect(f.notes).toContain("bulk_orders_capped");
    expect(sum(f.mean, 0, 28)).toBeLessThan(280 * 1.1);
    expect(sum(pointForecast("moving_average_30", h, flatProfile(), 28))).toBeGreaterThan(280 * 3);
  });

  it("frequent big days are the pattern and stay", () => {
    const sales = Array.from({ length: 364 }, (_, d) => (d % 7 === 2 ? 200 : 10));
    expect(cleanHistory({ sales, firstWeekday: 0 }).bulkCap).toBeNull();
  });

  it("returns and cancellations (negative quantities) do not reduce demand", () => {
    const sales = Array.from({ length: 364 }, (_, d) => (d % 10 === 0 ? -4 : 6));
    const h = { sales, firstWeekday: 0 };
    const f = forecastVariant(trainForecaster([h]), h);
    expect(f.notes).toContain("returns_ignored");
    // 9 days in 10 sell 6; the return days count as no sale, never as -4.
    expect(sum(f.mean, 0, 28) / 28).toBeGreaterThan(5);
  });

  it("gaps, a single sale, no history and all zeros do not crash and stay at sensible values", () => {
    const model = trainForecaster([series(364, () => 3)]);
    const gaps = series(200, (d) => (d % 3 === 0 ? NaN : 3));
    const g = forecastVariant(model, gaps);
    expect(g.notes).toContain("gaps");
    expect(sum(g.mean, 0, 7)).toBeCloseTo(21, 0);
    const single = forecastVariant(
      model,
      series(90, (d) => (d === 40 ? 1 : 0)),
    );
    expect(single.mean.every((v) => v >= 0 && v < 0.2)).toBe(true);
    const none = forecastVariant(model, { sales: [], firstWeekday: 0 });
    expect(none.cls).toBe("new");
    expect(sum(none.mean)).toBe(0);
    const zeros = forecastVariant(
      model,
      series(300, () => 0),
    );
    expect(sum(zeros.mean)).toBe(0);
    expect(sum(zeros.p90)).toBe(0);
  });

  it("a new variant borrows from similar products, scaled to its own sales, less as its own history grows", () => {
    const model = trainForecaster([series(364, () => 6)]);
    // Two similar variants selling 6 a day, forecast to go on at 6; the new one sells 2 a day.
    const like = (days: number) => [
      { weight: 1, mean: new Float64Array(56).fill(6), sales: new Float64Array(days).fill(6) },
      { weight: 0.5, mean: new Float64Array(56).fill(6), sales: new Float64Array(days).fill(6) },
    ];
    const a = forecastVariant(
      model,
      series(7, () => 2),
      { similar: like(7) },
    );
    const b = forecastVariant(
      model,
      series(42, () => 2),
      { similar: like(42) },
    );
    expect(a.cls).toBe("new");
    // Own weight 7/(7+28); borrowed 6 a day scaled by (14 + 28×6) / (42 + 28×6).
    expect(sum(a.mean, 0, 7) / 7).toBeCloseTo(0.2 * 2 + 0.8 * 6 * (182 / 210), 1);
    expect(a.borrowed).toMatchObject({ variants: 2 });
    expect(a.borrowed!.share).toBeCloseTo(0.8, 6);
    // Six weeks of selling a third of theirs: closer to its own rate.
    expect(sum(b.mean, 0, 7) / 7).toBeCloseTo(0.6 * 2 + 0.4 * 6 * (252 / 420), 1);
    expect(sum(b.mean, 0, 7) / 7).toBeLessThan(sum(a.mean, 0, 7) / 7);
    // An established variant does not borrow.
    expect(
      forecastVariant(
        model,
        series(200, () => 2),
        { similar: like(200) },
      ).borrowed,
    ).toBeNull();
  });

  it("a variant with no history takes the similar products' weekly rhythm, with intervals as wide as they disagree", () => {
    const week = [2, 2, 2, 2, 4, 9, 9];
    const model = trainForecaster([series(364, (d) => week[d % 7]), series(364, (d) => 2 * week[d % 7])]);
    const path = (k: number) => Float64Array.from({ length: 56 }, (_, d) => k * week[d % 7]);
    const none = { sales: [], firstWeekday: 0 };
    const agree = forecastVariant(model, none, {
      similar: [
        { weight: 1, mean: path(1) },
        { weight: 1, mean: path(1) },
      ],
    });
    expect(Array.from(agree.mean.subarray(0, 7), (v) => Math.round(v))).toEqual(week);
    const differ = forecastVariant(model, none, {
      similar: [
        { weight: 1, mean: path(0.5) },
        { weight: 1, mean: path(1.5) },
      ],
    });
    // Same expected demand, a wider band when the similar products disagree.
    expect(sum(differ.mean)).toBeCloseTo(sum(agree.mean), 6);
    const width = (f: { p10: Float64Array; p90: Float64Array }) => sum(f.p90) - sum(f.p10);
    expect(differ.weeklySpread).toBeGreaterThan(agree.weeklySpread);
    expect(width(differ)).toBeGreaterThanOrEqual(width(agree));
    // One similar product: how much products differ cannot be measured, so the band is wider still.
    const one = forecastVariant(model, none, { similar: [{ weight: 1, mean: path(1) }] });
    expect(one.weeklySpread).toBeGreaterThan(differ.weeklySpread);
    // Borrowing never narrows a new variant's own band.
    const young = series(10, (d) => week[d % 7]);
    expect(
      forecastVariant(model, young, {
        similar: [
          { weight: 1, mean: path(1) },
          { weight: 1, mean: path(1) },
        ],
      }).weeklySpread,
    ).toBeGreaterThanOrEqual(forecastVariant(model, young).weeklySpread);
  });

  it("picks a method per class by backtest and reports its error", () => {
    const random = rng(7);
    const histories = [
      ...Array.from({ length: 20 }, () => series(364, () => poisson(random, 8))),
      // Ramping up: a trend method should beat a flat level.
      ...Array.from({ length: 20 }, () => series(364, (d) => poisson(random, 1 + d / 20))),
      ...Array.from({ length: 20 }, () => series(364, () => (random() < 0.15 ? 1 + poisson(random, 2) : 0))),
    ];
    const model = trainForecaster(histories);
    expect(model.scores.smooth[0].pairs).toBeGreaterThan(0);
    expect(model.scores.intermittent[0].pairs).toBeGreaterThan(0);
    for (const cls of ["smooth", "intermittent"] as const) expect(model.methodByClass[cls]).toBe(model.scores[cls][0].method);
    const ramp = forecastVariant(model, histories[25]);
    expect(ramp.backtestWape).not.toBeNull();
  });

  it("80% intervals of the 28-day total cover about 80% of outcomes on unseen data", () => {
    const random = rng(42);
    const make = () => {
      const level = 0.2 + random() * 6;
      const intermittent = random() < 0.5;
      return series(364 + 28, () => (intermittent ? (random() < 0.2 ? poisson(random, level * 3) : 0) : poisson(random, level)));
    };
    const histories = Array.from({ length: 300 }, make);
    const train = histories.map((h) => ({ ...h, sales: Array.from(h.sales).slice(0, 364) }));
    const model = trainForecaster(train);
    let inside = 0;
    for (const h of histories) {
      const past = { ...h, sales: Array.from(h.sales).slice(0, 364) };
      const f = forecastVariant(model, past);
      const actual = sum(h.sales, 364, 392);
      if (actual >= demandOverDays(model, f, 28, 0.1) && actual <= demandOverDays(model, f, 28, 0.9)) inside++;
    }
    const coverage = inside / histories.length;
    expect(coverage).toBeGreaterThan(0.72);
    expect(coverage).toBeLessThan(0.88);
  });
});

describe("demand classes", () => {
  it("splits by interval between sales and variability of their size", () => {
    const cls = (h: DemandHistory) => classify(cleanHistory(h)).cls;
    expect(cls(series(200, () => 5))).toBe("smooth");
    expect(cls(series(200, (d) => (d % 2 ? 1 : 9)))).toBe("erratic");
    expect(cls(series(200, (d) => (d % 4 === 0 ? 3 : 0)))).toBe("intermittent");
    expect(cls(series(200, (d) => (d % 4 === 0 ? (d % 8 === 0 ? 1 : 12) : 0)))).toBe("lumpy");
    expect(cls(series(30, () => 5))).toBe("new");
  });
});
