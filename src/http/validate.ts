// Parsing request input into typed values, in one place. Every route reads its path parameters,
// query, body and the headers it uses through `parse` (or the header helpers below), so hostile
// input meets the same rules everywhere and is refused with a 400 naming the field in `param`:
// text PostgreSQL cannot store (NUL, lone surrogates), nesting deeper than any real request, odd
// numbers (1e309, -0, 0x10), dates outside 1970–9999, unknown fields. A leaf module: it imports
// nothing from src/, so the core may use it too.
import { z } from 'zod';
import { ApiError } from './http-error.ts';

/** Where an input came from; named in `param` when the whole input is wrong. */
export type InputSource = 'body' | 'query' | 'path';

/** Nesting deeper than this is refused (no request of ours needs more than 4). */
export const MAX_DEPTH = 32;

/** Why a string cannot be accepted as text anywhere, or undefined when it can. */
export function unsafeText(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain a NUL byte';
  if (!s.isWellFormed()) return 'must be valid Unicode (it has a lone surrogate)';
  return undefined;
}

/**
 * The first place in a parsed input where text cannot be stored (keys included), or where it
 * nests too deeply; undefined when the whole value is clean. Iterative, so no input can overflow
 * the stack. Runs on every request body and every Stripe event: each value remembers only its
 * parent and key, and a path is written out only for what is found.
 */
export function findUnsafeInput(value: unknown): { path: string; message: string } | undefined {
  const stack: Place[] = [{ value, parent: undefined, key: '', depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (typeof v === 'string') {
      const reason = unsafeText(v);
      if (reason) return { path: pathOf(item), message: reason };
      continue;
    }
    if (typeof v !== 'object' || v === null || Buffer.isBuffer(v)) continue;
    if (item.depth >= MAX_DEPTH) {
      return { path: pathOf(item), message: `nests deeper than ${MAX_DEPTH} levels` };
    }
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const reason = unsafeText(key);
      if (reason) return { path: pathOf(item, 'key'), message: `a field name ${reason}` };
      stack.push({ value: record[key], parent: item, key, depth: item.depth + 1 });
    }
  }
  return undefined;
}

/** A value in the input findUnsafeInput walks: its parent and its key there (none for the root). */
interface Place {
  value: unknown;
  parent: Place | undefined;
  key: string;
  depth: number;
}

/** The dotted path of a place (`metadata.a`), with `last` added. */
function pathOf(place: Place, last?: string): string {
  const keys: string[] = last === undefined ? [] : [last];
  for (let p: Place | undefined = place; p?.parent; p = p.parent) keys.push(p.key);
  return keys.reverse().join('.');
}

/**
 * Parses one input (a route's params, query or body) with a zod schema into a typed value, or
 * throws a 400 `invalid_request` naming the field: `param` is the field's path (`metadata.a`,
 * `rows.3.note`), an unknown field's name, or the source itself when the whole input is wrong.
 */
export function parse<T extends z.ZodType>(schema: T, value: unknown, source: InputSource): z.infer<T> {
  const unsafe = findUnsafeInput(value);
  if (unsafe) {
    const param = unsafe.path || source;
    throw new ApiError(400, 'invalid_request', `${param}: ${unsafe.message}`, param);
  }
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  let param = issue.path.map(String).join('.');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    param = param ? `${param}.${key}` : key;
    message = 'is not a known field';
  }
  param ||= source;
  throw new ApiError(400, 'invalid_request', `${param}: ${message}`, param);
}

// ---- Field schemas shared by the routes ----

/** Control characters (C0, DEL, C1), line breaks and tabs included. */
const CONTROL = /\p{Cc}/u;
/** Control characters other than tab, line feed and carriage return. */
const CONTROL_IN_TEXT = /(?![\t\n\r])\p{Cc}/u;

/** One line of text (an id, a name, an order number): trimmed, 1..max characters, no control characters. */
export const text = (max = 200) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'must be one line without control characters');

/** Free text that may span lines (a note, a reason): trimmed, at most max characters. */
export const longText = (max = 1000) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL_IN_TEXT.test(s), 'must not contain control characters');

/** A Stripe payment id: a payment intent (pi_…) or a charge (ch_…, py_…). */
export const stripePaymentId = z
  .string()
  .max(255)
  .regex(/^(pi|ch|py)_[A-Za-z0-9_]+$/, 'must be a Stripe payment_intent (pi_…) or charge (ch_…) id');

export const isStripePaymentId = (value: string) => stripePaymentId.safeParse(value).success;

/** A Stripe connected account id (acct_…). */
export const stripeAccountId = z
  .string()
  .max(255)
  .regex(/^acct_[A-Za-z0-9]+$/, 'must be a Stripe connected account id (acct_…)');

/** Which account a list is about: a connected account (acct_…), or the platform's own payments. */
export const accountFilter = z.union([z.literal('platform'), stripeAccountId], {
  error: "must be a connected account id (acct_…) or 'platform'",
});

/** A positive amount in the currency's minor unit (a JSON integer, never a string or a float). */
export const minorAmount = z
  .number({ error: 'must be an integer in minor units' })
  .int('must be an integer in minor units')
  .positive('must be positive')
  .max(Number.MAX_SAFE_INTEGER, 'is too large');

/** A three-letter ISO 4217 currency code, given in any case, read lowercase. */
export const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO currency code')
  .transform((c) => c.toLowerCase());

/** Metadata as Stripe takes it: up to 50 string values, keys up to 40 characters. */
export const metadata = z
  .record(
    z.string().min(1, 'keys must not be empty').max(40, 'keys must be at most 40 characters'),
    z.string().max(500, 'values must be at most 500 characters'),
  )
  .refine((m) => Object.keys(m).length <= 50, { message: 'at most 50 keys' });

const FIRST_YEAR = 1970;
const LAST_YEAR = 9999;
const inRange = (s: string) => {
  const time = Date.parse(s);
  if (!Number.isFinite(time)) return false;
  const year = new Date(time).getUTCFullYear();
  return year >= FIRST_YEAR && year <= LAST_YEAR;
};

/** An ISO 8601 date-time with an offset (2026-05-20T12:00:00Z), between 1970 and 9999. */
export const dateTime = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-05-20T12:00:00Z' })
  .refine(inRange, `must be between ${FIRST_YEAR} and ${LAST_YEAR}`);

/** An ISO 8601 day (2026-05-20), between 1970 and 9999. */
export const date = z.iso
  .date({ error: 'must be an ISO 8601 date such as 2026-05-20' })
  .refine(inRange, `must be between ${FIRST_YEAR} and ${LAST_YEAR}`);

/** A query-string flag: `true` or `false`. */
export const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A whole number in a query string: plain digits only (no 1e3, 0x10, -0 or spaces). */
export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,15}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** A page size in a query string: 1..max, `fallback` when absent. */
export const limit = (max: number, fallback: number) => queryInt(1, max).default(fallback);

/** A route's `:id` path parameter. */
export const idParams = z.object({ id: text(100) });

/**
 * The Idempotency-Key header, when sent: 1–255 printable ASCII characters (as Stripe takes it).
 * Sent twice, or with anything else, it is a 400 naming the header.
 */
export function idempotencyKeyHeader(headers: Record<string, string | string[] | undefined>) {
  const key = headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (Array.isArray(key) || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ApiError(
      400,
      'invalid_request',
      'Idempotency-Key must be 1-255 printable characters.',
      'Idempotency-Key',
    );
  }
  return key;
}
