// The revenue page's numbers from credited lines: pure, no I/O.

/** The periods the revenue page offers, in days. */
export const REVENUE_PERIODS = [7, 30, 90] as const;

export interface CreditedLine {
  orderId: string;
  revenueCents: number;
  pageType: string;
  block: string;
  orderedAt: number; // ms
}

export interface RevenueFigures {
  revenueCents: number;
  orders: number;
  /** Average order value from recommendations: their revenue over the orders they contributed to. */
  aovCents: number | null;
}

export interface RevenueReport {
  totals: RevenueFigures & { shareOfRevenue: number | null };
  /** One point per UTC day, oldest first, every day present. */
  daily: ({ date: string } & RevenueFigures)[];
  byPageType: ({ key: string } & RevenueFigures)[];
  byBlock: ({ key: string } & RevenueFigures)[];
}

function figures(lines: CreditedLine[]): RevenueFigures {
  const orders = new Set(lines.map((l) => l.orderId)).size;
  const revenueCents = lines.reduce((sum, l) => sum + l.revenueCents, 0);
  return { revenueCents, orders, aovCents: orders ? Math.round(revenueCents / orders) : null };
}

function groupBy(lines: CreditedLine[], key: (l: CreditedLine) => string) {
  const groups = new Map<string, CreditedLine[]>();
  for (const l of lines) {
    const k = key(l);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(l);
  }
  return [...groups].map(([k, g]) => ({ key: k, ...figures(g) })).sort((a, b) => b.revenueCents - a.revenueCents);
}

/** Revenue, orders and AOV from recommendations over the last `days` days up to `now`. `allRevenueCents`: every order's revenue in the period. */
export function revenueReport(lines: CreditedLine[], options: { days: number; now: number; allRevenueCents: number }): RevenueReport {
  const start =
    Date.UTC(new Date(options.now).getUTCFullYear(), new Date(options.now).getUTCMonth(), new Date(options.now).getUTCDate()) - (options.days - 1) * 86_400_000;
  const inRange = lines.filter((l) => l.orderedAt >= start && l.orderedAt <= options.now);
  const byDay = new Map<string, CreditedLine[]>();
  for (let d = 0; d < options.days; d++) byDay.set(new Date(start + d * 86_400_000).toISOString().slice(0, 10), []);
  for (const l of inRange) byDay.get(new Date(l.orderedAt).toISOString().slice(0, 10))?.push(l);
  const totals = figures(inRange);
  return {
    totals: { ...totals, shareOfRevenue: options.allRevenueCents > 0 ? totals.revenueCents / options.allRevenueCents : null },
    daily: [...byDay].map(([date, g]) => ({ date, ...figures(g) })),
    byPageType: groupBy(inRange, (l) => l.pageType),
    byBlock: groupBy(inRange, (l) => l.block),
  };
}
