// Authorization through HTTP: every role (signed in with a session cookie and CSRF token), an API
// key and no credentials, against every /api/v1 action. Allowed calls get fresh fixtures so they
// really succeed; refused ones must be 401 (who are you?) or 403 (not allowed).
// A new /api/v1 route must get a row here: the last-but-two test fails on any route missing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Role } from '../../src/auth/roles.ts';
import { createBatch } from '../../src/bulk/batches.ts';
import { bulkRowsFromObjects } from '../../src/bulk/bulk-rows.ts';
import type { Db } from '../../src/db/db.ts';
import { createWebhookEndpoint } from '../../src/notifications/webhook-endpoints.ts';
import { requestRefund } from '../../src/refunds/request-refund.ts';
import { transitionRefund } from '../../src/refunds/transition.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { registerStripeId, sandboxPayment } from '../support/payments.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { asBrowser, authApp, type Browser, fakeGateway, makeUser, signIn, type TestApp } from './helpers.ts';

type Who = 'none' | Role | 'key';
const WHO: Who[] = ['none', 'viewer', 'agent', 'approver', 'admin', 'key'];

interface Action {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Builds the path (and body) with fresh fixtures for each call. */
  build: (f: Fixtures) => Promise<{ url: string; body?: object }>;
}

interface Fixtures {
  paymentId(): Promise<string>;
  /** A captured payment made in the sandbox, not registered here. */
  stripePaymentId(): Promise<string>;
  refundId(status: 'queued' | 'awaiting_approval' | 'failed'): Promise<string>;
  userId(): Promise<string>;
  keyId(): Promise<string>;
  webhookEndpointId(): Promise<string>;
  failedNotificationId(): Promise<string>;
  reconciliationRunId(): Promise<string>;
  discrepancyId(): Promise<string>;
  batchId(): Promise<string>;
  accountId(): Promise<string>;
  unique(): string;
}

const A = (method: Action['method'], build: Action['build']): Action => ({ method, build });
const plain = (method: Action['method'], url: string, body?: object) =>
  A(method, async () => ({ url, body }));

