import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canTransition, REFUND_STATUSES, type RefundStatus } from '../refunds/refund-states.ts';
import { classify, type LocalSide, needsPerson, type StripeSide } from './classify.ts';

const stripe = (over: Partial<StripeSide> = {}): StripeSide => ({
  id: 're_1',
  amount: 500,
  currency: 'usd',
  status: 'succeeded',
  paymentIntentId: 'pi_1',
  chargeId: 'ch_1',
  refundryRefundId: 'rf_1',
  ...over,
});
const local = (over: Partial<LocalSide> = {}): LocalSide => ({
  id: 'rf_1',
  paymentId: 'pay_1',
  amount: 500,
  currency: 'usd',
  status: 'succeeded',
  origin: 'refundry',
  stripeRefundId: 're_1',
  ...over,
});

describe('classify', () => {
  it('matches a pair that agrees on amount, currency and status', () => {
    expect(classify({ stripe: stripe(), local: local() })).toEqual({ kind: 'matched', action: 'none' });
    // Currency case does not matter; Stripe sends lowercase, but be lenient.
    expect(classify({ stripe: stripe({ currency: 'USD' }), local: local() }).kind).toBe('matched');
  });

  it("counts a connected account's transfer-reversal refund (pyr_) apart, never as an unknown payment", () => {
    const mirror = stripe({
      id: 'pyr_1',
      paymentIntentId: null,
      chargeId: 'py_1',
      refundryRefundId: null,
      sourceTransferReversal: 'trr_1',
    });
    expect(classify({ stripe: mirror, paymentKnown: false })).toEqual({
      kind: 'transfer_reversal',
      action: 'none',
    });
    expect(needsPerson(classify({ stripe: mirror }))).toBe(false);
  });

  it('a failed refund recorded as refunded another way agrees with Stripe saying failed', () => {
    const settled = local({ status: 'refunded_another_way' });
    expect(classify({ stripe: stripe({ status: 'failed' }), local: settled })).toEqual({
      kind: 'matched',
      action: 'none',
    });
    expect(needsPerson(classify({ stripe: stripe({ status: 'failed' }), local: settled }))).toBe(false);
    // Never a "link" through the Stripe path, which would call Stripe's failed a stale observation.
    expect(
      classify({ stripe: stripe({ status: 'failed' }), local: { ...settled, stripeRefundId: null } }),
    ).toEqual({ kind: 'matched', action: 'none' });
    // Anything else Stripe says about it is still a discrepancy for a person.
    expect(classify({ stripe: stripe({ status: 'succeeded' }), local: settled })).toMatchObject({
      kind: 'status_mismatch',
      action: 'flag',
    });
    expect(classify({ stripe: stripe({ status: 'failed', amount: 400 }), local: settled })).toMatchObject({
      kind: 'amount_mismatch',
    });
  });

  it('links a pair matched only by Refundry id in the metadata', () => {
    expect(classify({ stripe: stripe(), local: local({ stripeRefundId: null }) })).toEqual({
      kind: 'matched',
      action: 'link',
    });
  });

  it('adopts Stripe status when the state machine allows the move', () => {
    expect(classify({ stripe: stripe({ status: 'failed' }), local: local({ status: 'succeeded' }) })).toEqual(
      { kind: 'status_mismatch', action: 'adopt_status', from: 'succeeded', to: 'failed' },
    );
    // A lost response: still queued here, already succeeded at Stripe.
    expect(classify({ stripe: stripe(), local: local({ status: 'queued', stripeRefundId: null }) })).toEqual({
      kind: 'status_mismatch',
      action: 'adopt_status',
      from: 'queued',
      to: 'succeeded',
    });
    expect(classify({ stripe: stripe(), local: local({ status: 'pending' }) })).toMatchObject({
      action: 'adopt_status',
      to: 'succeeded',
    });
  });

  it('flags a status difference the state machine refuses (never moves backwards)', () => {
    const v = classify({ stripe: stripe({ status: 'succeeded' }), local: local({ status: 'failed' }) });
    expect(v).toMatchObject({ kind: 'status_mismatch', action: 'flag' });
    expect(v.action === 'flag' && v.detail).toMatch(/failed → succeeded/);
    expect(
      classify({ stripe: stripe({ status: 'pending' }), local: local({ status: 'succeeded' }) }).action,
    ).toBe('flag');
    // Never approved here, yet refunded at Stripe.
    expect(
      classify({ stripe: stripe(), local: local({ status: 'awaiting_approval', stripeRefundId: null }) })
        .action,
    ).toBe('flag');
  });

  it('flags a Stripe status it does not know', () => {
    const v = classify({ stripe: stripe({ status: 'processing' }), local: local() });
    expect(v).toMatchObject({ kind: 'status_mismatch', action: 'flag' });
    expect(classify({ stripe: stripe({ status: null }), local: local() }).action).toBe('flag');
  });

  it('flags amount and currency differences, before and instead of any status healing', () => {
    expect(
      classify({ stripe: stripe({ amount: 400, status: 'failed' }), local: local({ amount: 500 }) }),
    ).toMatchObject({ kind: 'amount_mismatch', action: 'flag' });
    expect(
      classify({ stripe: stripe({ currency: 'eur', amount: 1 }), local: local({ amount: 500 }) }),
    ).toMatchObject({ kind: 'currency_mismatch', action: 'flag' });
  });

  it('records a refund unknown here as external when its payment is known, flags it otherwise', () => {
    expect(classify({ stripe: stripe({ refundryRefundId: null }), paymentKnown: true })).toEqual({
      kind: 'missing_here',
      action: 'record_external',
    });
    const v = classify({ stripe: stripe({ refundryRefundId: null }), paymentKnown: false });
    expect(v).toMatchObject({ kind: 'unknown_payment', action: 'flag' });
    expect(v.action === 'flag' && v.detail).toContain('pi_1');
  });

  it('flags a refund sent from here that Stripe does not have', () => {
    const v = classify({ local: local({ stripeRefundId: 're_gone' }) });
    expect(v).toMatchObject({ kind: 'missing_at_stripe', action: 'flag' });
    expect(v.action === 'flag' && v.detail).toContain('re_gone');
  });

  it('flags a second Stripe refund carrying the id of a refund linked to another one', () => {
    expect(
      classify({ stripe: stripe({ id: 're_2' }), local: local({ stripeRefundId: 're_1' }) }),
    ).toMatchObject({ kind: 'duplicate_at_stripe', action: 'record_and_flag' });
  });

  it('refuses an empty pair', () => {
    expect(() => classify({})).toThrow();
  });

  it('for any two statuses of one refund: matched iff equal (or failed there and refunded another way here), adopted iff allowed, else flagged', () => {
    const stripeStatuses = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...REFUND_STATUSES),
        fc.constantFrom(...stripeStatuses),
        fc.boolean(),
        (here: RefundStatus, there, linked) => {
          const v = classify({
            stripe: stripe({ status: there }),
            local: local({ status: here, stripeRefundId: linked ? 're_1' : null }),
          });
          if (here === there) {
            expect(v.kind).toBe('matched');
            expect(v.action).toBe(linked ? 'none' : 'link');
          } else if (here === 'refunded_another_way' && there === 'failed') {
            expect(v).toEqual({ kind: 'matched', action: 'none' });
          } else if (canTransition(here, there)) {
            expect(v).toEqual({ kind: 'status_mismatch', action: 'adopt_status', from: here, to: there });
          } else {
            expect(v.kind).toBe('status_mismatch');
            expect(needsPerson(v)).toBe(true);
          }
        },
      ),
    );
  });

  it('any amount or currency difference is flagged for a person, whatever the statuses', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.constantFrom('usd', 'eur', 'jpy'),
        fc.constantFrom('usd', 'eur', 'jpy'),
        fc.constantFrom(...REFUND_STATUSES),
        (a, b, ca, cb, here) => {
          fc.pre(a !== b || ca !== cb);
          const v = classify({
            stripe: stripe({ amount: a, currency: ca }),
            local: local({ amount: b, currency: cb, status: here }),
          });
          expect(v.kind).toBe(ca !== cb ? 'currency_mismatch' : 'amount_mismatch');
          expect(needsPerson(v)).toBe(true);
        },
      ),
    );
  });
});
