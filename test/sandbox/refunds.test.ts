import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { expectStripeError, sandboxForFile, type TestSandbox } from '../support/sandbox.ts';
import { expectStripeShape } from '../support/stripe-shapes.ts';

// Refund conformance through the official SDK over HTTP.
let t: TestSandbox;
let stripe: Stripe;
sandboxForFile({}, (s) => {
  t = s;
  stripe = s.stripe;
});

async function paidIntent(amount = 2000, pm = 'pm_card_visa', extra: Record<string, unknown> = {}) {
  // payment_method_types: the parameter's name before API 2026-10-28 (still accepted).
  const params = {
    amount,
    currency: 'usd',
    payment_method: pm,
    confirm: true,
    payment_method_types: ['card'],
    ...extra,
  };
  const pi = await stripe.paymentIntents.create(params as never);
  expectStripeShape('payment_intent', pi);
  return pi;
}

async function charge(amount = 2000, source = 'tok_visa', currency = 'usd') {
  const ch = await stripe.charges.create({ amount, currency, source });
  expectStripeShape('charge', ch);
  return ch;
}

describe('create', () => {
  it('refunds a payment intent in part, then the rest, then refuses more', async () => {
    const pi = await paidIntent(2145);
    const first = await stripe.refunds.create({
      payment_intent: pi.id,
      amount: 1000,
      reason: 'requested_by_customer',
    });
    expectStripeShape('refund', first);
    expect(first).toMatchObject({
      object: 'refund',
      amount: 1000,
      currency: 'usd',
      status: 'succeeded',
      charge: pi.latest_charge,
      payment_intent: pi.id,
      reason: 'requested_by_customer',
      metadata: {},
    });
    expect(first.id).toMatch(/^re_/);
    let ch = await stripe.charges.retrieve(pi.latest_charge as string);
    expectStripeShape('charge', ch);
    expect([ch.amount_refunded, ch.refunded]).toEqual([1000, false]);
    expect('refunds' in ch).toBe(false);

    await expectStripeError(stripe.refunds.create({ payment_intent: pi.id, amount: 2500 }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'amount_too_large',
      param: 'amount',
      message: 'Refund amount ($25.00) is greater than unrefunded amount on charge ($11.45)',
    });
    const rest = await stripe.refunds.create({ charge: ch.id });
    expect(rest.amount).toBe(1145);
    ch = await stripe.charges.retrieve(ch.id, { expand: ['refunds'] });
    expectStripeShape('charge', ch);
    expect([ch.amount_refunded, ch.refunded]).toEqual([2145, true]);
    expectStripeShape('list', ch.refunds, 'refund');
    expect(ch.refunds!.data.map((r) => r.id)).toEqual([rest.id, first.id]);
    await expectStripeError(stripe.refunds.create({ charge: ch.id, amount: 1 }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'charge_already_refunded',
      param: 'charge',
      message: `Charge ${ch.id} has already been refunded.`,
    });
  });

  it('says "greater than charge amount" for a first refund above the charge, with the currency symbol', async () => {
    const ch = await charge(5445, 'tok_visa', 'gbp');
    await expectStripeError(stripe.refunds.create({ charge: ch.id, amount: 6000 }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'amount_too_large',
      param: 'amount',
      message: 'Refund amount (£60.00) is greater than charge amount (£54.45)',
    });
  });

  it('keeps metadata and instructions_email, and expands charge and payment_intent', async () => {
    const pi = await paidIntent(3000);
    const refund = await stripe.refunds.create({
      payment_intent: pi.id,
      amount: 100,
      metadata: { order: '42' },
      instructions_email: 'jenny@example.com',
      expand: ['charge', 'payment_intent'],
    });
    expectStripeShape('refund', refund);
    expect(refund.metadata).toEqual({ order: '42' });
    expect(refund.instructions_email).toBe('jenny@example.com');
    const ch = refund.charge as Stripe.Charge;
    expectStripeShape('charge', ch);
    expect([ch.id, ch.amount_refunded]).toEqual([pi.latest_charge, 100]);
    const expandedPi = refund.payment_intent as Stripe.PaymentIntent;
    expectStripeShape('payment_intent', expandedPi);
    expect(expandedPi.id).toBe(pi.id);
  });

  it('accepts a currency and customer matching the charge and refuses others', async () => {
    const pi = await paidIntent(3000, 'pm_card_visa', { customer: 'cus_123' });
    const ok = await stripe.refunds.create({
      payment_intent: pi.id,
      amount: 100,
      currency: 'usd',
      customer: 'cus_123',
    });
    expect(ok.customer).toBe('cus_123');
    await expectStripeError(stripe.refunds.create({ payment_intent: pi.id, amount: 100, currency: 'eur' }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'charge_invalid_parameter',
      param: 'currency',
    });
    await expectStripeError(
      stripe.refunds.create({ payment_intent: pi.id, amount: 100, customer: 'cus_other' }),
      {
        status: 400,
        type: 'invalid_request_error',
        code: 'charge_invalid_parameter',
        param: 'customer',
      },
    );
    await expectStripeError(stripe.refunds.create({ payment_intent: pi.id, amount: 100, currency: 'xyz' }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'charge_invalid_parameter',
      param: 'currency',
    });
  });

  it('validates parameters as Stripe does', async () => {
    const ch = await charge();
    const cases: Array<[Record<string, unknown>, string, string | undefined, number?]> = [
      [{ charge: ch.id, foo: 'bar' }, 'parameter_unknown', 'foo'],
      [{}, 'parameter_missing', 'charge'],
      [{ charge: ch.id, payment_intent: 'pi_x' }, 'parameters_exclusive', 'payment_intent'],
      [{ charge: ch.id, amount: '9175.2' }, 'parameter_invalid_integer', 'amount'],
      [{ charge: ch.id, amount: 0 }, 'parameter_invalid_integer', 'amount'],
      [{ charge: ch.id, amount: -5 }, 'parameter_invalid_integer', 'amount'],
      [{ charge: ch.id, amount: '99999999999999999999' }, 'parameter_invalid_integer', 'amount'],
      [{ charge: ch.id, reason: 'expired_uncaptured_charge' }, 'parameter_invalid_empty', 'reason'],
      [{ charge: ch.id, reason: 'because' }, 'parameter_invalid_empty', 'reason'],
      [{ charge: ch.id, origin: 'customer_balance' }, 'parameters_exclusive', 'origin'],
      [{ charge: ch.id, reverse_transfer: true }, 'charge_invalid_parameter', 'reverse_transfer'],
      [{ charge: ch.id, refund_application_fee: true }, 'charge_invalid_parameter', 'refund_application_fee'],
      [{ charge: ch.id, expand: ['balance_transaction.x'] }, 'parameter_unknown', 'expand'],
      [{ charge: 'ch_missing' }, 'resource_missing', 'charge', 404],
      [{ payment_intent: 'pi_missing' }, 'resource_missing', 'payment_intent', 404],
    ];
    for (const [params, code, param, status] of cases) {
      await expectStripeError(stripe.refunds.create(params as never), {
        status: status ?? 400,
        type: 'invalid_request_error',
        code,
        param,
      });
    }
    const e = await expectStripeError(stripe.refunds.create({ charge: ch.id, foo: 'bar' } as never), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'foo',
    });
    expect(e.message).toBe('Received unknown parameter: foo');
    expect((await stripe.charges.retrieve(ch.id)).amount_refunded).toBe(0);
    expect(t.sandbox.store.refunds.size).toBe(0);
  });

  it('enforces metadata limits', async () => {
    const ch = await charge();
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await expectStripeError(stripe.refunds.create({ charge: ch.id, metadata: many }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_invalid_empty',
      param: 'metadata',
    });
    await expectStripeError(stripe.refunds.create({ charge: ch.id, metadata: { ['k'.repeat(41)]: 'v' } }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_invalid_empty',
      param: `metadata[${'k'.repeat(40)}]`,
    });
    await expectStripeError(stripe.refunds.create({ charge: ch.id, metadata: { k: 'v'.repeat(501) } }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_invalid_empty',
      param: 'metadata[k]',
    });
  });

  it('refuses a payment intent without a successful charge', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
    });
    expect(pi.status).toBe('requires_payment_method');
    await expectStripeError(stripe.refunds.create({ payment_intent: pi.id }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'charge_not_refundable',
      param: 'payment_intent',
    });
  });
});

