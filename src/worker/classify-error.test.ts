import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { backoffMs, classifyStripeError } from './classify-error.ts';

function stripeError(statusCode: number, raw: { type: string; code?: string; message: string }) {
  return Stripe.errors.StripeError.generate({ ...raw, statusCode } as never);
}

describe('classifyStripeError', () => {
  it('retries rate limits, 5xx, 409 and lock timeouts', () => {
    expect(
      classifyStripeError(
        stripeError(429, { type: 'invalid_request_error', code: 'rate_limit', message: 'x' }),
      ),
    ).toMatchObject({ kind: 'retry', rateLimited: true });
    expect(classifyStripeError(stripeError(500, { type: 'api_error', message: 'x' }))).toMatchObject({
      kind: 'retry',
      rateLimited: false,
    });
    expect(
      classifyStripeError(
        stripeError(409, { type: 'invalid_request_error', code: 'idempotency_key_in_use', message: 'x' }),
      ),
    ).toMatchObject({ kind: 'retry' });
    expect(
      classifyStripeError(
        stripeError(429, { type: 'invalid_request_error', code: 'lock_timeout', message: 'x' }),
      ),
    ).toMatchObject({ kind: 'retry', rateLimited: false });
  });

  it('retries connection errors and plain errors', () => {
    const conn = new Stripe.errors.StripeConnectionError({ message: 'socket hang up' } as never);
    expect(classifyStripeError(conn)).toMatchObject({ kind: 'retry' });
    expect(classifyStripeError(new Error('ETIMEDOUT'))).toMatchObject({ kind: 'retry' });
  });

  it("fails permanently on Stripe's refusals, with its code and message", () => {
    for (const code of ['charge_already_refunded', 'amount_too_large', 'charge_disputed']) {
      expect(
        classifyStripeError(stripeError(400, { type: 'invalid_request_error', code, message: `m ${code}` })),
      ).toEqual({ kind: 'permanent', code, message: `m ${code}` });
    }
    expect(
      classifyStripeError(
        stripeError(404, {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: 'No such charge',
        }),
      ),
    ).toMatchObject({ kind: 'permanent', code: 'resource_missing' });
    expect(
      classifyStripeError(
        stripeError(400, { type: 'idempotency_error', message: 'Keys for idempotent requests' }),
      ),
    ).toMatchObject({ kind: 'permanent', code: 'idempotency_error' });
  });

  it('pauses on 401 and 403', () => {
    expect(
      classifyStripeError(stripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key' })),
    ).toMatchObject({ kind: 'auth' });
    expect(
      classifyStripeError(stripeError(403, { type: 'invalid_request_error', message: 'forbidden' })),
    ).toMatchObject({ kind: 'auth' });
  });
});

describe('backoffMs', () => {
  it('grows exponentially, is capped, and is jittered from zero', () => {
    expect(backoffMs(1, { baseMs: 100, random: () => 0.999 })).toBe(99);
    expect(backoffMs(4, { baseMs: 100, random: () => 0.999 })).toBe(799);
    expect(backoffMs(40, { baseMs: 100, capMs: 5000, random: () => 0.999 })).toBe(4995);
    expect(backoffMs(3, { baseMs: 100, random: () => 0 })).toBe(0);
  });
});
