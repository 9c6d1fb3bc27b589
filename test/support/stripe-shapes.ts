import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { type Member, resolve, sdkFile, sdkType, type TypeNode } from './sdk-types.ts';

// Checks an API object against Stripe's shape for its kind, at every depth: each field Stripe
// always sends is present, no field Stripe does not have appears, every value has the declared JSON
// type (null only where Stripe's spec says nullable; closed enums only take their values), and
// expandable fields are an id or the expanded object of the right kind. The shapes come from the
// official SDK's type declarations (sdk-types.ts), which are generated from Stripe's OpenAPI spec
// for the API version the sandbox speaks. Error bodies are checked against the `api_errors` schema
// of Stripe's spec (test/fixtures/stripe/openapi-refunds.json), including its closed list of codes.

export type ShapeKind =
  | 'refund'
  | 'charge'
  | 'payment_intent'
  | 'payment_method'
  | 'event'
  | 'list'
  | 'error'
  | 'webhook_endpoint'
  | 'account'
  | 'application_fee'
  | 'fee_refund'
  | 'transfer'
  | 'transfer_reversal'
  | 'balance';

/** The SDK declaration of each object kind (the `object` field's value). */
const ROOTS: Record<string, [file: string, name: string]> = {
  refund: ['resources/Refunds', 'Refund'],
  charge: ['resources/Charges', 'Charge'],
  payment_intent: ['resources/PaymentIntents', 'PaymentIntent'],
  payment_method: ['resources/PaymentMethods', 'PaymentMethod'],
  webhook_endpoint: ['resources/WebhookEndpoints', 'WebhookEndpoint'],
  account: ['resources/Accounts', 'Account'],
  application_fee: ['resources/ApplicationFees', 'ApplicationFee'],
  fee_refund: ['resources/FeeRefunds', 'FeeRefund'],
  transfer: ['resources/Transfers', 'Transfer'],
  transfer_reversal: ['resources/TransferReversals', 'TransferReversal'],
  balance: ['resources/Balance', 'Balance'],
};

type Json = Record<string, unknown>;
type Ref = Extract<TypeNode, { k: 'ref' }>;

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const rootTypes = new Map<string, Ref>();
function rootType(kind: string): Ref | undefined {
  let ref = rootTypes.get(kind);
  if (!ref && ROOTS[kind]) {
    ref = sdkType(...ROOTS[kind]);
    rootTypes.set(kind, ref);
  }
  return ref;
}

/** The JSON kinds a type admits (for picking the alternative of a union to report against). */
function kindsOf(type: TypeNode, depth = 0): Set<string> {
  const out = new Set<string>();
  if (depth > 20) return new Set(['any']);
  switch (type.k) {
    case 'prim':
      if (type.name === 'string') out.add('string');
      else if (type.name === 'number') out.add('number').add('integer');
      else if (type.name === 'boolean') out.add('boolean');
      else if (type.name === 'null') out.add('null');
      else if (type.name === 'any') out.add('any');
      break;
    case 'lit':
      out.add(typeof type.value === 'number' ? 'integer' : typeof type.value);
      break;
    case 'array':
      out.add('array');
      break;
    case 'object':
      out.add('object');
      break;
    case 'union':
      for (const t of type.of) for (const k of kindsOf(t, depth + 1)) out.add(k);
      break;
    case 'intersection':
      for (const k of kindsOf(type.of[0]!, depth + 1)) out.add(k);
      break;
    case 'ref': {
      const r = resolve(type);
      if (r.k === 'object') out.add('object');
      else for (const k of kindsOf(r.type, depth + 1)) out.add(k);
    }
  }
  return out;
}

function describeType(type: TypeNode): string {
  if (type.k === 'lit') return JSON.stringify(type.value);
  if (type.k === 'prim') return type.name;
  if (type.k === 'ref') return type.name.join('.');
  if (type.k === 'array') return `array of ${describeType(type.of)}`;
  return type.k;
}