describe('update, retrieve, cancel', () => {
  it('merges metadata, unsets "" keys, clears with metadata="" and refuses other fields', async () => {
    const ch = await charge();
    const refund = await stripe.refunds.create({ charge: ch.id, amount: 100, metadata: { a: '1', b: '2' } });
    let updated = await stripe.refunds.update(refund.id, { metadata: { a: '', c: '3' } });
    expectStripeShape('refund', updated);
    expect(updated.metadata).toEqual({ b: '2', c: '3' });
    updated = await stripe.refunds.update(refund.id, { metadata: '' as never });
    expect(updated.metadata).toEqual({});
    await expectStripeError(stripe.refunds.update(refund.id, { amount: 5 } as never), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'amount',
    });
    const fetched = await stripe.refunds.retrieve(refund.id, { expand: ['charge'] });
    expectStripeShape('refund', fetched);
    expect((fetched.charge as Stripe.Charge).id).toBe(ch.id);
    await expectStripeError(stripe.refunds.retrieve('re_missing'), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
      message: "No such refund: 're_missing'",
    });
    await expectStripeError(stripe.refunds.update('re_missing', { metadata: { a: 'b' } }), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
    });
  });

  it('cancels only refunds that require action', async () => {
    const ch = await charge();
    const refund = await stripe.refunds.create({ charge: ch.id, amount: 100 });
    await expectStripeError(stripe.refunds.cancel(refund.id), {
      status: 400,
      type: 'invalid_request_error',
      code: 'status_transition_invalid',
      param: undefined,
    });
  });
});

