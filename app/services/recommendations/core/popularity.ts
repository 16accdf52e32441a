// Popular and trending products, overall and per group (product type,
// collection): the fallback for shoppers we know nothing about and the filler
// when the personal models return too few items.
//
// popular(i)  = sum over distinct customers u of i of 0.5^(age_ui / halfLife),
//               age_ui = days between `now` and u's latest interaction with i,
//               each customer counted once (capped at weight 1, so a view
//               weighted 0.1 counts for a tenth). halfLife = Infinity gives the
//               plain count of distinct buyers.
// trending(i) = how much faster i sells in the recent window than it did
//               before: (recent_i + m) / (expected_i + m), with recent_i the
//               distinct buyers in the last `trendWindowDays`, expected_i the
//               buyers in the `trendBaselineDays` before that, scaled to the
//               window length, and m a prior count that keeps an item going
//               from 0 to 1 buyers from topping the list. Only items with at
//               least `trendMinRecent` recent buyers qualify.

import { DAY_MS, exclusionMask } from "./interactions";
import { topKDense, topKOf } from "./topk";
import type { Exclusion, Interactions, ScoredItem } from "./types";

export interface PopularityParams {
  /** Half-life of a purchase's contribution, in days. Default 30; Infinity for plain counts. */
  halfLifeDays?: number;
  /** Reference time (ms). Defaults to the latest event in the data. */
  now?: number;
  /** Recent window for trending, in days. Default 14. */
  trendWindowDays?: number;
  /** Baseline window before the recent one, in days. Default 56. */
  trendBaselineDays?: number;
  /** Prior count m of the trending ratio. Default 3. */
  trendPrior?: number;
  /** Minimum distinct buyers in the recent window to be trending. Default 3. */
  trendMinRecent?: number;
  /** Group keys of each item (e.g. [productType, ...collectionIds]), indexed by item. */
  groups?: ReadonlyArray<readonly string[] | undefined>;
}

export interface PopularityModel {
  readonly kind: "popularity";
  readonly now: number;
  readonly popular: Float64Array;
  /** Distinct buyers in the recent window. */
  readonly recent: Float64Array;
  /** Distinct buyers in the baseline window before it. */
  readonly baseline: Float64Array;
  /** The trending parameters, with their defaults. */
  readonly trendParams: TrendParams;
  /** Trending ratio; 0 for items that do not qualify. */
  readonly trending: Float64Array;
  /** Items of each group, sorted by popularity (best first). */
  readonly groups: ReadonlyMap<string, Uint32Array>;
  /** Groups of each item (as given). */
  readonly itemGroups: ReadonlyArray<readonly string[] | undefined>;
}

export interface TrendParams {
  windowDays: number;
  baselineDays: number;
  prior: number;
  minRecent: number;
}

/** trending(i) from its buyers in the two windows (0 when it does not qualify): the one formula training and updates use. */
export function trendingScore(recent: number, baseline: number, p: TrendParams): number {
  if (recent < p.minRecent) return 0;
  const scale = p.baselineDays > 0 ? p.windowDays / p.baselineDays : 0;
  return (recent + p.prior) / (baseline * scale + p.prior);
}

export function trainPopularity(data: Interactions, params: PopularityParams = {}): PopularityModel {
  const halfLife = params.halfLifeDays ?? 30;
  const now = params.now ?? (Number.isFinite(data.lastEventTime) ? data.lastEventTime : Date.now());
  const windowDays = params.trendWindowDays ?? 14;
  const baselineDays = params.trendBaselineDays ?? 56;
  const prior = params.trendPrior ?? 3;
  const minRecent = params.trendMinRecent ?? 3;
  const { nItems, nUsers, userPtr, userItems } = data;

  const popular = new Float64Array(nItems);
  for (let u = 0; u < nUsers; u++) {
    for (let p = userPtr[u]; p < userPtr[u + 1]; p++) {
      const t = data.userLastSeen[p];
      if (t > now) continue;
      const decay = Number.isFinite(halfLife) ? Math.pow(0.5, (now - t) / DAY_MS / halfLife) : 1;
      popular[userItems[p]] += Math.min(1, data.userWeights[p]) * decay;
    }
  }

  // Distinct (customer, item) pairs per window, from the raw events.
  const recentStart = now - windowDays * DAY_MS;
  const baseStart = recentStart - baselineDays * DAY_MS;
  const recent = new Float64Array(nItems);
  const baseline = new Float64Array(nItems);
  const seenRecent = new Set<number>();
  const seenBase = new Set<number>();
  for (let e = 0; e < data.nEvents; e++) {
    const t = data.eventTime[e];
    if (t > now || t < baseStart) continue;
    const i = data.eventItem[e];
    const key = data.eventUser[e] * nItems + i;
    const w = Math.min(1, data.eventWeight[e]);
    if (t >= recentStart) {
      if (!seenRecent.has(key)) {
        seenRecent.add(key);
        recent[i] += w;
      }
    } else if (!seenBase.has(key)) {
      seenBase.add(key);
      baseline[i] += w;
    }
  }
  const trending = new Float64Array(nItems);
  const trendParams: TrendParams = { windowDays, baselineDays, prior, minRecent };
  for (let i = 0; i < nItems; i++) trending[i] = trendingScore(recent[i], baseline[i], trendParams);

  const itemGroups = params.groups ?? [];
  const members = new Map<string, number[]>();
  for (let i = 0; i < Math.min(nItems, itemGroups.length); i++) {
    for (const g of itemGroups[i] ?? []) {
      let list = members.get(g);
      if (!list) members.set(g, (list = []));
      list.push(i);
    }
  }
  const groups = new Map<string, Uint32Array>();
  for (const [g, list] of members) groups.set(g, Uint32Array.from(list.sort((a, b) => popular[b] - popular[a] || a - b)));

  return { kind: "popularity", now, popular, recent, baseline, trendParams, trending, groups, itemGroups };
}

export interface PopularityQuery {
  /** Restrict to one group (product type, collection). */
  group?: string;
  exclude?: Exclusion;
}

/** Most popular items, overall or in a group. Items nobody bought are not returned. */
export function recommendPopular(model: PopularityModel, k: number, query: PopularityQuery = {}): ScoredItem[] {
  const mask = exclusionMask(model.popular.length, query.exclude);
  const source = "popularity" as const;
  if (query.group !== undefined) {
    const items = model.groups.get(query.group);
    if (!items) return [];
    return topKOf(model.popular, items, k, { mask, minScore: 0 }).map((s) => ({ ...s, source }));
  }
  return topKDense(model.popular, k, { mask, minScore: 0 }).map((s) => ({ ...s, source }));
}

/** Trending items (selling faster than their baseline), overall or in a group. */
export function recommendTrending(model: PopularityModel, k: number, query: PopularityQuery = {}): ScoredItem[] {
  const mask = exclusionMask(model.trending.length, query.exclude);
  const source = "trending" as const;
  if (query.group !== undefined) {
    const items = model.groups.get(query.group);
    if (!items) return [];
    return topKOf(model.trending, items, k, { mask, minScore: 0 }).map((s) => ({ ...s, source }));
  }
  return topKDense(model.trending, k, { mask, minScore: 0 }).map((s) => ({ ...s, source }));
}
