// StripeGateway.listRefunds against the sandbox: only refunds created in [gte, lt), newest first,
// in pages of at most 100 (one request each), counted per page by the metrics wrapper.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentGateway } from '../../src/metrics/gateway-metrics.ts';
import { createMetrics } from '../../src/metrics/metrics.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

describe('listRefunds', () => {
  let sb: TestSandbox;
  const made: string[] = [];
  let windowStart = 0;
  let windowEnd = 0;

  beforeAll(async () => {
    sb = await startTestSandbox();
    const pi = await sb.stripe.paymentIntents.create({
      amount: 1_000_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const refund = () => sb.stripe.refunds.create({ payment_intent: pi.id, amount: 1 });
    await refund(); // before the window
    await sb.advance(60);
    windowStart = sb.sandbox.clock.now();
    for (let i = 0; i < 230; i++) made.push((await refund()).id);
    await sb.advance(60);
    windowEnd = sb.sandbox.clock.now();
    await refund(); // at the window's end: excluded
  });
  afterAll(() => sb?.close());

  it('streams the window in pages of 100, newest first, and times each page', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const gateway = instrumentGateway(createStripeGateway(sb.stripe), metrics);
    const pages: string[][] = [];
    for await (const page of gateway.listRefunds({
      gte: new Date(windowStart * 1000),
      lt: new Date(windowEnd * 1000),
    })) {
      pages.push(page.map((r) => r.id));
    }
    expect(pages.map((p) => p.length)).toEqual([100, 100, 30]);
    expect(pages.flat()).toEqual([...made].reverse());
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/refundry_stripe_requests_total\{operation="list_refunds",outcome="ok"\} 3\n/);
  });

  it('stops fetching when the consumer stops early', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const gateway = instrumentGateway(createStripeGateway(sb.stripe), metrics);
    for await (const page of gateway.listRefunds({
      gte: new Date(windowStart * 1000),
      lt: new Date(windowEnd * 1000),
    })) {
      expect(page).toHaveLength(100);
      break;
    }
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/refundry_stripe_requests_total\{operation="list_refunds",outcome="ok"\} 1\n/);
  });
});
