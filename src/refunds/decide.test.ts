import { describe, expect, it } from 'vitest';
import type { PolicySettings } from '../config.ts';
import type { Payment } from '../payments/payments.ts';
import { type DecisionFacts, decideRefund } from './decide.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const settings: Required<PolicySettings> = {
  refundWindowDays: 90,
  approvalThreshold: 50_000,
  approvalThresholds: {},
  blockedReasons: [],
  connect: { reverseTransfer: false, refundApplicationFee: false, approveUncovered: true },
  allowSelfApproval: false,
  fraudFlaggedRefunds: 'refuse',
};
const payment = (connect: Partial<Payment['connect']> = {}): Payment => ({
  id: 'pay_1',
  stripePaymentIntentId: 'pi_1',
  stripeChargeId: 'ch_1',
  orderId: 'ord_1',
  customerId: 'cus_1',
  customerEmail: null,
  fraudFlagged: false,
  metadata: {},
  amount: 10_000,
  currency: 'usd',
  capturedAt: new Date('2026-05-20T00:00:00Z'),
  stripeCustomerId: null,
  stripeAmountRefunded: 0,
  disputed: false,
  stripeSyncedAt: NOW,
  createdAt: NOW,
  connect: { stripeAccount: null, connectedAccount: null, applicationFee: null, transfer: null, ...connect },
});
const facts = (over: Partial<DecisionFacts> = {}): DecisionFacts => ({
  now: NOW,
  refundedAndInFlight: 0,
  settings,
  reversals: { reversalsRecorded: 0, reversalsPending: 0 },
  ...over,
});
const transfer = { id: 'tr_1', destination: 'acct_1', amount: 8_000, reversed: 0 };

describe('decideRefund: the policy and the Connect rules as one decision', () => {
  it('a refund within every rule: accepted as asked, nothing to approve', () => {
    const d = decideRefund({ amount: 2_500, reason: 'duplicate' }, payment(), facts());
    expect(d).toMatchObject({ amount: 2_500, violations: [], needsApproval: false, approvalReasons: [] });
    expect(d.connect).toMatchObject({ reverseTransfer: false, refundApplicationFee: false });
  });

  it("a Connect refusal refuses the whole refund and drops the policy's approval reasons", () => {
    const d = decideRefund({ amount: 9_000, reason: 'duplicate', reverseTransfer: true }, payment(), {
      ...facts(),
      settings: { ...settings, approvalThreshold: 5_000 },
    });
    expect(d.violations.map((v) => v.code)).toEqual(['no_transfer_to_reverse']);
    expect(d.approvalReasons).toEqual([]);
    expect(d.needsApproval).toBe(false);
  });

  it('a reversal the transfer can no longer cover waits for an approver (transfer_uncovered)', () => {
    const d = decideRefund(
      { amount: 5_000, reason: 'duplicate', reverseTransfer: true },
      payment({ transfer: { ...transfer, reversed: 7_000 } }),
      facts(),
    );
    expect(d.violations).toEqual([]);
    expect(d.approvalReasons).toEqual(['transfer_uncovered']);
    expect(d.needsApproval).toBe(true);
  });

  it('both reasons to wait are kept, the policy first', () => {
    const d = decideRefund(
      { amount: 6_000, reason: 'duplicate', reverseTransfer: true },
      payment({ transfer: { ...transfer, reversed: 7_000 } }),
      { ...facts(), settings: { ...settings, approvalThreshold: 5_000 } },
    );
    expect(d.approvalReasons).toEqual(['above_threshold', 'transfer_uncovered']);
  });

  it('without the reversals (a payment not registered yet) the Connect rules are left out', () => {
    const d = decideRefund({ amount: 2_500, reason: 'duplicate', reverseTransfer: true }, payment(), {
      ...facts(),
      reversals: null,
    });
    expect(d.connect).toBeNull();
    expect(d.violations).toEqual([]);
  });

  it('what is committed already counts against what remains', () => {
    const d = decideRefund(
      { amount: 2_500, reason: 'duplicate' },
      payment(),
      facts({ refundedAndInFlight: 9_000 }),
    );
    expect(d.violations.map((v) => v.code)).toEqual(['amount_exceeds_remaining']);
    expect(d.remaining).toBe(1_000);
  });
});
