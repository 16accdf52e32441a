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
  /** Variety (maximal marginal relevance) when the merchant leaves it automatic: 0 ranks by relevance alone. */
  diversity: number;
}

export const DEFAULT_RANK_PARAMS: RankParams = { trendWeight: 0.3, halfLifeDays: 120, diversity: 0.3 };

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
    /** Variety the merchant set; null: the value training chose for the shop (the model's params). */
    diversity: number | null;
    excludePurchased: boolean;
  };
}

export const NO_RULES: RankRules = {
  pins: new Map(),
  excluded: new Map(),
  groups: [],
  settings: { maxPerVendor: 12, maxPerFamily: 1, minSimilarity: 0.05, diversity: null, excludePurchased: false },
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
/** History entries a personal list is summed from, strongest first (and cart lines a cart's list is). */
export const MAX_SEEDS = 100;
/**
 * Entries read from one seed's list: training writes at most 100 (EASE's
 * neighbour rows), so a request sums at most MAX_SEEDS × 100 entries, whatever
 * a stored row holds.
 */
export const MAX_LIST_READ = 100;

type Candidate = ServedItem;

/** The strategy "auto" resolves to, per context. */
export function resolveStrategy(req: Pick<RankRequest, "context" | "strategy" | "history">): Exclude<Strategy, "auto"> {
  if (req.strategy !== "auto") return req.strategy;
  if (req.context === "home") return req.history?.length ? "personal" : "trending";
  return "bought_together";
}

/** A product a list is summed from, with how much it says about the shopper (decayed history weight; 1 for a page or cart). */
interface Seed {
  id: string;
  weight: number;
}

/**
 * A stage's summed scores, one slot per product, in typed arrays sized once
 * for the entries the stage reads, and found through an open-addressing
 * table on the product id. A personal list sums hundreds of list entries: an
 * object per product, or a Map and arrays grown entry by entry, made each
 * request allocate enough to set off a young-generation collection every few
 * dozen requests (several ms on a large catalog's heap), which then landed in
 * some shopper's request. Typed arrays' memory is outside that generation.
 */
interface Sums {
  /** Slot + 1 of the product hashed there (0: free); a power of two, at least twice the capacity. */
  table: Int32Array;
  /** Products summed so far: the slots in use. */
  size: number;
  ids: string[];
  scores: Float64Array;
  /** The seed (index) whose contribution is the product's reason; -1: "what sells now" outweighs the sum. */
  anchors: Int32Array;
}

/** At most `capacity` products: the entries the stage will read. */
function emptySums(capacity: number): Sums {
  let tableSize = 16;
  while (tableSize < capacity * 2) tableSize *= 2;
  return {
    table: new Int32Array(tableSize),
    size: 0,
    ids: new Array<string>(capacity),
    scores: new Float64Array(capacity),
    anchors: new Int32Array(capacity),
  };
}

/** FNV-1a over the id's characters, its high bits folded into the low ones the table's mask keeps (ids differ mostly in their last digits). */
function hashOf(id: string) {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/** Adds `score` to the product's sum; a contribution above the sum so far becomes its reason. */
function add(sums: Sums, productId: string, score: number, anchor: number) {
  const { table, ids } = sums;
  const mask = table.length - 1;
  let h = hashOf(productId) & mask;
  for (let slot = table[h] - 1; slot >= 0; slot = table[h] - 1) {
    if (ids[slot] === productId) {
      if (score > sums.scores[slot]) sums.anchors[slot] = anchor;
      sums.scores[slot] += score;
      return;
    }
    h = (h + 1) & mask;
  }
  const n = sums.size++;
  table[h] = n + 1;
  ids[n] = productId;
  sums.scores[n] = score;
  sums.anchors[n] = anchor;
}

/** Entries the seeds' lists give a stage (each list read to MAX_LIST_READ). */
function entriesOf(lists: ReadonlyMap<string, RankedList>, seeds: readonly Seed[]) {
  let n = 0;
  for (const s of seeds) n += Math.min(lists.get(s.id)?.length ?? 0, MAX_LIST_READ);
  return n;
}

/** Adds each seed's list (its first MAX_LIST_READ entries, best first), weighted by the seed. */
function accumulate(sums: Sums, lists: ReadonlyMap<string, RankedList>, seeds: readonly Seed[], minScore = 0) {
  seeds.forEach((s, anchor) => {
    const list = lists.get(s.id);
    if (!list) return;
    const n = Math.min(list.length, MAX_LIST_READ);
    for (let k = 0; k < n; k++) {
      const entry = list[k];
      if (entry[1] >= minScore) add(sums, entry[0], entry[1] * s.weight, anchor);
    }
  });
}

/** Moves the `k` first (by `order`) of `a[from..]` to `a[from..from + k)`, unordered (Hoare's quickselect). */
function selectFirst<T>(a: { [n: number]: T; length: number }, from: number, k: number, order: (x: T, y: T) => number) {
  let lo = from;
  let hi = a.length - 1;
  const last = from + k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (order(a[i], pivot) < 0) i++;
      while (order(a[j], pivot) > 0) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (last <= j) hi = j;
    else if (last >= i) lo = i;
    else return;
  }
}

/**
 * A stage's products best first, sorting only as far as they are read: the
 * best `first` at once, then twice as many at a time if the pool still needs
 * them (most requests read a few dozen of hundreds or thousands). The order
 * is total (ties by product id), so it is the full sort's. A product's
 * reason is the stage's, from its anchor seed, or "trending" without one.
 */
function* bestFirst(sums: Sums, first: number, reasonCode: ReasonCode, seeds: readonly Seed[]): Generator<Candidate> {
  const { ids, scores, anchors, size: n } = sums;
  // Higher score first, then product id; -1/0/1 rather than a difference, which would box a number per comparison.
  const order = (a: number, b: number) => (scores[a] > scores[b] ? -1 : scores[a] < scores[b] ? 1 : ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);
  const slots = new Int32Array(n);
  for (let k = 0; k < n; k++) slots[k] = k;
  for (let from = 0, size = Math.max(1, first); from < slots.length; from += size, size *= 2) {
    const to = Math.min(slots.length, from + size);
    if (to < slots.length) selectFirst(slots, from, to - from, order);
    for (const k of slots.subarray(from, to).sort(order)) {
      const anchor = anchors[k];
      yield anchor < 0
        ? { productId: ids[k], score: scores[k], reasonCode: "trending" }
        : { productId: ids[k], score: scores[k], reasonCode, anchorId: seeds[anchor].id };
    }
  }
}

/** A shop-wide list's entries as candidates, made only as the pool reads them. */
function* listed(list: RankedList, reasonCode: ReasonCode, keep?: (productId: string) => boolean): Generator<Candidate> {
  for (const entry of list) if (!keep || keep(entry[0])) yield { productId: entry[0], score: entry[1], reasonCode };
}

/** Seeds strongest first (ties in history order), at most MAX_SEEDS. */
function strongest(seeds: (Seed & { at: number })[]): Seed[] {
  const order = (a: { weight: number; at: number }, b: { weight: number; at: number }) => b.weight - a.weight || a.at - b.at;
  // A wholesaler's thousands of lines: select the strongest before sorting, not after.
  if (seeds.length > MAX_SEEDS) {
    selectFirst(seeds, 0, MAX_SEEDS, order);
    seeds.length = MAX_SEEDS;
  }
  return seeds.sort(order).map(({ id, weight }) => ({ id, weight }));
}

function seedsOf(model: RankModel, req: RankRequest): Seed[] {
  if (req.context === "product" && req.productId) return [{ id: req.productId, weight: 1 }];
  // A cart's first MAX_SEEDS lines, like a history's strongest (the storefront sends at most 50).
  if (req.context === "cart" && req.cart?.length) return req.cart.slice(0, MAX_SEEDS).map((id) => ({ id, weight: 1 }));
  const now = req.now ?? Date.now();
  const halfLife = model.params.halfLifeDays;
  const weights = new Map<string, number>();
  for (const h of req.history ?? []) {
    const decay = h.at !== undefined && Number.isFinite(halfLife) && halfLife > 0 ? Math.pow(0.5, Math.max(0, now - h.at) / DAY_MS / halfLife) : 1;
    const w = Math.max(0, h.weight) * decay;
    if (w > 0) weights.set(h.productId, (weights.get(h.productId) ?? 0) + w);
  }
  // The strongest MAX_SEEDS entries: a wholesaler's thousands of lines must not cost thousands of list reads.
  let at = 0;
  return strongest(Array.from(weights, ([id, weight]) => ({ id, weight, at: at++ })));
}

function candidatesFor(model: RankModel, rules: RankRules, req: RankRequest, strategy: Exclude<Strategy, "auto">, first: number): Iterable<Candidate>[] {
  const { lists, params } = model;
  const seeds = seedsOf(model, req);
  // "Goes well with your cart" only when the cart is what the list is for: an empty cart's list rests on the visitor's history.
  const boughtReason: ReasonCode = req.context === "cart" && req.cart?.length ? "goes_with_cart" : "bought_with";
  const similarReason: ReasonCode = req.context === "home" ? "similar_to_viewed" : "similar_to";

  const bought = () => {
    const sums = emptySums(entriesOf(lists.bought_together, seeds));
    accumulate(sums, lists.bought_together, seeds);
    return bestFirst(sums, first, boughtReason, seeds);
  };
  const similar = () => {
    const sums = emptySums(entriesOf(lists.similar, seeds));
    accumulate(sums, lists.similar, seeds, rules.settings.minSimilarity);
    return bestFirst(sums, first, similarReason, seeds);
  };
  // score(j) = sum_h w_h n_h(j) / max + trendWeight * recent(j) / max recent
  const personal = () => {
    const sums = emptySums(entriesOf(lists.neighbours, seeds) + lists.recent.length);
    accumulate(sums, lists.neighbours, seeds);
    const { scores, size: n } = sums;
    let max = 0;
    for (let k = 0; k < n; k++) if (scores[k] > max) max = scores[k];
    if (max > 0) for (let k = 0; k < n; k++) scores[k] /= max;
    const maxRecent = lists.recent.length ? lists.recent[0][1] : 0;
    const trendWeight = max > 0 ? params.trendWeight : 1;
    if (maxRecent > 0 && trendWeight > 0) for (const entry of lists.recent) add(sums, entry[0], (trendWeight * entry[1]) / maxRecent, -1);
    return bestFirst(sums, first, "picked_for_you", seeds);
  };
  const trending = () => listed(lists.trending.length ? lists.trending : lists.recent, "trending");

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

function popularFill(model: RankModel, group: string | undefined): Iterable<Candidate>[] {
  const popular = model.lists.popular;
  const inGroup = group ? listed(popular, "popular_in_type", (id) => model.catalog.get(id)?.productType === group) : [];
  return [inGroup, listed(popular, "popular")];
}

/**
 * How alike the pool's candidates are, from their similar lists (0 when
 * unrelated): `(a, b)` is a's list's score for b, else b's for a, by pool
 * index. Only the entries naming pool members are kept, once per request; a
 * cache of every product's row would grow with the catalog in a serving
 * process and allocate as it grows.
 */
function poolSimilarity(model: RankModel, pool: readonly Candidate[]): (a: number, b: number) => number {
  const index = new Map<string, number>();
  pool.forEach((c, n) => index.set(c.productId, n));
  const start: number[] = [];
  const member: number[] = [];
  const score: number[] = [];
  for (const c of pool) {
    start.push(member.length);
    for (const entry of model.lists.similar.get(c.productId) ?? []) {
      const m = index.get(entry[0]);
      if (m !== undefined) {
        member.push(m);
        score.push(entry[1]);
      }
    }
  }
  start.push(member.length);
  // From the end: a list naming a product twice counts its last entry, as a Map built from it would.
  const find = (a: number, b: number) => {
    for (let k = start[a + 1] - 1; k >= start[a]; k--) if (member[k] === b) return score[k];
    return undefined;
  };
  return (a, b) => Math.min(1, find(a, b) ?? find(b, a) ?? 0);
}

/**
 * The block's items. Stages (e.g. bought together, then similar, then
 * popular) keep their order: a later stage only fills what the earlier ones
 * left. Within the result, maximal marginal relevance (Carbonell & Goldstein
 * 1998) trades relevance for variety: pick argmax λ·rel(i) − (1−λ)·max sim(i, picked)
 * with λ = 1 − diversity and rel from the rank (1 for the first candidate);
 * diversity is the merchant's setting, or the model's when left automatic.
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
  // A full pool reads no further: the next candidate of a stage, or a later stage, may cost a sort or a list sum.
  for (const stage of stages) {
    if (pool.length >= limit * 4) break;
    for (const c of stage) {
      if (seen.has(c.productId) || !allowed(c.productId)) continue;
      seen.add(c.productId);
      const family = familyOf(c.productId);
      if (family !== undefined) {
        const n = inPool.get(family) ?? 0;
        if (n >= maxPerFamily) continue;
        inPool.set(family, n + 1);
      }
      pool.push(c);
      if (pool.length >= limit * 4) break;
    }
  }

  const lambda = 1 - (rules.settings.diversity ?? model.params.diversity);
  const perVendor = new Map<string, number>();
  const picked: Candidate[] = [];
  // maxSim[n]: the candidate's greatest similarity to anything picked so far, updated as items are picked.
  const rest = pool.map((c, n) => ({ c, n, rel: 1 - n / Math.max(1, pool.length), maxSim: 0 }));
  const similarity = lambda < 1 ? poolSimilarity(model, pool) : () => 0;
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
    const [{ c, n: at }] = rest.splice(best, 1);
    const vendor = model.catalog.get(c.productId)!.vendor;
    if (vendor) perVendor.set(vendor, (perVendor.get(vendor) ?? 0) + 1);
    picked.push(c);
    if (lambda < 1) for (const r of rest) r.maxSim = Math.max(r.maxSim, similarity(r.n, at));
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
