import { describe, expect, it } from 'vitest';
import { REFUND_STATUSES, type RefundStatus } from '../refunds/refund-states.ts';
import { type StatusFacts, statusView } from './status-view.ts';

const t = (minutes: number) => new Date(Date.UTC(2026, 10, 2, 9, minutes));

function facts(status: RefundStatus, path: RefundStatus[], over: Partial<StatusFacts> = {}): StatusFacts {
  return {
    status,
    amount: 2145,
    currency: 'usd',
    failureCode: null,
    createdAt: t(0),
    orderId: '1042',
    paymentReference: 'pi_3Nabcdef1234',
    history: path.map((to, i) => ({ to, at: t(i) })),
    ...over,
  };
}

const states = (v: ReturnType<typeof statusView>) => v.steps.map((s) => `${s.key}:${s.state}`);

describe('statusView', () => {
  it('shows a request not yet sent as requested, with amount and order', () => {
    const v = statusView(facts('queued', ['queued']));
    expect(v.stage).toBe('requested');
    expect(v.amount).toBe('$21.45');
    expect(v.payment).toBe('Order 1042');
    expect(states(v)).toEqual(['requested:current', 'processing:upcoming', 'outcome:upcoming']);
    expect(v.steps[0]!.at).toBe(t(0).toISOString());
    expect(v.done).toBe(false);
  });

  it('shows processing with the date Stripe took it', () => {
    const pending = statusView(facts('pending', ['queued', 'pending']));
    expect(states(pending)).toEqual(['requested:done', 'processing:current', 'outcome:upcoming']);
    expect(pending.steps[1]!.at).toBe(t(1).toISOString());
  });

  it.each([
    {
      status: 'succeeded',
      path: ['queued', 'pending', 'succeeded'],
      stage: 'refunded',
      headline: 'Your refund is on its way',
      label: 'Refunded',
      // A succeeded refund can still fail: the page keeps listening.
      done: false,
    },
    {
      status: 'refunded_another_way',
      path: ['queued', 'pending', 'failed', 'refunded_another_way'],
      stage: 'refunded_another_way',
      headline: 'Your refund was paid another way',
      label: 'Refunded another way',
      done: true,
    },
  ] as const)('shows $status as $stage with the amount and its date (done: $done)', (c) => {
    const v = statusView(facts(c.status, [...c.path]));
    expect(v.stage).toBe(c.stage);
    expect(v.headline).toBe(c.headline);
    expect(v.message).toContain('$21.45');
    expect(states(v)).toEqual(['requested:done', 'processing:done', 'outcome:done']);
    expect(v.steps[2]).toMatchObject({ label: c.label, at: t(c.path.length - 1).toISOString() });
    expect(v.done).toBe(c.done);
  });

  it('says in plain words why a refund failed and what happens next, including after success', () => {
    const late = statusView(
      facts('failed', ['queued', 'succeeded', 'failed'], { failureCode: 'expired_or_canceled_card' }),
    );
    expect(late.stage).toBe('failed');
    expect(late.message).toContain('was sent, but it failed afterwards');
    expect(late.message).toContain('expired or been canceled');
    expect(late.message).toContain('another way');
    expect(late.steps[2]).toMatchObject({ label: 'Failed', state: 'failed', at: t(2).toISOString() });
    expect(late.done).toBe(true);
    expect(statusView(facts('failed', ['queued', 'failed'])).message).toMatch(/^The refund failed because/);
  });

  it('covers action needed, canceled and not approved, and masks the payment without an order', () => {
    expect(statusView(facts('requires_action', ['queued', 'requires_action'])).stage).toBe('action_needed');
    const canceled = statusView(facts('canceled', ['queued', 'requires_action', 'canceled']));
    expect(states(canceled)).toEqual(['requested:done', 'processing:done', 'outcome:failed']);
    const rejected = statusView(facts('rejected', ['awaiting_approval', 'rejected'], { orderId: null }));
    expect(rejected.stage).toBe('not_approved');
    expect(rejected.payment).toBe('Payment ending in 1234');
    expect(statusView(facts('queued', ['queued'], { currency: 'jpy', amount: 500 })).amount).toBe('¥500');
  });

  it("shows the merchant's name and support contacts on every state, as safe links only", () => {
    const merchant = {
      name: ' Acme ',
      supportEmail: 'help@acme.example',
      supportPhone: '+44 20 7946 0000',
      supportUrl: 'https://acme.example/help',
    };
    for (const status of REFUND_STATUSES) {
      const v = statusView(facts(status, [status], { merchant }));
      expect(v.merchant, status).toEqual({
        name: 'Acme',
        contacts: [
          { kind: 'email', label: 'help@acme.example', href: 'mailto:help@acme.example' },
          { kind: 'phone', label: '+44 20 7946 0000', href: 'tel:+442079460000' },
          { kind: 'url', label: 'acme.example/help', href: 'https://acme.example/help' },
        ],
      });
    }
    const none = statusView(facts('queued', ['queued']));
    expect(none.merchant).toEqual({ name: '', contacts: [] });
    const odd = statusView(
      facts('queued', ['queued'], {
        merchant: { name: null, supportEmail: null, supportPhone: null, supportUrl: 'javascript:alert(1)' },
      }),
    );
    expect(odd.merchant.contacts).toEqual([]);
  });
});
