// The one ranking function: a trained model (per-product lists, families,
// tuned parameters), the request (page, cart, what the shopper did) and the
// merchant's rules in, the ranked list a shopper sees out, each item with the
// reason they read. The storefront routes, the admin preview, the admin's
// offline evaluation and `npm run eval:recs` all call `rank`, so what is
// measured is what shoppers get (docs/decisions/0014-one-ranking-path.md).
// Pure: no database, no clock unless the request leaves `now` out.

import { describeGroupRule, matches, type GroupRule } from "./group-rules";

export const STRATEGIES = ["auto", "bought_together", "similar", "personal", "trending"] as const;
export type Strategy = (typeof STRATEGIES)[number];
export type Context = "product" | "cart" | "home";

export type ReasonCode =
  "bought_with" | "goes_with_cart" | "similar_to" | "similar_to_viewed" | "picked_for_you" | "trending" | "popular_in_type" | "popular" | "pinned";

export interface CatalogProduct {
  id: string;
  handle: string;
  title: string;
  vendor: string;
  productType: string;
  /** Active, in stock (or not tracked), not a gift card: may be recommended. */
  sellable: boolean;
  variantId: string | null;
  price: string;
  compareAtPrice: string | null;
  imageUrl: string | null;
  imageAlt: string | null;
  /** For rules by group (group-rules.ts). */
  tags: readonly string[];
  /** Units in stock; null when the shop does not track the product's inventory. */
  stock: number | null;
  /** Shopify ids of the live collections the product is in, for rules by collection. */
  collections: readonly string[];
}

export type RankedList = readonly (readonly [string, number])[];

/** Serving-time parameters the training job chose for the shop (see pipeline.ts tuning). */
export interface RankParams {
  /** Weight of "what sells now" next to the personal scores (0: personal only; above 1: what sells now first, personal scores break ties). */
  trendWeight: number;
  /** Half-life of a history entry's weight, in days (Infinity: no decay). */
  halfLifeDays: number;
}

export const DEFAULT_RANK_PARAMS: RankParams = { trendWeight: 0.3, halfLifeDays: 120 };

/** What training produced, as the ranking function reads it. Keys are product ids. */
export interface RankModel {
  catalog: ReadonlyMap<string, CatalogProduct>;
  lists: {
    /** Co-purchase with support-aware shrinkage, scores in (0, 1]. */
    bought_together: ReadonlyMap<string, RankedList>;
    /** Content + behaviour similarity, scores in (0, 1]. */
    similar: ReadonlyMap<string, RankedList>;
    /** What personal picks are summed from (EASE weights, item-kNN, content for products nobody bought). */
    neighbours: ReadonlyMap<string, RankedList>;
    trending: RankedList;
    popular: RankedList;
    /** Recency-weighted popularity ("what sells now"), best first. */
    recent: RankedList;
  };
  /** Product -> family (the same item in other colours, sizes, pack counts). Products alone in theirs are absent. */
  families: ReadonlyMap<string, string>;
  params: RankParams;
}

export interface Pin {
  productId: string;
  position: number;
}

/**
 * The merchant's rules. Anchored rules are keyed by the page's product id,
 * shop-wide ones by "*"; rules by group hold their own condition on the
 * page's product. New kinds of rules join this object; `rank` is the only
 * place that applies them.
 */
export interface RankRules {
  pins: ReadonlyMap<string, readonly Pin[]>;
  excluded: ReadonlyMap<string, ReadonlySet<string>>;
  /** Exclusions, pins and price caps by tag, vendor, type, collection, price or stock (group-rules.ts). */
  groups: readonly GroupRule[];
  /** Titles of the collections the rules name, for the warning's words (absent: ids). */
  collectionTitles?: ReadonlyMap<string, string>;
  settings: {
    maxPerVendor: number;
    /** At most this many products of one family per block. */
    maxPerFamily: number;
    /** Similar products below this similarity are not shown as similar. */
    minSimilarity: number;
    diversity: number;
    excludePurchased: boolean;
  };
}

export const NO_RULES: RankRules = {
  pins: new Map(),
  excluded: new Map(),
  groups: [],
  settings: { maxPerVendor: 12, maxPerFamily: 1, minSimilarity: 0.05, diversity: 0.3, excludePurchased: false },
};

/** One thing the shopper did: a view, an add to cart, a purchase. */
export interface HistoryEntry {
  productId: string;
  /** How much it says about taste (a purchase 1, a view 0.1). */
  weight: number;
  /** When (ms); older entries weigh less (the model's half-life). */
  at?: number;
}

