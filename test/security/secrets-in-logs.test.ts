// No secret in any log line, error or not. A scripted session through the service's HTTP API, with
// the logger at its most verbose, captures every line; a spy on the database collects every secret
// that passed through it (webhook signing secrets, password hashes, API key and session token
// hashes), the responses give the rest (API key, session cookie, CSRF token, status-page token),
// and the Stripe gateway fails with its secret key in the error. Three writes are made to fail in
// the database (a trigger) so that the driver's error, which carries the query's parameters, is
// logged. Then the log is searched for each of them.
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { DEFAULT_AUTH } from '../../src/config.ts';
import type { Db, Queryable } from '../../src/db/db.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { FAST_SCRYPT, fakeGateway, makeUser, PASSWORD } from '../auth/helpers.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { fakeResolver } from '../support/fake-dns.ts';

const STRIPE_KEY = 'sk_test_51LeakCanaryDoNotLogThisKey000000000000';
const STRIPE_WEBHOOK_SECRET = 'whsec_LeakCanaryStripeWebhookSecret0000';

/** Records every string parameter the service sends to the database. */
function spyOnParams(db: Db, seen: Set<string>): Db {
  const record = (params?: readonly unknown[]) => {
    for (const p of params ?? []) {
      if (typeof p === 'string') seen.add(p);
      if (Array.isArray(p)) for (const q of p) if (typeof q === 'string') seen.add(q);
    }
  };
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      record(params);
      return q.query(sql, params);
    },
  });
  return {
    ...db,
    kind: db.kind,
    query: wrap(db).query,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
  };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe.each(engines())('no secret reaches the log on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  const lines: string[] = [];
  const dbParams = new Set<string>();

  beforeAll(async () => {
    db = await createTestDb(engine);
    // Writes named 'boom' fail inside the database, as a constraint or an outage would.
    await db.exec(`
      CREATE FUNCTION test_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (to_jsonb(NEW) ->> 'name') = 'boom' OR (to_jsonb(NEW) ->> 'description') = 'boom' THEN
          RAISE EXCEPTION 'refused by the test';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER boom BEFORE INSERT ON webhook_endpoints FOR EACH ROW EXECUTE FUNCTION test_boom();
      CREATE TRIGGER boom BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION test_boom();
      CREATE TRIGGER boom BEFORE INSERT ON api_keys FOR EACH ROW EXECUTE FUNCTION test_boom();
    `);
    const gateway = fakeGateway();
    // A Stripe client that fails with its credentials in the error, as an HTTP library might.
    gateway.retrievePayment = async () => {
      const error = new Error(`Invalid API Key provided: ${STRIPE_KEY}`) as Error & Record<string, unknown>;
      error.headers = { authorization: `Bearer ${STRIPE_KEY}` };
      error.raw = { message: `key ${STRIPE_KEY}`, requestHeaders: { Authorization: `Basic ${STRIPE_KEY}` } };
      throw error;
    };
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    app = await createServiceApp({
      db: spyOnParams(db, dbParams),
      gateway,
      config: {
        policy: { refundWindowDays: 90, approvalThreshold: 50_000 },
        auth: DEFAULT_AUTH,
      },
      logger: createLogger({ level: 'trace', destination: stream }),
      passwordHashing: FAST_SCRYPT,
      resolveHost: fakeResolver(),
      stripeWebhook: { secret: () => STRIPE_WEBHOOK_SECRET, toleranceSeconds: 300 },
      dashboardDir: false,
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('a scripted session with errors logs none of the secrets it handled', async () => {
    const secrets: Record<string, string[]> = {};
    const keep = (kind: string, value: string | undefined) => {
      expect(value, kind).toBeTruthy();
      secrets[kind] = [...(secrets[kind] ?? []), value!];
    };
    const admin = await makeUser(db, 'admin');
    const { key } = await createApiKey(db, { name: 'backend', scopes: ['admin'] });
    keep('API key', key);
    keep('API key hash', sha256(key));
    const bearer = { authorization: `Bearer ${key}` };

    // Sign in: a wrong password first, then the right one.
    const wrong = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: admin.email, password: 'not the password at all' },
    });
    expect(wrong.statusCode).toBe(401);
    const login = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: admin.email, password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const session = login.cookies.find((c) => c.name === 'refundry_session')!.value;
    const csrf = login.json().csrf_token as string;
    keep('session token', session);
    keep('session token hash', sha256(session));
    keep('CSRF token', csrf);
    keep('password', PASSWORD);
    const browser = { cookie: `refundry_session=${session}`, 'x-csrf-token': csrf };

    // A webhook endpoint (its secret shown once), a user (password hash), an API key — and each
    // of them once more failing inside the database.
    const endpoint = await app.inject({
      method: 'POST',
      url: '/api/v1/webhook-endpoints',
      headers: browser,
      payload: { url: 'https://shop.example/hooks', enabled_events: ['*'] },
    });
    expect(endpoint.statusCode).toBe(201);
    keep('webhook signing secret', endpoint.json().secret);
    const failures = [
      { url: '/api/v1/webhook-endpoints', payload: { url: 'https://shop.example/x', description: 'boom' } },
      { url: '/api/v1/users', payload: { email: 'boom@example.com', name: 'boom', role: 'agent' } },
      {
        url: '/api/v1/users',
        payload: { email: 'ok@example.com', name: 'ok', role: 'agent', password: 'another long password' },
      },
      { url: '/api/v1/api-keys', payload: { name: 'boom', scopes: ['refunds:read'] } },
    ];
    for (const f of failures) {
      const res = await app.inject({ method: 'POST', url: f.url, headers: bearer, payload: f.payload });
      expect(res.statusCode, f.url).toBe(f.payload.name === 'ok' ? 201 : 500);
    }
    keep('password', 'another long password');

    // A payment and a refund: the customer's status-page token, used in its URL.
    await db.query(
      `INSERT INTO payments (id, stripe_payment_intent_id, order_id, customer_email, amount, currency, captured_at)
       VALUES ('pay_leak', 'pi_leak', 'ord_leak', 'c@example.com', 5000, 'usd', now())`,
    );
    const refund = await app.inject({
      method: 'POST',
      url: '/api/v1/refunds',
      headers: bearer,
      payload: { payment_id: 'pay_leak', amount: 1000, reason: 'requested_by_customer' },
    });
    expect(refund.statusCode).toBe(201);
    const token = refund.json().customer_token as string;
    keep('status-page token', token);
    expect((await app.inject({ method: 'GET', url: `/r/${token}` })).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: `/r/${token}/status.json?token=${token}` })).statusCode,
    ).toBe(200);

    // Stripe fails with its key in the error (an unknown pi_ is looked up at Stripe).
    const lookup = await app.inject({
      method: 'GET',
      url: '/api/v1/payments?q=pi_unknown123',
      headers: bearer,
    });
    expect(lookup.statusCode).toBe(500);
    keep('Stripe secret key', STRIPE_KEY);
    // A forged Stripe webhook (the receiver knows the secret).
    await app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: { 'stripe-signature': 't=1,v1=00', 'content-type': 'application/json' },
      payload: '{}',
    });
    keep('Stripe webhook secret', STRIPE_WEBHOOK_SECRET);

    // Everything secret that went into the database: the failed inserts' secrets included.
    for (const p of dbParams) {
      if (p.startsWith('whsec_')) keep('webhook signing secret', p);
      else if (p.startsWith('$scrypt$')) keep('password hash', p);
      else if (/^[0-9a-f]{64}$/.test(p)) keep('stored token or key hash', p);
    }
    expect(secrets['webhook signing secret']!.length).toBeGreaterThanOrEqual(2); // the failed insert's too
    expect(secrets['password hash']!.length).toBeGreaterThanOrEqual(2);

    // The log saw the session: requests, the three database failures and Stripe's.
    const log = lines.join('\n');
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const errors = parsed.filter((l) => l.msg === 'unhandled error');
    expect(errors.length).toBe(4);
    expect(errors.map((l) => (l.err as { message: string }).message)).toContain('refused by the test');

    const leaks = Object.entries(secrets).flatMap(([kind, values]) =>
      values.filter((v) => log.includes(v)).map((v) => `${kind}: ${v.slice(0, 12)}…`),
    );
    expect(leaks).toEqual([]);
    // The request lines are still there, with the token cut out.
    expect(log).toContain('"url":"/r/[redacted]"');
  });
});
