import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REFUND_STATUSES, type RefundStatus } from '../refunds/refund-states.ts';
import { planNotifications } from './plan.ts';

const change = (from: RefundStatus | null, to: RefundStatus, over = {}) =>
  planNotifications({ from, to, hasCustomerEmail: true, origin: 'refundry', ...over });

describe('planNotifications', () => {
  it('emails the customer only when Stripe confirms success, or when the refund fails', () => {
    expect(change('pending', 'succeeded').customerEmail).toBe('refund_succeeded');
    expect(change('queued', 'succeeded').customerEmail).toBe('refund_succeeded');
    expect(change('requires_action', 'succeeded').customerEmail).toBe('refund_succeeded');
    expect(change('pending', 'failed').customerEmail).toBe('refund_failed');
    expect(change('queued', 'failed').customerEmail).toBe('refund_failed');
    // The late failure is told too.
    expect(change('succeeded', 'failed').customerEmail).toBe('refund_failed');
    for (const [from, to] of [
      [null, 'queued'],
      [null, 'awaiting_approval'],
      ['queued', 'pending'],
      ['pending', 'requires_action'],
      ['awaiting_approval', 'queued'],
      ['awaiting_approval', 'rejected'],
      ['queued', 'canceled'],
      ['requires_action', 'canceled'],
    ] as const) {
      expect(change(from, to).customerEmail, `${from}→${to}`).toBeNull();
    }
  });

  it('writes no email without an address, nor for refunds made outside Refundry', () => {
    expect(change('pending', 'succeeded', { hasCustomerEmail: false }).customerEmail).toBeNull();
    expect(change('succeeded', 'failed', { origin: 'external' }).customerEmail).toBeNull();
    // The merchant still hears about it.
    expect(change('succeeded', 'failed', { origin: 'external' }).events).toEqual(['refund.failed']);
  });

  it('names one merchant event per status change, and created (+ awaiting_approval) on creation', () => {
    expect(change(null, 'queued').events).toEqual(['refund.created']);
    expect(change(null, 'awaiting_approval').events).toEqual(['refund.created', 'refund.awaiting_approval']);
    expect(change('awaiting_approval', 'queued').events).toEqual(['refund.approved']);
    expect(change('awaiting_approval', 'rejected').events).toEqual(['refund.rejected']);
    expect(change('queued', 'pending').events).toEqual(['refund.pending']);
    expect(change('pending', 'requires_action').events).toEqual(['refund.requires_action']);
    expect(change('requires_action', 'canceled').events).toEqual(['refund.canceled']);
    expect(change('pending', 'succeeded').events).toEqual(['refund.succeeded']);
    expect(change('succeeded', 'failed').events).toEqual(['refund.failed']);
    expect(change('failed', 'failed').events).toEqual([]);
  });

  it('never plans more than one email, and only succeeded/failed ones, for any change', () => {
    const status = fc.constantFrom(...REFUND_STATUSES);
    fc.assert(
      fc.property(fc.option(status, { nil: null }), status, fc.boolean(), (from, to, hasEmail) => {
        const plan = change(from, to, { hasCustomerEmail: hasEmail });
        if (plan.customerEmail !== null) {
          expect(hasEmail).toBe(true);
          expect(from).not.toBe(to);
          expect(plan.customerEmail).toBe(to === 'succeeded' ? 'refund_succeeded' : 'refund_failed');
          expect(['succeeded', 'failed']).toContain(to);
        }
        expect(plan.events.length).toBeLessThanOrEqual(from === null ? 2 : 1);
      }),
    );
  });
});
