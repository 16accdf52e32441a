// From a shop's purchases and storefront behaviour to the lists the
// storefront serves, with parameters chosen on the shop's own data. No
// database, no HTTP: the training job (training.server.ts) and the
// benchmarks call this, and every evaluation ranks through serve.ts `rank`,
// the function shoppers are served by.
//
// Lists per product:
//   bought_together  co-purchase s(i -> j) = c_ij / (c_i^.5 c_j^.5 + 5)
//                    (copurchase.ts), times c_ij / (c_ij + SUPPORT_PRIOR): a
//                    pair seen in 2 orders keeps 40 % of its score, one seen in
//                    30 orders 91 %, so thin evidence ranks below solid evidence;
//   similar          (content + behaviour) / 2, content = TF-IDF cosine of the
//                    product text, behaviour = item-kNN cosine of the buyers
//                    (content alone for products nobody bought); real scores
//                    in (0, 1] that the merchant's threshold filters on;
//   neighbours       what "for you" sums: EASE weights over the most-bought
//                    items (100 per row), item-kNN for every other product
//                    with buyers (50 per row), and
//                    content for products nobody bought, each calibrated to
//                    EASE's scale (median of the rows' strongest weights);
// and shop-wide: trending, popular (all-time distinct buyers) and recent
// (recency-weighted popularity with the tuned half-life).

import { trainContent, type ContentModel, type ProductText } from "./core/content";
import { trainCopurchase, type CopurchaseModel } from "./core/copurchase";
import { easeNeighbours, trainEaseAsync, type EaseModel } from "./core/ease";
import { productFamilies, type FamilyInput } from "./core/families";
import { EventLog, lastPurchaseTime } from "./core/event-log";
import { DAY_MS, interactionsOf, itemUserCounts } from "./core/interactions";
import { trainItemKnn, type ItemKnnModel, type UserWeighting } from "./core/itemknn";
import { evaluate, timeSplit, type EvalSplit } from "./core/metrics";
import { blendNeighbours, neighboursOf, type NeighbourLists } from "./core/neighbours";
import { recommendPopular, recommendTrending, trainPopularity } from "./core/popularity";
import type { InteractionEvent, Interactions } from "./core/types";
import { NO_RULES, rank, type CatalogProduct, type HistoryEntry, type RankModel, type RankParams, type RankRules, type RankedList } from "./serve";

/**
 * A number that changes when what training reads of a product changes (its
 * text, handle, groups and option values): an update between trainings
 * compares it with the one the model stored to tell a changed product from a
 * price or stock edit. FNV-1a over the fields; option values only when there
 * are some, so a product without options keeps the key it had before they were read.
 */
