// One refund through the workers against the Stripe sandbox, with an instrumented gateway: the
// Stripe call and final-status counters must show exactly that one refund.
import { afterEach, describe, expect, it } from 'vitest';
import { stripeCredentialsCheck } from '../../src/health/health.ts';
import { instrumentGateway } from '../../src/metrics/gateway-metrics.ts';
import { createMetrics } from '../../src/metrics/metrics.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { startWorkers } from '../../src/worker/workers.ts';
import { createTestDb } from '../support/databases.ts';
import { startTestSandbox } from '../support/sandbox.ts';
import { insertPayment, insertQueuedRefund, waitFor } from '../worker/helpers.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('worker metrics', () => {
  it('counts the Stripe call, its duration and the final status', async () => {
    const db = await createTestDb('pglite');
    const sb = await startTestSandbox();
    cleanups.push(
      () => db.close(),
      () => sb.close(),
    );
    const metrics = createMetrics({ db, defaultMetrics: false });
    const gateway = instrumentGateway(createStripeGateway(sb.stripe), metrics);
    const c = await sb.stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
    const pay = await insertPayment(db, { id: c.id, amount: 1000 });
    const id = await insertQueuedRefund(db, pay, 300);
    const status = async () =>
      (await db.query<{ status: string }>('SELECT status FROM refunds WHERE id = $1', [id]))[0]!.status;
    const before = await metrics.registry.metrics();
    expect(sample(before, 'refundry_queue_depth')).toBe(1);
    const workers = await startWorkers({
      db,
      gateway,
      logger: silentLogger(),
      concurrency: 2,
      pollIntervalMs: 20,
      budget: { maxRate: 1000 },
      metrics,
    });
    try {
      await waitFor(async () => (await status()) !== 'queued', 15_000);
    } finally {
      await workers.stop();
    }
    const final = await status();
    const text = await metrics.registry.metrics();
    expect(sample(text, 'refundry_stripe_requests_total{operation="create_refund",outcome="ok"}')).toBe(1);
    expect(sample(text, 'refundry_stripe_request_duration_seconds_count{operation="create_refund"}')).toBe(1);
    expect(sample(text, `refundry_refunds_final_total{status="succeeded"}`)).toBe(
      final === 'succeeded' ? 1 : undefined,
    );
    expect(sample(text, 'refundry_queue_depth')).toBe(0);
    expect(sample(text, 'refundry_queue_oldest_age_seconds')).toBe(0);
    expect(sample(text, 'refundry_stripe_rate_limited_total')).toBe(0);
    // The readiness probe's lookup of an id that cannot exist is a success with valid credentials.
    expect(await stripeCredentialsCheck((pid) => createStripeGateway(sb.stripe).retrievePayment(pid))()).toBe(
      true,
    );
    expect(text).toMatch(/refundry_stripe_request_budget\{bucket="[^"]+"\} \d/);
  });
});
