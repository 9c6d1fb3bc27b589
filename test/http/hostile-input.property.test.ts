// Every route of the service (all of /api/v1, /auth, the status page, the Stripe webhook receiver,
// the health endpoints), driven with well-formed values of each field's type and with hostile ones:
// NUL bytes, lone surrogates, numbers JSON cannot carry (1e309, -0), year 0 and year 10000, very
// long strings, separators and percent-encodings, arrays and objects where text is expected, bodies
// that are not JSON or too large. Whatever arrives: no 5xx, every refusal is our error shape (a
// 400 names the field in `param`), and a refused request changes no table. On PGlite and PostgreSQL.
//
// The catalog below lists each route's inputs; a route the service registers that the catalog does
// not know fails the test, so a new route cannot skip it.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { createUser } from '../../src/auth/users.ts';
import { DEFAULT_AUTH } from '../../src/config.ts';
import type { Db } from '../../src/db/db.ts';
import { createMetrics } from '../../src/metrics/metrics.ts';
import { createReconciler, type Reconciler } from '../../src/reconciliation/reconcile.ts';
import { REFUND_REASONS as REASONS } from '../../src/refunds/reasons.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { FAST_SCRYPT } from '../auth/helpers.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { fakeResolver } from '../support/fake-dns.ts';
import { sandboxPayment } from '../support/payments.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

const WEBHOOK_SECRET = 'whsec_hostile_input_test';
const PASSWORD = 'correct horse battery staple';

// ---- Values ----

/** Marks a number JSON.stringify cannot write (1e309, -0): spliced into the body text as written. */
const RAW = (literal: string) => `\u0001raw:${literal}\u0001`;

/** Text no route may store or choke on. */
const HOSTILE_TEXT = [
  '\u0000',
  'ord_\u0000_1',
  '\ud800',
  'x\udfffy',
  'a'.repeat(5_000),
  '',
  ' ',
  '\r\n',
  '\t',
  ',',
  ';',
  '%00',
  '%ED%A0%80',
  '../../etc/passwd',
  "' OR 1=1 --",
  '😀',
  '__proto__',
  'constructor',
  '1e309',
  '-0',
  '0x10',
  '9'.repeat(40),
  'NaN',
  'null',
  '0000-01-01T00:00:00Z',
  '10000-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '5,00',
  '1_000',
];
/** JSON values of the wrong type or size where a field is expected. */
const HOSTILE_JSON: unknown[] = [
  ...HOSTILE_TEXT,
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53 + 2,
  1e21,
  RAW('1e309'),
  RAW('-1e309'),
  RAW('-0'),
  [],
  ['a'],
  {},
  { a: 'b' },
  { __proto__: 'x' },
  JSON.parse(
    '{"a":{"b":{"c":{"d":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["deep"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}}}',
  ),
];
/** Raw, not percent-encoded, text for a query value or a path segment. */
const HOSTILE_RAW_URL = ['%00', '%E0%A4%A', '%ED%A0%80', '%zz', '%', '..%2f..%2f', '%u0000', 'a%0Ab'];

type Ctx = Seeds;

/** A field's type: how to make a well-formed value of it (which may still be refused, e.g. unknown ids). */
type FieldType =
  | 'text'
  | 'email'
  | 'int'
  | 'bool'
  | 'date'
  | 'metadata'
  | { enum: readonly string[] }
  | { array: readonly string[] }
  | { pick: (s: Ctx) => readonly unknown[] };

interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  params?: Record<string, FieldType>;
  query?: Record<string, FieldType>;
  body?: Record<string, FieldType>;
  /** How the route is reached: the admin key (default), nothing, or a raw signed Stripe event. */
  auth?: 'key' | 'none';
  /** Also sends CSV bodies (text/csv). */
  csv?: boolean;
  /** The Stripe webhook receiver: a raw body, sometimes signed with the endpoint secret. */
  webhook?: boolean;
  /** Answers HTML (the status page): its 404 is the bare page, not JSON. */
  html?: boolean;
}