// What each action needs to run: its URL and body, built with fresh fixtures for every call.
const ACTIONS: Record<string, Action> = {
  // The OpenAPI document is public: everyone gets it, signed in or not.
  'GET /openapi.json': plain('GET', '/api/v1/openapi.json'),
  'GET /payments?q=': plain('GET', '/api/v1/payments?q=ord_x'),
  'GET /payments?order_id=': plain('GET', '/api/v1/payments?order_id=ord_x'),
  'POST /payments': A('POST', async (f) => ({
    url: '/api/v1/payments',
    body: { stripe_id: await f.stripePaymentId(), order_id: `ord_${f.unique()}` },
  })),
  'GET /payments/:id': A('GET', async (f) => ({ url: `/api/v1/payments/${await f.paymentId()}` })),
  'GET /payments/:id/eligibility': A('GET', async (f) => ({
    url: `/api/v1/payments/${await f.paymentId()}/eligibility?amount=100&reason=duplicate`,
  })),
  'POST /refunds': A('POST', async (f) => ({
    url: '/api/v1/refunds',
    body: { payment_id: await f.paymentId(), amount: 100, reason: 'duplicate' },
  })),
  'GET /refunds': plain('GET', '/api/v1/refunds?needs_approval=true&q=ord_x'),
  'GET /refunds/export.csv': plain('GET', '/api/v1/refunds/export.csv?failed=false'),
  'GET /refunds/:id': A('GET', async (f) => ({ url: `/api/v1/refunds/${await f.refundId('queued')}` })),
  'POST /refunds/:id/cancel': A('POST', async (f) => ({
    url: `/api/v1/refunds/${await f.refundId('queued')}/cancel`,
    body: {},
  })),
  'POST /refunds/:id/approve': A('POST', async (f) => ({
    url: `/api/v1/refunds/${await f.refundId('awaiting_approval')}/approve`,
    body: {},
  })),
  'POST /refunds/:id/reject': A('POST', async (f) => ({
    url: `/api/v1/refunds/${await f.refundId('awaiting_approval')}/reject`,
    body: {},
  })),
  'POST /refunds/:id/retry': A('POST', async (f) => ({
    url: `/api/v1/refunds/${await f.refundId('failed')}/retry`,
    body: {},
  })),
  'POST /refunds/:id/refunded-another-way': A('POST', async (f) => ({
    url: `/api/v1/refunds/${await f.refundId('failed')}/refunded-another-way`,
    body: { note: 'bank transfer' },
  })),
  'GET /settings/merchant': plain('GET', '/api/v1/settings/merchant'),
  'PUT /settings/merchant': plain('PUT', '/api/v1/settings/merchant', { name: 'Shop' }),
  'GET /stats/overview': plain('GET', '/api/v1/stats/overview'),
  'GET /connect/accounts': plain('GET', '/api/v1/connect/accounts'),
  'GET /connect/accounts/:id': A('GET', async (f) => ({
    url: `/api/v1/connect/accounts/${await f.accountId()}`,
  })),
  'GET /users': plain('GET', '/api/v1/users'),
  'POST /users': A('POST', async (f) => ({
    url: '/api/v1/users',
    body: { email: `${f.unique()}@example.com`, role: 'viewer', password: 'a long enough password' },
  })),
  'POST /users/:id': A('POST', async (f) => ({
    url: `/api/v1/users/${await f.userId()}`,
    body: { role: 'agent' },
  })),
  'POST /users/:id/password': A('POST', async (f) => ({
    url: `/api/v1/users/${await f.userId()}/password`,
    body: {},
  })),
  'GET /api-keys': plain('GET', '/api/v1/api-keys'),
  'POST /api-keys': plain('POST', '/api/v1/api-keys', { name: 'ci', scopes: ['refunds:read'] }),
  'DELETE /api-keys/:id': A('DELETE', async (f) => ({ url: `/api/v1/api-keys/${await f.keyId()}` })),
  'GET /settings/policy': plain('GET', '/api/v1/settings/policy'),
  'PUT /settings/policy': plain('PUT', '/api/v1/settings/policy', { refund_window_days: 90 }),
  'GET /webhook-endpoints': plain('GET', '/api/v1/webhook-endpoints'),
  'POST /webhook-endpoints': plain('POST', '/api/v1/webhook-endpoints', {
    url: 'https://shop.example/hooks',
  }),
  'GET /webhook-endpoints/:id': A('GET', async (f) => ({
    url: `/api/v1/webhook-endpoints/${await f.webhookEndpointId()}`,
  })),
  'DELETE /webhook-endpoints/:id': A('DELETE', async (f) => ({
    url: `/api/v1/webhook-endpoints/${await f.webhookEndpointId()}`,
  })),
  'GET /notifications': plain('GET', '/api/v1/notifications'),
  'GET /reconciliation/runs': plain('GET', '/api/v1/reconciliation/runs'),
  'GET /reconciliation/runs/:id': A('GET', async (f) => ({
    url: `/api/v1/reconciliation/runs/${await f.reconciliationRunId()}`,
  })),
  'POST /reconciliation/runs': plain('POST', '/api/v1/reconciliation/runs', {}),
  'POST /reconciliation/discrepancies/:id/resolve': A('POST', async (f) => ({
    url: `/api/v1/reconciliation/discrepancies/${await f.discrepancyId()}/resolve`,
    body: { note: 'refunded by hand' },
  })),
  'POST /refund-batches': plain('POST', '/api/v1/refund-batches', {
    dry_run: true,
    rows: [{ order_id: 'ord_x', amount: '1.00', reason: 'duplicate' }],
  }),
  'GET /refund-batches': plain('GET', '/api/v1/refund-batches'),
  'GET /refund-batches/:id': A('GET', async (f) => ({ url: `/api/v1/refund-batches/${await f.batchId()}` })),
  'GET /refund-batches/:id/rows': A('GET', async (f) => ({
    url: `/api/v1/refund-batches/${await f.batchId()}/rows`,
  })),
  'GET /refund-batches/:id/rows.csv': A('GET', async (f) => ({
    url: `/api/v1/refund-batches/${await f.batchId()}/rows.csv`,
  })),
  'POST /notifications/:id/retry': A('POST', async (f) => ({
    url: `/api/v1/notifications/${await f.failedNotificationId()}/retry`,
    body: {},
  })),
};

