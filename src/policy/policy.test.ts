import { describe, expect, it } from 'vitest';
import { evaluate, type PolicyContext, type PolicyPayment } from './policy.ts';

const now = new Date('2026-06-01T00:00:00Z');
const payment: PolicyPayment = {
  amount: 10_000,
  currency: 'usd',
  capturedAt: new Date('2026-05-20T00:00:00Z'),
  disputed: false,
  fraudFlagged: false,
  customerId: 'cus_1',
  stripeCustomerId: 'cus_Stripe1',
};
const ctx = (over: Partial<PolicyContext> = {}): PolicyContext => ({
  now,
  refundedAndInFlight: 0,
  settings: { refundWindowDays: 90, approvalThreshold: 50_000 },
  ...over,
});
const codes = (d: ReturnType<typeof evaluate>) => d.violations.map((v) => v.code).sort();

describe('evaluate', () => {
  it('allows a plain partial refund', () => {
    const d = evaluate({ amount: 2_500 }, payment, ctx());
    expect(d.violations).toEqual([]);
    expect(d.amount).toBe(2_500);
    expect(d.remaining).toBe(10_000);
    expect(d.needsApproval).toBe(false);
  });

  it('omitted amount means all that remains', () => {
    const d = evaluate({ amount: undefined }, payment, ctx({ refundedAndInFlight: 3_000 }));
    expect(d.amount).toBe(7_000);
    expect(d.violations).toEqual([]);
  });

  it('refund window: inside on the last day, outside after it', () => {
    const edge = { ...payment, capturedAt: new Date(now.getTime() - 90 * 86_400_000) };
    expect(codes(evaluate({ amount: 1 }, edge, ctx()))).toEqual([]);
    const old = { ...payment, capturedAt: new Date(now.getTime() - 91 * 86_400_000) };
    const d = evaluate({ amount: 1 }, old, ctx());
    expect(codes(d)).toEqual(['outside_refund_window']);
    expect(d.violations[0]!.param).toBe('payment_id');
    expect(d.violations[0]!.message).toContain('91 days');
  });

  it('fraud-flagged payments are blocked by default', () => {
    const d = evaluate({ amount: 1 }, { ...payment, fraudFlagged: true }, ctx());
    expect(codes(d)).toEqual(['fraud_flagged']);
    expect(d.needsApproval).toBe(false);
    expect(d.violations[0]!.message).toMatch(/an admin can allow them with approval/);
  });

  it('fraud-flagged payments refunded with approval when an admin allows it, whatever the amount', () => {
    const settings = {
      refundWindowDays: 90,
      approvalThreshold: 50_000,
      fraudFlaggedRefunds: 'with_approval' as const,
    };
    const d = evaluate({ amount: 1 }, { ...payment, fraudFlagged: true }, ctx({ settings }));
    expect(d.violations).toEqual([]);
    expect(d.needsApproval).toBe(true);
    expect(d.approvalReasons).toEqual(['fraud_flagged']);
    // Other rules still apply: the setting lifts the fraud rule, nothing else.
    const old = { ...payment, fraudFlagged: true, capturedAt: new Date(now.getTime() - 100 * 86_400_000) };
    const refused = evaluate({ amount: 1 }, old, ctx({ settings }));
    expect(codes(refused)).toEqual(['outside_refund_window']);
    expect(refused.needsApproval).toBe(false);
    expect(refused.approvalReasons).toEqual([]);
  });

  it('a disputed payment cannot be refunded (Stripe refuses too)', () => {
    const d = evaluate({ amount: 1 }, { ...payment, disputed: true }, ctx());
    expect(codes(d)).toEqual(['payment_disputed']);
    expect(d.violations[0]).toMatchObject({
      param: 'payment_id',
      message: expect.stringMatching(/disputed/),
    });
  });

  it('the customer named may be the merchant’s reference or Stripe’s customer id', () => {
    expect(codes(evaluate({ amount: 1 }, payment, ctx({ customerId: 'cus_1' })))).toEqual([]);
    expect(codes(evaluate({ amount: 1 }, payment, ctx({ customerId: 'cus_Stripe1' })))).toEqual([]);
    expect(codes(evaluate({ amount: 1 }, payment, ctx({ customerId: 'cus_2' })))).toEqual([
      'not_payment_owner',
    ]);
  });

  it('says why a refund waits for approval', () => {
    expect(evaluate({ amount: 60_000 }, { ...payment, amount: 100_000 }, ctx()).approvalReasons).toEqual([
      'above_threshold',
    ]);
    const settings = {
      refundWindowDays: 90,
      approvalThreshold: 50_000,
      fraudFlaggedRefunds: 'with_approval' as const,
    };
    expect(
      evaluate({ amount: 60_000 }, { ...payment, amount: 100_000, fraudFlagged: true }, ctx({ settings }))
        .approvalReasons,
    ).toEqual(['above_threshold', 'fraud_flagged']);
  });

  it('currency must match (case-insensitive)', () => {
    expect(codes(evaluate({ amount: 1, currency: 'USD' }, payment, ctx()))).toEqual([]);
    const d = evaluate({ amount: 1, currency: 'eur' }, payment, ctx());
    expect(codes(d)).toEqual(['currency_mismatch']);
    expect(d.violations[0]!.param).toBe('currency');
  });

  it.each([0, -5, 1.5, Number.NaN, 2 ** 60])('amount %s is invalid', (amount) => {
    expect(codes(evaluate({ amount }, payment, ctx()))).toEqual(['invalid_amount']);
  });

  it('amount may equal but not exceed what remains, counting in-flight refunds', () => {
    expect(codes(evaluate({ amount: 4_000 }, payment, ctx({ refundedAndInFlight: 6_000 })))).toEqual([]);
    const d = evaluate({ amount: 4_001 }, payment, ctx({ refundedAndInFlight: 6_000 }));
    expect(codes(d)).toEqual(['amount_exceeds_remaining']);
    expect(d.violations[0]!.param).toBe('amount');
  });

  it('fully refunded payment: nothing to refund', () => {
    expect(codes(evaluate({ amount: undefined }, payment, ctx({ refundedAndInFlight: 10_000 })))).toEqual([
      'nothing_to_refund',
    ]);
  });

  it('customer must own the payment when a customer id is given', () => {
    expect(codes(evaluate({ amount: 1 }, payment, ctx({ customerId: 'cus_1' })))).toEqual([]);
    expect(codes(evaluate({ amount: 1 }, payment, ctx({ customerId: 'cus_2' })))).toEqual([
      'not_payment_owner',
    ]);
    expect(
      codes(evaluate({ amount: 1 }, { ...payment, customerId: null }, ctx({ customerId: 'cus_1' }))),
    ).toEqual(['not_payment_owner']);
  });

  it('a reason the settings block is refused; other reasons and an unset list pass', () => {
    const blocking = ctx({
      settings: { refundWindowDays: 90, approvalThreshold: 50_000, blockedReasons: ['other'] },
    });
    const d = evaluate({ amount: 1, reason: 'other' }, payment, blocking);
    expect(codes(d)).toEqual(['reason_blocked']);
    expect(d.violations[0]!.param).toBe('reason');
    expect(d.violations[0]!.message).toContain("'other'");
    expect(d.needsApproval).toBe(false);
    expect(codes(evaluate({ amount: 1, reason: 'duplicate' }, payment, blocking))).toEqual([]);
    expect(codes(evaluate({ amount: 1, reason: 'other' }, payment, ctx()))).toEqual([]);
  });

  it('approval threshold: above it needs approval, at it does not', () => {
    const big = { ...payment, amount: 100_000 };
    expect(evaluate({ amount: 50_000 }, big, ctx()).needsApproval).toBe(false);
    expect(evaluate({ amount: 50_001 }, big, ctx()).needsApproval).toBe(true);
    expect(evaluate({ amount: undefined }, big, ctx()).needsApproval).toBe(true);
  });

  it('returns every broken rule at once, and never asks approval for a refused refund', () => {
    const bad = { ...payment, amount: 100_000, fraudFlagged: true, capturedAt: new Date('2025-01-01Z') };
    const d = evaluate({ amount: 200_000, currency: 'eur' }, bad, ctx({ customerId: 'cus_9' }));
    expect(codes(d)).toEqual([
      'amount_exceeds_remaining',
      'currency_mismatch',
      'fraud_flagged',
      'not_payment_owner',
      'outside_refund_window',
    ]);
    expect(d.needsApproval).toBe(false);
  });
});
