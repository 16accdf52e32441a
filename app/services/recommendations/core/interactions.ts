import { EventLog, type EventLogOptions } from "./event-log";
import { KeyIndexBuilder } from "./key-index";
import type { Exclusion, InteractionEvent, Interactions, KeyIndex, Profile, UserIndex } from "./types";

export interface CompileOptions {
  /** Only the events before this time (ms); every event when absent. */
  before?: number;
  /**
   * With `before`: items first seen in events before this time (ms) get an
   * index as well, after those of the events kept, so that products first
   * sold after `before` still belong to the catalog of a time split.
   */
  itemsUntil?: number;
}

/**
 * Compiles a log's events (all of them, or those before a time) into
 * `Interactions`. With every event kept, the item, user and event columns
 * are the log's own (no copy); with a time, users, baskets and items are
 * numbered in the order the kept events first name them (catalog items
 * first), as a log of only those events would number them.
 */
export function interactionsOf(log: EventLog, options: CompileOptions = {}): Interactions {
  const cols = log.columns();
  if (options.before === undefined) {
    return compile(log.items, log.users, log.baskets.size, cols.user, cols.item, cols.time, cols.weight, cols.basket);
  }
  const { before } = options;
  const until = Math.max(before, options.itemsUntil ?? before);
  let kept = 0;
  for (let e = 0; e < cols.time.length; e++) if (cols.time[e] < before) kept++;
  const items = new KeyIndexBuilder(log.items.keys.slice(0, log.catalogSize));
  const users = new KeyIndexBuilder();
  const itemOf = new Int32Array(log.items.size).fill(-1);
  for (let i = 0; i < log.catalogSize; i++) itemOf[i] = i;
  const userOf = new Int32Array(log.users.size).fill(-1);
  const basketOf = new Int32Array(log.baskets.size).fill(-1);
  let nBaskets = 0;
  const eventUser = new Uint32Array(kept);
  const eventItem = new Uint32Array(kept);
  const eventTime = new Float64Array(kept);
  const eventWeight = new Float32Array(kept);
  const eventBasket = new Int32Array(kept);
  let n = 0;
  for (let e = 0; e < cols.time.length; e++) {
    if (!(cols.time[e] < before)) continue;
    const u = cols.user[e];
    const i = cols.item[e];
    const b = cols.basket[e];
    if (userOf[u] < 0) userOf[u] = users.add(log.users.keys[u]);
    if (itemOf[i] < 0) itemOf[i] = items.add(log.items.keys[i]);
    if (b >= 0 && basketOf[b] < 0) basketOf[b] = nBaskets++;
    eventUser[n] = userOf[u];
    eventItem[n] = itemOf[i];
    eventTime[n] = cols.time[e];
    eventWeight[n] = cols.weight[e];
    eventBasket[n++] = b >= 0 ? basketOf[b] : -1;
  }
  for (let e = 0; e < cols.time.length; e++) {
    const i = cols.item[e];
    if (itemOf[i] < 0 && cols.time[e] >= before && cols.time[e] < until) itemOf[i] = items.add(log.items.keys[i]);
  }
  return compile(items, users, nBaskets, eventUser, eventItem, eventTime, eventWeight, eventBasket);
}

/** Interactions from events given as columns (indices already dense). */
function compile(
  items: KeyIndex,
  users: KeyIndex,
  nBaskets: number,
  eventUser: Uint32Array,
  eventItem: Uint32Array,
  eventTime: Float64Array,
  eventWeight: Float32Array,
  eventBasket: Int32Array,
): Interactions {
  const nItems = items.size;
  const nUsers = users.size;
  const nEvents = eventUser.length;

  // User rows: each user's events (counting sort by user), ordered by item
  // and then by event, with the events of one (user, item) merged.
  const userStart = new Uint32Array(nUsers + 1);
  for (let e = 0; e < nEvents; e++) userStart[eventUser[e] + 1]++;
  for (let u = 0; u < nUsers; u++) userStart[u + 1] += userStart[u];
  const order = new Uint32Array(nEvents);
  const fill = userStart.slice(0, nUsers);
  for (let e = 0; e < nEvents; e++) order[fill[eventUser[e]]++] = e;
  const byItem = (a: number, b: number) => eventItem[a] - eventItem[b] || a - b;
  for (let u = 0; u < nUsers; u++) if (userStart[u + 1] - userStart[u] > 1) order.subarray(userStart[u], userStart[u + 1]).sort(byItem);
  const userPtr = new Uint32Array(nUsers + 1);
  const rowItems = new Uint32Array(nEvents);
  const rowWeights = new Float64Array(nEvents);
  const rowLast = new Float64Array(nEvents);
  let m = 0;
  for (let u = 0; u < nUsers; u++) {
    let prevI = -1;
    for (let n = userStart[u]; n < userStart[u + 1]; n++) {
      const e = order[n];
      const i = eventItem[e];
      if (i === prevI) {
        rowWeights[m - 1] += eventWeight[e];
        if (eventTime[e] > rowLast[m - 1]) rowLast[m - 1] = eventTime[e];
        continue;
      }
      prevI = i;
      rowItems[m] = i;
      rowWeights[m] = eventWeight[e];
      rowLast[m++] = eventTime[e];
    }
    userPtr[u + 1] = m;
  }

  // Baskets: the distinct items of each, sorted, in basket order.
  const basketStart = new Uint32Array(nBaskets + 1);
  const basketUser = new Uint32Array(nBaskets);
  const basketTime = new Float64Array(nBaskets).fill(Number.POSITIVE_INFINITY);
  for (let e = 0; e < nEvents; e++) {
    const b = eventBasket[e];
    if (b < 0) continue;
    basketStart[b + 1]++;
    basketUser[b] = eventUser[e];
    if (eventTime[e] < basketTime[b]) basketTime[b] = eventTime[e];
  }
  for (let b = 0; b < nBaskets; b++) basketStart[b + 1] += basketStart[b];
  const basketFill = basketStart.slice(0, nBaskets);
  const lines = new Uint32Array(basketStart[nBaskets]);
  for (let e = 0; e < nEvents; e++) if (eventBasket[e] >= 0) lines[basketFill[eventBasket[e]]++] = eventItem[e];
  const basketPtr = new Uint32Array(nBaskets + 1);
  let k = 0;
  for (let b = 0; b < nBaskets; b++) {
    const basket = lines.subarray(basketStart[b], basketStart[b + 1]).sort();
    for (let n = 0; n < basket.length; n++) if (n === 0 || basket[n] !== basket[n - 1]) lines[k++] = basket[n];
    basketPtr[b + 1] = k;
  }

  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let e = 0; e < nEvents; e++) {
    if (eventTime[e] < first) first = eventTime[e];
    if (eventTime[e] > last) last = eventTime[e];
  }
  if (nEvents === 0) first = last = Number.NaN;

  return {
    items,
    users,
    nItems,
    nUsers,
    userPtr,
    userItems: rowItems.slice(0, m),
    userWeights: Float32Array.from(rowWeights.subarray(0, m)),
    userLastSeen: rowLast.slice(0, m),
    nBaskets,
    basketPtr,
    basketItems: lines.slice(0, k),
    basketUser,
    basketTime,
    nEvents,
    eventUser,
    eventItem,
    eventTime,
    eventWeight,
    firstEventTime: first,
    lastEventTime: last,
  };
}