const pick = (f: (s: Ctx) => readonly unknown[]): FieldType => ({ pick: f });
const paymentId = pick((s) => [s.paymentId, s.stripePaymentId, 'pay_unknown']);
const refundId = pick((s) => [s.refundId, s.waitingRefundId, 'rf_unknown']);
const amount: FieldType = pick(() => [1, 100, 5_000, 10_000_000]);
const currency: FieldType = pick(() => ['usd', 'EUR', 'jpy', 'xx']);
const refundFilters: Record<string, FieldType> = {
  status: { enum: ['queued', 'awaiting_approval', 'succeeded', 'failed'] },
  reason: { enum: REASONS },
  needs_approval: { enum: ['true', 'false'] },
  failed: { enum: ['true', 'false'] },
  q: pick((s) => [s.orderId, s.refundId, 'customer@example.com', s.stripePaymentId]),
  payment_id: paymentId,
  order_id: pick((s) => [s.orderId]),
  customer_id: 'text',
  created_gte: 'date',
  created_lte: 'date',
  account: pick(() => ['platform', 'acct_unknown']),
};
const accountId: FieldType = pick(() => ['acct_unknown', 'acct_1']);

const CATALOG: RouteSpec[] = [
  { method: 'GET', path: '/healthz', auth: 'none' },
  { method: 'GET', path: '/readyz', auth: 'none' },
  // The OpenAPI document and the reference pages (src/openapi/routes.ts).
  { method: 'GET', path: '/api/v1/openapi.json', auth: 'none' },
  { method: 'GET', path: '/docs', auth: 'none' },
  { method: 'GET', path: '/docs/docs.js', auth: 'none' },
  { method: 'GET', path: '/docs/docs.css', auth: 'none' },
  { method: 'GET', path: '/docs/swagger-ui.css', auth: 'none' },
  { method: 'GET', path: '/docs/swagger-ui-bundle.js', auth: 'none' },
  { method: 'GET', path: '/metrics', auth: 'none' },
  { method: 'GET', path: '/r/:token', params: { token: pick((s) => [s.token]) }, auth: 'none', html: true },
  { method: 'GET', path: '/r/:token/status.json', params: { token: pick((s) => [s.token]) }, auth: 'none' },
  { method: 'POST', path: '/webhooks/stripe', auth: 'none', webhook: true },
  { method: 'POST', path: '/webhooks/stripe/connect', auth: 'none', webhook: true },
  {
    method: 'POST',
    path: '/auth/login',
    body: { email: pick((s) => [s.userEmail]), password: 'text' },
    auth: 'none',
  },
  { method: 'POST', path: '/auth/logout', auth: 'none' },
  { method: 'GET', path: '/auth/me', auth: 'none' },
  {
    method: 'POST',
    path: '/api/v1/payments',
    body: {
      stripe_id: pick((s) => [s.stripePaymentId, s.freshStripeId, 'pi_unknownatstripe', 'ch_x']),
      order_id: 'text',
      customer_id: 'text',
      customer_email: 'email',
      fraud_flagged: 'bool',
      metadata: 'metadata',
      // Stripe's facts: refused whatever their value (400 field_from_stripe).
      amount,
      currency,
      captured_at: 'date',
      stripe_account: accountId,
    },
  },
  {
    method: 'GET',
    path: '/api/v1/payments',
    query: { order_id: 'text', q: refundFilters.q!, account: refundFilters.account! },
  },
  { method: 'GET', path: '/api/v1/payments/:id', params: { id: paymentId } },
  {
    method: 'GET',
    path: '/api/v1/payments/:id/eligibility',
    params: { id: paymentId },
    query: {
      customer_id: 'text',
      amount: 'int',
      currency,
      reason: { enum: REASONS },
      reverse_transfer: { enum: ['true', 'false'] },
      refund_application_fee: { enum: ['true', 'false'] },
    },
  },
  {
    method: 'POST',
    path: '/api/v1/refunds',
    body: {
      payment_id: paymentId,
      order_id: pick((s) => [s.orderId]),
      stripe_id: pick((s) => [s.stripePaymentId]),
      amount,
      currency,
      reason: { enum: REASONS },
      note: 'text',
      metadata: 'metadata',
      customer_id: 'text',
      stripe_account: accountId,
      reverse_transfer: 'bool',
      refund_application_fee: 'bool',
    },
  },
  {
    method: 'GET',
    path: '/api/v1/refunds',
    query: { ...refundFilters, limit: 'int', starting_after: refundId, expand: { enum: ['payment'] } },
  },
  { method: 'GET', path: '/api/v1/refunds/export.csv', query: refundFilters },
  { method: 'GET', path: '/api/v1/refunds/:id', params: { id: refundId } },
  { method: 'POST', path: '/api/v1/refunds/:id/cancel', params: { id: refundId }, body: { reason: 'text' } },
  { method: 'POST', path: '/api/v1/refunds/:id/approve', params: { id: refundId }, body: { reason: 'text' } },
  { method: 'POST', path: '/api/v1/refunds/:id/reject', params: { id: refundId }, body: { reason: 'text' } },
  { method: 'POST', path: '/api/v1/refunds/:id/retry', params: { id: refundId } },
  {
    method: 'POST',
    path: '/api/v1/refunds/:id/refunded-another-way',
    params: { id: refundId },
    body: { note: 'text' },
  },
  {
    method: 'POST',
    path: '/api/v1/refund-batches',
    query: { dry_run: { enum: ['true', 'false', '1', '0'] } },
    body: {
      dry_run: 'bool',
      rows: pick((s) => [
        [{ payment_id: s.paymentId, amount: '1.00', reason: 'duplicate' }],
        [{ order_id: s.orderId, amount: 'all', reason: 'other', note: 'n' }],
      ]),
    },
    csv: true,
  },
  {
    method: 'GET',
    path: '/api/v1/refund-batches',
    query: { limit: 'int', starting_after: pick((s) => [s.batchId]) },
  },
  { method: 'GET', path: '/api/v1/refund-batches/:id', params: { id: pick((s) => [s.batchId]) } },
  {
    method: 'GET',
    path: '/api/v1/refund-batches/:id/rows',
    params: { id: pick((s) => [s.batchId]) },
    query: { limit: 'int', starting_after: 'int' },
  },
  { method: 'GET', path: '/api/v1/refund-batches/:id/rows.csv', params: { id: pick((s) => [s.batchId]) } },
  {
    method: 'GET',
    path: '/api/v1/reconciliation/runs',
    query: { limit: 'int', starting_after: pick((s) => [s.runId]) },
  },
  { method: 'POST', path: '/api/v1/reconciliation/runs', body: { from: 'date', to: 'date' } },
  {
    method: 'GET',
    path: '/api/v1/reconciliation/runs/:id',
    params: { id: pick((s) => [s.runId]) },
    query: {
      limit: 'int',
      starting_after: 'text',
      kind: { enum: ['matched', 'missing_here', 'status_mismatch'] },
      open: { enum: ['true', 'false'] },
      account: refundFilters.account!,
    },
  },
  {
    method: 'POST',
    path: '/api/v1/reconciliation/discrepancies/:id/resolve',
    params: { id: 'text' },
    body: { note: 'text' },
  },
  { method: 'GET', path: '/api/v1/users' },
  {
    method: 'POST',
    path: '/api/v1/users',
    body: {
      email: 'email',
      name: 'text',
      role: { enum: ['viewer', 'agent', 'approver', 'admin'] },
      password: 'text',
    },
  },
  {
    method: 'POST',
    path: '/api/v1/users/:id',
    params: { id: pick((s) => [s.userId]) },
    body: { name: 'text', role: { enum: ['viewer', 'agent'] }, disabled: 'bool' },
  },
  {
    method: 'POST',
    path: '/api/v1/users/:id/password',
    params: { id: pick((s) => [s.userId]) },
    body: { password: 'text' },
  },
  { method: 'GET', path: '/api/v1/api-keys' },
  {
    method: 'POST',
    path: '/api/v1/api-keys',
    body: { name: 'text', scopes: { array: ['refunds:read', 'payments:read'] } },
  },
  { method: 'DELETE', path: '/api/v1/api-keys/:id', params: { id: pick((s) => [s.spareKeyId]) } },
  { method: 'GET', path: '/api/v1/settings/policy' },
  {
    method: 'PUT',
    path: '/api/v1/settings/policy',
    body: {
      refund_window_days: 'int',
      approval_threshold: 'int',
      approval_thresholds: pick(() => [{ usd: 50_000 }, { jpy: 7_000, eur: 45_000 }, { USD: 1 }, { usd: 0 }]),
      blocked_reasons: { array: REASONS },
      connect: pick(() => [
        { reverse_transfer: true },
        { approve_uncovered: null, refund_application_fee: false },
      ]),
    },
  },
  { method: 'GET', path: '/api/v1/settings/merchant' },
  {
    method: 'PUT',
    path: '/api/v1/settings/merchant',
    body: {
      name: 'text',
      support_email: 'email',
      support_phone: pick(() => ['+1 555 010 2000', '']),
      support_url: pick(() => ['https://shop.example/help', 'javascript:alert(1)', '']),
    },
  },
  {
    method: 'GET',
    path: '/api/v1/stats/overview',
    query: { from: 'date', to: 'date', account: refundFilters.account! },
  },
  { method: 'GET', path: '/api/v1/connect/accounts', query: { limit: 'int' } },
  { method: 'GET', path: '/api/v1/connect/accounts/:id', params: { id: accountId } },
  { method: 'GET', path: '/api/v1/webhook-endpoints' },
  {
    method: 'POST',
    path: '/api/v1/webhook-endpoints',
    body: {
      url: pick(() => ['https://merchant.example/hooks', 'http://127.0.0.1:9/x']),
      enabled_events: { array: ['*', 'refund.succeeded'] },
      description: 'text',
    },
  },
  { method: 'GET', path: '/api/v1/webhook-endpoints/:id', params: { id: pick((s) => [s.endpointId]) } },
  { method: 'DELETE', path: '/api/v1/webhook-endpoints/:id', params: { id: pick((s) => [s.endpointId]) } },
  {
    method: 'GET',
    path: '/api/v1/notifications',
    query: {
      status: { enum: ['pending', 'failed'] },
      channel: { enum: ['email', 'webhook'] },
      refund_id: refundId,
      limit: 'int',
    },
  },
  {
    method: 'POST',
    path: '/api/v1/notifications/:id/retry',
    params: { id: pick((s) => [s.notificationId]) },
  },
];

