// Small hand-made interaction sets shared by the tests of this folder.
import { buildInteractions } from "./interactions";
import type { InteractionEvent, Interactions } from "./types";

export const DAY = 86_400_000;
export const T0 = Date.UTC(2024, 0, 1);

/**
 * Orders as [customer, order id, day, ...items]; one event per item.
 * Items are registered in `catalog` order first, so their indices are known.
 */
export function ordersToInteractions(orders: readonly [string, string, number, ...string[]][], catalog: readonly string[] = []): Interactions {
  const events: InteractionEvent[] = [];
  for (const [user, order, day, ...items] of orders) {
    for (const item of items) events.push({ userKey: user, itemKey: item, timestamp: T0 + day * DAY, basketKey: order });
  }
  return buildInteractions(events, { items: catalog });
}
