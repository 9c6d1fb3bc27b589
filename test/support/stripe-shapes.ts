import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

// Checks an API object against Stripe's published example of the same kind
// (test/fixtures/stripe/fixtures.json, copied from the team's ../shared/stripe): the same top-level fields, each with the same JSON type, where
// fields Stripe's spec marks nullable may also be null. Optional fields Stripe only sends when
// relevant (refund.failure_reason, charge.refunds when expanded, ...) may be present. Where the
// fixture has a non-empty object (refund.destination_details, charge.outcome, event.request, ...)
// its fields are compared one level down too (see nestedProblems).

const FIXTURES_PATH = new URL('../fixtures/stripe/fixtures.json', import.meta.url);
const OPENAPI_PATH = new URL('../fixtures/stripe/openapi-refunds.json', import.meta.url);

export type ShapeKind = 'refund' | 'charge' | 'payment_intent' | 'event' | 'list' | 'error';

type Json = Record<string, unknown>;
const fixtures = JSON.parse(readFileSync(FIXTURES_PATH, 'utf8')) as Record<string, Json>;
const schemas = (
  JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as { components: { schemas: Record<string, Json> } }
).components.schemas;

/** Fields present only in some states (as the SDK types declare them optional). */
const OPTIONAL: Record<string, readonly string[]> = {
  refund: [
    'description',
    'failure_reason',
    'failure_balance_transaction',
    'instructions_email',
    'next_action',
    'pending_reason',
    'presentment_details',
  ],
  charge: ['refunds', 'source'],
  payment_intent: [],
  event: ['account', 'context'],
};

/** Fields that may be null although the fixture shows a value (from the spec, or PI's SDK types). */
function nullable(kind: string): Set<string> {
  const out = new Set<string>();
  const props = (schemas[kind]?.properties ?? {}) as Record<string, { nullable?: boolean }>;
  for (const [name, p] of Object.entries(props)) if (p.nullable) out.add(name);
  for (const [name, value] of Object.entries(fixtures[kind] ?? {})) if (value === null) out.add(name);
  if (kind === 'payment_intent') {
    for (const f of [
      'automatic_payment_methods',
      'canceled_at',
      'last_payment_error',
      'next_action',
      'payment_method_configuration_details',
      'processing',
      'shipping',
      'transfer_data',
      'managed_payments',
      'latest_charge',
      'payment_method',
      'customer',
      'description',
    ]) {
      out.add(f);
    }
  }
  if (kind === 'event') out.add('request');
  return out;
}

const NULLABLE: Record<string, Set<string>> = {
  refund: nullable('refund'),
  charge: nullable('charge'),
  payment_intent: nullable('payment_intent'),
  event: nullable('event'),
};

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Fields whose value may be an id string or the expanded object. */
const EXPANDABLE = new Set(['charge', 'payment_intent', 'latest_charge', 'balance_transaction', 'customer']);

/** Nested fields that may appear although the fixture's example does not show them. */
const NESTED_OPTIONAL: Record<string, readonly string[]> = {
  'event.data': ['previous_attributes'],
  // Optional in the SDK's Charge.Outcome, PaymentIntent.AutomaticPaymentMethods and
  // PaymentIntent.LastPaymentError declarations.
  'charge.outcome': ['risk_level', 'risk_score', 'rule'],
  'payment_intent.automatic_payment_methods': ['allow_redirects'],
  'payment_intent.last_payment_error': [
    'advice_code',
    'charge',
    'code',
    'decline_code',
    'doc_url',
    'message',
    'network_advice_code',
    'network_decline_code',
    'param',
    'payment_intent',
    'payment_method',
    'payment_method_type',
    'request_log_url',
  ],
};

/**
 * One level down: the fixture's fields must be present with the same JSON type (null is accepted
 * both ways: the spec's nullability is not tracked this deep), and no others. Objects keyed by their
 * `type` (destination_details, payment_method_details, next_action, ...) hold one sub-object named
 * by that type: only that one is expected, whatever the fixture's example type.
 */
