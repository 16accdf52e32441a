import prisma from "../../db.server";
import { env } from "../../lib/env.server";
import { ordersAwaitingAttribution, saveAttribution, touchesOfVisitors } from "../../models/attributions.server";
import { assignArm } from "../recommendations/experiments/stats";
import { readSettings } from "../settings.server";
import { attributeOrder, type AttributedLine } from "./attribute";
import { trustedVisitor } from "./cart-attributes";

const DAY_MS = 86_400_000;

/**
 * Credits the lines of a shop's new or changed orders to recommendations
 * (docs/decisions/0015), `batch` orders at a time until none is left or
 * `maxOrders` were done. Orders whose cart attribution is garbage, forged or
 * another shop's are marked attributed with nothing credited.
 */
export async function refreshAttribution(
  shop: { id: string; domain: string; settings: string },
  options: { batch?: number; maxOrders?: number } = {},
): Promise<{ orders: number; lines: number }> {
  const { batch = 5_000, maxOrders = Infinity } = options;
  const windowMs = readSettings(shop.settings).recommendations.attributionWindowDays * DAY_MS;
  const experiments = new Map(
    (await prisma.experiment.findMany({ where: { shopId: shop.id }, select: { id: true, splitB: true, pageType: true } })).map((e) => [e.id, e]),
  );
  const secret = env().SHOPIFY_API_SECRET;
  let orders = 0;
  let credited = 0;
  while (orders < maxOrders) {
    const pending = await ordersAwaitingAttribution(shop.id, Math.min(batch, maxOrders - orders));
    if (!pending.length) break;
    const visitors = new Map(pending.map((o) => [o.id, trustedVisitor(o.cartAttribution, { secret, shopDomain: shop.domain, experiments, assignArm })]));
    const earliest = Math.min(...pending.map((o) => o.processedAt));
    const touches = await touchesOfVisitors(
      shop.id,
      [...visitors.values()].flatMap((v) => (v ? [v.visitorId] : [])),
      new Date(earliest - windowMs),
    );
    const lines: AttributedLine[] = [];
    for (const order of pending) {
      const visitor = visitors.get(order.id);
      if (!visitor) continue;
      for (const line of attributeOrder(order, touches.get(visitor.visitorId) ?? [], windowMs)) {
        // The touch's own test and arm (assigned by the app when it was recorded) first; else the order's
        // verified arm in the test of the page type the touch was on (tests run per page type).
        const arm = line.experimentId ? null : visitor.arms.find((a) => experiments.get(a.experimentId)?.pageType === line.pageType);
        lines.push(line.experimentId ? line : { ...line, experimentId: arm?.experimentId ?? null, arm: arm?.arm ?? null });
      }
    }
    await saveAttribution(
      shop.id,
      pending.map((o) => o.id),
      lines,
    );
    orders += pending.length;
    credited += lines.length;
    if (pending.length < batch) break;
  }
  return { orders, lines: credited };
}