/** Literal alternatives of a (possibly aliased) union, when it is a closed enum. */
function closedEnum(types: TypeNode[]): Array<string | number | boolean> | undefined {
  const values: Array<string | number | boolean> = [];
  for (const t of types) {
    if (t.k !== 'lit') return undefined;
    values.push(t.value);
  }
  return values;
}

function check(value: unknown, type: TypeNode, path: string, out: string[]): void {
  switch (type.k) {
    case 'prim': {
      const actual = jsonType(value);
      switch (type.name) {
        case 'any':
          return;
        case 'string':
        case 'boolean':
        case 'null':
          if (actual !== type.name) out.push(`${path}: expected ${type.name}, got ${actual}`);
          return;
        case 'number':
          if (actual !== 'number' && actual !== 'integer')
            out.push(`${path}: expected number, got ${actual}`);
          return;
        default:
          out.push(`${path}: not in Stripe's shape`);
          return;
      }
    }
    case 'lit':
      if (value !== type.value)
        out.push(`${path}: expected ${JSON.stringify(type.value)}, got ${JSON.stringify(value)}`);
      return;
    case 'array':
      if (!Array.isArray(value)) {
        out.push(`${path}: expected array, got ${jsonType(value)}`);
        return;
      }
      value.forEach((item, i) => {
        check(item, type.of, `${path}[${i}]`, out);
      });
      return;
    case 'intersection':
      // OtherString = string & Record<never, never>: the first part carries the JSON type.
      check(value, type.of[0]!, path, out);
      return;
    case 'union': {
      const actual = jsonType(value);
      const candidates = type.of.filter((t) => {
        const kinds = kindsOf(t);
        return kinds.has(actual) || kinds.has('any');
      });
      if (candidates.length === 0) {
        out.push(`${path}: expected ${type.of.map(describeType).join(' | ')}, got ${actual}`);
        return;
      }
      let best: string[] | undefined;
      for (const candidate of candidates) {
        const problems: string[] = [];
        check(value, candidate, path, problems);
        if (problems.length === 0) return;
        if (!best || problems.length < best.length) best = problems;
      }
      const values = closedEnum(candidates);
      if (values) out.push(`${path}: ${JSON.stringify(value)} is not one of ${values.join(', ')}`);
      else out.push(...best!);
      return;
    }
    case 'object':
      checkObject(value, type.members, type.index, path, out);
      return;
    case 'ref': {
      const r = resolve(type);
      if (r.k === 'object') checkObject(value, r.members, r.index, path, out);
      else check(value, r.type, path, out);
    }
  }
}

function checkObject(
  value: unknown,
  members: Map<string, Member>,
  index: TypeNode | undefined,
  path: string,
  out: string[],
): void {
  if (jsonType(value) !== 'object') {
    out.push(`${path}: expected object, got ${jsonType(value)}`);
    return;
  }
  const o = value as Json;
  for (const [name, member] of members) {
    if (!(name in o) || o[name] === undefined) {
      if (!member.optional) out.push(`${path}.${name}: missing`);
      continue;
    }
    check(o[name], member.type, `${path}.${name}`, out);
  }
  for (const key of Object.keys(o)) {
    if (members.has(key) || o[key] === undefined) continue;
    if (index) check(o[key], index, `${path}.${key}`, out);
    else out.push(`${path}.${key}: not in Stripe's shape`);
  }
  // Objects keyed by their `type` (destination_details, payment_method_details, next_action, ...)
  // carry the sub-object named by that type.
  const type = o.type;
  if (typeof type === 'string' && type !== 'type' && members.get(type)?.optional && !(type in o)) {
    out.push(`${path}.${type}: missing`);
  }
}

