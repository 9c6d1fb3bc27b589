import { isSupportedCurrency } from '../../shared/money.ts';
import type { CreatedFilter } from '../state/collection.ts';
import type { Metadata } from '../state/records.ts';
import {
  invalidParam,
  missingParameter,
  resourceMissing,
  type StripeError,
  unknownParameter,
} from './errors.ts';
import type { Params } from './form.ts';

// Parameter checks shared by the resources, with Stripe's codes and messages. All of them throw
// validation errors (not stored under an idempotency key).

export function rejectUnknown(params: Params, allowed: ReadonlySet<string>): void {
  for (const key in params) if (!allowed.has(key)) throw unknownParameter(key);
}

export function optionalString(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw invalidParam('parameter_invalid_string_empty', `Invalid string: ${describe(value)}`, name);
  }
  if (value.length > 5000) {
    throw invalidParam(
      'parameter_invalid_string_empty',
      `Invalid string: too long (max 5000 characters)`,
      name,
    );
  }
  return value;
}

/** A string that may be "" to mean "not set". */
export function optionalId(params: Params, name: string): string | undefined {
  const value = optionalString(params, name);
  return value === '' ? undefined : value;
}

export function requiredString(params: Params, name: string): string {
  const value = optionalString(params, name);
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  return Array.isArray(value) ? 'array' : typeof value === 'object' ? 'hash' : String(value);
}

const INTEGER = /^-?\d+$/;

export function optionalInteger(params: Params, name: string): number | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !INTEGER.test(value) || !Number.isSafeInteger(Number(value))) {
    throw invalidParam('parameter_invalid_integer', `Invalid integer: ${describe(value)}`, name);
  }
  return Number(value);
}

export function positiveInteger(params: Params, name: string): number | undefined {
  const value = optionalInteger(params, name);
  if (value !== undefined && value < 1) {
    throw invalidParam('parameter_invalid_integer', 'This value must be greater than or equal to 1.', name);
  }
  return value;
}

export function optionalBoolean(params: Params, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidParam('parameter_invalid_empty', `Invalid boolean: ${describe(value)}`, name);
}

export function optionalEnum<T extends string>(
  params: Params,
  name: string,
  values: readonly T[],
): T | undefined {
  const value = optionalString(params, name);
  if (value === undefined || value === '') return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw invalidParam(
      'parameter_invalid_empty',
      `Invalid ${name}: must be one of ${values.join(', ')}`,
      name,
    );
  }
  return value as T;
}

export function currencyParam(
  params: Params,
  name: string,
  code: string,
  required: boolean,
): string | undefined {
  const raw = required ? requiredString(params, name) : optionalId(params, name);
  if (raw === undefined) return undefined;
  const currency = raw.toLowerCase();
  if (!isSupportedCurrency(currency)) {
    throw invalidParam(
      code,
      `Invalid currency: ${raw.slice(0, 20)}. Stripe currently supports these currencies: usd, eur, gbp, jpy, and others listed at https://stripe.com/docs/currencies.`,
      name,
    );
  }
  return currency;
}

/**
 * An array parameter as its values: `a[]=x&a[]=y` decodes to an array, `a[0]=x&a[1]=y` to an
 * object keyed by index; anything else (a plain string) is not an array (null).
 */
export function arrayValues(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  return typeof value === 'object' && value ? Object.values(value) : null;
}

/** `expand[]` as a list of paths. */
export function expandParam(params: Params, allowed: ReadonlySet<string>): Set<string> {
  const value = params.expand;
  const out = new Set<string>();
  if (value === undefined || value === '') return out;
  const list = arrayValues(value);
  if (!list) throw invalidParam('parameter_invalid_empty', 'Invalid array', 'expand');
  for (const item of list) {
    if (typeof item !== 'string') throw invalidParam('parameter_invalid_empty', 'Invalid array', 'expand');
    if (!allowed.has(item)) {
      throw invalidParam('parameter_unknown', `This property cannot be expanded (${item}).`, 'expand');
    }
    out.add(item);
  }
  return out;
}

/** Stripe's metadata limits. Returns the updates: a value of null removes the key. */
export function metadataParam(params: Params): Record<string, string | null> | 'clear' | undefined {
  const value = params.metadata;
  if (value === undefined) return undefined;
  if (value === '') return 'clear';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParam('parameter_invalid_empty', 'Invalid hash', 'metadata');
  }
  const out: Record<string, string | null> = {};
  const entries = Object.entries(value);
  if (entries.length > 50) {
    throw invalidParam(
      'parameter_invalid_empty',
      'Invalid metadata: at most 50 keys are allowed.',
      'metadata',
    );
  }
  for (const [key, v] of entries) {
    if (key.length > 40 || key === '' || key.includes('[') || key.includes(']')) {
      throw invalidParam(
        'parameter_invalid_empty',
        `Invalid metadata key: keys must be 1 to 40 characters without square brackets (${key.slice(0, 50)}).`,
        `metadata[${key.slice(0, 40)}]`,
      );
    }
    if (typeof v !== 'string') {
      throw invalidParam('parameter_invalid_empty', `Invalid string: ${describe(v)}`, `metadata[${key}]`);
    }
    if (v.length > 500) {
      throw invalidParam(
        'parameter_invalid_empty',
        `Invalid metadata value: values can be at most 500 characters (metadata[${key}]).`,
        `metadata[${key}]`,
      );
    }
    out[key] = v === '' ? null : v;
  }
  return out;
}

/** Applies metadata updates; fails when the result would hold more than 50 keys. */
export function applyMetadata(
  current: Metadata,
  update: Record<string, string | null> | 'clear' | undefined,
): Metadata {
  if (update === undefined) return current;
  if (update === 'clear') return {};
  const next: Metadata = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  if (Object.keys(next).length > 50) {
    throw invalidParam(
      'parameter_invalid_empty',
      'Invalid metadata: at most 50 keys are allowed.',
      'metadata',
    );
  }
  return next;
}

export const LIST_PARAMS = ['limit', 'starting_after', 'ending_before', 'created', 'expand'] as const;

/**
 * A list cursor (`starting_after` / `ending_before`) as a position in its collection. An id that is
 * not there is `resource_missing` with the cursor as `param`, as at Stripe.
 */
export function cursorParam(
  params: Params,
  name: 'starting_after' | 'ending_before',
  kind: string,
  positionOf: (id: string) => number | undefined,
): number | undefined {
  const id = optionalId(params, name);
  if (id === undefined) return undefined;
  const position = positionOf(id);
  if (position === undefined) throw resourceMissing(kind, id, name);
  return position;
}

export function limitParam(params: Params): number {
  const limit = optionalInteger(params, 'limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidParam(
      'parameter_invalid_integer',
      'This value must be greater than or equal to 1 and less than or equal to 100.',
      'limit',
    );
  }
  return limit;
}

export function createdParam(params: Params): CreatedFilter | undefined {
  const value = params.created;
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string') {
    const at = optionalInteger(params, 'created')!;
    return { gte: at, lte: at };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParam('parameter_invalid_integer', 'Invalid integer: hash', 'created');
  }
  const filter: CreatedFilter = {};
  for (const [k, v] of Object.entries(value)) {
    if (k !== 'gt' && k !== 'gte' && k !== 'lt' && k !== 'lte') throw unknownParameter(`created[${k}]`);
    const name = `created[${k}]`;
    const n = optionalInteger({ [name]: v }, name);
    if (n === undefined) continue;
    filter[k] = n;
  }
  return filter;
}

export function assert(condition: boolean, error: () => StripeError): void {
  if (!condition) throw error();
}
