// An append-only collection in creation order with an id → position map: retrieve is O(1) and a
// list page is O(log n + limit) whatever the size of the store.

export interface Stored {
  id: string;
  created: number;
}

export class Collection<T extends Stored> {
  readonly items: T[] = [];
  private readonly positions = new Map<string, number>();

  add(item: T): number {
    const position = this.items.length;
    this.items.push(item);
    this.positions.set(item.id, position);
    return position;
  }

  get(id: string): T | undefined {
    const p = this.positions.get(id);
    return p === undefined ? undefined : this.items[p];
  }

  position(id: string): number | undefined {
    return this.positions.get(id);
  }

  get size(): number {
    return this.items.length;
  }

  clear(): void {
    this.items.length = 0;
    this.positions.clear();
  }
}

/** A subset of a collection: ascending positions into `items` (e.g. the refunds of one charge). */
export interface View<T> {
  items: readonly T[];
  /** Ascending positions; undefined means the whole collection. */
  positions?: readonly number[];
}

/** The ascending positions of the items `keep` keeps (a filter no index answers: a scan). */
export function positionsWhere<T>(items: readonly T[], keep: (item: T) => boolean): number[] {
  const positions: number[] = [];
  items.forEach((item, i) => {
    if (keep(item)) positions.push(i);
  });
  return positions;
}

export interface CreatedFilter {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

export interface PageQuery {
  limit: number;
  /** Position (in the collection) of the starting_after object. */
  startingAfter?: number;
  endingBefore?: number;
  created?: CreatedFilter;
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

/** First view index whose value is >= target (values ascending). */
function lowerBound(length: number, valueAt: (i: number) => number, target: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (valueAt(mid) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One page, newest first. `starting_after` gives the `limit` objects just older than the cursor,
 * `ending_before` the `limit` objects just newer than it (still newest first), as Stripe does.
 * `created` values are non-decreasing in creation order (the clock only moves forward), so the
 * created filter is two binary searches.
 */
export function pageOf<T extends Stored>(view: View<T>, query: PageQuery): Page<T> {
  const { items, positions } = view;
  const length = positions ? positions.length : items.length;
  const at = positions ? (i: number) => items[positions[i]!]! : (i: number) => items[i]!;
  const createdAt = (i: number) => at(i).created;
  const positionAt = positions ? (i: number) => positions[i]! : (i: number) => i;
  let lo = 0;
  let hi = length;
  const c = query.created;
  if (c) {
    if (c.gte !== undefined) lo = Math.max(lo, lowerBound(length, createdAt, c.gte));
    if (c.gt !== undefined) lo = Math.max(lo, lowerBound(length, createdAt, c.gt + 1));
    if (c.lte !== undefined) hi = Math.min(hi, lowerBound(length, createdAt, c.lte + 1));
    if (c.lt !== undefined) hi = Math.min(hi, lowerBound(length, createdAt, c.lt));
  }
  if (query.startingAfter !== undefined) {
    hi = Math.min(hi, lowerBound(length, positionAt, query.startingAfter));
  }
  const data: T[] = [];
  if (query.endingBefore !== undefined) {
    lo = Math.max(lo, lowerBound(length, positionAt, query.endingBefore + 1));
    const end = Math.min(hi, lo + query.limit);
    for (let i = end - 1; i >= lo; i--) data.push(at(i));
    return { data, hasMore: end < hi };
  }
  const start = Math.max(lo, hi - query.limit);
  for (let i = hi - 1; i >= start; i--) data.push(at(i));
  return { data, hasMore: start > lo };
}

/**
 * Like pageOf over the whole collection, keeping only items that match: scans from the cursor and
 * stops after `limit + 1` matches, so the cost follows the page, not the store (for dense filters
 * such as `type=refund.*`).
 */
export function pageWhere<T extends Stored>(
  items: readonly T[],
  query: PageQuery,
  match: (item: T) => boolean,
): Page<T> {
  const createdAt = (i: number) => items[i]!.created;
  let lo = 0;
  let hi = items.length;
  const c = query.created;
  if (c) {
    if (c.gte !== undefined) lo = Math.max(lo, lowerBound(items.length, createdAt, c.gte));
    if (c.gt !== undefined) lo = Math.max(lo, lowerBound(items.length, createdAt, c.gt + 1));
    if (c.lte !== undefined) hi = Math.min(hi, lowerBound(items.length, createdAt, c.lte + 1));
    if (c.lt !== undefined) hi = Math.min(hi, lowerBound(items.length, createdAt, c.lt));
  }
  if (query.startingAfter !== undefined) hi = Math.min(hi, query.startingAfter);
  const data: T[] = [];
  if (query.endingBefore !== undefined) {
    lo = Math.max(lo, query.endingBefore + 1);
    let hasMore = false;
    for (let i = lo; i < hi; i++) {
      if (!match(items[i]!)) continue;
      if (data.length === query.limit) {
        hasMore = true;
        break;
      }
      data.push(items[i]!);
    }
    return { data: data.reverse(), hasMore };
  }
  let hasMore = false;
  for (let i = hi - 1; i >= lo; i--) {
    if (!match(items[i]!)) continue;
    if (data.length === query.limit) {
      hasMore = true;
      break;
    }
    data.push(items[i]!);
  }
  return { data, hasMore };
}
