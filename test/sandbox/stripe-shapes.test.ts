import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shapeProblems } from '../support/stripe-shapes.ts';

// The shape checker itself: Stripe's own examples pass, and it sees changes one level down.
// biome-ignore lint/suspicious/noExplicitAny: free-form fixtures edited in place
type Json = Record<string, any>;
const fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/stripe/fixtures.json', import.meta.url), 'utf8'),
) as Record<string, Json>;
const copy = (kind: string): Json => structuredClone(fixtures[kind]!);

describe('stripe shape checker', () => {
  it("accepts Stripe's published examples", () => {
    for (const kind of ['refund', 'charge', 'payment_intent'] as const) {
      expect(shapeProblems(kind, copy(kind)), kind).toEqual([]);
    }
  });

  it('compares nested objects one level down', () => {
    const refund = copy('refund');
    delete refund.destination_details.card;
    expect(shapeProblems('refund', refund)).toEqual(['refund.destination_details.card: missing']);

    const charge = copy('charge');
    charge.outcome.type = 1;
    charge.outcome.extra = 'x';
    charge.outcome.risk_level = 'normal'; // optional in the SDK's types
    expect(shapeProblems('charge', charge)).toEqual([
      'charge.outcome.type: expected string, got integer',
      "charge.outcome.extra: not in Stripe's shape",
    ]);

    const event = copy('event');
    event.data.object = copy('refund');
    event.data.previous_attributes = { status: 'pending' };
    delete event.request.idempotency_key;
    expect(shapeProblems('event', event)).toEqual(['event.request.idempotency_key: missing']);
  });

  it('expects only the sub-object named by `type` in type-keyed objects', () => {
    const refund = copy('refund');
    refund.destination_details = { type: 'paypal', paypal: {} };
    expect(shapeProblems('refund', refund)).toEqual([]);
    refund.destination_details = { type: 'paypal' };
    expect(shapeProblems('refund', refund)).toEqual(['refund.destination_details.paypal: missing']);
  });
});
