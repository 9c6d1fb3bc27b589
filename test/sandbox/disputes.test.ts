import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { backdate } from '../support/payments.ts';
import { expectStripeError, sandboxForFile, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { expectStripeShape } from '../support/stripe-shapes.ts';

// Disputes as Stripe's pm_card_createDispute / tok_createDispute test card makes them: the payment
// succeeds, a fraudulent dispute opens a little later (the settle delay, or when the clock passes
// it), with charge.dispute.created and charge.dispute.funds_withdrawn; the charge reads
// disputed: true and a refund of it is refused with charge_disputed. And the sandbox's control to
// move a payment back in time.
let t: TestSandbox;
let stripe: Stripe;
sandboxForFile({ settleDelayMs: 60_000 }, (s) => {
  t = s;
  stripe = s.stripe;
});

describe('disputes', () => {
  it('pm_card_createDispute: succeeds, then a dispute opens with Stripe’s events; refunds are refused', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 4_000,
      currency: 'usd',
      payment_method: 'pm_card_createDispute',
      allowed_payment_method_types: ['card'],
      confirm: true,
    });
    expect(pi.status).toBe('succeeded');
    const chargeId = String(pi.latest_charge);
    expect((await stripe.charges.retrieve(chargeId)).disputed).toBe(false);
    // Refundable until the dispute opens.
    const early = await stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
    expect(early.status).toBe('succeeded');

    await t.advance(61);
    const charge = await stripe.charges.retrieve(chargeId);
    expectStripeShape('charge', charge);
    expect(charge.disputed).toBe(true);
    const created = await stripe.events.list({ type: 'charge.dispute.created' });
    expect(created.data).toHaveLength(1);
    const dispute = created.data[0]!.data.object as Stripe.Dispute;
    expect(dispute).toMatchObject({
      object: 'dispute',
      charge: chargeId,
      payment_intent: pi.id,
      amount: 3_500,
      currency: 'usd',
      reason: 'fraudulent',
      status: 'needs_response',
      is_charge_refundable: false,
      livemode: false,
    });
    expect(dispute.id).toMatch(/^dp_/);
    expect(dispute.evidence_details.due_by).toBeGreaterThan(dispute.created);
    expect((await stripe.events.list({ type: 'charge.dispute.funds_withdrawn' })).data).toHaveLength(1);

    await expectStripeError(stripe.refunds.create({ payment_intent: pi.id, amount: 100 }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'charge_disputed',
      message: `Charge ${chargeId} has been charged back; cannot issue a refund.`,
    });
    // One dispute: advancing again opens no second one.
    await t.advance(600);
    expect((await stripe.events.list({ type: 'charge.dispute.created' })).data).toHaveLength(1);
  });

  it('tok_createDispute on a legacy charge, and other cards are never disputed', async () => {
    const disputed = await stripe.charges.create({
      amount: 900,
      currency: 'eur',
      source: 'tok_createDispute',
    });
    const plain = await stripe.charges.create({ amount: 900, currency: 'eur', source: 'tok_visa' });
    await t.advance(61);
    expect((await stripe.charges.retrieve(disputed.id)).disputed).toBe(true);
    expect((await stripe.charges.retrieve(plain.id)).disputed).toBe(false);
  });
});

describe('moving a payment back in time (sandbox control)', () => {
  it('moves the intent and its charge back; refuses before 1970 and unknown ids', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      allowed_payment_method_types: ['card'],
      confirm: true,
    });
    await backdate(t.url, pi.id, 120 * 86_400);
    const moved = await stripe.paymentIntents.retrieve(pi.id);
    expect(moved.created).toBe(pi.created - 120 * 86_400);
    expect((await stripe.charges.retrieve(String(pi.latest_charge))).created).toBe(pi.created - 120 * 86_400);
    await expect(backdate(t.url, pi.id, 10 ** 10 - 1)).rejects.toThrow(/400/);
    await expect(backdate(t.url, 'pi_nothere', 10)).rejects.toThrow(/404/);
  });
});

describe('with --data, a dispute and a moved payment survive a restart', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replays them from the journal, and a dispute still to open opens after the restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-disputes-'));
    const first = await startTestSandbox({ dataDir: dir, settleDelayMs: 60_000 });
    const opened = await first.stripe.charges.create({
      amount: 800,
      currency: 'usd',
      source: 'tok_createDispute',
    });
    const later = await first.stripe.charges.create({
      amount: 700,
      currency: 'usd',
      source: 'tok_createDispute',
    });
    const old = await first.stripe.charges.create({ amount: 600, currency: 'usd', source: 'tok_visa' });
    await backdate(first.url, old.id, 86_400);
    await first.advance(61);
    const another = await first.stripe.charges.create({
      amount: 500,
      currency: 'usd',
      source: 'tok_createDispute',
    });
    await first.close();

    const second = await startTestSandbox({ dataDir: dir, settleDelayMs: 60_000 });
    try {
      expect((await second.stripe.charges.retrieve(opened.id)).disputed).toBe(true);
      expect((await second.stripe.charges.retrieve(later.id)).disputed).toBe(true);
      expect((await second.stripe.charges.retrieve(old.id)).created).toBe(old.created - 86_400);
      expect((await second.stripe.charges.retrieve(another.id)).disputed).toBe(false);
      await second.advance(61);
      expect((await second.stripe.charges.retrieve(another.id)).disputed).toBe(true);
    } finally {
      await second.close();
    }
  });
});