function nestedProblems(path: string, example: Json, actual: Json): string[] {
  const problems: string[] = [];
  const exampleKeys = Object.keys(example);
  if (exampleKeys.length === 0) return problems; // {} in the fixture (metadata, ...): free-form
  const typed = typeof actual.type === 'string' && typeof example.type === 'string';
  const isTypeHash = (key: string, value: unknown) =>
    typed && jsonType(value) === 'object' && key === example.type;
  const optional = new Set(NESTED_OPTIONAL[path]);
  for (const [key, value] of Object.entries(example)) {
    if (isTypeHash(key, value)) {
      if (!((actual.type as string) in actual)) problems.push(`${path}.${actual.type}: missing`);
      continue;
    }
    if (!(key in actual)) {
      problems.push(`${path}.${key}: missing`);
      continue;
    }
    const a = jsonType(actual[key]);
    const e = jsonType(value);
    if (a === e || a === 'null' || e === 'null' || (e === 'number' && a === 'integer')) continue;
    problems.push(`${path}.${key}: expected ${e}, got ${a}`);
  }
  for (const key of Object.keys(actual)) {
    if (key in example || optional.has(key)) continue;
    if (typed && key === actual.type) continue;
    problems.push(`${path}.${key}: not in Stripe's shape`);
  }
  return problems;
}

export function shapeProblems(kind: ShapeKind, obj: unknown): string[] {
  const problems: string[] = [];
  if (jsonType(obj) !== 'object') return [`${kind}: not an object`];
  const o = obj as Json;
  if (kind === 'list') {
    for (const f of ['object', 'data', 'has_more', 'url']) if (!(f in o)) problems.push(`list: missing ${f}`);
    if (o.object !== 'list') problems.push('list: object is not "list"');
    if (!Array.isArray(o.data)) problems.push('list: data is not an array');
    if (typeof o.has_more !== 'boolean') problems.push('list: has_more is not a boolean');
    if (typeof o.url !== 'string') problems.push('list: url is not a string');
    return problems;
  }
  if (kind === 'error') {
    const e = o.error as Json | undefined;
    if (!e || jsonType(e) !== 'object') return ['error: no error object'];
    if (typeof e.type !== 'string') problems.push('error: type is not a string');
    if (typeof e.message !== 'string') problems.push('error: message is not a string');
    for (const f of ['code', 'param', 'doc_url', 'request_log_url', 'decline_code']) {
      if (f in e && typeof e[f] !== 'string') problems.push(`error: ${f} is not a string`);
    }
    return problems;
  }
  const fixture = fixtures[kind]!;
  const optional = new Set(OPTIONAL[kind]);
  const nulls = NULLABLE[kind]!;
  for (const [field, example] of Object.entries(fixture)) {
    if (!(field in o)) {
      if (!optional.has(field)) problems.push(`${kind}.${field}: missing`);
      continue;
    }
    const actual = jsonType(o[field]);
    const expected = jsonType(example);
    if (actual === expected) {
      if (actual === 'object')
        problems.push(...nestedProblems(`${kind}.${field}`, example as Json, o[field] as Json));
      continue;
    }
    if (actual === 'null' && nulls.has(field)) continue;
    if (expected === 'null') continue; // the fixture shows null: any JSON type the spec allows
    if (expected === 'number' && actual === 'integer') continue;
    if (EXPANDABLE.has(field) && (actual === 'string' || actual === 'object')) continue;
    problems.push(`${kind}.${field}: expected ${expected}, got ${actual}`);
  }
  for (const field of Object.keys(o)) {
    if (!(field in fixture) && !optional.has(field)) problems.push(`${kind}.${field}: not in Stripe's shape`);
  }
  if (kind === 'event') {
    const data = o.data as Json | undefined;
    const inner = data?.object as Json | undefined;
    if (inner && typeof inner.object === 'string' && inner.object in NULLABLE) {
      problems.push(...shapeProblems(inner.object as ShapeKind, inner));
    }
  }
  return problems;
}

/** Asserts the object has Stripe's shape for `kind` (and lists: each item of `itemKind`). */
export function expectStripeShape(kind: ShapeKind, obj: unknown, itemKind?: ShapeKind): void {
  const problems = shapeProblems(kind, obj);
  if (kind === 'list' && itemKind) {
    for (const item of (obj as { data: unknown[] }).data) problems.push(...shapeProblems(itemKind, item));
  }
  // Strip SDK-added properties (lastResponse) before checking.
  expect(
    problems.filter((p) => !p.includes('lastResponse')),
    `${kind} shape`,
  ).toEqual([]);
}