/** Event type → its SDK interface (RefundCreatedEvent, ApplicationFeeRefundedEvent, ...). */
let eventTypes: Map<string, Ref> | undefined;
function eventType(type: string): Ref | undefined {
  if (!eventTypes) {
    eventTypes = new Map();
    const scope = sdkFile('resources/Events');
    for (const [name, decl] of scope.decls) {
      const t = decl.iface?.members.get('type')?.type;
      if (t?.k === 'lit' && typeof t.value === 'string') {
        eventTypes.set(t.value, { k: 'ref', name: [name], args: [], scope });
      }
    }
  }
  return eventTypes.get(type);
}

// Error bodies: Stripe's `api_errors` schema.
interface ErrorSchema {
  required: string[];
  properties: Record<string, { type?: string; enum?: string[]; $ref?: string }>;
}
let errorSchema: ErrorSchema | undefined;
function apiErrors(): ErrorSchema {
  errorSchema ??= (
    JSON.parse(readFileSync(new URL('../fixtures/stripe/openapi-refunds.json', import.meta.url), 'utf8')) as {
      components: { schemas: Record<string, ErrorSchema> };
    }
  ).components.schemas.api_errors!;
  return errorSchema;
}

function errorProblems(body: Json): string[] {
  const e = body.error as Json | undefined;
  if (!e || jsonType(e) !== 'object') return ['error: no error object'];
  const out: string[] = [];
  for (const key of Object.keys(body)) if (key !== 'error') out.push(`${key}: not in Stripe's shape`);
  const schema = apiErrors();
  for (const name of schema.required) if (!(name in e)) out.push(`error.${name}: missing`);
  for (const [key, value] of Object.entries(e)) {
    const p = schema.properties[key];
    if (!p) {
      out.push(`error.${key}: not in Stripe's shape`);
      continue;
    }
    const ref = p.$ref?.split('/').pop();
    if (ref) {
      const root = rootType(ref);
      if (root) check(value, root, `error.${key}`, out);
      continue;
    }
    if (p.type === 'string' && typeof value !== 'string')
      out.push(`error.${key}: expected string, got ${jsonType(value)}`);
    else if (p.enum && !p.enum.includes(value as string))
      out.push(`error.${key}: ${JSON.stringify(value)} is not one of Stripe's values`);
  }
  return out;
}

export function shapeProblems(kind: ShapeKind, obj: unknown): string[] {
  if (jsonType(obj) !== 'object') return [`${kind}: not an object`];
  const o = { ...(obj as Json) };
  delete o.lastResponse; // added by the SDK
  if (kind === 'error') return errorProblems(o);
  if (kind === 'list') {
    const out: string[] = [];
    checkObject(
      o,
      new Map<string, Member>([
        ['object', { optional: false, type: { k: 'lit', value: 'list' } }],
        ['data', { optional: false, type: { k: 'array', of: { k: 'prim', name: 'any' } } }],
        ['has_more', { optional: false, type: { k: 'prim', name: 'boolean' } }],
        ['url', { optional: false, type: { k: 'prim', name: 'string' } }],
      ]),
      undefined,
      'list',
      out,
    );
    return out;
  }
  if (kind === 'event') {
    const ref = typeof o.type === 'string' ? eventType(o.type) : undefined;
    if (!ref) return [`event.type: ${JSON.stringify(o.type)} is not one of Stripe's event types`];
    const out: string[] = [];
    check(o, ref, 'event', out);
    return out;
  }
  const root = rootType(kind);
  if (!root) return [`${kind}: no Stripe shape known for this kind`];
  const out: string[] = [];
  check(o, root, kind, out);
  return out;
}

/** Asserts the object has Stripe's shape for `kind` (and lists: each item of `itemKind`). */
export function expectStripeShape(kind: ShapeKind, obj: unknown, itemKind?: ShapeKind): void {
  const problems = shapeProblems(kind, obj);
  if (kind === 'list' && itemKind) {
    for (const item of (obj as { data: unknown[] }).data) problems.push(...shapeProblems(itemKind, item));
  }
  expect(problems, `${kind} shape`).toEqual([]);
}