export interface RankRequest {
  context: Context;
  strategy: Strategy;
  limit: number;
  productId?: string | null;
  cart?: readonly string[];
  /** What the shopper viewed, added or bought. */
  history?: readonly HistoryEntry[];
  /** What the shopper bought (left out when the merchant says so). */
  purchased?: ReadonlySet<string>;
  /** Reference time for history decay (ms); defaults to the clock. */
  now?: number;
}

export interface ServedItem {
  productId: string;
  score: number;
  reasonCode: ReasonCode;
  anchorId?: string;
}

export interface RankResult {
  strategy: Exclude<Strategy, "auto">;
  items: ServedItem[];
  /** Set when the merchant's rules by group leave nothing to recommend on this page (said in the admin's preview). */
  warning?: string;
}

/** The longest list `rank` returns (the storefront asks for at most 12; the evaluation for 20). */
export const MAX_LIMIT = 50;
const DAY_MS = 86_400_000;
/** History entries a personal list is summed from, strongest first. */
export const MAX_SEEDS = 100;

type Candidate = ServedItem;

/** The strategy "auto" resolves to, per context. */
export function resolveStrategy(req: Pick<RankRequest, "context" | "strategy" | "history">): Exclude<Strategy, "auto"> {
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

const byScore = (a: Candidate, b: Candidate) => b.score - a.score || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0);

/** Moves the `k` best (by `byScore`) to the front of `a`, unordered (Hoare's quickselect). */
function selectBest(a: Candidate[], k: number) {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (byScore(a[i], pivot) < 0) i++;
      while (byScore(a[j], pivot) > 0) j--;
      if (i <= j) {
        [a[i], a[j]] = [a[j], a[i]];
        i++;
        j--;
      }
    }
    if (k - 1 <= j) hi = j;
    else if (k - 1 >= i) lo = i;
    else return;
  }
}

/**
 * Candidates best first, sorting only as far as they are read: the best
 * `first` at once, the rest only if the pool still needs them (most requests
 * read a few dozen of thousands of candidates).
 */
function* bestFirst(candidates: Iterable<Candidate>, first: number): Generator<Candidate> {
  const all = [...candidates];
  if (all.length <= first * 2) {
    yield* all.sort(byScore);
    return;
  }
  selectBest(all, first);
  yield* all.slice(0, first).sort(byScore);
  yield* all.slice(first).sort(byScore);
}

function seedsOf(model: RankModel, req: RankRequest): { id: string; weight: number }[] {
  if (req.context === "product" && req.productId) return [{ id: req.productId, weight: 1 }];
  if (req.context === "cart" && req.cart?.length) return req.cart.map((id) => ({ id, weight: 1 }));
  const now = req.now ?? Date.now();
  const halfLife = model.params.halfLifeDays;
  const weights = new Map<string, number>();
  for (const h of req.history ?? []) {
    const decay = h.at !== undefined && Number.isFinite(halfLife) && halfLife > 0 ? Math.pow(0.5, Math.max(0, now - h.at) / DAY_MS / halfLife) : 1;
    const w = Math.max(0, h.weight) * decay;
    if (w > 0) weights.set(h.productId, (weights.get(h.productId) ?? 0) + w);
  }
  // The strongest MAX_SEEDS entries: a wholesaler's thousands of lines must not cost thousands of list reads.
  return [...weights]
    .map(([id, weight]) => ({ id, weight }))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, MAX_SEEDS);
}

