// Which order lines recommendations earned: pure, no I/O. docs/decisions/0015.
import { placementOf } from "./placement";

export interface AttributableOrder {
  id: string;
  processedAt: number; // ms
  currencyCode: string;
  lines: { shopifyId: string; productShopifyId: string | null; quantity: number; price: string }[];
}

/** A click on a recommended product, or an add to cart from a block. */
export interface Touch {
  type: "click" | "add_to_cart";
  productShopifyId: string;
  requestId: string | null;
  occurredAt: number; // ms
  experimentId: string | null;
  arm: string | null;
}

export interface AttributedLine {
  orderId: string;
  lineShopifyId: string;
  productShopifyId: string;
  quantity: number;
  revenueCents: number;
  currencyCode: string;
  touch: Touch["type"];
  pageType: string;
  block: string;
  experimentId: string | null;
  arm: string | null;
  touchedAt: number;
  orderedAt: number;
}

/** "12.50" -> 1250 without floating-point drift; null for anything else. */
export function toCents(amount: string): number | null {
  const m = /^(-?)(\d{1,12})(?:\.(\d{1,4}))?$/.exec(amount.trim());
  if (!m) return null;
  const fraction = (m[3] ?? "").padEnd(2, "0");
  const cents = Number(m[2]) * 100 + Number(fraction.slice(0, 2)) + (fraction.length > 2 && Number(fraction[2]) >= 5 ? 1 : 0);
  return m[1] ? -cents : cents;
}

/**
 * Credits each line of an order to the latest recommendation touch on the
 * same product by the same visitor, at most `windowMs` before the order
 * (and not after it). An add to cart wins over a click at the same moment.
 * `touches` are the visitor's touches, in any order.
 */
export function attributeOrder(order: AttributableOrder, touches: readonly Touch[], windowMs: number): AttributedLine[] {
  if (!touches.length) return [];
  const latest = new Map<string, Touch>();
  for (const t of touches) {
    if (t.occurredAt > order.processedAt || t.occurredAt < order.processedAt - windowMs) continue;
    const held = latest.get(t.productShopifyId);
    if (!held || t.occurredAt > held.occurredAt || (t.occurredAt === held.occurredAt && t.type === "add_to_cart")) latest.set(t.productShopifyId, t);
  }
  const out: AttributedLine[] = [];
  for (const line of order.lines) {
    const touch = line.productShopifyId ? latest.get(line.productShopifyId) : undefined;
    const unit = toCents(line.price);
    if (!touch || unit === null || line.quantity <= 0) continue;
    const { pageType, block } = placementOf(touch.requestId);
    out.push({
      orderId: order.id,
      lineShopifyId: line.shopifyId,
      productShopifyId: line.productShopifyId!,
      quantity: line.quantity,
      revenueCents: unit * line.quantity,
      currencyCode: order.currencyCode,
      touch: touch.type,
      pageType,
      block,
      experimentId: touch.experimentId,
      arm: touch.arm,
      touchedAt: touch.occurredAt,
      orderedAt: order.processedAt,
    });
  }
  return out;
}