// The matrix: the status each principal gets. The API key has payments and refunds read+write.
// biome-ignore format: the matrix reads as a table
const MATRIX: Array<[string, ...number[]]> = [
  // action                          none viewer agent approver admin key
  ['GET /openapi.json',               200, 200,  200,  200,     200,  200],
  ['GET /payments?q=',                401, 200,  200,  200,     200,  200],
  ['GET /payments?order_id=',         401, 200,  200,  200,     200,  200],
  ['POST /payments',                  401, 403,  403,  403,     201,  201],
  ['GET /payments/:id',               401, 200,  200,  200,     200,  200],
  ['GET /payments/:id/eligibility',   401, 200,  200,  200,     200,  200],
  ['POST /refunds',                   401, 403,  201,  201,     201,  201],
  ['GET /refunds',                    401, 200,  200,  200,     200,  200],
  ['GET /refunds/export.csv',         401, 200,  200,  200,     200,  200],
  ['GET /refunds/:id',                401, 200,  200,  200,     200,  200],
  ['POST /refunds/:id/cancel',        401, 403,  200,  200,     200,  200],
  ['POST /refunds/:id/approve',       401, 403,  403,  200,     200,  403],
  ['POST /refunds/:id/reject',        401, 403,  403,  200,     200,  403],
  ['POST /refunds/:id/retry',         401, 403,  201,  201,     201,  201],
  ['POST /refunds/:id/refunded-another-way',
                                      401, 403,  200,  200,     200,  200],
  ['GET /settings/merchant',          401, 403,  403,  403,     200,  403],
  ['PUT /settings/merchant',          401, 403,  403,  403,     200,  403],
  ['GET /stats/overview',             401, 200,  200,  200,     200,  200],
  ['GET /connect/accounts',           401, 200,  200,  200,     200,  200],
  ['GET /connect/accounts/:id',       401, 200,  200,  200,     200,  200],
  ['GET /users',                      401, 403,  403,  403,     200,  403],
  ['POST /users',                     401, 403,  403,  403,     201,  403],
  ['POST /users/:id',                 401, 403,  403,  403,     200,  403],
  ['POST /users/:id/password',        401, 403,  403,  403,     200,  403],
  ['GET /api-keys',                   401, 403,  403,  403,     200,  403],
  ['POST /api-keys',                  401, 403,  403,  403,     201,  403],
  ['DELETE /api-keys/:id',            401, 403,  403,  403,     200,  403],
  ['GET /settings/policy',            401, 403,  403,  403,     200,  403],
  ['PUT /settings/policy',            401, 403,  403,  403,     200,  403],
  ['GET /webhook-endpoints',          401, 403,  403,  403,     200,  403],
  ['POST /webhook-endpoints',         401, 403,  403,  403,     201,  403],
  ['GET /webhook-endpoints/:id',      401, 403,  403,  403,     200,  403],
  ['DELETE /webhook-endpoints/:id',   401, 403,  403,  403,     200,  403],
  ['GET /notifications',              401, 200,  200,  200,     200,  200],
  ['POST /notifications/:id/retry',   401, 403,  403,  403,     200,  403],
  ['GET /reconciliation/runs',        401, 200,  200,  200,     200,  200],
  ['GET /reconciliation/runs/:id',    401, 200,  200,  200,     200,  200],
  ['POST /reconciliation/runs',       401, 403,  403,  403,     202,  403],
  ['POST /refund-batches',            401, 403,  202,  202,     202,  202],
  ['GET /refund-batches',             401, 200,  200,  200,     200,  200],
  ['GET /refund-batches/:id',         401, 200,  200,  200,     200,  200],
  ['GET /refund-batches/:id/rows',    401, 200,  200,  200,     200,  200],
  ['GET /refund-batches/:id/rows.csv', 401, 200, 200,  200,     200,  200],
  ['POST /reconciliation/discrepancies/:id/resolve',
                                      401, 403,  403,  403,     200,  403],
];

/** "METHOD /full/path" for every route in Fastify's printRoutes tree (children indented by 4). */
function routeList(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([\s│├└─]*)(\S+) \(([^)]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4 - 1;
    const path = (depth > 0 ? stack[depth - 1]! : '') + m[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of m[3]!.split(', ')) out.push(`${method} ${path}`);
  }
  return out;
}

