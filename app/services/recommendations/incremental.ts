// Updates of a live model's lists between full trainings
// (docs/decisions/0022-incremental-recommendations.md): new orders' baskets
// and products added or changed since the training, applied to the rows they
// touch with the training's own formulas. Pure: the update job
// (update.server.ts) reads the rows, calls `patchLists`, and writes back the
// rows it returns. The full training stays the source of truth and replaces
// everything when it lands.

import { contentNeighboursOf, type ProductText } from "./core/content";
import { copurchaseParams, copurchaseScore } from "./core/copurchase";
import { familyKey } from "./core/families";
import { DAY_MS } from "./core/interactions";
import { trendingScore, type TrendParams } from "./core/popularity";
import { boughtTogetherScore, contentKey, familyInputOf, LIST_LENGTH, PAIR_COUNT_LENGTH, type CatalogItem, type ListKind } from "./pipeline";

/** Products (in new orders, or added or changed) one update touches at most: the rest wait for the next update. */
export const MAX_PRODUCTS_PER_UPDATE = 1_000;
/** A new product's closest products whose similar lists it may enter, and whose bought-together lists it borrows from. */
const PLACE_IN_NEIGHBOURS = 24;
const BORROW_FROM = 10;
const SHOP_LIST_LENGTH = 200;
const TRENDING_LENGTH = 50;
// As training (core/copurchase.ts, core/popularity.ts defaults).
const COPURCHASE = copurchaseParams();
const TREND: TrendParams = { windowDays: 14, baselineDays: 56, prior: 3, minRecent: 3 };

export type Row = [string, number][];

/** A new order as the update reads it: its buyer and the catalog products of its lines. */
export interface NewOrder {
  buyerKey: string;
  productIds: string[];
  at: number;
}

/** The rows of the live model an update reads (per product: those of the products it touches). */
export interface LiveRows {
  basketCounts: Map<string, number>;
  pairCounts: Map<string, Map<string, number>>;
  boughtTogether: Map<string, Row>;
  similar: Map<string, Row>;
  trendCounts: Map<string, number>;
  trendBaseline: Map<string, number>;
  contentKeys: Map<string, number>;
  /** Product -> family number, as the "families" row holds them. */
  families: Map<string, number>;
  recent: Row;
  trending: Row;
  /** When the shop-wide lists were computed (ms). */
  listsAt: number;
  recentHalfLifeDays: number;
}