export function contentKey(c: CatalogItem): number {
  const text = JSON.stringify([
    c.text.title,
    c.text.productType ?? "",
    c.text.vendor ?? "",
    c.text.tags ?? [],
    c.text.description ?? "",
    c.handle ?? "",
    c.groups,
    ...(c.optionValues?.length ? [c.optionValues] : []),
  ]);
  let h = 0x811c9dc5;
  for (let n = 0; n < text.length; n++) {
    h ^= text.charCodeAt(n);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A catalog product as product families read it (training and the updates between trainings). */
export function familyInputOf(c: CatalogItem): FamilyInput {
  return { title: c.text.title, handle: c.handle, productType: c.text.productType, optionValues: c.optionValues };
}

export interface CatalogItem {
  id: string;
  text: ProductText;
  /** Group keys for popular/trending fill-ins (product type). */
  groups: string[];
  handle?: string;
  /** The product's own option values ("Rosa" of "Farbe: Rosa"): its title without them names its family. */
  optionValues?: string[];
}

/** What training reads: the catalog, and the events in a log whose items start with the catalog's, in its order. */
export interface TrainingInput {
  catalog: CatalogItem[];
  events: EventLog;
}

/** Training input from events given one by one (tests, benchmarks, a small shop). */
export function trainingInputOf(catalog: CatalogItem[], events: Iterable<InteractionEvent>): TrainingInput {
  return { catalog, events: EventLog.of(events, { items: catalog.map((c) => c.id) }) };
}

export type Metrics = Record<string, number>;

/** The values training chooses per shop, on the shop's own validation split. */
export interface ModelParams {
  /** Which models take part in "for you": EASE over the most-bought items plus item-kNN, or item-kNN alone. */
  models: "ease+itemknn" | "itemknn";
  /** EASE regularisation (Steck's lambda). */
  easeLambda: number;
  /** Share of item-kNN's (calibrated) similarities added to the rows of the items EASE covers (0: EASE alone). */
  easeKnnBlend: number;
  /** Item-kNN customer weighting (idf: a customer who buys everything says little about a pair). */
  neighbourWeighting: UserWeighting;
  /** Weight of what sells now next to the personal scores. */
  trendWeight: number;
  /** Half-life of a history entry in the shopper's profile, in days. */
  halfLifeDays: number;
  /** Half-life of the recency-weighted popularity ("what sells now"), in days. */
  recentHalfLifeDays: number;
  /** Variety in a block when the merchant leaves it automatic (0: relevance alone). */
  diversity: number;
}

/** Safe defaults: used as they are when a shop's data is too thin to tune on. */
export const DEFAULT_PARAMS: ModelParams = {
  models: "ease+itemknn",
  easeLambda: 300,
  easeKnnBlend: 0,
  neighbourWeighting: "idf",
  trendWeight: 0.3,
  halfLifeDays: 120,
  recentHalfLifeDays: 30,
  diversity: 0.3,
};

export interface Tuning {
  status: "tuned" | "defaults";
  /** Why these values (in the merchant's words). */
  note: string;
  validationUsers: number;
  chosen: ModelParams;
  /** Recall@20 on the validation split of the defaults and of the chosen values. */
  defaultRecall20: number | null;
  chosenRecall20: number | null;
  trials: number;
}

export interface Evaluation {
  holdoutDays: number;
  testUsers: number;
  shipped: Metrics;
  popularity: Metrics;
  recentPopularity?: Metrics;
}

export const LIST_LENGTH = 24;
export const NEIGHBOUR_LENGTH = 50;
/** EASE rows are kept longer than item-kNN's: their weights stay informative further down (only the most-bought items have them). */
export const EASE_NEIGHBOUR_LENGTH = 100;
const SHOP_LIST_LENGTH = 200;
/** c_ij / (c_ij + SUPPORT_PRIOR): how much a co-purchase pair's score is trusted given its support. */
const SUPPORT_PRIOR = 3;
/** Partners by raw support kept per product (with those of its bought-together list), so updates can add new orders' counts. */
export const PAIR_COUNT_LENGTH = 50;

/** A bought-together entry's score: the co-purchase score, capped at 1, times how much its support is trusted. */
export function boughtTogetherScore(copurchaseScore: number, support: number): number {
  return Math.min(1, copurchaseScore) * (support / (support + SUPPORT_PRIOR));
}
/** EASE's dense n x n inverse is limited to the most-bought items (see ease.ts). */
export const EASE_MAX_ITEMS = 2_500;
const HOLDOUT_DAYS = 30;
const MIN_VALIDATION_USERS = 20;

export type ListKind =
  | "bought_together"
  | "similar"
  | "neighbours"
  | "trending"
  | "popular"
  | "recent"
  | "families"
  // What updates between trainings start from, not served (docs/decisions/0022-incremental-recommendations.md).
  | "basket_counts"
  | "pair_counts"
  | "trend_counts"
  | "trend_baseline"
  | "content_keys";

/**
 * The counts behind a model's lists, stored with it so updates between
 * trainings apply the training's own formulas to trained + new counts.
 */
export interface ListCounts {
  /** c_i: usable baskets (2 to 100 distinct products) holding each product. */
  basketCounts: [string, number][];
  /** c_ij of each product's partners: its bought-together list's and its PAIR_COUNT_LENGTH strongest by support. */
  pairCounts: Map<string, [string, number][]>;
  /** Distinct buyers in the trending window and in the baseline window before it. */
  trendCounts: [string, number][];
  trendBaseline: [string, number][];
  /** `contentKey` of each product as training read it. */
  contentKeys: [string, number][];
  /** The time the shop-wide lists were computed at (ms): the latest event in the data. */
  listsAt: number;
}

export interface PrecomputedList {
  productShopifyId: string;
  kind: ListKind;
  items: [string, number][];
}

/** A trained model: per-product lists and families, keyed by product id. */
export interface TrainedLists {
  bought_together: Map<string, [string, number][]>;
  similar: Map<string, [string, number][]>;
  neighbours: Map<string, [string, number][]>;
  trending: [string, number][];
  popular: [string, number][];
  recent: [string, number][];
  families: Map<string, string>;
  counts: ListCounts;
  timings: Record<string, number>;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** The parts of a model that depend only on the data (not on serving parameters), trained once per data set. */
interface Parts {
  data: Interactions;
  content: ContentModel | null;
  copurchase: CopurchaseModel;
  knn: Map<UserWeighting, ItemKnnModel>;
  ease: Map<number, EaseModel>;
  buyers: Uint32Array;
  families: (number | undefined)[];
  groups: (string[] | undefined)[];
  contentKeys: (number | undefined)[];
  timings: Record<string, number>;
}

function timed<T>(timings: Record<string, number>, name: string, f: () => T): T {
  const t = performance.now();
  const r = f();
  timings[name] = (timings[name] ?? 0) + (performance.now() - t) / 1000;
  return r;
}

function partsOf(data: Interactions, byId: ReadonlyMap<string, CatalogItem>): Parts {
  const timings: Record<string, number> = {};
  const items = data.items.keys.map((id) => byId.get(id));
  const products: ProductText[] = items.map((c, n) => c?.text ?? { title: data.items.keys[n] });
  const content = timed(timings, "content", () => (products.length > 1 ? trainContent(products) : null));
  const copurchase = timed(timings, "copurchase", () => trainCopurchase(data, { topN: LIST_LENGTH, countsTopN: PAIR_COUNT_LENGTH }));
  const families = timed(timings, "families", () => productFamilies(items.map((c, n) => (c ? familyInputOf(c) : { title: data.items.keys[n] }))));
  return {
    data,
    content,
    copurchase,
    knn: new Map(),
    ease: new Map(),
    buyers: itemUserCounts(data),
    families,
    groups: items.map((c) => c?.groups),
    contentKeys: items.map((c) => (c ? contentKey(c) : undefined)),
    timings,
  };
}

function knnOf(parts: Parts, weighting: UserWeighting): ItemKnnModel {
  let m = parts.knn.get(weighting);
  if (!m) parts.knn.set(weighting, (m = timed(parts.timings, "itemknn", () => trainItemKnn(parts.data, { weighting, k: NEIGHBOUR_LENGTH }))));
  return m;
}

async function easeOf(parts: Parts, lambda: number): Promise<EaseModel> {
  let m = parts.ease.get(lambda);
  if (!m) {
    const t = performance.now();
    m = await trainEaseAsync(parts.data, { lambda, maxItems: EASE_MAX_ITEMS });
    parts.timings.ease = (parts.timings.ease ?? 0) + (performance.now() - t) / 1000;
    parts.ease.set(lambda, m);
  }
  return m;
}

/** Median of each non-empty row's strongest score (a list's typical scale). */
function typicalTop(lists: NeighbourLists, rows?: (i: number) => boolean): number {
  const tops: number[] = [];
  for (let i = 0; i < lists.nItems; i++) if (lists.ptr[i + 1] > lists.ptr[i] && (!rows || rows(i))) tops.push(lists.similarity[lists.ptr[i]]);
  if (!tops.length) return 1;
  tops.sort((a, b) => a - b);
  return tops[tops.length >> 1] || 1;
}

async function listsOf(parts: Parts, params: ModelParams): Promise<TrainedLists> {
  const { data, content, copurchase, buyers, timings } = parts;
  const key = (i: number) => data.items.keys[i];
  const knn = knnOf(parts, params.neighbourWeighting);
  const ease = params.models === "ease+itemknn" && data.nEvents > 0 ? await easeOf(parts, params.easeLambda) : null;
  const popularity = timed(timings, "popularity", () => trainPopularity(data, { halfLifeDays: Number.POSITIVE_INFINITY, groups: parts.groups }));
  const recentModel = timed(timings, "popularity", () => trainPopularity(data, { halfLifeDays: params.recentHalfLifeDays }));

  return timed(timings, "lists", () => {
    const easeLists = ease ? easeNeighbours(ease, EASE_NEIGHBOUR_LENGTH) : null;
    const inEase = (i: number) => Boolean(ease && ease.position[i] >= 0);
    // Calibrate item-kNN and content to EASE's scale, so a history mixing both sums comparably.
    const scale = easeLists ? typicalTop(easeLists, inEase) : 1;
    const knnScale = scale / typicalTop(knn.lists);
    const contentScale = content ? (0.5 * scale) / typicalTop(content.lists) : 0;

    const bought = new Map<string, [string, number][]>();
    const similar = new Map<string, [string, number][]>();
    const neighbours = new Map<string, [string, number][]>();
    const pairCounts = new Map<string, [string, number][]>();
    const support = copurchase.support;
    for (let i = 0; i < data.nItems; i++) {
      const id = key(i);
      const start = copurchase.lists.ptr[i];
      const partners = new Map<number, number>();
      const b = neighboursOf(copurchase.lists, i).map((e, n): [number, number] => {
        const s = support[start + n];
        partners.set(e.item, s);
        return [e.item, boughtTogetherScore(e.score, s)];
      });
      if (copurchase.pairCounts) for (const e of neighboursOf(copurchase.pairCounts, i)) partners.set(e.item, e.score);
      if (partners.size)
        pairCounts.set(
          id,
          [...partners].map(([j, c]) => [key(j), c]),
        );
      b.sort((x, y) => y[1] - x[1]);
      if (b.length)
        bought.set(
          id,
          b.slice(0, LIST_LENGTH).map(([j, s]) => [key(j), round(s)]),
        );

      const text = content ? neighboursOf(content.lists, i) : [];
      const behaviour = buyers[i] > 0 ? neighboursOf(knn.lists, i) : [];
      const merged = new Map<number, number>();
      const wText = behaviour.length ? 0.5 : 1;
      for (const e of text) merged.set(e.item, wText * Math.min(1, e.score));
      for (const e of behaviour) merged.set(e.item, (merged.get(e.item) ?? 0) + 0.5 * Math.min(1, e.score));
      const s = [...merged].filter(([, v]) => v > 0).sort((x, y) => y[1] - x[1] || x[0] - y[0]);
      if (s.length)
        similar.set(
          id,
          s.slice(0, LIST_LENGTH).map(([j, v]) => [key(j), round(v)]),
        );

      let n: { item: number; score: number }[] = [];
      if (easeLists && inEase(i)) n = blendNeighbours(neighboursOf(easeLists, i), behaviour, params.easeKnnBlend * knnScale);
      else if (behaviour.length) n = behaviour.map((e) => ({ item: e.item, score: e.score * knnScale }));
      else if (content) n = text.map((e) => ({ item: e.item, score: e.score * contentScale }));
      n = n.filter((e) => e.score > 0).slice(0, easeLists && inEase(i) ? EASE_NEIGHBOUR_LENGTH : NEIGHBOUR_LENGTH);
      if (n.length)
        neighbours.set(
          id,
          n.map((e) => [key(e.item), Number(e.score.toPrecision(4))]),
        );
    }
    const families = new Map<string, string>();
    parts.families.forEach((f, i) => {
      if (f !== undefined) families.set(key(i), key(f));
    });
    const nonZero = (values: ArrayLike<number>) => {
      const out: [string, number][] = [];
      for (let i = 0; i < values.length; i++) if (values[i] > 0) out.push([key(i), values[i]]);
      return out;
    };
    const counts: ListCounts = {
      basketCounts: nonZero(copurchase.basketCounts),
      pairCounts,
      trendCounts: nonZero(popularity.recent),
      trendBaseline: nonZero(popularity.baseline),
      contentKeys: parts.contentKeys.flatMap((c, i): [string, number][] => (c === undefined ? [] : [[key(i), c]])),
      listsAt: recentModel.now,
    };
    return {
      bought_together: bought,
      similar,
      neighbours,
      trending: recommendTrending(popularity, 50).map((s): [string, number] => [key(s.item), round(s.score)]),
      popular: recommendPopular(popularity, SHOP_LIST_LENGTH).map((s): [string, number] => [key(s.item), round(s.score)]),
      recent: recommendPopular(recentModel, SHOP_LIST_LENGTH).map((s): [string, number] => [key(s.item), round(s.score)]),
      families,
      counts,
      timings,
    };
  });
}

/** The catalog as the ranking function sees it (for offline use: everything sellable). */
export function catalogProducts(catalog: readonly CatalogItem[]): Map<string, CatalogProduct> {
  return new Map(
    catalog.map((c) => [
      c.id,
      {
        id: c.id,
        handle: c.handle ?? c.id,
        title: c.text.title,
        vendor: c.text.vendor ?? "",
        productType: c.text.productType ?? "",
        sellable: true,
        variantId: null,
        price: "0.00",
        compareAtPrice: null,
        imageUrl: null,
        imageAlt: null,
        tags: c.text.tags ?? [],
        stock: null,
        // The offline evaluation applies no rules (ADR 0014): collections are not needed.
        collections: [],
      },
    ]),
  );
}

/** A trained model as the ranking function reads it. */
export function rankModelOf(lists: TrainedLists, catalog: ReadonlyMap<string, CatalogProduct>, params: ModelParams): RankModel {
  return {
    catalog,
    lists: {
      bought_together: lists.bought_together as ReadonlyMap<string, RankedList>,
      similar: lists.similar as ReadonlyMap<string, RankedList>,
      neighbours: lists.neighbours as ReadonlyMap<string, RankedList>,
      trending: lists.trending,
      popular: lists.popular,
      recent: lists.recent,
    },
    families: lists.families,
    params: rankParamsOf(params),
  };
}

/** The chosen values the ranking function reads per request. */
export function rankParamsOf(params: ModelParams): RankParams {
  return { trendWeight: params.trendWeight, halfLifeDays: params.halfLifeDays, diversity: params.diversity };
}

/** A train customer's history as the storefront would pass it: each product, its weight (1 for a purchase) and when. */
export function historyOf(data: Interactions, user: number): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (let p = data.userPtr[user]; p < data.userPtr[user + 1]; p++) {
    out.push({ productId: data.items.keys[data.userItems[p]], weight: Math.min(1, data.userWeights[p]), at: data.userLastSeen[p] });
  }
  return out;
}

/**
 * Recall, NDCG, hit rate of a model on a split, each customer's list coming
 * from `rank` on the home page ("for you"), as the storefront builds it: the
 * customer's history, the merchant's rules, purchased items left out.
 */
export function evaluateRanked(model: RankModel, split: EvalSplit, rules: RankRules = NO_RULES, options: { limitUsers?: number; ks?: number[] } = {}) {
  const settings = { ...rules.settings, excludePurchased: true };
  return evaluate(
    (u, k, exclude) => {
      const purchased = new Set([...exclude].map((i) => split.train.items.keys[i]));
      const r = rank(
        model,
        { context: "home", strategy: "auto", limit: k, history: historyOf(split.train, u), purchased, now: split.splitTime },
        { ...rules, settings },
      );
      return r.items.map((item) => split.train.items.indexOf(item.productId)!).filter((i) => i !== undefined);
    },
    split,
    options,
  );
}

/** `days` before the latest purchase (before `end`), or null when there are no purchases. */
function splitTimeBefore(events: EventLog, days: number, end?: number): number | null {
  const last = lastPurchaseTime(events, end);
  return last === null ? null : last - days * DAY_MS;
}

/** A time split `days` before the latest purchase, reading only the events before `end`; null when there are no purchases. */
function splitBefore(events: EventLog, days: number, end?: number): EvalSplit | null {
  const at = splitTimeBefore(events, days, end);
  return at === null ? null : timeSplit(events, at, { end });
}

const TUNING_USERS = 5_000;
/** Customers the evaluation on recent purchases scores (its standard error is small by then; a big shop has hundreds of thousands). */
const EVALUATION_USERS = 20_000;

/**
 * Chooses the model's parameters on a validation split of the data given
 * (the last `HOLDOUT_DAYS` of the events before `options.end`, or of all of
 * them): first the recency half-life of "what sells now", then the serving
 * parameters (trend weight, profile half-life and, unless the merchant set
 * it, variety; cheap: no retraining), then each
 * training choice in turn (models taking part, EASE regularisation, item-kNN's
 * share in EASE's rows, neighbour weighting), then the serving parameters once
 * more, keeping a change only when it beats the best so far. With too few
 * validation customers it keeps the defaults and says so.
 */
export async function tuneParams(input: TrainingInput, rules: RankRules = NO_RULES, options: { end?: number } = {}): Promise<Tuning> {
  const split = splitBefore(input.events, HOLDOUT_DAYS, options.end);
  const users = split?.users.length ?? 0;
  if (!split || users < MIN_VALIDATION_USERS) {
    return {
      status: "defaults",
      note: `Too little history to tune on (${users} customers bought something new in the last ${HOLDOUT_DAYS} days; ${MIN_VALIDATION_USERS} needed): safe defaults.`,
      validationUsers: users,
      chosen: { ...DEFAULT_PARAMS },
      defaultRecall20: null,
      chosenRecall20: null,
      trials: 0,
    };
  }
  const byId = new Map(input.catalog.map((c) => [c.id, c]));
  const catalog = catalogProducts(input.catalog);
  const parts = partsOf(split.train, byId);
  let trials = 0;
  const score = async (p: ModelParams, lists?: TrainedLists) => {
    trials++;
    const l = lists ?? (await listsOf(parts, p));
    const r = evaluateRanked(rankModelOf(l, catalog, p), split, rules, { limitUsers: TUNING_USERS, ks: [20] });
    return { lists: l, recall: r.metrics["recall@20"], perUser: r.perUserRecall };
  };

  let best = { ...DEFAULT_PARAMS };
  const base = await score(best);
  const defaultRecall = base.recall;
  // One set of lists at a time (at 100,000 products a set is over a gigabyte):
  // a trial that trains its own lets the best's go, and they are trained
  // again when a later trial reuses them.
  let current: { lists: TrainedLists | null; recall: number; perUser: Float64Array } = base;
  const consider = async (change: Partial<ModelParams>, reuseLists: boolean) => {
    const p = { ...best, ...change };
    if (!reuseLists) current.lists = null;
    const r = await score(p, reuseLists ? (current.lists ??= await listsOf(parts, best)) : undefined);
    // A change must beat the best so far by more than noise: its paired
    // per-customer gain over its standard error (up to 5,000 validation
    // customers). Otherwise the earlier choice stays, so tuning does not chase
    // one split's luck; a stricter rule (two standard errors on 1,000
    // customers) kept several small real gains out (ADR 0014).
    if (significantlyBetter(r.perUser, current.perUser)) {
      best = p;
      current = r;
    }
  };
  // The half-life of "what sells now" first, at the default trend weight: it
  // counts only while that weight is above 0, so once a weight of 0 is chosen
  // it could no longer be tried together with a weight.
  for (const recentHalfLifeDays of [7, 3, 90]) await consider({ recentHalfLifeDays }, false);
  for (const trendWeight of [0, 0.15, 0.6, 1.5, 5]) await consider({ trendWeight }, true);
  for (const halfLifeDays of [30, Number.POSITIVE_INFINITY]) await consider({ halfLifeDays }, true);
  // Variety only where the merchant left it automatic: a value they set is what the storefront uses.
  const tuneDiversity = rules.settings.diversity === null;
  if (tuneDiversity) for (const diversity of [0, 0.15, 0.5]) await consider({ diversity }, true);
  await consider({ models: "itemknn" }, false);
  if (best.models === "ease+itemknn") for (const easeLambda of [100, 1000]) await consider({ easeLambda }, false);
  if (best.models === "ease+itemknn") for (const easeKnnBlend of [0.25, 0.5]) await consider({ easeKnnBlend }, false);
  await consider({ neighbourWeighting: "none" }, false);
  // The trend weight once more: the models chosen may want another share of "what sells now".
  for (const trendWeight of [0, 0.15, 0.3, 0.6, 1.5, 5]) if (trendWeight !== best.trendWeight) await consider({ trendWeight }, true);
  if (tuneDiversity) for (const diversity of [0, 0.15, 0.3, 0.5]) if (diversity !== best.diversity) await consider({ diversity }, true);

  return {
    status: "tuned",
    note: `Chosen on the shop's last ${HOLDOUT_DAYS} days before the evaluation period (${users} customers): Recall@20 ${current.recall.toFixed(4)} vs ${defaultRecall.toFixed(4)} with the defaults.`,
    validationUsers: users,
    chosen: best,
    defaultRecall20: round(defaultRecall),
    chosenRecall20: round(current.recall),
    trials,
  };
}

/** Whether `a` beats `b` on the same users by more than the standard error of the paired difference. */
export function significantlyBetter(a: Float64Array, b: Float64Array): boolean {
  const n = Math.min(a.length, b.length);
  if (n < 2) return false;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i] - b[i];
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (a[i] - b[i] - mean) ** 2;
  const se = Math.sqrt(sq / (n - 1) / n);
  return mean > 0 && mean > se;
}

/** Trains the lists on `data` with `params`. */
export async function trainLists(data: Interactions, catalog: readonly CatalogItem[], params: ModelParams): Promise<TrainedLists> {
  return listsOf(partsOf(data, new Map(catalog.map((c) => [c.id, c]))), params);
}

/** Popularity over all time and with a 30-day half-life, as the baselines a shop's model is compared with. */
function baselineModel(data: Interactions, catalog: ReadonlyMap<string, CatalogProduct>, halfLifeDays: number): RankModel {
  const key = (i: number) => data.items.keys[i];
  const popular = recommendPopular(trainPopularity(data, { halfLifeDays }), SHOP_LIST_LENGTH).map((s): [string, number] => [key(s.item), s.score]);
  return {
    catalog,
    lists: { bought_together: new Map(), similar: new Map(), neighbours: new Map(), trending: [], popular, recent: popular },
    families: new Map(),
    params: { trendWeight: 1, halfLifeDays: Number.POSITIVE_INFINITY, diversity: 0 },
  };
}

/**
 * Tunes on the data before the last `HOLDOUT_DAYS`, then scores the model
 * trained with the chosen values on each customer's purchases in those days
 * next to popularity baselines. Null when the holdout is too small.
 */
export async function evaluateOnRecentPurchases(input: TrainingInput, params: ModelParams, rules: RankRules = NO_RULES): Promise<Evaluation | null> {
  const split = splitBefore(input.events, HOLDOUT_DAYS);
  if (!split || split.users.length < MIN_VALIDATION_USERS) return null;
  const catalog = catalogProducts(input.catalog);
  const lists = await trainLists(split.train, input.catalog, params);
  const options = { limitUsers: EVALUATION_USERS };
  const shipped = evaluateRanked(rankModelOf(lists, catalog, params), split, rules, options);
  const popularity = evaluateRanked(baselineModel(split.train, catalog, Number.POSITIVE_INFINITY), split, rules, options);
  const recentPopularity = evaluateRanked(baselineModel(split.train, catalog, 30), split, rules, options);
  return {
    holdoutDays: HOLDOUT_DAYS,
    testUsers: Math.min(split.users.length, EVALUATION_USERS),
    shipped: shipped.metrics,
    popularity: popularity.metrics,
    recentPopularity: recentPopularity.metrics,
  };
}

export interface TrainedRecommendations {
  lists: TrainedLists;
  data: Interactions;
  tuning: Tuning;
  evaluation: Evaluation | null;
  seconds: number;
}

/**
 * The training job's work: tune on a validation split before the evaluation
 * period, evaluate the chosen values on the evaluation period, then train the
 * live lists on everything with them.
 */
export async function trainRecommendationModel(
  input: TrainingInput,
  rules: RankRules = NO_RULES,
  options: { params?: ModelParams } = {},
): Promise<TrainedRecommendations> {
  const started = performance.now();
  // Tuning must not see the evaluation period: it tunes on the data before it.
  const evalSplitTime = splitTimeBefore(input.events, HOLDOUT_DAYS);
  const tuning: Tuning = options.params
    ? {
        status: "defaults",
        note: "Parameters given by the caller.",
        validationUsers: 0,
        chosen: options.params,
        defaultRecall20: null,
        chosenRecall20: null,
        trials: 0,
      }
    : await tuneParams(input, rules, { end: evalSplitTime ?? undefined });
  const evaluation = await evaluateOnRecentPurchases(input, tuning.chosen, rules);
  const data = interactionsOf(input.events);
  const lists = await trainLists(data, input.catalog, tuning.chosen);
  return { lists, data, tuning, evaluation, seconds: (performance.now() - started) / 1000 };
}

/** The rows the storefront's serving state loads: per-product lists, shop-wide lists ("*") and families. */
export function precomputeLists(trained: { lists: TrainedLists }): PrecomputedList[] {
  const { lists } = trained;
  const out: PrecomputedList[] = [];
  for (const kind of ["bought_together", "similar", "neighbours"] as const) {
    for (const [productShopifyId, items] of lists[kind]) out.push({ productShopifyId, kind, items });
  }
  for (const kind of ["trending", "popular", "recent"] as const) out.push({ productShopifyId: "*", kind, items: lists[kind] });
  // Families as one row: [product, family's first product index in this row's own numbering].
  const familyIds = [...new Set(lists.families.values())];
  const number = new Map(familyIds.map((f, n) => [f, n]));
  out.push({ productShopifyId: "*", kind: "families", items: [...lists.families].map(([p, f]) => [p, number.get(f)!]) });
  const { counts } = lists;
  for (const [productShopifyId, items] of counts.pairCounts) out.push({ productShopifyId, kind: "pair_counts", items });
  out.push({ productShopifyId: "*", kind: "basket_counts", items: counts.basketCounts });
  out.push({ productShopifyId: "*", kind: "trend_counts", items: counts.trendCounts });
  out.push({ productShopifyId: "*", kind: "trend_baseline", items: counts.trendBaseline });
  out.push({ productShopifyId: "*", kind: "content_keys", items: counts.contentKeys });
  return out;
}

/** Strong co-purchase pairs staff may approve as complementary products. */
export function complementarySuggestions(trained: { lists: TrainedLists }, perProduct = 3, minScore = 0.05) {
  const pairs: { productShopifyId: string; complementShopifyId: string; score: number }[] = [];
  for (const [productShopifyId, items] of trained.lists.bought_together) {
    for (const [complementShopifyId, score] of items.slice(0, perProduct)) if (score >= minScore) pairs.push({ productShopifyId, complementShopifyId, score });
  }
  return pairs;
}

/** A new model replaces the live one unless it is measurably worse (2 % tolerance for noise). */
export function shouldPromote(candidate: Evaluation | null, live: Evaluation | null, tolerance = 0.02): { promote: boolean; reason: string } {
  if (!live) return { promote: true, reason: "first evaluated model: nothing live to compare with" };
  if (!candidate) return { promote: false, reason: "not enough recent purchases to evaluate; the live model stays" };
  const c = candidate.shipped["recall@20"] ?? 0;
  const l = live.shipped["recall@20"] ?? 0;
  return c >= l * (1 - tolerance)
    ? { promote: true, reason: `Recall@20 ${c.toFixed(4)} vs live ${l.toFixed(4)}` }
    : { promote: false, reason: `worse than live: Recall@20 ${c.toFixed(4)} vs ${l.toFixed(4)}` };
}