function candidatesFor(model: RankModel, rules: RankRules, req: RankRequest, strategy: Exclude<Strategy, "auto">, first: number): Iterable<Candidate>[] {
  const { lists, params } = model;
  const seeds = seedsOf(model, req);
  // "Goes well with your cart" only when the cart is what the list is for: an empty cart's list rests on the visitor's history.
  const boughtReason: ReasonCode = req.context === "cart" && req.cart?.length ? "goes_with_cart" : "bought_with";
  const similarReason: ReasonCode = req.context === "home" ? "similar_to_viewed" : "similar_to";

  const bought = () => {
    const acc = new Map<string, Candidate>();
    for (const s of seeds) accumulate(acc, lists.bought_together.get(s.id), s.weight, boughtReason, s.id);
    return bestFirst(acc.values(), first);
  };
  const similar = () => {
    const acc = new Map<string, Candidate>();
    for (const s of seeds) accumulate(acc, lists.similar.get(s.id), s.weight, similarReason, s.id, rules.settings.minSimilarity);
    return bestFirst(acc.values(), first);
  };
  // score(j) = sum_h w_h n_h(j) / max + trendWeight * recent(j) / max recent
  const personal = () => {
    const acc = new Map<string, Candidate>();
    for (const s of seeds) accumulate(acc, lists.neighbours.get(s.id), s.weight, "picked_for_you", s.id);
    let max = 0;
    for (const c of acc.values()) if (c.score > max) max = c.score;
    if (max > 0) for (const c of acc.values()) c.score /= max;
    const maxRecent = lists.recent.length ? lists.recent[0][1] : 0;
    const trendWeight = max > 0 ? params.trendWeight : 1;
    if (maxRecent > 0 && trendWeight > 0) {
      for (const [productId, r] of lists.recent) {
        const t = (trendWeight * r) / maxRecent;
        const c = acc.get(productId);
        if (!c) acc.set(productId, { productId, score: t, reasonCode: "trending" });
        else {
          if (t > c.score) {
            c.reasonCode = "trending";
            c.anchorId = undefined;
          }
          c.score += t;
        }
      }
    }
    return bestFirst(acc.values(), first);
  };
  const trending = () => {
    const list = lists.trending.length ? lists.trending : lists.recent;
    return list.map(([productId, score]): Candidate => ({ productId, score, reasonCode: "trending" }));
  };

  switch (strategy) {
    case "bought_together":
      return [lazy(bought), lazy(similar)];
    case "similar":
      return [lazy(similar), lazy(bought)];
    case "personal":
      return seeds.length ? [lazy(personal), lazy(similar)] : [trending()];
    case "trending":
      return [trending()];
  }
}

/** A stage computed only when the pool reads it (a full first stage leaves the later ones untouched). */
function* lazy(stage: () => Iterable<Candidate>): Generator<Candidate> {
  yield* stage();
}

function popularFill(model: RankModel, group: string | undefined): Candidate[][] {
  const popular = model.lists.popular;
  const inGroup = group
    ? popular
        .filter(([id]) => model.catalog.get(id)?.productType === group)
        .map(([productId, score]): Candidate => ({ productId, score, reasonCode: "popular_in_type" }))
    : [];
  return [inGroup, popular.map(([productId, score]): Candidate => ({ productId, score, reasonCode: "popular" }))];
}

const similarIndexes = new WeakMap<ReadonlyMap<string, RankedList>, Map<string, Map<string, number>>>();

/** How alike two products are, from the similar lists (0 when unrelated). */
export function similarity(model: RankModel, a: string, b: string): number {
  let index = similarIndexes.get(model.lists.similar);
  if (!index) similarIndexes.set(model.lists.similar, (index = new Map()));
  const row = (id: string) => {
    let m = index.get(id);
    if (!m) index.set(id, (m = new Map(model.lists.similar.get(id) ?? [])));
    return m;
  };
  return Math.min(1, row(a).get(b) ?? row(b).get(a) ?? 0);
}

/**
 * The block's items. Stages (e.g. bought together, then similar, then
 * popular) keep their order: a later stage only fills what the earlier ones
 * left. Within the result, maximal marginal relevance (Carbonell & Goldstein
 * 1998) trades relevance for variety: pick argmax λ·rel(i) − (1−λ)·max sim(i, picked)
 * with λ = 1 − diversity and rel from the rank (1 for the first candidate).
 * At most `maxPerVendor` products of a vendor and `maxPerFamily` of a family
 * (the family's best first); merchant pins last, where the merchant put them.
 * Rules by group apply on product pages whose product meets their condition
 * (those without one apply everywhere; a price cap needs a viewed product):
 * their exclusions and price caps decide what may be shown, their pins join
 * the product pins.
 */
