// Relay connections the way the Admin API pages them: `first`/`after`,
// `last`/`before`, `reverse`, at most 250 nodes per page, opaque cursors.
// https://shopify.dev/docs/api/usage/pagination-graphql
//
// Cursors are keyset cursors (the sort value and id of the node, base64 JSON,
// shaped like Shopify's own), so a page boundary stays valid when the node
// at the cursor is deleted between two requests.

import { GraphQLError } from "graphql";

export const MAX_PAGE_SIZE = 250;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export type SortValue = string | number;

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/**
 * One page of a connection. `items` holds the page's nodes; `edges`, `nodes`
 * and `pageInfo` are what the schema's XConnection types read.
 */
export class Connection<T> {
  constructor(
    readonly items: readonly T[],
    private readonly cursorOf: (item: T) => string,
    private readonly more: { next: boolean; previous: boolean } = { next: false, previous: false },
  ) {}

  /** The same page with each node replaced (cursors stay those of the originals). */
  map<U>(fn: (item: T) => U): Connection<U> {
    const origin = new Map<U, T>();
    const mapped = this.items.map((item) => {
      const u = fn(item);
      origin.set(u, item);
      return u;
    });
    return new Connection(mapped, (u) => this.cursorOf(origin.get(u) as T), this.more);
  }

  get edges(): { cursor: string; node: T }[] {
    return this.items.map((node) => ({ cursor: this.cursorOf(node), node }));
  }

  get nodes(): readonly T[] {
    return this.items;
  }

  get pageInfo(): PageInfo {
    const first = this.items[0];
    const last = this.items[this.items.length - 1];
    return {
      hasNextPage: this.more.next,
      hasPreviousPage: this.more.previous,
      startCursor: first === undefined ? null : this.cursorOf(first),
      endCursor: last === undefined ? null : this.cursorOf(last),
    };
  }
}

export function encodeCursor(id: number, value: SortValue): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: value })).toString("base64");
}

export function decodeCursor(cursor: string): { id: number; value: SortValue } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown; last_value?: unknown };
    if (typeof parsed.last_id === "number" && (typeof parsed.last_value === "string" || typeof parsed.last_value === "number")) {
      return { id: parsed.last_id, value: parsed.last_value };
    }
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError(`Invalid cursor provided: ${cursor}`, { extensions: { code: "BAD_REQUEST" } });
}

export interface PaginateOptions<T extends { id: number }> {
  /** The value nodes are sorted by (ties broken by id). Defaults to the id. */
  sortValue?: (item: T) => SortValue;
  /**
   * Bulk operations ignore page sizes and cursors: a bulk query returns every
   * node. https://shopify.dev/docs/api/usage/bulk-operations/queries
   */
  unpaginated?: boolean;
}

/** Sorts by (sortValue, id), ascending; the order every paginated list uses. */
export function sortForPaging<T extends { id: number }>(items: readonly T[], sortValue?: (item: T) => SortValue): T[] {
  if (!sortValue) return [...items].sort((a, b) => a.id - b.id);
  const keyed = items.map((item) => ({ item, value: sortValue(item) }));
  keyed.sort((a, b) => compareKeys(a.value, a.item.id, b.value, b.item.id));
  return keyed.map((k) => k.item);
}

function compareKeys(av: SortValue, aid: number, bv: SortValue, bid: number): number {
  if (av < bv) return -1;
  if (av > bv) return 1;
  return aid - bid;
}

/**
 * One page of `sorted` (ascending by sortValue then id) for the connection
 * arguments, with Shopify's argument errors.
 */
export function paginate<T extends { id: number }>(sorted: readonly T[], args: PageArgs, options: PaginateOptions<T> = {}): Connection<T> {
  const valueOf = options.sortValue ?? ((item: T) => item.id);
  const cursorOf = (item: T) => encodeCursor(item.id, valueOf(item));
  const ordered = args.reverse ? [...sorted].reverse() : sorted;
  if (options.unpaginated) return new Connection(ordered, cursorOf);

  const { first, last } = args;
  if (first == null && last == null) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  for (const [name, n] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (n != null && (n < 0 || n > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The '${name}' argument must be between 0 and ${MAX_PAGE_SIZE}.`, {
        extensions: { code: "BAD_REQUEST", argumentName: name, maximum: MAX_PAGE_SIZE },
      });
    }
  }

  const direction = args.reverse ? -1 : 1;
  // The first position whose node comes strictly after the cursor in the current order.
  const positionAfter = (cursor: string): number => {
    const c = decodeCursor(cursor);
    let lo = 0;
    let hi = ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const item = ordered[mid];
      if (direction * compareKeys(valueOf(item), item.id, c.value, c.id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const positionAtOrAfter = (cursor: string): number => {
    const c = decodeCursor(cursor);
    let lo = 0;
    let hi = ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const item = ordered[mid];
      if (direction * compareKeys(valueOf(item), item.id, c.value, c.id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  let start = args.after ? positionAfter(args.after) : 0;
  let end = args.before ? positionAtOrAfter(args.before) : ordered.length;
  if (end < start) end = start;
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);
  return new Connection(ordered.slice(start, end), cursorOf, { next: end < ordered.length, previous: start > 0 });
}

/** A connection over a short, already ordered list (variants, media, line items). */
export function listConnection<T extends { id: number }>(items: readonly T[], args: PageArgs, unpaginated: boolean): Connection<T> {
  return paginate(items, args, { unpaginated, sortValue: undefined });
}
