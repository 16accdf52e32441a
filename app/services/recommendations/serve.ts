// Composes what a storefront block shows from a shop's precomputed lists:
// candidates by strategy, the merchant's rules, business rules, a vendor cap
// and diversity, each item with the reason a shopper reads. Pure: the
// serving state and the request in, a ranked list out.

import type { CatalogProduct, RankedList } from "./serving-state.server";

export const STRATEGIES = ["auto", "bought_together", "similar", "personal", "trending"] as const;
export type Strategy = (typeof STRATEGIES)[number];
export type Context = "product" | "cart" | "home";

export type ReasonCode =
  "bought_with" | "goes_with_cart" | "similar_to" | "similar_to_viewed" | "picked_for_you" | "trending" | "popular_in_type" | "popular" | "pinned";

export interface ServeState {
  catalog: ReadonlyMap<string, CatalogProduct>;
  lists: {
    bought_together: ReadonlyMap<string, RankedList>;
    similar: ReadonlyMap<string, RankedList>;
    neighbours: ReadonlyMap<string, RankedList>;
    trending: RankedList;
    popular: RankedList;
  };
  pins: ReadonlyMap<string, readonly { productId: string; position: number }[]>;
  excluded: ReadonlyMap<string, ReadonlySet<string>>;
  settings: { maxPerVendor: number; minSimilarity: number; diversity: number; excludePurchased: boolean };
}

export interface ServeRequest {
  context: Context;
  strategy: Strategy;
  limit: number;
  productId?: string | null;
  cart?: readonly string[];
  /** What the visitor viewed, added or bought recently, most recent first, with a weight each. */
  history?: readonly { productId: string; weight: number }[];
  purchased?: ReadonlySet<string>;
}

export interface ServedItem {
  productId: string;
  score: number;
  reasonCode: ReasonCode;
  anchorId?: string;
}

type Candidate = ServedItem;

/** The strategy "auto" resolves to, per context. */
export function resolveStrategy(req: ServeRequest): Exclude<Strategy, "auto"> {
  if (req.strategy !== "auto") return req.strategy;
  if (req.context === "home") return req.history?.length ? "personal" : "trending";
  return "bought_together";
}

/** Adds every list entry's score to `acc`, weighted, remembering the strongest anchor. */
function accumulate(acc: Map<string, Candidate>, list: RankedList | undefined, weight: number, reasonCode: ReasonCode, anchorId: string, minScore = 0) {
  if (!list) return;
  for (const [productId, score] of list) {
    if (score < minScore) continue;
    const s = score * weight;
    const c = acc.get(productId);
    if (!c) acc.set(productId, { productId, score: s, reasonCode, anchorId });
    else {
      if (s > c.score) {
        c.reasonCode = reasonCode;
        c.anchorId = anchorId;
      }
      c.score += s;
    }
  }
}

function ranked(acc: Map<string, Candidate>): Candidate[] {
  return [...acc.values()].sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1));
}

function candidatesFor(state: ServeState, req: ServeRequest, strategy: Exclude<Strategy, "auto">): Candidate[][] {
  const { lists, settings } = state;
  const seeds: { id: string; weight: number }[] =
    req.context === "product" && req.productId
      ? [{ id: req.productId, weight: 1 }]
      : req.context === "cart" && req.cart?.length
        ? req.cart.map((id) => ({ id, weight: 1 }))
        : (req.history ?? []).map((h) => ({ id: h.productId, weight: h.weight }));
  const boughtReason: ReasonCode = req.context === "cart" ? "goes_with_cart" : "bought_with";
  const similarReason: ReasonCode = req.context === "home" ? "similar_to_viewed" : "similar_to";

  const bought = () => {
    const acc = new Map<string, Candidate>();
    for (const s of seeds) accumulate(acc, lists.bought_together.get(s.id), s.weight, boughtReason, s.id);
    return ranked(acc);
  };
  const similar = () => {
    const acc = new Map<string, Candidate>();
    for (const s of seeds) accumulate(acc, lists.similar.get(s.id), s.weight, similarReason, s.id, settings.minSimilarity);
    return ranked(acc);
  };
  const personal = () => {
    // Item-based CF at request time: score(j) = sum over history h of w_h * sim(h, j).
    const acc = new Map<string, Candidate>();
    for (const s of seeds) {
      accumulate(acc, lists.neighbours.get(s.id), s.weight, "picked_for_you", s.id);
      accumulate(acc, lists.bought_together.get(s.id), s.weight * 0.5, "picked_for_you", s.id);
    }
    return ranked(acc);
  };
  const trending = () => lists.trending.map(([productId, score]): Candidate => ({ productId, score, reasonCode: "trending" }));

  switch (strategy) {
    case "bought_together":
      return [bought(), similar()];
    case "similar":
      return [similar(), bought()];
    case "personal":
      return seeds.length ? [personal(), similar()] : [trending()];
    case "trending":
      return [trending()];
  }
}

function popularFill(state: ServeState, group: string | undefined): Candidate[][] {
  const popular = state.lists.popular;
  const inGroup = group
    ? popular
        .filter(([id]) => state.catalog.get(id)?.productType === group)
        .map(([productId, score]): Candidate => ({ productId, score, reasonCode: "popular_in_type" }))
    : [];
  return [inGroup, popular.map(([productId, score]): Candidate => ({ productId, score, reasonCode: "popular" }))];
}

