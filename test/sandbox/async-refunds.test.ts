import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { expectStripeError, sandboxForFile, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { expectStripeShape } from '../support/stripe-shapes.ts';

// The test payment methods whose refunds change later, settled by advancing the sandbox clock.
let t: TestSandbox;
let stripe: Stripe;
sandboxForFile({ settleDelayMs: 60_000 }, (s) => {
  t = s;
  stripe = s.stripe;
});

async function payWith(pm: string) {
  const pi = await stripe.paymentIntents.create({
    amount: 5000,
    currency: 'usd',
    payment_method: pm,
    confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  });
  expect(pi.status).toBe('succeeded');
  return pi;
}

async function eventTypes(): Promise<string[]> {
  const events = await stripe.events.list({ limit: 100 });
  for (const e of events.data) expectStripeShape('event', e);
  return events.data.map((e) => e.type).reverse();
}

describe('asynchronous test refunds', () => {
  it('pm_card_visa and tok_visa refunds succeed at once and never change', async () => {
    const pi = await payWith('pm_card_visa');
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    expect(refund.status).toBe('succeeded');
    await t.advance(3600);
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
    const ch = await stripe.charges.create({ amount: 700, currency: 'eur', source: 'tok_visa' });
    expect((await stripe.refunds.create({ charge: ch.id })).status).toBe('succeeded');
  });

  it('pm_card_pendingRefund: pending, then succeeded when the clock passes the delay', async () => {
    const pi = await payWith('pm_card_pendingRefund');
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    expectStripeShape('refund', refund);
    expect([refund.status, refund.pending_reason]).toEqual(['pending', 'processing']);
    await t.advance(30);
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe('pending');
    await t.advance(31);
    const settled = await stripe.refunds.retrieve(refund.id);
    expectStripeShape('refund', settled);
    expect(settled.status).toBe('succeeded');
    const updated = await stripe.events.list({ type: 'refund.updated' });
    expect(updated.data).toHaveLength(1);
    expect(updated.data[0]!.data.previous_attributes).toMatchObject({ status: 'pending' });
    expect(updated.data[0]!.request).toEqual({ id: null, idempotency_key: null });
  });

  it('tok_pendingRefund settles after the real delay without touching the clock', async () => {
    const fast = await startTestSandbox({ settleDelayMs: 50 });
    try {
      const ch = await fast.stripe.charges.create({
        amount: 900,
        currency: 'usd',
        source: 'tok_pendingRefund',
      });
      const refund = await fast.stripe.refunds.create({ charge: ch.id });
      expect(refund.status).toBe('pending');
      await new Promise((r) => setTimeout(r, 200));
      expect((await fast.stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
    } finally {
      await fast.close();
    }
  });

  it('pm_card_refundFail: succeeded, then failed with the amount given back to the charge', async () => {
    const pi = await payWith('pm_card_refundFail');
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 2000 });
    expect(refund.status).toBe('succeeded');
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).amount_refunded).toBe(2000);
    await t.advance(120);
    const failed = await stripe.refunds.retrieve(refund.id);
    expectStripeShape('refund', failed);
    expect(failed.status).toBe('failed');
    expect(failed.failure_reason).toBe('expired_or_canceled_card');
    expect(failed.failure_balance_transaction).toMatch(/^txn_/);
    const ch = await stripe.charges.retrieve(pi.latest_charge as string);
    expect([ch.amount_refunded, ch.refunded]).toEqual([0, false]);
    const types = await eventTypes();
    expect(types.slice(-5)).toEqual([
      'refund.created',
      'charge.refunded',
      'refund.failed',
      'refund.updated',
      'charge.refund.updated',
    ]);
    // The whole amount can be refunded again.
    expect((await stripe.refunds.create({ charge: ch.id })).amount).toBe(5000);
  });

  it('tok_refundRequiresAction: requires_action with next_action, cancelable, gives the amount back', async () => {
    const ch = await stripe.charges.create({
      amount: 3000,
      currency: 'usd',
      source: 'tok_refundRequiresAction',
    });
    const refund = await stripe.refunds.create({ charge: ch.id, instructions_email: 'a@example.com' });
    expectStripeShape('refund', refund);
    expect(refund.status).toBe('requires_action');
    expect(refund.next_action?.type).toBe('display_details');
    expect(refund.next_action?.display_details?.email_sent.email_sent_to).toBe('a@example.com');
    const canceled = await stripe.refunds.cancel(refund.id);
    expectStripeShape('refund', canceled);
    expect(canceled.status).toBe('canceled');
    expect('next_action' in canceled).toBe(false);
    expect((await stripe.charges.retrieve(ch.id)).amount_refunded).toBe(0);
    await expectStripeError(stripe.refunds.cancel(refund.id), {
      status: 400,
      type: 'invalid_request_error',
      code: 'status_transition_invalid',
    });
    await t.advance(3600);
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe('canceled');
  });

  it('pm_card_refundRequiresAction: the test helper expires it; otherwise it succeeds later', async () => {
    const pi = await payWith('pm_card_refundRequiresAction');
    const a = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    const b = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    const expired = await stripe.testHelpers.refunds.expire(a.id);
    expectStripeShape('refund', expired);
    expect(expired.status).toBe('canceled');
    await expectStripeError(stripe.testHelpers.refunds.expire(a.id), {
      status: 400,
      type: 'invalid_request_error',
      code: 'status_transition_invalid',
    });
    await t.advance(61);
    expect((await stripe.refunds.retrieve(b.id)).status).toBe('succeeded');
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).amount_refunded).toBe(1000);
  });
});
