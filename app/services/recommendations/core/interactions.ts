import type { Exclusion, InteractionEvent, Interactions, ItemIndex, KeyIndex, Profile, UserIndex } from "./types";

/** A growable KeyIndex: the first time a key is seen it gets the next index. */
export class KeyIndexBuilder implements KeyIndex {
  readonly keys: string[] = [];
  private readonly map = new Map<string, number>();

  constructor(keys: Iterable<string> = []) {
    for (const k of keys) this.add(k);
  }

  add(key: string): number {
    let i = this.map.get(key);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(key);
      this.map.set(key, i);
    }
    return i;
  }

  indexOf(key: string): number | undefined {
    return this.map.get(key);
  }

  get size(): number {
    return this.keys.length;
  }
}

export interface InteractionsBuilderOptions {
  /**
   * The catalog: items known before any event (e.g. every active product), so
   * that products nobody bought yet still get an index and can be recommended
   * from content. Items first seen in events are appended after these.
   */
  items?: Iterable<string>;
  /** Pre-registered user keys (rarely needed; users are added as events arrive). */
  users?: Iterable<string>;
}

/**
 * Collects events and compiles them into `Interactions`.
 *
 * ```ts
 * const b = new InteractionsBuilder({ items: catalogIds });
 * for (const line of orderLines) b.add({ userKey, itemKey, timestamp, basketKey: orderId });
 * const data = b.build();
 * ```
 */
export class InteractionsBuilder {
  readonly items: KeyIndexBuilder;
  readonly users: KeyIndexBuilder;
  private readonly baskets = new KeyIndexBuilder();
  private eu: number[] = [];
  private ei: number[] = [];
  private et: number[] = [];
  private ew: number[] = [];
  private eb: number[] = [];

  constructor(options: InteractionsBuilderOptions = {}) {
    this.items = new KeyIndexBuilder(options.items);
    this.users = new KeyIndexBuilder(options.users);
  }

  /** Register a catalog item that may have no events. Returns its index. */
  addItem(key: string): ItemIndex {
    return this.items.add(key);
  }

  add(event: InteractionEvent): void {
    const t = typeof event.timestamp === "number" ? event.timestamp : event.timestamp.getTime();
    if (!Number.isFinite(t)) throw new RangeError(`Event for item ${event.itemKey} has an invalid timestamp`);
    const w = event.weight ?? 1;
    if (!(w > 0) || !Number.isFinite(w)) throw new RangeError(`Event for item ${event.itemKey} has weight ${w}; weights must be positive`);
    this.eu.push(this.users.add(event.userKey));
    this.ei.push(this.items.add(event.itemKey));
    this.et.push(t);
    this.ew.push(w);
    this.eb.push(event.basketKey === undefined ? -1 : this.baskets.add(event.basketKey));
  }

  get eventCount(): number {
    return this.eu.length;
  }

  build(): Interactions {
    const nItems = this.items.size;
    const nUsers = this.users.size;
    const nEvents = this.eu.length;
    const eventUser = Uint32Array.from(this.eu);
    const eventItem = Uint32Array.from(this.ei);
    const eventTime = Float64Array.from(this.et);
    const eventWeight = Float32Array.from(this.ew);

    // User rows: sort event ids by (user, item), then merge duplicates.
    const order = new Uint32Array(nEvents);
    for (let e = 0; e < nEvents; e++) order[e] = e;
    order.sort((a, b) => eventUser[a] - eventUser[b] || eventItem[a] - eventItem[b]);
    const userPtr = new Uint32Array(nUsers + 1);
    const items: number[] = [];
    const weights: number[] = [];
    const last: number[] = [];
    let prevU = -1;
    let prevI = -1;
    for (let n = 0; n < nEvents; n++) {
      const e = order[n];
      const u = eventUser[e];
      const i = eventItem[e];
      if (u === prevU && i === prevI) {
        weights[weights.length - 1] += eventWeight[e];
        if (eventTime[e] > last[last.length - 1]) last[last.length - 1] = eventTime[e];
        continue;
      }
      prevU = u;
      prevI = i;
      items.push(i);
      weights.push(eventWeight[e]);
      last.push(eventTime[e]);
      userPtr[u + 1]++;
    }
    for (let u = 0; u < nUsers; u++) userPtr[u + 1] += userPtr[u];

    // Baskets: distinct items per basket key, in first-seen order of baskets.
    const nBaskets = this.baskets.size;
    const basketSets: number[][] = Array.from({ length: nBaskets }, () => []);
    const basketUser = new Uint32Array(nBaskets);
    const basketTime = new Float64Array(nBaskets).fill(Number.POSITIVE_INFINITY);
    for (let e = 0; e < nEvents; e++) {
      const b = this.eb[e];
      if (b < 0) continue;
      basketSets[b].push(eventItem[e]);
      basketUser[b] = eventUser[e];
      if (eventTime[e] < basketTime[b]) basketTime[b] = eventTime[e];
    }
    const basketPtr = new Uint32Array(nBaskets + 1);
    const basketItemList: number[] = [];
    for (let b = 0; b < nBaskets; b++) {
      const distinct = Array.from(new Set(basketSets[b])).sort((x, y) => x - y);
      for (const i of distinct) basketItemList.push(i);
      basketPtr[b + 1] = basketItemList.length;
    }

    let first = Number.POSITIVE_INFINITY;
    let lastT = Number.NEGATIVE_INFINITY;
    for (let e = 0; e < nEvents; e++) {
      if (eventTime[e] < first) first = eventTime[e];
      if (eventTime[e] > lastT) lastT = eventTime[e];
    }
    if (nEvents === 0) first = lastT = Number.NaN;

    return {
      items: this.items,
      users: this.users,
      nItems,
      nUsers,
      userPtr,
      userItems: Uint32Array.from(items),
      userWeights: Float32Array.from(weights),
      userLastSeen: Float64Array.from(last),
      nBaskets,
      basketPtr,
      basketItems: Uint32Array.from(basketItemList),
      basketUser,
      basketTime,
      nEvents,
      eventUser,
      eventItem,
      eventTime,
      eventWeight,
      firstEventTime: first,
      lastEventTime: lastT,
    };
  }
}

/** Build `Interactions` from a list of events in one call. */
export function buildInteractions(events: Iterable<InteractionEvent>, options: InteractionsBuilderOptions = {}): Interactions {
  const b = new InteractionsBuilder(options);
  for (const e of events) b.add(e);
  return b.build();
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