/** A well-formed value of a field's type (which the route may still refuse: an unknown id, say). */
function validValue(type: FieldType, seeds: Ctx): fc.Arbitrary<unknown> {
  if (type === 'text')
    return fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('ord_1', 'a note'));
  if (type === 'email') return fc.constantFrom('a@example.com', 'Someone@Example.org', 'x+tag@example.net');
  if (type === 'int') return fc.integer({ min: 0, max: 1_000_000 });
  if (type === 'bool') return fc.boolean();
  if (type === 'date') {
    return fc
      .date({
        min: new Date('1990-01-01T00:00:00Z'),
        max: new Date('2100-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  }
  if (type === 'metadata')
    return fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 }), {
      maxKeys: 3,
    });
  if ('enum' in type) return fc.constantFrom(...type.enum);
  if ('array' in type) return fc.subarray([...type.array], { minLength: 1 });
  return fc.constantFrom(...type.pick(seeds));
}

const ABSENT = Symbol('absent');

interface InjectRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

function fieldValues(
  fields: Record<string, FieldType> | undefined,
  seeds: Ctx,
  hostile: fc.Arbitrary<unknown>,
) {
  const entries = Object.entries(fields ?? {}).map(
    ([name, type]) =>
      [
        name,
        fc.oneof(
          { weight: 2, arbitrary: fc.constant(ABSENT) },
          { weight: 3, arbitrary: validValue(type, seeds) },
          { weight: 2, arbitrary: hostile },
        ),
      ] as const,
  );
  return fc
    .record(Object.fromEntries(entries))
    .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== ABSENT)));
}

