// The data model shared by every recommendation model.
//
// Products and customers are known to the math only as dense integer indices
// (0..nItems-1, 0..nUsers-1), so that scores live in typed arrays and models
// serialise as flat buffers. `KeyIndex` maps those indices back to the keys the
// rest of the app uses (Shopify product ids, customer ids, stock codes).

/** Dense index of a product in an `Interactions` (0..nItems-1). */
export type ItemIndex = number;
/** Dense index of a customer in an `Interactions` (0..nUsers-1). */
export type UserIndex = number;

/** A two-way map between external keys and dense indices. */
export interface KeyIndex {
  /** keys[i] is the external key of index i. */
  readonly keys: readonly string[];
  /** The index of a key, or undefined when the key is unknown. */
  indexOf(key: string): number | undefined;
  readonly size: number;
}

/** One thing a customer did with a product. Purchases are the default. */
export interface InteractionEvent {
  userKey: string;
  itemKey: string;
  /** Milliseconds since the epoch (or a Date). */
  timestamp: number | Date;
  /**
   * How much the event says about the customer's taste. 1 for a purchased
   * order line (the default); lower for weaker signals, e.g. 0.3 for an
   * add-to-cart, 0.1 for a product view.
   */
  weight?: number;
  /**
   * The order (basket) the line belongs to. Only events with a basket key take
   * part in "bought together" co-occurrence; views usually have none.
   */
  basketKey?: string;
}

/**
 * Interactions, compiled into compressed sparse rows.
 *
 * - user rows: the distinct items of each user, sorted by item index, with the
 *   summed event weight and the time of the latest event;
 * - baskets: the distinct items of each order;
 * - events: the raw event stream (for recency-aware popularity).
 */
export interface Interactions {
  readonly items: KeyIndex;
  readonly users: KeyIndex;
  readonly nItems: number;
  readonly nUsers: number;

  /** userItems[userPtr[u] .. userPtr[u+1]) are the distinct items of user u. */
  readonly userPtr: Uint32Array;
  readonly userItems: Uint32Array;
  /** Sum of event weights of (u, item), parallel to userItems. */
  readonly userWeights: Float32Array;
  /** Latest event time (ms) of (u, item), parallel to userItems. */
  readonly userLastSeen: Float64Array;

  readonly nBaskets: number;
  /** basketItems[basketPtr[b] .. basketPtr[b+1]) are the distinct items of basket b. */
  readonly basketPtr: Uint32Array;
  readonly basketItems: Uint32Array;
  readonly basketUser: Uint32Array;
  readonly basketTime: Float64Array;

  readonly nEvents: number;
  readonly eventUser: Uint32Array;
  readonly eventItem: Uint32Array;
  readonly eventTime: Float64Array;
  readonly eventWeight: Float32Array;

  /** Earliest and latest event time (ms); both NaN when there are no events. */
  readonly firstEventTime: number;
  readonly lastEventTime: number;
}

/** Where a recommended item's score came from; drives the shopper-facing reason. */
export type ScoreSource = "ease" | "itemknn" | "copurchase" | "content" | "popularity" | "trending";

/** One entry of a ranked list. */
export interface ScoredItem {
  item: ItemIndex;
  score: number;
  /** The context item that contributed most (e.g. the cart item it goes with). */
  anchor?: ItemIndex;
  source?: ScoreSource;
}

/**
 * What a model knows about the shopper at request time: the items they bought
 * or looked at, each with an optional weight (recency, event strength).
 * Duplicate items are allowed; their weights add up.
 */
export interface Profile {
  items: readonly ItemIndex[];
  /** Parallel to items; 1 for every item when absent. */
  weights?: readonly number[];
}

/** Items that must not be returned (already bought, in the cart, ...). */
export type Exclusion = ReadonlySet<ItemIndex> | readonly ItemIndex[];