describe('list', () => {
  it('lists newest first with limit, has_more, cursors both ways and filters', async () => {
    const a = await charge(100_000);
    const b = await charge(100_000);
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const r = await stripe.refunds.create({ charge: i % 2 ? a.id : b.id, amount: 10 });
      ids.push(r.id);
    }
    const newestFirst = [...ids].reverse();
    const first = await stripe.refunds.list();
    expectStripeShape('list', first, 'refund');
    expect(first.data.map((r) => r.id)).toEqual(newestFirst.slice(0, 10));
    expect([first.has_more, first.url]).toEqual([true, '/v1/refunds']);

    const all = await stripe.refunds.list({ limit: 7 }).autoPagingToArray({ limit: 100 });
    expect(all.map((r) => r.id)).toEqual(newestFirst);

    const older = await stripe.refunds.list({ limit: 5, starting_after: newestFirst[9] });
    expect(older.data.map((r) => r.id)).toEqual(newestFirst.slice(10, 15));
    expect(older.has_more).toBe(true);

    const newer = await stripe.refunds.list({ limit: 5, ending_before: newestFirst[9] });
    expect(newer.data.map((r) => r.id)).toEqual(newestFirst.slice(4, 9));
    expect(newer.has_more).toBe(true);
    const newest = await stripe.refunds.list({ limit: 5, ending_before: newestFirst[3] });
    expect(newest.data.map((r) => r.id)).toEqual(newestFirst.slice(0, 3));
    expect(newest.has_more).toBe(false);

    // The SDK pages backwards from ending_before.
    const backwards = await stripe.refunds
      .list({ limit: 4, ending_before: newestFirst[20] })
      .autoPagingToArray({ limit: 100 });
    expect(new Set(backwards.map((r) => r.id))).toEqual(new Set(newestFirst.slice(0, 20)));

    const ofA = await stripe.refunds.list({ charge: a.id, limit: 100 });
    expect(ofA.data.map((r) => r.id)).toEqual(newestFirst.filter((_, i) => (24 - i) % 2 === 1));
    expect(ofA.data.every((r) => r.charge === a.id)).toBe(true);

    await expectStripeError(stripe.refunds.list({ limit: 0 }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_invalid_integer',
      param: 'limit',
    });
    await expectStripeError(stripe.refunds.list({ limit: 101 }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_invalid_integer',
      param: 'limit',
    });
    await expectStripeError(stripe.refunds.list({ starting_after: 're_missing' }), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'starting_after',
    });
    await expectStripeError(stripe.refunds.list({ bogus: 1 } as never), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'bogus',
    });
  });

  it('filters by created and payment_intent, and expands data.charge', async () => {
    const pi = await paidIntent(10_000);
    const early = await stripe.refunds.create({ payment_intent: pi.id, amount: 10 });
    await t.advance(100);
    const late = await stripe.refunds.create({ payment_intent: pi.id, amount: 10 });
    await stripe.refunds.create({ charge: (await charge()).id, amount: 10 });
    const byPi = await stripe.refunds.list({ payment_intent: pi.id, expand: ['data.charge'] });
    expect(byPi.data.map((r) => r.id)).toEqual([late.id, early.id]);
    expectStripeShape('charge', byPi.data[0]!.charge);
    const sinceLate = await stripe.refunds.list({ payment_intent: pi.id, created: { gte: late.created } });
    expect(sinceLate.data.map((r) => r.id)).toEqual([late.id]);
    const beforeLate = await stripe.refunds.list({ created: { lt: late.created } });
    expect(beforeLate.data.map((r) => r.id)).toEqual([early.id]);
    const exact = await stripe.refunds.list({ created: early.created });
    expect(exact.data.map((r) => r.id)).toEqual([early.id]);
  });
});
