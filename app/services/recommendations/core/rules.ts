// Business rules between a model's ranking and the storefront block.
//
// applyRules(candidates, k, rules, context), in this order:
//   1. eligibility: the product exists, is ACTIVE, available for sale and not
//      a gift card; it is not in the cart, not excluded by the merchant, and
//      (optionally) not already bought by the customer;
//   2. relevance floor: candidates scoring below `minScore` are dropped (the
//      minimum similarity for "similar" and "bought with" blocks);
//   3. merchant pins are placed at their 1-based positions (pins skip the
//      floor and the vendor cap, not eligibility: a sold-out pin is dropped);
//   4. the remaining slots are filled greedily by maximal marginal relevance
//      (Carbonell & Goldstein, SIGIR 1998):
//        next = argmax_{d not chosen} lambda * rel(d) - (1 - lambda) * max_{s chosen} sim(d, s)
//      with rel the score scaled to [0, 1] by the best candidate's, and sim
//      the content similarity, so a block is not five near-copies of one
//      product; lambda = 1 keeps the model's order. At most `maxPerVendor`
//      items of one vendor are taken.
//   5. each item gets a reason code (and the shopper-facing text through
//      `reasonText`).

import type { ProductStatus } from "../../../models/records";
import type { ItemIndex, ScoredItem } from "./types";

/** What the rules need to know about a product (from the synced catalog). */
export interface ProductFacts {
  /** Only ACTIVE products are recommended: Shopify keeps UNLISTED ones out of recommendations too. */
  status: ProductStatus;
  /** Some variant can be bought (in stock, or inventory not tracked / overselling allowed). */
  availableForSale: boolean;
  isGiftCard?: boolean;
  vendor?: string;
  productType?: string;
  title?: string;
}

export type Reason =
  | { code: "bought_with"; anchorItem: ItemIndex }
  | { code: "similar_to_viewed"; anchorItem: ItemIndex }
  | { code: "popular_in_type"; productType: string }
  | { code: "popular" }
  | { code: "trending" }
  | { code: "picked_for_you" }
  | { code: "merchant_pick" };

export interface Recommendation {
  item: ItemIndex;
  /** The model's score (pins carry the best organic score). */
  score: number;
  reason: Reason;
}

export interface MerchantPin {
  item: ItemIndex;
  /** 1-based slot in the block. */
  position: number;
}

export interface MerchantRules {
  pins?: readonly MerchantPin[];
  /** Never recommend these. */
  exclusions?: readonly ItemIndex[];
  /** At most this many items per vendor; pins count towards it but are never dropped by it. */
  maxPerVendor?: number;
  /** Drop candidates scoring below this. */
  minScore?: number;
  /** Drop products the customer already bought (consumables may want them back). Default true. */
  excludePurchased?: boolean;
  /** MMR trade-off lambda in [0, 1]; 1 (default) = relevance only. */
  diversity?: number;
}

export interface RuleContext {
  /** Catalog facts of an item; undefined = unknown product (never shown). */
  product: (item: ItemIndex) => ProductFacts | undefined;
  cart?: readonly ItemIndex[];
  purchased?: readonly ItemIndex[];
  /** Similarity in [0, 1] between two items, for MMR (e.g. contentSimilarity). */
  similarity?: (a: ItemIndex, b: ItemIndex) => number;
}

/** Candidates considered by MMR (a block shows a handful; this bounds the O(k * pool) loop). */
const MMR_POOL = 200;

export function isEligible(facts: ProductFacts | undefined): facts is ProductFacts {
  return !!facts && facts.status === "ACTIVE" && facts.availableForSale && !facts.isGiftCard;
}

/** The reason for an organic item, from the model part that ranked it. */
export function reasonFor(candidate: ScoredItem, facts: ProductFacts | undefined): Reason {
  switch (candidate.source) {
    case "copurchase":
      return candidate.anchor !== undefined ? { code: "bought_with", anchorItem: candidate.anchor } : { code: "picked_for_you" };
    case "itemknn":
    case "content":
      return candidate.anchor !== undefined ? { code: "similar_to_viewed", anchorItem: candidate.anchor } : { code: "picked_for_you" };
    case "trending":
      return { code: "trending" };
    case "popularity":
      return facts?.productType ? { code: "popular_in_type", productType: facts.productType } : { code: "popular" };
    default:
      return { code: "picked_for_you" };
  }
}

