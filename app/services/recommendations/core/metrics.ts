// Offline evaluation: top-K ranking metrics and a time-split harness.
//
// Protocol (the one behind the reference numbers in shared/data/README.md):
// train on every interaction before the split date; the test customers are the
// ones with history before the split and at least one new item after it; each
// is scored by a full ranking over all catalog items with the items they
// already bought (in train) excluded, against the set of new items they bought
// after the split. Metrics are averaged over test customers.
//
//   Recall@K  = |top-K ∩ relevant| / min(K, |relevant|)
//               (the normalisation of Steck 2019 / Liang et al. 2018, so a
//               perfect ranking scores 1 even when |relevant| > K)
//   NDCG@K    = DCG@K / IDCG@K, DCG = sum over hits at rank r (1-based) of
//               1 / log2(r + 1); IDCG is DCG of min(K, |relevant|) hits
//   HitRate@K = 1 if top-K contains any relevant item, else 0
//   Coverage  = distinct items recommended in anyone's top-K / catalog size

import type { EventLog } from "./event-log";
import { interactionsOf, itemsOfUser } from "./interactions";
import type { Interactions, ItemIndex, ScoredItem, UserIndex } from "./types";

export function recallAtK(ranked: readonly ItemIndex[], relevant: ReadonlySet<ItemIndex>, k: number): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (relevant.has(ranked[r])) hits++;
  return hits / Math.min(k, relevant.size);
}

export function ndcgAtK(ranked: readonly ItemIndex[], relevant: ReadonlySet<ItemIndex>, k: number): number {
  if (relevant.size === 0) return 0;
  let dcg = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (relevant.has(ranked[r])) dcg += 1 / Math.log2(r + 2);
  let idcg = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) idcg += 1 / Math.log2(r + 2);
  return dcg / idcg;
}

export function hitRateAtK(ranked: readonly ItemIndex[], relevant: ReadonlySet<ItemIndex>, k: number): number {
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (relevant.has(ranked[r])) return 1;
  return 0;
}

/** Share of the catalog that appears in at least one list's top k. */
export function catalogCoverage(lists: Iterable<readonly ItemIndex[]>, nItems: number, k: number): number {
  if (nItems === 0) return 0;
  const seen = new Uint8Array(nItems);
  let distinct = 0;
  for (const list of lists) {
    for (let r = 0; r < Math.min(k, list.length); r++) {
      const i = list[r];
      if (i >= 0 && i < nItems && !seen[i]) {
        seen[i] = 1;
        distinct++;
      }
    }
  }
  return distinct / nItems;
}

/** A time split ready for `evaluate`. */
export interface EvalSplit {
  /** Interactions before the split (items indexed over the whole catalog). */
  readonly train: Interactions;
  readonly splitTime: number;
  /** Test customers (train indices). */
  readonly users: readonly UserIndex[];
  /** relevant[n]: the new items bought by users[n] after the split. */
  readonly relevant: readonly ReadonlySet<ItemIndex>[];
  /** Events after the split that were not used (unknown customer, or nothing new). */
  readonly droppedTestEvents: number;
}

export interface TimeSplitOptions {
  /** Events from this time (ms) on are not read: neither trained on nor tested. */
  end?: number;
}

/**
 * Split a log's events at `splitTime` (ms): train on the earlier ones, test
 * each train-known customer on the new items they bought later (before `end`).
 */
export function timeSplit(log: EventLog, splitTime: number, options: TimeSplitOptions = {}): EvalSplit {
  const end = options.end ?? Number.POSITIVE_INFINITY;
  // Items first seen after the split still belong to the catalog.
  const train = interactionsOf(log, { before: splitTime, itemsUntil: end });
  const { user, item, time } = log.columns();
  const byUser = new Map<UserIndex, Set<ItemIndex>>();
  let dropped = 0;
  for (let e = 0; e < time.length; e++) {
    if (time[e] < splitTime || time[e] >= end) continue;
    const u = train.users.indexOf(log.users.keys[user[e]]);
    const i = train.items.indexOf(log.items.keys[item[e]]);
    if (u === undefined || i === undefined) {
      dropped++;
      continue;
    }
    let set = byUser.get(u);
    if (!set) byUser.set(u, (set = new Set()));
    set.add(i);
  }
  const users: UserIndex[] = [];
  const relevant: Set<ItemIndex>[] = [];
  for (const u of [...byUser.keys()].sort((a, b) => a - b)) {
    const bought = new Set(itemsOfUser(train, u));
    const fresh = new Set([...byUser.get(u)!].filter((i) => !bought.has(i)));
    if (fresh.size === 0) {
      dropped += byUser.get(u)!.size;
      continue;
    }
    users.push(u);
    relevant.push(fresh);
  }
  return { train, splitTime, users, relevant, droppedTestEvents: dropped };
}

/** A model under test: the top-k items for a train customer, `exclude` removed. */
export type RankingFunction = (user: UserIndex, k: number, exclude: ReadonlySet<ItemIndex>) => readonly (ScoredItem | ItemIndex)[];

export interface EvaluateOptions {
  /** Cut-offs; default [10, 20]. */
  ks?: readonly number[];
  /** Only the first n test users (for quick runs). */
  limitUsers?: number;
}

export interface EvaluationResult {
  users: number;
  /** "recall@K", "ndcg@K", "hr@K" for each K, and "coverage" (at the largest K). */
  metrics: Record<string, number>;
  coverageK: number;
  seconds: number;
  /** Recall at the largest K of each scored user, in order (for paired comparisons). */
  perUserRecall: Float64Array;
}

export function evaluate(model: RankingFunction, split: EvalSplit, options: EvaluateOptions = {}): EvaluationResult {
  const ks = [...(options.ks ?? [10, 20])].sort((a, b) => a - b);
  const maxK = ks[ks.length - 1];
  const n = Math.min(split.users.length, options.limitUsers ?? Number.POSITIVE_INFINITY);
  const sums: Record<string, number> = {};
  for (const name of ["recall", "ndcg", "hr"]) for (const k of ks) sums[`${name}@${k}`] = 0;
  const lists: ItemIndex[][] = [];
  const perUserRecall = new Float64Array(n);
  const t0 = performance.now();
  for (let t = 0; t < n; t++) {
    const u = split.users[t];
    const bought = new Set<ItemIndex>(itemsOfUser(split.train, u));
    const raw = model(u, maxK, bought);
    // Defensive: drop excluded and repeated items rather than trust the model.
    const ranked: ItemIndex[] = [];
    const seen = new Set<ItemIndex>();
    for (const r of raw) {
      const i = typeof r === "number" ? r : r.item;
      if (bought.has(i) || seen.has(i)) continue;
      seen.add(i);
      ranked.push(i);
      if (ranked.length === maxK) break;
    }
    lists.push(ranked);
    const rel = split.relevant[t];
    perUserRecall[t] = recallAtK(ranked, rel, maxK);
    for (const k of ks) {
      sums[`recall@${k}`] += recallAtK(ranked, rel, k);
      sums[`ndcg@${k}`] += ndcgAtK(ranked, rel, k);
      sums[`hr@${k}`] += hitRateAtK(ranked, rel, k);
    }
  }
  const metrics: Record<string, number> = {};
  for (const [key, v] of Object.entries(sums)) metrics[key] = n ? v / n : 0;
  metrics.coverage = catalogCoverage(lists, split.train.nItems, maxK);
  return { users: n, metrics, coverageK: maxK, seconds: (performance.now() - t0) / 1000, perUserRecall };
}
