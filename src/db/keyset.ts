// Cursor pagination for every list, newest first over (created_at, id), as Stripe pages:
// `starting_after` (the next, older page) and `ending_before` (the previous, newer page) name a
// row by id. The cursor row's created_at is compared inside SQL, to the microsecond it is stored
// with. Reading it into JavaScript first would round it to a Date's millisecond, and a row created
// in the same millisecond as the cursor but a few microseconds earlier would never be listed.
// The id breaks ties between rows with the very same created_at.
import { ApiError } from '../http/http-error.ts';
import type { Queryable } from './db.ts';

export interface Cursor {
  startingAfter?: string | undefined;
  endingBefore?: string | undefined;
}

/** A list request's cursor; naming both directions at once is refused, as Stripe does. */
export function onePageCursor(query: {
  starting_after?: string | undefined;
  ending_before?: string | undefined;
}): Cursor {
  if (query.starting_after !== undefined && query.ending_before !== undefined) {
    throw new ApiError(
      400,
      'invalid_request',
      'Give starting_after or ending_before, not both.',
      'ending_before',
    );
  }
  return { startingAfter: query.starting_after, endingBefore: query.ending_before };
}

export interface KeysetPlan {
  /** The condition to AND into the query's WHERE, when a cursor is given. */
  where: string | undefined;
  /** The ORDER BY list (without the words ORDER BY). */
  orderBy: string;
  /** ending_before reads upwards (oldest first) from the cursor; the page is turned round after. */
  reverse: boolean;
}

/**
 * Plans one page of `table` (aliased `alias` in the caller's query, '' for none); pushes the
 * cursor's id onto `params`. Fetch `limit + 1` rows with the plan, then call `toPage`.
 */
export function keysetPlan(table: string, alias: string, cursor: Cursor, params: unknown[]): KeysetPlan {
  const a = alias ? `${alias}.` : '';
  const newestFirst = `${a}created_at DESC, ${a}id DESC`;
  const id = cursor.startingAfter ?? cursor.endingBefore;
  if (id === undefined) return { where: undefined, orderBy: newestFirst, reverse: false };
  params.push(id);
  const row = `(SELECT created_at, id FROM ${table} WHERE id = $${params.length})`;
  return cursor.startingAfter !== undefined
    ? { where: `(${a}created_at, ${a}id) < ${row}`, orderBy: newestFirst, reverse: false }
    : {
        where: `(${a}created_at, ${a}id) > ${row}`,
        orderBy: `${a}created_at ASC, ${a}id ASC`,
        reverse: true,
      };
}

/** The page (newest first) from the `limit + 1` rows the plan read. */
export function toPage<T>(rows: T[], limit: number, plan: KeysetPlan): { data: T[]; hasMore: boolean } {
  const data = rows.slice(0, limit);
  if (plan.reverse) data.reverse();
  return { data, hasMore: rows.length > limit };
}

/**
 * Whether the cursor names an existing row. Asked only when a page comes back empty: an unknown
 * cursor also reads no rows, and deserves a 404 rather than an empty list.
 */
export async function cursorExists(db: Queryable, table: string, cursor: Cursor): Promise<boolean> {
  const id = cursor.startingAfter ?? cursor.endingBefore;
  if (id === undefined) return true;
  const rows = await db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
  return rows.length > 0;
}

/** The 404 for a cursor that names no row: "No refund with id '…'.", on the parameter that named it. */
export function unknownCursor(noun: string, cursor: Cursor): ApiError {
  return new ApiError(
    404,
    'not_found',
    `No ${noun} with id '${cursor.startingAfter ?? cursor.endingBefore}'.`,
    cursor.startingAfter !== undefined ? 'starting_after' : 'ending_before',
  );
}

/** What one page reads: the rows of `table` (aliased `alias`, '' for none) that `where` keeps. */
export interface PageQuery {
  table: string;
  alias: string;
  /** The select list. */
  columns: string;
  /** The FROM clause when it joins more than the table and its alias. */
  from?: string;
  /** Conditions ANDed together, on `params` ($1…); the cursor and the limit come after them. */
  where?: readonly string[];
  params?: readonly unknown[];
}

/**
 * One page, newest first, of the rows `query` reads: plan, fetch `limit + 1` rows, and turn them
 * into the page. Undefined when the cursor names no row of the table (the caller's 404).
 */
export async function readPage<Row>(
  db: Queryable,
  query: PageQuery,
  page: { limit: number } & Cursor,
): Promise<{ data: Row[]; hasMore: boolean } | undefined> {
  const params = [...(query.params ?? [])];
  const where = [...(query.where ?? [])];
  const plan = keysetPlan(query.table, query.alias, page, params);
  if (plan.where) where.push(plan.where);
  params.push(page.limit + 1);
  const rows = await db.query<Row>(
    `SELECT ${query.columns} FROM ${query.from ?? `${query.table} ${query.alias}`}
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${plan.orderBy} LIMIT $${params.length}`,
    params,
  );
  if (rows.length === 0 && !(await cursorExists(db, query.table, page))) return undefined;
  return toPage(rows, page.limit, plan);
}