export function applyRules(candidates: readonly ScoredItem[], k: number, rules: MerchantRules = {}, context: RuleContext): Recommendation[] {
  if (k <= 0) return [];
  const blocked = new Set<ItemIndex>(rules.exclusions ?? []);
  for (const i of context.cart ?? []) blocked.add(i);
  if (rules.excludePurchased ?? true) for (const i of context.purchased ?? []) blocked.add(i);
  const allowed = (i: ItemIndex) => !blocked.has(i) && isEligible(context.product(i));

  // Pins, by position; a taken slot pushes the later pin to the next free one.
  const slots: (Recommendation | undefined)[] = Array.from({ length: k }, () => undefined);
  const pinned = new Set<ItemIndex>();
  const pins = [...(rules.pins ?? [])].sort((a, b) => a.position - b.position);
  for (const pin of pins) {
    if (pinned.has(pin.item) || !allowed(pin.item)) continue;
    let slot = Math.max(1, Math.floor(pin.position)) - 1;
    while (slot < k && slots[slot]) slot++;
    if (slot >= k) continue;
    slots[slot] = { item: pin.item, score: 0, reason: { code: "merchant_pick" } };
    pinned.add(pin.item);
  }

  // Organic pool: eligible, above the floor, deduplicated, best first.
  const minScore = rules.minScore ?? Number.NEGATIVE_INFINITY;
  const pool: ScoredItem[] = [];
  const seen = new Set<ItemIndex>(pinned);
  for (const c of [...candidates].sort((a, b) => b.score - a.score)) {
    if (pool.length >= MMR_POOL) break;
    if (seen.has(c.item) || c.score < minScore || !allowed(c.item)) continue;
    seen.add(c.item);
    pool.push(c);
  }
  const topScore = pool.length ? pool[0].score : 0;
  for (const s of slots) if (s) s.score = topScore;

  const free = slots.filter((s) => s === undefined).length;
  const chosen = selectDiverse(pool, free, rules, context, [...pinned]);

  const out: Recommendation[] = [];
  let next = 0;
  for (let slot = 0; slot < k; slot++) {
    const s = slots[slot];
    if (s) out.push(s);
    else if (next < chosen.length) {
      const c = chosen[next++];
      out.push({ item: c.item, score: c.score, reason: reasonFor(c, context.product(c.item)) });
    }
  }
  return out;
}

/** Greedy MMR with a per-vendor cap; `already` (the pins) count for similarity and vendors. */
function selectDiverse(pool: readonly ScoredItem[], n: number, rules: MerchantRules, context: RuleContext, already: readonly ItemIndex[]): ScoredItem[] {
  const lambda = Math.min(1, Math.max(0, rules.diversity ?? 1));
  const cap = rules.maxPerVendor ?? Number.POSITIVE_INFINITY;
  const vendorOf = (i: ItemIndex) => context.product(i)?.vendor?.trim().toLowerCase() ?? "";
  const perVendor = new Map<string, number>();
  for (const i of already) {
    const v = vendorOf(i);
    if (v) perVendor.set(v, (perVendor.get(v) ?? 0) + 1);
  }
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const c of pool) {
    lo = Math.min(lo, c.score);
    hi = Math.max(hi, c.score);
  }
  // Positive scores are scaled by the best one (a lone weak candidate keeps
  // its weakness); otherwise min-max scaled.
  const rel = (s: number) => (lo > 0 ? s / hi : hi > lo ? (s - lo) / (hi - lo) : 1);

  const chosen: ScoredItem[] = [];
  const selectedItems = [...already];
  // maxSim[c]: the largest similarity of pool[c] to anything selected so far.
  const maxSim = new Float64Array(pool.length);
  const useSim = lambda < 1 && context.similarity !== undefined;
  if (useSim) for (let c = 0; c < pool.length; c++) for (const s of already) maxSim[c] = Math.max(maxSim[c], context.similarity!(pool[c].item, s));
  const taken = new Uint8Array(pool.length);
  while (chosen.length < n) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < pool.length; c++) {
      if (taken[c]) continue;
      const v = vendorOf(pool[c].item);
      if (v && (perVendor.get(v) ?? 0) >= cap) continue;
      const value = useSim ? lambda * rel(pool[c].score) - (1 - lambda) * maxSim[c] : pool[c].score;
      if (value > bestValue) {
        bestValue = value;
        best = c;
      }
    }
    if (best < 0) break;
    taken[best] = 1;
    const item = pool[best].item;
    chosen.push(pool[best]);
    selectedItems.push(item);
    const v = vendorOf(item);
    if (v) perVendor.set(v, (perVendor.get(v) ?? 0) + 1);
    if (useSim) for (let c = 0; c < pool.length; c++) if (!taken[c]) maxSim[c] = Math.max(maxSim[c], context.similarity!(pool[c].item, item));
  }
  return chosen;
}

/**
 * Shopper-facing English text of a reason ("Often bought with Linen Apron").
 * The theme block can translate by code instead; `titleOf` names anchors.
 */
export function reasonText(reason: Reason, titleOf: (item: ItemIndex) => string | undefined): string {
  switch (reason.code) {
    case "bought_with": {
      const t = titleOf(reason.anchorItem);
      return t ? `Often bought with ${t}` : "Often bought together";
    }
    case "similar_to_viewed": {
      const t = titleOf(reason.anchorItem);
      return t ? `Similar to ${t}` : "Similar to what you viewed";
    }
    case "popular_in_type":
      return `Popular in ${reason.productType}`;
    case "popular":
      return "Bestseller";
    case "trending":
      return "Trending now";
    case "merchant_pick":
      return "Staff pick";
    case "picked_for_you":
      return "Picked for you";
  }
}