describe.each(engines())('authorization matrix on %s', (engine) => {
  let db: Db;
  let sb: TestSandbox;
  let t: TestApp;
  const browsers: Partial<Record<Role, Browser>> = {};
  let apiKey = '';
  let n = 0;

  const fixtures: Fixtures = {
    unique: () => `${engine}${++n}${Math.random().toString(36).slice(2, 8)}`,
    async accountId() {
      const id = `acct_${fixtures.unique()}`;
      await db.query('INSERT INTO connect_accounts (id) VALUES ($1)', [id]);
      return id;
    },
    async paymentId() {
      const payment = await registerStripeId(db, sb.stripe, await fixtures.stripePaymentId(), {
        orderId: 'ord_x',
      });
      return payment.id;
    },
    stripePaymentId: () => sandboxPayment(sb.stripe, { amount: 100_000, currency: 'usd' }),
    async refundId(status) {
      const outcome = await requestRefund(
        {
          db,
          gateway: fakeGateway(),
          settings: { refundWindowDays: 90, approvalThreshold: 50_000 },
          now: () => t.clock.now,
        },
        {
          paymentId: await fixtures.paymentId(),
          amount: status === 'awaiting_approval' ? 60_000 : 1_000,
          reason: 'duplicate',
          actor: 'test',
        },
      );
      const want = status === 'failed' ? 'queued' : status;
      if (outcome.kind !== 'accepted' || outcome.refund.status !== want) throw new Error('fixture');
      if (status === 'failed') {
        await db.transaction((tx) =>
          transitionRefund(tx, {
            refundId: outcome.refund.id,
            to: 'failed',
            actor: 'worker',
            failureCode: 'declined',
          }),
        );
      }
      return outcome.refund.id;
    },
    async userId() {
      return (await makeUser(db, 'viewer')).id;
    },
    async keyId() {
      return (await createApiKey(db, { name: 'old', scopes: ['refunds:read'] })).apiKey.id;
    },
    async webhookEndpointId() {
      const { endpoint } = await createWebhookEndpoint(db, {
        url: 'https://shop.example/hooks',
        enabledEvents: ['*'],
        createdBy: 'test',
      });
      return endpoint.id;
    },
    async reconciliationRunId() {
      const id = `rec_${fixtures.unique()}`;
      await db.query(
        `INSERT INTO reconciliation_runs (id, window_start, window_end, status, triggered_by)
         VALUES ($1, '2026-05-01Z', '2026-05-02Z', 'completed', 'test')`,
        [id],
      );
      return id;
    },
    async discrepancyId() {
      const id = `dis_${fixtures.unique()}`;
      await db.query(
        `INSERT INTO reconciliation_discrepancies (id, run_id, kind, action, detail)
         VALUES ($1, $2, 'missing_here', 'flagged', 'test')`,
        [id, await fixtures.reconciliationRunId()],
      );
      return id;
    },
    async batchId() {
      const { batch } = await createBatch(db, {
        rows: bulkRowsFromObjects([{ order_id: 'ord_x', amount: '1.00', reason: 'duplicate' }]),
        dryRun: true,
        createdBy: 'test',
        source: 'json',
      });
      return batch.id;
    },
    async failedNotificationId() {
      const id = `ntf_${fixtures.unique()}`;
      await db.query(
        `INSERT INTO notifications (id, refund_id, channel, kind, dedupe_key, recipient, payload, status)
         VALUES ($1, $2, 'email', 'refund_failed', $1, 'c@example.com', '{}', 'failed')`,
        [id, await fixtures.refundId('queued')],
      );
      return id;
    },
  };

  beforeAll(async () => {
    db = await createTestDb(engine);
    sb = await startTestSandbox();
    t = await authApp(db, { start: new Date(), gateway: createStripeGateway(sb.stripe) });
    for (const role of ['viewer', 'agent', 'approver', 'admin'] as const) {
      browsers[role] = await signIn(t.app, (await makeUser(db, role)).email);
    }
    apiKey = (
      await createApiKey(db, {
        name: 'backend',
        scopes: ['payments:read', 'payments:write', 'refunds:read', 'refunds:write'],
      })
    ).key;
  });
  afterAll(async () => {
    await t?.app.close();
    await sb?.close();
    await db?.close();
  });

  async function call(who: Who, action: Action) {
    const { url, body } = await action.build(fixtures);
    if (who === 'none' || who === 'key') {
      return t.app.inject({
        method: action.method,
        url,
        headers: who === 'key' ? { authorization: `Bearer ${apiKey}` } : {},
        ...(body ? { payload: body } : {}),
      });
    }
    return asBrowser(t.app, browsers[who]!, action.method, url, body);
  }

  it.each(MATRIX)('%s', async (name, ...expected) => {
    const action = ACTIONS[name]!;
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const [i, who] of WHO.entries()) {
      const res = await call(who, action);
      got[who] = res.statusCode;
      want[who] = expected[i]!;
      if (res.statusCode === 403) expect(res.json().error.code).toBe('forbidden');
      if (res.statusCode === 401) expect(res.json().error.code).toBe('unauthenticated');
    }
    expect(got).toEqual(want);
  });

  // Every unsafe action, signed in as admin (who may do all of them) but without the CSRF token.
  it.each(MATRIX.filter(([name]) => !name.startsWith('GET ')))(
    '%s without X-CSRF-Token is refused',
    async (name) => {
      const { url, body } = await ACTIONS[name]!.build(fixtures);
      const res = await t.app.inject({
        method: ACTIONS[name]!.method,
        url,
        headers: { cookie: browsers.admin!.cookie },
        ...(body ? { payload: body } : {}),
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('csrf_token_missing');
    },
  );

  it('every /api/v1 route is in the matrix', () => {
    const listed = new Set(MATRIX.map(([name]) => name.replace(/\?.*$/, '')));
    expect(Object.keys(ACTIONS).sort()).toEqual(MATRIX.map(([name]) => name).sort());
    const routes = routeList(t.app.printRoutes({ commonPrefix: false })).filter((r) =>
      r.includes(' /api/v1/'),
    );
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes
      .filter((r) => !r.startsWith('HEAD '))
      .map((r) => r.replace(' /api/v1', ' '))
      .filter((r) => !listed.has(r));
    expect(missing).toEqual([]);
  });

  it("an agent's refund over the threshold waits; the agent cannot approve it; an approver can, as user:<id>", async () => {
    const paymentId = await fixtures.paymentId();
    const res = await asBrowser(t.app, browsers.agent!, 'POST', '/api/v1/refunds', {
      payment_id: paymentId,
      amount: 60_000,
      reason: 'requested_by_customer',
    });
    expect(res.statusCode).toBe(201);
    const refund = res.json();
    expect(refund.status).toBe('awaiting_approval');
    const me = (await asBrowser(t.app, browsers.agent!, 'GET', '/auth/me')).json();
    expect(refund.requested_by).toBe(`user:${me.user.id}`);
    expect(
      (await asBrowser(t.app, browsers.agent!, 'POST', `/api/v1/refunds/${refund.id}/approve`, {}))
        .statusCode,
    ).toBe(403);
    const approved = await asBrowser(
      t.app,
      browsers.approver!,
      'POST',
      `/api/v1/refunds/${refund.id}/approve`,
      {},
    );
    expect(approved.statusCode).toBe(200);
    const approver = (await asBrowser(t.app, browsers.approver!, 'GET', '/auth/me')).json();
    expect(approved.json()).toMatchObject({ status: 'queued', approved_by: `user:${approver.user.id}` });
    const detail = (await asBrowser(t.app, browsers.viewer!, 'GET', `/api/v1/refunds/${refund.id}`)).json();
    expect(detail.history.map((h: { actor: string; actor_name: string }) => [h.actor, h.actor_name])).toEqual(
      [
        [`user:${me.user.id}`, 'agent person'],
        [`user:${approver.user.id}`, 'approver person'],
      ],
    );
  });

  it('a viewer is refused a refund with 403 naming the scope, and nothing is stored', async () => {
    const paymentId = await fixtures.paymentId();
    const res = await asBrowser(t.app, browsers.viewer!, 'POST', '/api/v1/refunds', {
      payment_id: paymentId,
      reason: 'duplicate',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'forbidden', required_scope: 'refunds:write' });
    expect(res.json().error.message).toBe("Your role lacks the 'refunds:write' scope.");
    expect(await db.query('SELECT id FROM refunds WHERE payment_id = $1', [paymentId])).toEqual([]);
  });
});