/** How alike two products are, from the precomputed similar lists (0 when unrelated). */
export function similarity(state: ServeState, a: string, b: string): number {
  const fromA = state.lists.similar.get(a)?.find(([id]) => id === b)?.[1];
  if (fromA !== undefined) return Math.min(1, fromA);
  const fromB = state.lists.similar.get(b)?.find(([id]) => id === a)?.[1];
  return fromB !== undefined ? Math.min(1, fromB) : 0;
}

/**
 * The block's items. Stages (e.g. bought together, then similar, then
 * popular) keep their order: a later stage only fills what the earlier ones
 * left. Within the result, maximal marginal relevance (Carbonell & Goldstein
 * 1998) trades relevance for variety: pick argmax λ·rel(i) − (1−λ)·max sim(i, picked)
 * with λ = 1 − diversity and rel from the rank (1 for the first candidate).
 */
export function recommend(state: ServeState, req: ServeRequest): { strategy: Exclude<Strategy, "auto">; items: ServedItem[] } {
  const strategy = resolveStrategy(req);
  const limit = Math.max(1, Math.min(12, req.limit));
  const anchor = req.context === "product" ? (req.productId ?? undefined) : undefined;
  const blocked = new Set<string>([...(req.cart ?? []), ...(anchor ? [anchor] : [])]);
  if (state.settings.excludePurchased) for (const id of req.purchased ?? []) blocked.add(id);
  const excludedHere = new Set([...(state.excluded.get("*") ?? []), ...(anchor ? (state.excluded.get(anchor) ?? []) : [])]);
  const allowed = (id: string) => !blocked.has(id) && !excludedHere.has(id) && state.catalog.get(id)?.sellable === true;

  const group = anchor ? state.catalog.get(anchor)?.productType : req.cart?.length ? state.catalog.get(req.cart[0])?.productType : undefined;
  const stages = [...candidatesFor(state, req, strategy), ...popularFill(state, group || undefined)];

  // Relevance-ordered pool, at most a few times the limit, stages in order.
  const pool: Candidate[] = [];
  const seen = new Set<string>();
  for (const stage of stages) {
    for (const c of stage) {
      if (pool.length >= limit * 4) break;
      if (seen.has(c.productId) || !allowed(c.productId)) continue;
      seen.add(c.productId);
      pool.push(c);
    }
  }

  const lambda = 1 - state.settings.diversity;
  const perVendor = new Map<string, number>();
  const picked: Candidate[] = [];
  const rest = pool.map((c, rank) => ({ c, rel: 1 - rank / Math.max(1, pool.length) }));
  while (picked.length < limit && rest.length) {
    let best = -1;
    let bestValue = -Infinity;
    for (let n = 0; n < rest.length; n++) {
      const { c, rel } = rest[n];
      const vendor = state.catalog.get(c.productId)!.vendor;
      if (vendor && (perVendor.get(vendor) ?? 0) >= state.settings.maxPerVendor) continue;
      let maxSim = 0;
      if (lambda < 1) for (const p of picked) maxSim = Math.max(maxSim, similarity(state, c.productId, p.productId));
      const value = lambda * rel - (1 - lambda) * maxSim;
      if (value > bestValue) {
        bestValue = value;
        best = n;
      }
    }
    if (best < 0) break; // only capped vendors left
    const [{ c }] = rest.splice(best, 1);
    const vendor = state.catalog.get(c.productId)!.vendor;
    if (vendor) perVendor.set(vendor, (perVendor.get(vendor) ?? 0) + 1);
    picked.push(c);
  }

  // Merchant pins go where the merchant put them (1-based), if sellable.
  const pins = [...(state.pins.get("*") ?? []), ...(anchor ? (state.pins.get(anchor) ?? []) : [])].sort((a, b) => a.position - b.position);
  for (const pin of pins) {
    if (!allowed(pin.productId)) continue;
    const at = picked.findIndex((p) => p.productId === pin.productId);
    if (at >= 0) picked.splice(at, 1);
    picked.splice(Math.min(Math.max(0, pin.position - 1), picked.length), 0, { productId: pin.productId, score: Infinity, reasonCode: "pinned" });
  }
  return { strategy, items: picked.slice(0, limit).map((c) => ({ ...c, score: Number.isFinite(c.score) ? c.score : 1 })) };
}

/** The sentence a shopper reads under an item. */
export function reasonText(code: ReasonCode, anchorTitle: string | undefined, productType: string | undefined): string {
  switch (code) {
    case "bought_with":
      return anchorTitle ? `Often bought with ${anchorTitle}` : "Often bought together";
    case "goes_with_cart":
      return anchorTitle ? `Goes well with ${anchorTitle}` : "Goes well with your cart";
    case "similar_to":
      return anchorTitle ? `Similar to ${anchorTitle}` : "You may also like";
    case "similar_to_viewed":
      return "Similar to what you viewed";
    case "picked_for_you":
      return "Picked for you";
    case "trending":
      return "Trending now";
    case "popular_in_type":
      return productType ? `Popular in ${productType}` : "Popular right now";
    case "popular":
      return "Popular right now";
    case "pinned":
      return "Staff pick";
  }
}