export interface PatchedRow {
  productShopifyId: string;
  kind: ListKind;
  items: Row;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
const byScore = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * The baskets that count as co-purchase evidence, as training counts them:
 * an order's distinct products, when there are 2 to `maxBasketSize` of them
 * (a wholesale order of 500 lines adds no pairs, as in training).
 */
export function usableBaskets(orders: readonly NewOrder[]): string[][] {
  return orders.map((o) => [...new Set(o.productIds)]).filter((b) => b.length >= 2 && b.length <= COPURCHASE.maxBasketSize);
}

/**
 * Adds baskets to the counts (c_i and c_ij, in place) and returns the
 * products whose bought-together lists they change. Only products whose
 * pair counts were loaded (`pairCounts` has them, possibly empty) are
 * counted: the caller loads those of every product of the baskets.
 */
export function addBaskets(baskets: readonly string[][], basketCounts: Map<string, number>, pairCounts: Map<string, Map<string, number>>): Set<string> {
  const touched = new Set<string>();
  for (const basket of baskets) {
    for (const i of basket) {
      basketCounts.set(i, (basketCounts.get(i) ?? 0) + 1);
      let row = pairCounts.get(i);
      if (!row) pairCounts.set(i, (row = new Map()));
      for (const j of basket) if (j !== i) row.set(j, (row.get(j) ?? 0) + 1);
      touched.add(i);
    }
  }
  return touched;
}

/** A product's bought-together list from its pair counts: training's score, on trained + new counts. */
export function boughtTogetherFromCounts(product: string, pairs: ReadonlyMap<string, number>, basketCounts: ReadonlyMap<string, number>): Row {
  const ci = basketCounts.get(product) ?? 0;
  const out: Row = [];
  for (const [j, cij] of pairs) {
    const s = copurchaseScore(cij, ci, basketCounts.get(j) ?? 0, COPURCHASE);
    if (s > 0) out.push([j, boughtTogetherScore(s, cij)]);
  }
  return out
    .sort(byScore)
    .slice(0, LIST_LENGTH)
    .map(([j, s]) => [j, round(s)]);
}

/**
 * "What sells now" moved by new sales: each new (buyer, product) adds its
 * recency weight, measured at the time the list was computed (a sale after
 * it weighs more than 1), so old and new scores stay on one scale. A product
 * below the list's cut before counts from 0.
 */
export function bumpRecent(recent: Row, orders: readonly NewOrder[], halfLifeDays: number, listsAt: number): Row {
  const scores = new Map(recent);
  const seen = new Set<string>();
  for (const o of orders) {
    for (const id of new Set(o.productIds)) {
      if (seen.has(`${o.buyerKey}\u0001${id}`)) continue;
      seen.add(`${o.buyerKey}\u0001${id}`);
      const w = Number.isFinite(halfLifeDays) && halfLifeDays > 0 ? Math.pow(0.5, (listsAt - o.at) / DAY_MS / halfLifeDays) : 1;
      scores.set(id, (scores.get(id) ?? 0) + w);
    }
  }
  return [...scores]
    .sort(byScore)
    .slice(0, SHOP_LIST_LENGTH)
    .map(([id, s]) => [id, round(s)]);
}

/**
 * Trending from the trained buyer counts of each window plus the new sales
 * (counted in the recent window), with training's formula. Changes
 * `trendCounts` in place.
 */
export function bumpTrending(trendCounts: Map<string, number>, trendBaseline: ReadonlyMap<string, number>, orders: readonly NewOrder[]): Row {
  const seen = new Set<string>();
  for (const o of orders) {
    for (const id of new Set(o.productIds)) {
      if (seen.has(`${o.buyerKey}\u0001${id}`)) continue;
      seen.add(`${o.buyerKey}\u0001${id}`);
      trendCounts.set(id, (trendCounts.get(id) ?? 0) + 1);
    }
  }
  const out: Row = [];
  for (const [id, recent] of trendCounts) {
    const s = trendingScore(recent, trendBaseline.get(id) ?? 0, TREND);
    if (s > 0) out.push([id, s]);
  }
  return out
    .sort(byScore)
    .slice(0, TRENDING_LENGTH)
    .map(([id, s]) => [id, round(s)]);
}

/**
 * Puts `product` in `row` with `score` if the score earns a place (the row
 * is not full, or it beats the last entry); any earlier entry of the product
 * goes. Null when the row does not change.
 */
export function placeInRow(row: Row, product: string, score: number, length = LIST_LENGTH): Row | null {
  const others = row.filter(([id]) => id !== product);
  if (others.length >= length && score <= others[length - 1][1]) return others.length === row.length ? null : others;
  return [...others, [product, round(score)] as [string, number]].sort(byScore).slice(0, length);
}

/**
 * A product without co-purchase evidence borrows its closest products'
 * bought-together lists, each entry weighted by how alike the two are
 * (the strongest of them), so they rank below evidence of its own.
 */
export function borrowedBoughtTogether(product: string, similar: Row, boughtTogether: ReadonlyMap<string, Row>): Row {
  const scores = new Map<string, number>();
  for (const [j, sim] of similar.slice(0, BORROW_FROM)) {
    for (const [k, b] of boughtTogether.get(j) ?? []) {
      if (k === product) continue;
      scores.set(k, Math.max(scores.get(k) ?? 0, Math.min(1, sim) * b));
    }
  }
  return [...scores]
    .sort(byScore)
    .slice(0, LIST_LENGTH)
    .map(([k, s]) => [k, round(s)]);
}

/**
 * Places products in the families row: with the catalog's products whose
 * family key is theirs (the family's number if one of them has one, a new
 * number otherwise); out of any family when no other product shares it.
 * Changes `families` in place; returns whether it changed.
 */
export function placeInFamilies(families: Map<string, number>, products: readonly string[], keys: ReadonlyMap<string, string>): boolean {
  let changed = false;
  const byKey = new Map<string, string[]>();
  for (const [id, key] of keys) if (key) byKey.set(key, [...(byKey.get(key) ?? []), id]);
  let next = Math.max(-1, ...families.values()) + 1;
  for (const p of products) {
    const key = keys.get(p) ?? "";
    const members = key ? (byKey.get(key) ?? []).filter((id) => id !== p) : [];
    if (!members.length) {
      if (families.delete(p)) changed = true;
      continue;
    }
    const known = members.map((m) => families.get(m)).find((f) => f !== undefined);
    const family = known ?? next++;
    for (const id of [p, ...members]) {
      if (families.get(id) !== family) {
        families.set(id, family);
        changed = true;
      }
    }
  }
  return changed;
}

/** Products added since the training, or whose text, handle or groups changed since the model read them. */
export function changedContent(catalog: readonly CatalogItem[], products: readonly string[], contentKeys: ReadonlyMap<string, number>): string[] {
  const byId = new Map(catalog.map((c) => [c.id, c]));
  const changed: string[] = [];
  for (const id of new Set(products)) {
    const c = byId.get(id);
    if (c && contentKeys.get(id) !== contentKey(c)) changed.push(id);
  }
  return changed;
}

/** Each target's content neighbours (ids, cosine), one pass over the catalog. */
export function contentNeighbours(catalog: readonly CatalogItem[], targets: readonly string[]): Map<string, Row> {
  if (!targets.length) return new Map();
  const index = new Map(catalog.map((c, n) => [c.id, n]));
  const texts: ProductText[] = catalog.map((c) => c.text);
  const found = contentNeighboursOf(
    texts,
    targets.map((t) => index.get(t)!),
    { k: LIST_LENGTH * 2 },
  );
  return new Map(targets.map((t) => [t, (found.get(index.get(t)!) ?? []).map((e): [string, number] => [catalog[e.item].id, e.score])]));
}

/**
 * The rows new orders change: bought-together lists of the products in
 * usable baskets (from trained + new pair counts), the counts themselves,
 * and the shop-wide "recent" and "trending" lists.
 */
export function patchOrders(orders: readonly NewOrder[], live: LiveRows): { rows: PatchedRow[]; touched: string[] } {
  const rows: PatchedRow[] = [];
  const baskets = usableBaskets(orders);
  const touched = [...addBaskets(baskets, live.basketCounts, live.pairCounts)];
  for (const i of touched) {
    const pairs = live.pairCounts.get(i)!;
    const list = boughtTogetherFromCounts(i, pairs, live.basketCounts);
    // A list from counts is never emptier than training's (counts only grow); a borrowed one stays until evidence replaces it.
    if (list.length) {
      live.boughtTogether.set(i, list);
      rows.push({ productShopifyId: i, kind: "bought_together", items: list });
    }
    // Bounded as training stores them: the list's partners and the strongest by support.
    const kept = new Set([
      ...[...pairs]
        .sort(byScore)
        .slice(0, PAIR_COUNT_LENGTH)
        .map(([j]) => j),
      ...(live.boughtTogether.get(i) ?? []).map(([j]) => j),
    ]);
    for (const j of pairs.keys()) if (!kept.has(j)) pairs.delete(j);
    rows.push({ productShopifyId: i, kind: "pair_counts", items: [...pairs].sort(byScore) });
  }
  if (touched.length) rows.push({ productShopifyId: "*", kind: "basket_counts", items: [...live.basketCounts] });
  if (orders.length) {
    live.recent = bumpRecent(live.recent, orders, live.recentHalfLifeDays, live.listsAt);
    live.trending = bumpTrending(live.trendCounts, live.trendBaseline, orders);
    rows.push({ productShopifyId: "*", kind: "recent", items: live.recent });
    rows.push({ productShopifyId: "*", kind: "trending", items: live.trending });
    rows.push({ productShopifyId: "*", kind: "trend_counts", items: [...live.trendCounts] });
  }
  return { rows, touched };
}

/**
 * The rows products added or changed in content change: their own similar
 * lists (content alone for a product without co-purchase evidence, as
 * training does for products nobody bought; half content, half the trained
 * list for one with evidence), a borrowed bought-together list for a
 * product with none, their place in their closest products' similar lists
 * and in the families row, and their content keys.
 *
 * `neighbours` are the targets' content neighbours (`contentNeighbours`);
 * `live.similar` must hold the rows of those neighbours and of the targets,
 * `live.boughtTogether` those of the neighbours and of the targets.
 */
export function patchProducts(catalog: readonly CatalogItem[], targets: readonly string[], neighbours: ReadonlyMap<string, Row>, live: LiveRows): PatchedRow[] {
  if (!targets.length) return [];
  const rows = new Map<string, PatchedRow>();
  const put = (productShopifyId: string, kind: ListKind, items: Row) => rows.set(`${kind}\u0001${productShopifyId}`, { productShopifyId, kind, items });
  const hasEvidence = (id: string) => (live.basketCounts.get(id) ?? 0) > 0;
  const byId = new Map(catalog.map((c) => [c.id, c]));

  for (const t of targets) {
    const content = (neighbours.get(t) ?? []).map(([j, s]): [string, number] => [j, Math.min(1, s)]);
    let similar: Row;
    if (hasEvidence(t) && live.similar.get(t)?.length) {
      const merged = new Map<string, number>();
      for (const [j, s] of content) merged.set(j, 0.5 * s);
      for (const [j, s] of live.similar.get(t)!) merged.set(j, (merged.get(j) ?? 0) + 0.5 * s);
      similar = [...merged].sort(byScore).slice(0, LIST_LENGTH);
    } else similar = content.slice(0, LIST_LENGTH);
    similar = similar.map(([j, s]) => [j, round(s)]);
    if (similar.length) {
      live.similar.set(t, similar);
      put(t, "similar", similar);
    }
    if (!hasEvidence(t)) {
      const borrowed = borrowedBoughtTogether(t, similar, live.boughtTogether);
      if (borrowed.length) put(t, "bought_together", borrowed);
    }
    // Its place in its closest products' similar lists, on their scale: content alone for one
    // without co-purchase evidence, half of it for one with (training's mix).
    for (const [j, s] of content.slice(0, PLACE_IN_NEIGHBOURS)) {
      const row = live.similar.get(j) ?? [];
      const placed = placeInRow(row, t, hasEvidence(j) ? 0.5 * s : s);
      if (placed) {
        live.similar.set(j, placed);
        put(j, "similar", placed);
      }
    }
    const item = byId.get(t);
    if (item) live.contentKeys.set(t, contentKey(item));
  }
  const keys = new Map(catalog.map((c) => [c.id, familyKey(familyInputOf(c))]));
  if (placeInFamilies(live.families, targets, keys)) put("*", "families", [...live.families]);
  put("*", "content_keys", [...live.contentKeys]);
  return [...rows.values()];
}