/** JSON text with RAW(...) markers spliced in as written. */
function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0001raw:([^\\]*?)\\u0001"/g, '$1');
}

function queryText(query: Record<string, unknown>, raw: Record<string, string>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      const text = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
      parts.push(`${encodeSegment(key)}=${encodeSegment(text)}`);
    }
  }
  for (const [key, value] of Object.entries(raw)) parts.push(`${key}=${value}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Percent-encodes like encodeURIComponent; a lone surrogate goes as its (invalid) UTF-8 bytes. */
function encodeSegment(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
  let out = '';
  for (const ch of text) {
    const unit = ch.charCodeAt(0);
    if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(ch);
    }
  }
  return out;
}

// ---- The service under test ----

interface Seeds {
  adminKey: string;
  spareKeyId: string;
  paymentId: string;
  stripePaymentId: string;
  freshStripeId: string;
  orderId: string;
  refundId: string;
  waitingRefundId: string;
  token: string;
  batchId: string;
  runId: string;
  userId: string;
  userEmail: string;
  endpointId: string;
  notificationId: string;
}

/** One fingerprint per table: what a refused request must not change. */
async function fingerprints(db: Db): Promise<Map<string, string>> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  // Bookkeeping every authenticated request touches, refusals included.
  const volatile: Record<string, string[]> = { sessions: ['last_seen_at'], api_keys: ['last_used_at'] };
  const sql = tables
    .map(
      ({ table_name: t }) =>
        `SELECT '${t}' AS t, md5(coalesce(string_agg(x, ',' ORDER BY x), '')) AS h FROM (SELECT (to_jsonb(r) - ARRAY[${(volatile[t] ?? ['-']).map((c) => `'${c}'`).join(',')}]::text[])::text AS x FROM "${t}" r) s`,
    )
    .join(' UNION ALL ');
  const rows = await db.query<{ t: string; h: string }>(sql);
  return new Map(rows.map((r) => [r.t, r.h]));
}

/** Tables a refusal may change by design, and when. */
function mayChange(table: string, route: RouteSpec, res: LightMyRequestResponse): boolean {
  const code =
    res.statusCode < 500 ? (safeJson(res.body) as { error?: { code?: string } })?.error?.code : undefined;
  // Failed sign-ins are counted (that is the lock-out).
  if (table === 'login_throttle') return route.path === '/auth/login';
  // The policy's refusals are kept so support sees what was tried, with the payment they were for
  // (fetched from Stripe when it was not known yet).
  // (A payment on a connected account adds its account to connect_accounts with it.)
  if (table === 'refund_rejections' || table === 'payments' || table === 'connect_accounts')
    return code === 'policy_violation';
  // Stripe lookups draw on the shared request budget, refused or not.
  if (table === 'rate_buckets') return true;
  return false;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Every method and path the app serves, from its route tree (HEAD is implied by GET). */
function registeredRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)$/.exec(line) ?? /^([│ ]*)[├└]── (\S+)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const path = (depth > 0 ? stack[depth - 1]! : '') + m[2]!;
    stack.push(path);
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD') routes.push(`${method} ${path}`);
    }
  }
  return routes.sort();
}

describe.each(engines())('hostile input on every route (%s)', (engine) => {
  let db: Db;
  let sb: TestSandbox;
  let app: FastifyInstance;
  let reconciler: Reconciler;
  let seeds: Seeds;
  let requests = 0;

  beforeAll(async () => {
    db = await createTestDb(engine);
    sb = await startTestSandbox();
    const gateway = createStripeGateway(sb.stripe);
    const real = createReconciler({ db, gateway, logger: silentLogger() });
    // A started run finishes before the next request, so nothing changes tables behind a refusal.
    reconciler = {
      async start(options) {
        const started = await real.start(options);
        await started?.done;
        return started;
      },
      stop: () => real.stop(),
    };
    app = await createServiceApp({
      db,
      gateway,
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 }, auth: DEFAULT_AUTH },
      logger: silentLogger(),
      metrics: createMetrics({ db }),
      passwordHashing: FAST_SCRYPT,
      stripeWebhook: { secret: () => WEBHOOK_SECRET, connectSecret: () => WEBHOOK_SECRET },
      dashboardDir: false,
      reconciler,
      checkStripe: async () => true,
      resolveHost: fakeResolver(),
    });
    const adminKey = (await createApiKey(db, { name: 'admin', scopes: ['admin'] })).key;
    const spare = await createApiKey(db, { name: 'spare', scopes: ['refunds:read'] });
    const user = await createUser(
      db,
      { email: 'agent@example.com', name: 'Agent', role: 'agent', password: PASSWORD },
      FAST_SCRYPT,
    );
    const call = async (method: string, url: string, payload?: unknown) => {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${adminKey}` },
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
      return res.json();
    };
    const endpoint = await call('POST', '/api/v1/webhook-endpoints', {
      url: 'https://merchant.example/hooks',
    });
    const order = `ord_hostile_${engine}`;
    const stripeId = await sandboxPayment(sb.stripe, { amount: 100_000, currency: 'usd' });
    const payment = await call('POST', '/api/v1/payments', {
      stripe_id: stripeId,
      order_id: order,
      customer_email: 'customer@example.com',
    });
    const refund = await call('POST', '/api/v1/refunds', {
      payment_id: payment.id,
      amount: 1_000,
      reason: 'duplicate',
    });
    const waiting = await call('POST', '/api/v1/refunds', {
      payment_id: payment.id,
      amount: 60_000,
      reason: 'duplicate',
    });
    const batch = await call('POST', '/api/v1/refund-batches?dry_run=true', {
      rows: [{ payment_id: payment.id, amount: '1.00', reason: 'duplicate' }],
    });
    const run = await call('POST', '/api/v1/reconciliation/runs', {});
    const [notification] = await db.query<{ id: string }>('SELECT id FROM notifications LIMIT 1');
    seeds = {
      adminKey,
      spareKeyId: spare.apiKey.id,
      paymentId: payment.id,
      stripePaymentId: stripeId,
      freshStripeId: await sandboxPayment(sb.stripe, { amount: 2_000, currency: 'eur' }),
      orderId: order,
      refundId: refund.id,
      waitingRefundId: waiting.id,
      token: refund.customer_token,
      batchId: batch.id,
      runId: run.id,
      userId: user.id,
      userEmail: user.email,
      endpointId: endpoint.id,
      notificationId: notification!.id,
    };
  });
  afterAll(async () => {
    await app?.close();
    await reconciler?.stop();
    await sb?.close();
    await db?.close();
  });

  async function send(route: RouteSpec, request: InjectRequest) {
    requests++;
    const before = await fingerprints(db);
    // light-my-request takes these fields as they are.
    const res = await app.inject(request as never);
    const label = `${route.method} ${route.path}: ${request.url.slice(0, 300)} ${String(request.payload ?? '').slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
    expect(res.statusCode, label).toBeLessThan(500);
    if (res.statusCode >= 400) {
      if (route.html && res.statusCode === 404) {
        expect(res.headers['content-type'], label).toMatch(/^text\/html/);
      } else {
        const body = safeJson(res.body) as { error?: { code?: unknown; message?: unknown; param?: unknown } };
        expect(res.headers['content-type'], label).toMatch(/^application\/json/);
        expect(typeof body?.error?.code, label).toBe('string');
        expect(typeof body?.error?.message, label).toBe('string');
        if (res.statusCode === 400) expect(body.error!.param, label).toEqual(expect.stringMatching(/./));
      }
      const after = await fingerprints(db);
      for (const [table, hash] of after) {
        if (before.get(table) !== hash && !mayChange(table, route, res)) {
          expect.fail(`${label}\n  changed table ${table}`);
        }
      }
    }
    return res;
  }

  /** A request for the route from generated params, query and body (and how to send them). */
  function requestFor(
    route: RouteSpec,
    parts: {
      params: Record<string, unknown>;
      rawParams: Record<string, string>;
      query: Record<string, unknown>;
      rawQuery: Record<string, string>;
      body: Record<string, unknown>;
      shape: 'json' | 'raw';
      raw: { contentType: string | undefined; payload: string };
      noAuth: boolean;
    },
  ): InjectRequest {
    let url = route.path;
    for (const name of Object.keys(route.params ?? {})) {
      const segment =
        parts.rawParams[name] ?? (name in parts.params ? encodeSegment(parts.params[name]) : 'missing');
      url = url.replace(`:${name}`, segment || 'x');
    }
    url += queryText(parts.query, parts.rawQuery);
    const headers: Record<string, string> = {};
    if (route.auth !== 'none' && !parts.noAuth) headers.authorization = `Bearer ${seeds.adminKey}`;
    if (route.method === 'GET' || route.method === 'DELETE') {
      return { method: route.method, url, headers };
    }
    if (parts.shape === 'raw') {
      if (parts.raw.contentType) headers['content-type'] = parts.raw.contentType;
      return { method: route.method, url, headers, payload: parts.raw.payload };
    }
    headers['content-type'] = 'application/json';
    return { method: route.method, url, headers, payload: jsonText(parts.body) };
  }

  const rawBody = fc.oneof(
    fc.constant({ contentType: 'application/json', payload: '{"a":' }),
    fc.constant({ contentType: 'application/json', payload: '' }),
    fc.constant({ contentType: 'application/json', payload: '"just a string"' }),
    fc.constant({ contentType: 'application/json', payload: '[1,2,3]' }),
    fc.constant({ contentType: 'application/json', payload: '{"__proto__":{"admin":true}}' }),
    fc.constant({ contentType: 'application/json', payload: `{"a":"${'x'.repeat(1_100_000)}"}` }),
    fc.constant({ contentType: 'application/json', payload: `${'['.repeat(5000)}${']'.repeat(5000)}` }),
    fc.constant({ contentType: 'text/plain', payload: 'hello' }),
    fc.constant({ contentType: 'application/xml', payload: '<a/>' }),
    fc.constant({ contentType: 'application/json; charset=utf-16', payload: '{}' }),
    fc.constant({ contentType: 'multipart/form-data; boundary=x', payload: '--x--' }),
    fc.constant({ contentType: undefined, payload: 'no type' }),
    fc.constant({ contentType: 'text/csv', payload: 'payment_id,amount,reason\npay_1,5\u0000,duplicate\n' }),
    fc.constant({ contentType: 'text/csv', payload: 'payment_id,amount,reason\npay_1,"5,00",duplicate\n' }),
    fc.constant({ contentType: 'text/csv', payload: '\u0000' }),
  );

  function partsFor(route: RouteSpec) {
    const rawFor = (fields: Record<string, FieldType> | undefined) =>
      fc
        .subarray(Object.keys(fields ?? {}), { maxLength: Math.min(1, Object.keys(fields ?? {}).length) })
        .chain((names) =>
          fc.tuple(...names.map((n) => fc.tuple(fc.constant(n), fc.constantFrom(...HOSTILE_RAW_URL)))),
        )
        .map((pairs) => Object.fromEntries(pairs));
    return fc.record({
      params: fieldValues(route.params, seeds, fc.constantFrom(...HOSTILE_TEXT)),
      rawParams: rawFor(route.params),
      query: fieldValues(
        route.query,
        seeds,
        fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.constant(['a', 'b'])),
      ),
      rawQuery: rawFor(route.query),
      body: fieldValues(route.body, seeds, fc.constantFrom(...HOSTILE_JSON)),
      shape: fc.oneof(
        { weight: 4, arbitrary: fc.constant('json' as const) },
        { weight: 1, arbitrary: fc.constant('raw' as const) },
      ),
      raw: rawBody,
      noAuth: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    });
  }

  function webhookRequest(
    event: Record<string, unknown>,
    signing: 'none' | 'bogus' | 'valid',
    contentType: string,
    url = '/webhooks/stripe',
  ): InjectRequest {
    const payload = jsonText(event);
    const headers: Record<string, string> = { 'content-type': contentType };
    if (signing === 'bogus')
      headers['stripe-signature'] = `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`;
    if (signing === 'valid') {
      headers['stripe-signature'] = Stripe.webhooks.generateTestHeaderString({
        payload,
        secret: WEBHOOK_SECRET,
      });
    }
    return { method: 'POST', url, headers, payload };
  }

  it('the catalog lists every route the service registers', () => {
    const known = CATALOG.map((r) => `${r.method} ${r.path}`).sort();
    expect(registeredRoutes(app)).toEqual(known);
  });

  it('each field of each route, with each kind of hostile value: no 5xx, our error shape, no table changed', async () => {
    // The deterministic sweep: every field of every route gets a few of the worst values.
    const worst: unknown[] = [
      '\u0000',
      'x\ud800',
      RAW('1e309'),
      RAW('-0'),
      '0000-01-01T00:00:00Z',
      ['a'],
      { a: 1 },
      'a'.repeat(5_000),
    ];
    for (const route of CATALOG.filter((r) => !r.webhook)) {
      const fields: Array<['params' | 'query' | 'body', string]> = [
        ...Object.keys(route.params ?? {}).map((n) => ['params', n] as ['params', string]),
        ...Object.keys(route.query ?? {}).map((n) => ['query', n] as ['query', string]),
        ...Object.keys(route.body ?? {}).map((n) => ['body', n] as ['body', string]),
      ];
      for (const [where, name] of fields) {
        for (const value of worst) {
          if (where !== 'body' && typeof value === 'string' && value.startsWith('\u0001raw:')) continue;
          const parts = {
            params: Object.fromEntries(Object.keys(route.params ?? {}).map((n) => [n, 'x'])),
            rawParams: {},
            query: {},
            rawQuery: {},
            body: {},
            shape: 'json' as const,
            raw: { contentType: undefined, payload: '' },
            noAuth: false,
          };
          (parts[where] as Record<string, unknown>)[name] = value;
          await send(route, requestFor(route, parts));
        }
      }
      for (const raw of HOSTILE_RAW_URL) {
        for (const name of Object.keys(route.params ?? {})) {
          await send(
            route,
            requestFor(route, {
              params: {},
              rawParams: { [name]: raw },
              query: {},
              rawQuery: {},
              body: {},
              shape: 'json',
              raw: { contentType: undefined, payload: '' },
              noAuth: false,
            }) as never,
          );
        }
        const q = Object.keys(route.query ?? {})[0];
        if (q) {
          await send(
            route,
            requestFor(route, {
              params: Object.fromEntries(Object.keys(route.params ?? {}).map((n) => [n, 'x'])),
              rawParams: {},
              query: {},
              rawQuery: { [q]: raw },
              body: {},
              shape: 'json',
              raw: { contentType: undefined, payload: '' },
              noAuth: false,
            }) as never,
          );
        }
      }
    }
  }, 120_000); // hundreds of requests, each comparing every table: past 30 s on PostgreSQL on a busy machine

  it('generated requests to every route: no 5xx, our error shape, no table changed on a refusal', async () => {
    for (const route of CATALOG.filter((r) => !r.webhook)) {
      await fc.assert(
        fc.asyncProperty(partsFor(route), async (parts) => {
          await send(route, requestFor(route, parts));
        }),
        { numRuns: 12 },
      );
    }
  });

  it('the Stripe webhook receivers (platform and Connect), signed or not, with hostile events: no 5xx, our error shape', async () => {
    const event = fc.record({
      id: fc.oneof(
        fc.constant('evt_'),
        fc.string().map((s) => `evt_${createHash('sha1').update(s).digest('hex')}`),
        fc.constantFrom(...HOSTILE_TEXT),
      ),
      type: fc.oneof(
        fc.constantFrom(
          'refund.updated',
          'charge.refunded',
          'charge.dispute.created',
          'customer.created',
          'application_fee.refunded',
          'transfer.reversed',
        ),
        fc.constantFrom(...HOSTILE_TEXT),
      ),
      created: fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom(...HOSTILE_JSON)),
      account: fc.oneof(fc.constant('acct_1'), fc.constantFrom(...HOSTILE_JSON)),
      data: fc.oneof(
        fc.record({
          object: fc.record({
            id: fc.oneof(fc.constant('re_1'), fc.constantFrom(...HOSTILE_TEXT)),
            object: fc.constantFrom('refund', 'charge', 'dispute', 'application_fee', 'transfer'),
            status: fc.oneof(fc.constant('succeeded'), fc.constantFrom(...HOSTILE_JSON)),
            amount: fc.oneof(fc.integer(), fc.constantFrom(...HOSTILE_JSON)),
            metadata: fc.oneof(
              fc.constant({}),
              fc.constant({ note: '\u0000' }),
              fc.constant({ '\ud800': 'x' }),
            ),
          }),
        }),
        fc.constantFrom(...HOSTILE_JSON),
      ),
    });
    for (const route of CATALOG.filter((r) => r.webhook)) {
      await fc.assert(
        fc.asyncProperty(
          event,
          fc.constantFrom('none', 'bogus', 'valid', 'valid', 'valid'),
          fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain'),
          async (e, signing, contentType) => {
            await send(route, webhookRequest(e, signing as 'none', contentType, route.path));
          },
        ),
        { numRuns: 60 },
      );
    }
  });

  it('made the requests it claims (a sanity check of the harness)', () => {
    expect(requests).toBeGreaterThan(CATALOG.length * 12);
  });
});