export function rank(model: RankModel, req: RankRequest, rules: RankRules): RankResult {
  const strategy = resolveStrategy(req);
  const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(req.limit) || 1));
  const anchor = req.context === "product" ? (req.productId ?? undefined) : undefined;
  const blocked = new Set<string>([...(req.cart ?? []), ...(anchor ? [anchor] : [])]);
  if (rules.settings.excludePurchased) for (const id of req.purchased ?? []) blocked.add(id);
  const excludedHere = new Set([...(rules.excluded.get("*") ?? []), ...(anchor ? (rules.excluded.get(anchor) ?? []) : [])]);
  const viewed = anchor ? model.catalog.get(anchor) : undefined;
  const groupRules = rules.groups.filter((r) => !r.when || (viewed !== undefined && matches(r.when, viewed)));
  const groupFilters = groupRules.filter((r) => r.action === "exclude" || (r.action === "price_cap" && viewed !== undefined));
  // Rules by group that turned a candidate away, for the warning when nothing is left.
  const ruledOut = new Set<GroupRule>();
  const allowedByGroups = (p: CatalogProduct) => {
    for (const r of groupFilters) {
      const out = r.action === "exclude" ? matches(r.target, p) : r.action === "price_cap" && Number(p.price) > Number(viewed!.price) * r.maxPriceRatio;
      if (out) {
        ruledOut.add(r);
        return false;
      }
    }
    return true;
  };
  const allowed = (id: string) => {
    if (blocked.has(id) || excludedHere.has(id)) return false;
    const p = model.catalog.get(id);
    return p?.sellable === true && (groupFilters.length === 0 || allowedByGroups(p));
  };
  // The page's own family is not "another" product: its colour twins are capped like any family.
  const familyOf = (id: string) => model.families.get(id);

  const group = anchor ? model.catalog.get(anchor)?.productType : req.cart?.length ? model.catalog.get(req.cart[0])?.productType : undefined;
  const stages = [...candidatesFor(model, rules, req, strategy, limit * 4 + blocked.size), ...popularFill(model, group || undefined)];

  // Relevance-ordered pool, a few times the limit, stages in order; a family
  // over its cap keeps its best members only, so it cannot crowd the pool.
  const pool: Candidate[] = [];
  const seen = new Set<string>();
  const inPool = new Map<string, number>();
  const maxPerFamily = Math.max(1, rules.settings.maxPerFamily);
  for (const stage of stages) {
    for (const c of stage) {
      if (pool.length >= limit * 4) break;
      if (seen.has(c.productId) || !allowed(c.productId)) continue;
      seen.add(c.productId);
      const family = familyOf(c.productId);
      if (family !== undefined) {
        const n = inPool.get(family) ?? 0;
        if (n >= maxPerFamily) continue;
        inPool.set(family, n + 1);
      }
      pool.push(c);
    }
  }

  const lambda = 1 - rules.settings.diversity;
  const perVendor = new Map<string, number>();
  const picked: Candidate[] = [];
  // maxSim[n]: the candidate's greatest similarity to anything picked so far, updated as items are picked.
  const rest = pool.map((c, n) => ({ c, rel: 1 - n / Math.max(1, pool.length), maxSim: 0 }));
  while (picked.length < limit && rest.length) {
    let best = -1;
    let bestValue = -Infinity;
    for (let n = 0; n < rest.length; n++) {
      const { c, rel, maxSim } = rest[n];
      const vendor = model.catalog.get(c.productId)!.vendor;
      if (vendor && (perVendor.get(vendor) ?? 0) >= rules.settings.maxPerVendor) continue;
      const value = lambda * rel - (1 - lambda) * maxSim;
      if (value > bestValue) {
        bestValue = value;
        best = n;
      }
      // Nothing later can beat a candidate with no penalty (rel only falls).
      if (maxSim === 0 && best === n) break;
    }
    if (best < 0) break; // only capped vendors left
    const [{ c }] = rest.splice(best, 1);
    const vendor = model.catalog.get(c.productId)!.vendor;
    if (vendor) perVendor.set(vendor, (perVendor.get(vendor) ?? 0) + 1);
    picked.push(c);
    if (lambda < 1) for (const r of rest) r.maxSim = Math.max(r.maxSim, similarity(model, r.c.productId, c.productId));
  }

  // Merchant pins go where the merchant put them (1-based), if sellable.
  const pins = [
    ...(rules.pins.get("*") ?? []),
    ...(anchor ? (rules.pins.get(anchor) ?? []) : []),
    ...groupRules.flatMap((r) => (r.action === "pin" ? [{ productId: r.productId, position: r.position }] : [])),
  ].sort((a, b) => a.position - b.position);
  for (const pin of pins) {
    if (!allowed(pin.productId)) continue;
    const at = picked.findIndex((p) => p.productId === pin.productId);
    if (at >= 0) picked.splice(at, 1);
    picked.splice(Math.min(Math.max(0, pin.position - 1), picked.length), 0, { productId: pin.productId, score: Infinity, reasonCode: "pinned" });
  }
  const items = picked.slice(0, limit).map((c) => ({ ...c, score: Number.isFinite(c.score) ? c.score : 1 }));
  if (items.length === 0 && ruledOut.size > 0) {
    const title = (id: string) => rules.collectionTitles?.get(id);
    const said = [...ruledOut].map((r) => `“${describeGroupRule(r, undefined, title)}”`).join(", ");
    return { strategy, items, warning: `Nothing to recommend on this page: the rules by group leave no candidate (${said}).` };
  }
  return { strategy, items };
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
