// Scrapes /metrics after a scripted run through the HTTP API (payments made in the sandbox) and checks the
// counters' exact values; /readyz reports a pending migration as 503.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { stripeCredentialsCheck } from '../../src/health/health.ts';
import { createMetrics, refundRequestOutcome } from '../../src/metrics/metrics.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { sandboxPayment } from '../support/payments.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

const NOW = new Date('2026-06-01T12:00:00Z');

/** The value of one sample line, e.g. sample(text, 'refundry_refund_requests_total{outcome="accepted"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('refundRequestOutcome', () => {
  it('maps outcomes to labels', () => {
    expect(refundRequestOutcome('rejected')).toBe('rejected');
    expect(refundRequestOutcome('accepted', 'queued')).toBe('accepted');
    expect(refundRequestOutcome('accepted', 'awaiting_approval')).toBe('needs_approval');
  });
});

describe.each(engines())('metrics and health on %s', (engine) => {
  let db: Db;
  let sb: TestSandbox;
  let app: FastifyInstance;
  let key = '';
  let stripeOk = true;

  beforeAll(async () => {
    db = await createTestDb(engine);
    sb = await startTestSandbox();
    app = await createServiceApp({
      db,
      gateway: createStripeGateway(sb.stripe),
      config: { policy: { refundWindowDays: 90, approvalThreshold: 5_000 } },
      logger: silentLogger(),
      now: () => NOW,
      metrics: createMetrics({ db, now: () => NOW, defaultMetrics: false }),
      checkStripe: async () => stripeOk,
    });
    key = (await createApiKey(db, { name: 'w', scopes: ['payments:write', 'refunds:read', 'refunds:write'] }))
      .key;
  });
  afterAll(async () => {
    await app?.close();
    await sb?.close();
    await db?.close();
  });

  const post = (url: string, body: object) =>
    app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${key}` },
      payload: body,
    });

  it('counts refund requests by outcome and reports the queue from the database', async () => {
    const pay = await post('/payments', {
      stripe_id: await sandboxPayment(sb.stripe, { amount: 10_000, currency: 'usd' }),
      order_id: 'ord_m',
      customer_id: 'cus_1',
      customer_email: 'a@example.com',
    });
    expect(pay.statusCode).toBe(201);
    const paymentId = pay.json().id;
    const accepted = await post('/refunds', { payment_id: paymentId, amount: 1_000, reason: 'duplicate' });
    expect(accepted.statusCode).toBe(201);
    const rejected = await post('/refunds', {
      payment_id: paymentId,
      amount: 1_000_000,
      reason: 'duplicate',
    });
    expect(rejected.statusCode).toBe(422);
    const big = await post('/refunds', { payment_id: paymentId, amount: 6_000, reason: 'duplicate' });
    expect(big.statusCode).toBe(201);
    expect(big.json().status).toBe('awaiting_approval');

    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(sample(text, 'refundry_refund_requests_total{outcome="accepted"}')).toBe(1);
    expect(sample(text, 'refundry_refund_requests_total{outcome="rejected"}')).toBe(1);
    expect(sample(text, 'refundry_refund_requests_total{outcome="needs_approval"}')).toBe(1);
    expect(sample(text, 'refundry_queue_depth')).toBe(1);
    const [queued] = await db.query<{ created_at: Date }>(
      "SELECT created_at FROM refunds WHERE status = 'queued'",
    );
    const age = (NOW.getTime() - new Date(queued!.created_at).getTime()) / 1000;
    expect(sample(text, 'refundry_queue_oldest_age_seconds')).toBeCloseTo(Math.max(0, age), 3);
    expect(text).toContain('# TYPE refundry_stripe_request_duration_seconds histogram');
  });

  it('healthz is always ok; readyz checks migrations and Stripe', async () => {
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok' });

    stripeOk = false;
    const noStripe = await app.inject({ method: 'GET', url: '/readyz' });
    expect(noStripe.statusCode).toBe(503);
    expect(noStripe.json().failed.map((f: { check: string }) => f.check)).toEqual(['stripe']);
    stripeOk = true;

    const [row] = await db.query<{ name: string }>(
      'SELECT name FROM schema_migrations ORDER BY name DESC LIMIT 1',
    );
    await db.query('DELETE FROM schema_migrations WHERE name = $1', [row!.name]);
    const pending = await app.inject({ method: 'GET', url: '/readyz' });
    expect(pending.statusCode).toBe(503);
    expect(pending.json().failed).toEqual([{ check: 'migrations', message: `pending: ${row!.name}` }]);
  });
});

describe('stripeCredentialsCheck', () => {
  it('calls Stripe at most once per ttl, and does not cache a failure', async () => {
    let t = 0;
    let calls = 0;
    let fail = false;
    const check = stripeCredentialsCheck(
      async () => {
        calls++;
        if (fail) throw new Error('Invalid API Key provided');
        return undefined;
      },
      1_000,
      () => t,
    );
    expect(await check()).toBe(true);
    t = 500;
    expect(await check()).toBe(true);
    expect(calls).toBe(1);
    t = 1_000;
    fail = true;
    await expect(check()).rejects.toThrow('Invalid API Key');
    expect(calls).toBe(2);
    fail = false;
    expect(await check()).toBe(true);
    expect(calls).toBe(3);
  });
});
