import Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectStripeError, sandboxForFile, type TestSandbox } from '../support/sandbox.ts';
import { expectStripeShape } from '../support/stripe-shapes.ts';

let t: TestSandbox;
let stripe: Stripe;
sandboxForFile({}, (s) => {
  t = s;
  stripe = s.stripe;
});
beforeEach(() => {
  t.sandbox.hooks.beforeWrite.length = 0;
});

async function charge() {
  return stripe.charges.create({ amount: 5000, currency: 'usd', source: 'tok_visa' });
}

describe('idempotency', () => {
  it('replays the first response for the same key and parameters', async () => {
    const ch = await charge();
    const first = await stripe.refunds.create({ charge: ch.id, amount: 100 }, { idempotencyKey: 'k1' });
    const again = await stripe.refunds.create({ charge: ch.id, amount: 100 }, { idempotencyKey: 'k1' });
    expectStripeShape('refund', again);
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(again.lastResponse.headers['original-request']).toBe(first.lastResponse.requestId);
    expect(t.sandbox.store.refunds.size).toBe(1);
    expect((await stripe.charges.retrieve(ch.id)).amount_refunded).toBe(100);
  });

  it('replays business errors too, but not validation errors', async () => {
    const ch = await charge();
    await expectStripeError(
      stripe.refunds.create({ charge: ch.id, amount: 9999 }, { idempotencyKey: 'big' }),
      {
        status: 400,
        type: 'invalid_request_error',
        code: 'amount_too_large',
        param: 'amount',
      },
    );
    const replay = await expectStripeError(
      stripe.refunds.create({ charge: ch.id, amount: 9999 }, { idempotencyKey: 'big' }),
      { status: 400, type: 'invalid_request_error', code: 'amount_too_large', param: 'amount' },
    );
    expect(replay.headers?.['idempotent-replayed']).toBe('true');
    // A validation failure is not stored: the key can then be used for a good request.
    await expectStripeError(
      stripe.refunds.create({ charge: ch.id, amount: 'x' as never }, { idempotencyKey: 'v' }),
      {
        status: 400,
        type: 'invalid_request_error',
        code: 'parameter_invalid_integer',
        param: 'amount',
      },
    );
    const ok = await stripe.refunds.create({ charge: ch.id, amount: 5 }, { idempotencyKey: 'v' });
    expect(ok.amount).toBe(5);
  });

  it('refuses the same key with other parameters or on another endpoint', async () => {
    const ch = await charge();
    await stripe.refunds.create({ charge: ch.id, amount: 100 }, { idempotencyKey: 'k2' });
    await expectStripeError(stripe.refunds.create({ charge: ch.id, amount: 200 }, { idempotencyKey: 'k2' }), {
      status: 400,
      type: 'idempotency_error',
      message: /only be used with the same parameters/,
    });
    await expectStripeError(
      stripe.charges.create({ amount: 100, currency: 'usd', source: 'tok_visa' }, { idempotencyKey: 'k2' }),
      {
        status: 400,
        type: 'idempotency_error',
        message: /same endpoint.*'\/v1\/refunds' vs '\/v1\/charges'/,
      },
    );
    expect(t.sandbox.store.refunds.size).toBe(1);
  });

  it('scopes keys to the API key', async () => {
    const ch = await charge();
    const other = t.client('sk_test_other');
    const a = await stripe.refunds.create({ charge: ch.id, amount: 100 }, { idempotencyKey: 'shared' });
    const b = await other.refunds.create({ charge: ch.id, amount: 100 }, { idempotencyKey: 'shared' });
    expect(b.id).not.toBe(a.id);
  });

  it('answers 409 idempotency_key_in_use while the first request runs', async () => {
    const ch = await charge();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let entered!: () => void;
    const started = new Promise<void>((r) => {
      entered = r;
    });
    t.sandbox.hooks.beforeWrite.push(async () => {
      entered();
      await gate;
    });
    const first = stripe.refunds.create({ charge: ch.id, amount: 100 }, { idempotencyKey: 'slow' });
    await started;
    t.sandbox.hooks.beforeWrite.length = 0;
    await expectStripeError(
      stripe.refunds.create({ charge: ch.id, amount: 100 }, { idempotencyKey: 'slow' }),
      {
        status: 409,
        type: 'invalid_request_error',
        code: 'idempotency_key_in_use',
      },
    );
    release();
    const done = await first;
    const replay = await stripe.refunds.create({ charge: ch.id, amount: 100 }, { idempotencyKey: 'slow' });
    expect(replay.id).toBe(done.id);
  });

  it('forgets keys after 24 hours on the sandbox clock', async () => {
    const ch = await charge();
    const a = await stripe.refunds.create({ charge: ch.id, amount: 100 }, { idempotencyKey: 'old' });
    await t.advance(24 * 3600 + 1);
    const b = await stripe.refunds.create({ charge: ch.id, amount: 100 }, { idempotencyKey: 'old' });
    expect(b.id).not.toBe(a.id);
  });

  it('applies to every POST (payment intents)', async () => {
    const params = { amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true } as const;
    const a = await stripe.paymentIntents.create(params, { idempotencyKey: 'pi' });
    const b = await stripe.paymentIntents.create(params, { idempotencyKey: 'pi' });
    expect(b.id).toBe(a.id);
    expect(t.sandbox.store.paymentIntents.size).toBe(1);
    expect(Stripe).toBeDefined();
  });
});
