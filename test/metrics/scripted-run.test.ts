// A scripted run through the HTTP API and the workers against the Stripe sandbox, then one scrape
// of /metrics with exact values: refund requests accepted, rejected and needing approval; refunds
// sent, failed at Stripe, failed late (as a webhook would record it), canceled, approved and
// rejected; Stripe calls by outcome; the time-to-final histogram; and the same totals from a reader
// that folds old history into memory as from one that reads everything.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { instrumentGateway } from '../../src/metrics/gateway-metrics.ts';
import { createMetrics, type Metrics } from '../../src/metrics/metrics.ts';
import {
  aggregateRefundOutcomes,
  type RefundOutcomeTotals,
  refundOutcomeReader,
} from '../../src/metrics/refund-outcomes.ts';
import { transitionRefund } from '../../src/refunds/transition.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { startWorkers } from '../../src/worker/workers.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { waitFor } from '../worker/helpers.ts';

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(engines())('metrics after a scripted run on %s', (engine) => {
  let db: Db;
  let sb: TestSandbox;
  let app: FastifyInstance;
  let metrics: Metrics;
  let key = '';

  beforeAll(async () => {
    db = await createTestDb(engine);
    sb = await startTestSandbox();
    metrics = createMetrics({ db, defaultMetrics: false });
    app = await createServiceApp({
      db,
      gateway: instrumentGateway(createStripeGateway(sb.stripe), metrics),
      config: { policy: { refundWindowDays: 90, approvalThreshold: 5_000 } },
      logger: silentLogger(),
      metrics,
    });
    key = (await createApiKey(db, { name: 'admin', scopes: ['admin'] })).key;
  });
  afterAll(async () => {
    await app?.close();
    await sb?.close();
    await db?.close();
  });

  const post = async (url: string, body: object = {}) => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${key}` },
      payload: body,
    });
    return { status: res.statusCode, body: res.json() };
  };
  /** A payment made in the sandbox and registered by its id (Stripe's amount). */
  const payment = async (amount: number) => {
    const c = await sb.stripe.charges.create({ amount, currency: 'usd', source: 'tok_visa' });
    const res = await post('/payments', { stripe_id: c.id });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, charge: c.id };
  };
  const refund = (paymentId: string, amount: number) =>
    post('/refunds', { payment_id: paymentId, amount, reason: 'requested_by_customer' });

  it('counts every outcome exactly', async () => {
    const p1 = (await payment(10_000)).id;
    // Mostly refunded directly in Stripe after it was registered (no webhooks here, so Refundry
    // does not know): Stripe refuses Refundry's refund (amount_too_large).
    const second = await payment(10_000);
    await sb.stripe.refunds.create({ charge: second.charge, amount: 8_000 });
    const p2 = second.id;
    const p3 = (await payment(20_000)).id;

    const sent = await refund(p1, 2_000);
    const toCancel = await refund(p1, 1_500);
    const tooMuch = await refund(p1, 50_000);
    const refused = await refund(p2, 5_000);
    const toApprove = await refund(p3, 6_000);
    const toReject = await refund(p3, 7_000);
    const lateFail = await refund(p1, 1_000);
    expect([sent, toCancel, refused, lateFail].map((r) => r.body.status)).toEqual([
      'queued',
      'queued',
      'queued',
      'queued',
    ]);
    expect(tooMuch.status).toBe(422);
    expect([toApprove.body.status, toReject.body.status]).toEqual(['awaiting_approval', 'awaiting_approval']);

    expect((await post(`/refunds/${toCancel.body.id}/cancel`)).body.status).toBe('canceled');
    // Four eyes: a second key approves what the first requested.
    const approver = (await createApiKey(db, { name: 'approver', scopes: ['refunds:approve'] })).key;
    const approved = await app.inject({
      method: 'POST',
      url: `/api/v1/refunds/${toApprove.body.id}/approve`,
      headers: { authorization: `Bearer ${approver}` },
      payload: {},
    });
    expect(approved.json().status).toBe('queued');
    expect((await post(`/refunds/${toReject.body.id}/reject`)).body.status).toBe('rejected');

    const workers = await startWorkers({
      db,
      gateway: instrumentGateway(createStripeGateway(sb.stripe), metrics),
      logger: silentLogger(),
      pollIntervalMs: 20,
      budget: { maxRate: 1000 },
      metrics,
    });
    try {
      await waitFor(
        async () => (await db.query("SELECT 1 FROM refunds WHERE status = 'queued'")).length === 0,
        15_000,
        20,
      );
    } finally {
      await workers.stop();
    }
    // Stripe's late failure of a refund that had succeeded, recorded as the webhook receiver does.
    await db.transaction((tx) =>
      transitionRefund(tx, {
        refundId: lateFail.body.id,
        to: 'failed',
        actor: 'webhook',
        failureCode: 'expired_or_canceled_card',
      }),
    );

    const res = await app.inject({ method: 'GET', url: '/metrics' });
    const text = res.body;
    const expected: Record<string, number> = {
      'refundry_refund_requests_total{outcome="accepted"}': 4,
      'refundry_refund_requests_total{outcome="rejected"}': 1,
      'refundry_refund_requests_total{outcome="needs_approval"}': 2,
      'refundry_refunds_final_total{status="succeeded"}': 3,
      'refundry_refunds_final_total{status="failed"}': 2,
      'refundry_refunds_final_total{status="canceled"}': 1,
      'refundry_refunds_final_total{status="rejected"}': 1,
      'refundry_refund_failures_total{reason="amount_too_large"}': 1,
      'refundry_refund_failures_total{reason="expired_or_canceled_card"}': 1,
      'refundry_stripe_requests_total{operation="create_refund",outcome="ok"}': 3,
      'refundry_stripe_requests_total{operation="create_refund",outcome="amount_too_large"}': 1,
      'refundry_stripe_request_duration_seconds_count{operation="create_refund"}': 4,
      'refundry_refund_time_to_final_seconds_count{status="succeeded"}': 3,
      'refundry_refund_time_to_final_seconds_bucket{status="succeeded",le="+Inf"}': 3,
      'refundry_refund_time_to_final_seconds_bucket{status="succeeded",le="604800"}': 3,
      'refundry_refund_time_to_final_seconds_count{status="failed"}': 2,
      'refundry_refund_time_to_final_seconds_count{status="canceled"}': 1,
      'refundry_refund_time_to_final_seconds_count{status="rejected"}': 1,
      'refundry_refunds_in_flight{status="queued"}': 0,
      'refundry_refunds_in_flight{status="awaiting_approval"}': 0,
      'refundry_refunds_in_flight{status="pending"}': 0,
      refundry_queue_depth: 0,
      refundry_queue_oldest_age_seconds: 0,
      refundry_stripe_rate_limited_total: 0,
      refundry_sending_paused: 0,
      refundry_refund_batch_rows_pending: 0,
    };
    const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, sample(text, k)]));
    expect(actual).toEqual(expected);
    // Another process on the same database, which did none of the work, reports the same outcomes.
    const elsewhere = await createMetrics({ db, defaultMetrics: false }).registry.metrics();
    const shared = Object.keys(expected).filter((k) =>
      /^refundry_(refunds_final|refund_failures|refund_time_to_final|refunds_in_flight|queue_)/.test(k),
    );
    expect(Object.fromEntries(shared.map((k) => [k, sample(elsewhere, k)]))).toEqual(
      Object.fromEntries(shared.map((k) => [k, expected[k]])),
    );
    expect(sample(elsewhere, 'refundry_refund_requests_total{outcome="accepted"}')).toBeUndefined();
    expect(text).toContain('# TYPE refundry_refunds_final_total counter');
    expect(text).toContain('# TYPE refundry_refund_time_to_final_seconds histogram');
    // The histogram's sum is the real elapsed time: positive and less than the test has run.
    const sum = sample(text, 'refundry_refund_time_to_final_seconds_sum{status="succeeded"}')!;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(3 * 60);

    // Folding old history into memory gives the same totals as reading it all, also after more
    // refunds end later (the fold happens once; later rows are read live).
    // (Sums are floats added in another order: compared to the microsecond.)
    const rounded = (t: RefundOutcomeTotals) => ({
      ...t,
      timeToFinal: new Map(
        [...t.timeToFinal].map(([k, h]) => [k, { ...h, sum: Math.round(h.sum * 1e6) / 1e6 }]),
      ),
    });
    const folding = refundOutcomeReader(db, { settleSeconds: 0, refoldSeconds: 0 });
    const all = await aggregateRefundOutcomes(db, null, null);
    expect(rounded(await folding.read())).toEqual(rounded(all));
    const extra = await refund(p3, 500);
    await post(`/refunds/${extra.body.id}/cancel`);
    const after = await folding.read();
    expect(after.final.get('canceled')).toBe(2);
    expect(rounded(after)).toEqual(rounded(await aggregateRefundOutcomes(db, null, null)));
  });
});
