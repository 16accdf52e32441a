// A shop's events as columns: what training reads, held at 24 bytes an event.
//
// An event object with three key strings costs about a hundred bytes, so a
// shop with 10 million order lines held as objects needs a gigabyte before any
// model exists (ADR 0014). The log interns each key once (users, items,
// baskets) and keeps the rest in typed arrays that grow as events arrive; the
// training job streams a shop's orders into it page by page, and every model
// input (the time splits of tuning and evaluation, the final interactions) is
// compiled from it without another copy of the events.

import { KeyIndexBuilder } from "./key-index";
import type { InteractionEvent } from "./types";

export interface EventLogOptions {
  /**
   * The catalog: items known before any event, in this order (products nobody
   * bought still get an index and can be recommended from content). Items
   * first seen in events are appended after these.
   */
  items?: Iterable<string>;
}

/** The columns of the events, `length` long (views: do not mutate). */
export interface EventColumns {
  readonly user: Uint32Array;
  readonly item: Uint32Array;
  readonly time: Float64Array;
  readonly weight: Float32Array;
  /** The basket (order) index, or -1 for an event without one (a view, a click). */
  readonly basket: Int32Array;
}

const INITIAL_CAPACITY = 1024;

export class EventLog {
  readonly items: KeyIndexBuilder;
  readonly users = new KeyIndexBuilder();
  readonly baskets = new KeyIndexBuilder();
  /** How many items were known before any event (the catalog). */
  readonly catalogSize: number;
  private n = 0;
  private user = new Uint32Array(INITIAL_CAPACITY);
  private item = new Uint32Array(INITIAL_CAPACITY);
  private time = new Float64Array(INITIAL_CAPACITY);
  private weight = new Float32Array(INITIAL_CAPACITY);
  private basket = new Int32Array(INITIAL_CAPACITY);

  constructor(options: EventLogOptions = {}) {
    this.items = new KeyIndexBuilder(options.items);
    this.catalogSize = this.items.size;
  }

  /** A log of these events, in order. */
  static of(events: Iterable<InteractionEvent>, options: EventLogOptions = {}): EventLog {
    const log = new EventLog(options);
    for (const e of events) log.add(e);
    return log;
  }

  get length(): number {
    return this.n;
  }

  /** Register an item that may have no events. Returns its index. */
  addItem(key: string): number {
    return this.items.add(key);
  }

  add(event: InteractionEvent): void {
    const t = typeof event.timestamp === "number" ? event.timestamp : event.timestamp.getTime();
    if (!Number.isFinite(t)) throw new RangeError(`Event for item ${event.itemKey} has an invalid timestamp`);
    const w = event.weight ?? 1;
    if (!(w > 0) || !Number.isFinite(w)) throw new RangeError(`Event for item ${event.itemKey} has weight ${w}; weights must be positive`);
    if (this.n === this.user.length) this.resize(Math.max(INITIAL_CAPACITY, Math.ceil(this.n * 1.5)));
    const e = this.n++;
    this.user[e] = this.users.add(event.userKey);
    this.item[e] = this.items.add(event.itemKey);
    this.time[e] = t;
    this.weight[e] = w;
    this.basket[e] = event.basketKey === undefined ? -1 : this.baskets.add(event.basketKey);
  }

  /** The columns, trimmed to the events held (later `add`s do not show in them). */
  columns(): EventColumns {
    if (this.user.length !== this.n) this.resize(this.n);
    return { user: this.user, item: this.item, time: this.time, weight: this.weight, basket: this.basket };
  }

  private resize(capacity: number): void {
    const grow = <A extends Uint32Array | Float64Array | Float32Array | Int32Array>(a: A, make: (n: number) => A): A => {
      const b = make(capacity);
      b.set(a.subarray(0, this.n));
      return b;
    };
    this.user = grow(this.user, (k) => new Uint32Array(k));
    this.item = grow(this.item, (k) => new Uint32Array(k));
    this.time = grow(this.time, (k) => new Float64Array(k));
    this.weight = grow(this.weight, (k) => new Float32Array(k));
    this.basket = grow(this.basket, (k) => new Int32Array(k));
  }
}

/** The latest purchase (an event with a basket) before `before`, or null when there is none. */
export function lastPurchaseTime(log: EventLog, before = Number.POSITIVE_INFINITY): number | null {
  const { time, basket } = log.columns();
  let last = Number.NEGATIVE_INFINITY;
  for (let e = 0; e < time.length; e++) if (basket[e] >= 0 && time[e] < before && time[e] > last) last = time[e];
  return last === Number.NEGATIVE_INFINITY ? null : last;
}
