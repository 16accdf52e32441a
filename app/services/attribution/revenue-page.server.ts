import { attributedLinesSince, orderTotalsSince } from "../../models/attributions.server";
import { readSettings } from "../settings.server";
import { toCents } from "./attribute";
import { refreshAttribution } from "./refresh.server";
import { revenueReport } from "./report";

// A page load attributes at most this many new orders; the rest follow on the next load.
const ORDERS_PER_LOAD = 20_000;

/** The revenue page: new orders credited first, then revenue, orders and AOV from recommendations over `days`. */
export async function getRevenuePage(shop: { id: string; domain: string; settings: string; moneyFormat: string }, days: number, now = Date.now()) {
  const refreshed = await refreshAttribution(shop, { maxOrders: ORDERS_PER_LOAD });
  const since = new Date(now - days * 86_400_000 - 86_400_000);
  const [lines, orders] = await Promise.all([attributedLinesSince(shop.id, since), orderTotalsSince(shop.id, since)]);
  const start = now - days * 86_400_000;
  const allRevenueCents = orders.filter((o) => o.processedAt.getTime() >= start).reduce((sum, o) => sum + (toCents(o.totalPrice) ?? 0), 0);
  const report = revenueReport(
    lines.map((l) => ({ orderId: l.orderId, revenueCents: l.revenueCents, pageType: l.pageType, block: l.block, orderedAt: l.orderedAt.getTime() })),
    { days, now, allRevenueCents },
  );
  return {
    days,
    windowDays: readSettings(shop.settings).recommendations.attributionWindowDays,
    moneyFormat: shop.moneyFormat,
    attributedJustNow: refreshed.orders,
    ...report,
  };
}