/** Build `Interactions` from a list of events in one call. */
export function buildInteractions(events: Iterable<InteractionEvent>, options: EventLogOptions = {}): Interactions {
  return interactionsOf(EventLog.of(events, options));
}

/** The distinct items of a user (a subarray view; do not mutate). */
export function itemsOfUser(data: Interactions, user: UserIndex): Uint32Array {
  return data.userItems.subarray(data.userPtr[user], data.userPtr[user + 1]);
}

/** Number of distinct users per item. */
export function itemUserCounts(data: Interactions): Uint32Array {
  const counts = new Uint32Array(data.nItems);
  for (let n = 0; n < data.userItems.length; n++) counts[data.userItems[n]]++;
  return counts;
}

export interface ProfileOptions {
  /**
   * Half-life (days) of an item's weight in the profile, counted back from
   * `now` to the customer's latest interaction with it. Infinity: no decay.
   */
  halfLifeDays?: number;
  /** Reference time (ms); defaults to the latest event in the data. */
  now?: number;
  /** Use the summed event weights (true) or 1 per distinct item (false, the default). */
  useEventWeights?: boolean;
}

/** A user's history as a `Profile`, optionally decayed by recency. */
export function profileOfUser(data: Interactions, user: UserIndex, options: ProfileOptions = {}): Profile {
  const start = data.userPtr[user];
  const end = data.userPtr[user + 1];
  const halfLife = options.halfLifeDays ?? Number.POSITIVE_INFINITY;
  const now = options.now ?? data.lastEventTime;
  const items: number[] = [];
  const weights: number[] = [];
  for (let n = start; n < end; n++) {
    items.push(data.userItems[n]);
    let w = options.useEventWeights ? data.userWeights[n] : 1;
    if (Number.isFinite(halfLife)) {
      const ageDays = Math.max(0, now - data.userLastSeen[n]) / DAY_MS;
      w *= Math.pow(0.5, ageDays / halfLife);
    }
    weights.push(w);
  }
  return { items, weights };
}

export const DAY_MS = 86_400_000;

/** A membership mask over items (1 = excluded). */
export function exclusionMask(nItems: number, exclude?: Exclusion): Uint8Array {
  const mask = new Uint8Array(nItems);
  if (exclude) for (const i of exclude) if (i >= 0 && i < nItems) mask[i] = 1;
  return mask;
}

/**
 * Transpose a CSR structure (rows -> columns). Returns the column pointers and
 * the row ids of each column, sorted by row id.
 */
export function transposeCsr(rowPtr: Uint32Array, cols: Uint32Array, nCols: number): { ptr: Uint32Array; rows: Uint32Array } {
  const nRows = rowPtr.length - 1;
  const ptr = new Uint32Array(nCols + 1);
  for (let n = 0; n < cols.length; n++) ptr[cols[n] + 1]++;
  for (let c = 0; c < nCols; c++) ptr[c + 1] += ptr[c];
  const fill = ptr.slice(0, nCols);
  const rows = new Uint32Array(cols.length);
  for (let r = 0; r < nRows; r++) {
    for (let n = rowPtr[r]; n < rowPtr[r + 1]; n++) rows[fill[cols[n]]++] = r;
  }
  return { ptr, rows };
}
