import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shapeProblems } from '../support/stripe-shapes.ts';

// The shape checker itself: Stripe's own examples pass, and it sees changes at every depth.
// biome-ignore lint/suspicious/noExplicitAny: free-form fixtures edited in place
type Json = Record<string, any>;
const fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/stripe/fixtures.json', import.meta.url), 'utf8'),
) as Record<string, Json>;
const copy = (kind: string): Json => structuredClone(fixtures[kind]!);

describe('stripe shape checker', () => {
  it("accepts Stripe's published examples", () => {
    expect(shapeProblems('refund', copy('refund'))).toEqual([]);
    expect(shapeProblems('webhook_endpoint', copy('webhook_endpoint'))).toEqual([]);
    // The examples were published for an API version before the SDK's (2026-10-28): the fields that
    // version added are the only differences; and the examples expand `transfer_data.destination`
    // into a stub account that is not a whole Account.
    const newer = [
      'charge.payment_method_details.card.electronic_commerce_indicator: missing',
      'charge.payment_method_details.card.wallet.link: missing',
      'charge.source.ach_credit_transfer: missing',
      'payment_intent.allowed_payment_method_types: missing',
      'payment_intent.payment_record: missing',
      'payment_intent.processing.card: missing',
    ];
    for (const kind of ['charge', 'payment_intent'] as const) {
      const problems = shapeProblems(kind, copy(kind)).filter(
        (p) => !p.startsWith(`${kind}.transfer_data.destination.`),
      );
      for (const p of problems) expect(newer, p).toContain(p);
    }
  });

  it('compares objects at every depth', () => {
    const refund = copy('refund');
    delete refund.destination_details.card;
    expect(shapeProblems('refund', refund)).toEqual(['refund.destination_details.card: missing']);

    const charge = copy('charge');
    charge.outcome.type = 1;
    charge.outcome.extra = 'x';
    charge.payment_method_details.card.checks.cvc_check = 5;
    charge.payment_method_details.card.three_d_secure = { bogus: true };
    charge.billing_details.address.city = 7;
    expect(shapeProblems('charge', charge)).toEqual(
      expect.arrayContaining([
        'charge.outcome.type: expected string, got integer',
        "charge.outcome.extra: not in Stripe's shape",
        'charge.payment_method_details.card.checks.cvc_check: expected string | null, got integer',
        "charge.payment_method_details.card.three_d_secure.bogus: not in Stripe's shape",
        'charge.billing_details.address.city: expected string | null, got integer',
      ]),
    );

    const event = copy('event');
    event.type = 'refund.updated';
    event.data.object = copy('refund');
    event.data.object.amount = '12';
    event.data.previous_attributes = { status: 'pending' };
    delete event.request.idempotency_key;
    expect(shapeProblems('event', event)).toEqual([
      'event.data.object.amount: expected number, got string',
      'event.request.idempotency_key: missing',
    ]);
  });

  it('knows nullability, optional fields, closed enums and expandable ids', () => {
    const refund = copy('refund');
    refund.destination_details.card.reference = null; // optional, but never null
    refund.object = 'refunds'; // a literal
    refund.charge = { id: 'ch_1', object: 'charge' }; // expanded, but not a whole charge
    delete refund.pending_reason; // optional
    refund.transfer_reversal = null; // nullable
    expect(shapeProblems('refund', refund)).toEqual(
      expect.arrayContaining([
        'refund.destination_details.card.reference: expected string, got null',
        'refund.object: expected "refund", got "refunds"',
        'refund.charge.amount: missing',
      ]),
    );
    expect(shapeProblems('refund', { ...copy('refund'), charge: 'ch_1' })).toEqual([]);
  });

  it("checks events by their type, and error bodies by Stripe's schema and codes", () => {
    const event = copy('event');
    event.type = 'refund.exploded';
    expect(shapeProblems('event', event)).toEqual([
      'event.type: "refund.exploded" is not one of Stripe\'s event types',
    ]);
    const charge = copy('event');
    charge.type = 'charge.refunded';
    charge.data.previous_attributes = undefined;
    charge.data.object = copy('refund'); // charge.refunded carries a charge
    expect(shapeProblems('event', charge).some((p) => p.startsWith('event.data.object.'))).toBe(true);
    expect(
      shapeProblems('error', { error: { type: 'invalid_request_error', code: 'made_up', message: 'x' } }),
    ).toEqual(['error.code: "made_up" is not one of Stripe\'s values']);
    expect(shapeProblems('error', { error: { message: 'x', extra: 1 } })).toEqual([
      'error.type: missing',
      "error.extra: not in Stripe's shape",
    ]);
  });

  it('expects only the sub-object named by `type` in type-keyed objects', () => {
    const refund = copy('refund');
    refund.destination_details = { type: 'grabpay', grabpay: {} };
    expect(shapeProblems('refund', refund)).toEqual([]);
    refund.destination_details = { type: 'grabpay' };
    expect(shapeProblems('refund', refund)).toEqual(['refund.destination_details.grabpay: missing']);
    refund.destination_details = { type: 'card', card: { type: 'refund' }, grabpay: {} };
    expect(shapeProblems('refund', refund)).toEqual([]);
  });
});
