import { describe, expect, it } from 'vitest';
import type { StripeGateway, StripePayment } from './gateway.ts';
import { withNotFoundCache, withRequestBudget } from './gateway-budget.ts';

function counting(known: Record<string, StripePayment> = {}) {
  const calls: string[] = [];
  const gateway: StripeGateway = {
    createRefund: async (input) => {
      calls.push(`create:${input.refundId}`);
      return {} as never;
    },
    retrieveRefund: async (id) => {
      calls.push(`retrieve:${id}`);
      return {} as never;
    },
    findRefundByRefundryId: async () => {
      calls.push('find');
      return undefined;
    },
    retrievePayment: async (id) => {
      calls.push(`payment:${id}`);
      return known[id];
    },
    async *listRefunds() {
      calls.push('page1');
      yield [];
      calls.push('page2');
      yield [];
    },
  };
  return { gateway, calls };
}

describe('withRequestBudget', () => {
  it('draws on the budget before every call, each page of a listing included', async () => {
    const { gateway, calls } = counting();
    const order: string[] = [];
    const budgeted = withRequestBudget(gateway, {
      acquire: async () => {
        order.push(`token(${calls.length})`);
      },
    });
    await budgeted.retrievePayment('pi_1');
    await budgeted.retrieveRefund('re_1');
    await budgeted.findRefundByRefundryId({ chargeId: 'ch_1' }, 'rf_1');
    await budgeted.createRefund({ refundId: 'rf_1', idempotencyKey: 'k', amount: 1 });
    for await (const _ of budgeted.listRefunds({ gte: new Date(0), lt: new Date() })) {
      // pages
    }
    expect(calls).toEqual(['payment:pi_1', 'retrieve:re_1', 'find', 'create:rf_1', 'page1', 'page2']);
    // A token before each call (and one for the listing's final "no more pages" step).
    expect(order).toEqual([
      'token(0)',
      'token(1)',
      'token(2)',
      'token(3)',
      'token(4)',
      'token(5)',
      'token(6)',
    ]);
  });

  it('a 429 from Stripe slows the shared budget down (and is still thrown); other errors do not', async () => {
    const slowed: string[] = [];
    const failing = (error: object): StripeGateway => ({
      ...counting().gateway,
      retrievePayment: async () => {
        throw Object.assign(new Error('Stripe said no'), error);
      },
    });
    const budget = {
      acquire: async () => {},
      rateLimited: async () => {
        slowed.push('slow');
      },
    };
    const limited = withRequestBudget(failing({ statusCode: 429, type: 'StripeRateLimitError' }), budget);
    await expect(limited.retrievePayment('pi_1')).rejects.toThrow('Stripe said no');
    expect(slowed).toEqual(['slow']);
    const lockTimeout = withRequestBudget(failing({ statusCode: 429, code: 'lock_timeout' }), budget);
    await expect(lockTimeout.retrievePayment('pi_1')).rejects.toThrow();
    const down = withRequestBudget(failing({ statusCode: 503 }), budget);
    await expect(down.retrievePayment('pi_1')).rejects.toThrow();
    expect(slowed).toEqual(['slow']);
  });
});

describe('withNotFoundCache', () => {
  const found = { paymentIntentId: 'pi_known' } as StripePayment;

  it('answers an id Stripe did not know from memory until the TTL passes; found payments are never cached', async () => {
    let now = 0;
    const { gateway, calls } = counting({ pi_known: found });
    const cached = withNotFoundCache(gateway, { ttlMs: 60_000, now: () => now });
    expect(await cached.retrievePayment('pi_nope')).toBeUndefined();
    expect(await cached.retrievePayment('pi_nope')).toBeUndefined();
    expect(await cached.retrievePayment('pi_known')).toBe(found);
    expect(await cached.retrievePayment('pi_known')).toBe(found);
    expect(calls).toEqual(['payment:pi_nope', 'payment:pi_known', 'payment:pi_known']);
    now = 60_001;
    expect(await cached.retrievePayment('pi_nope')).toBeUndefined();
    expect(calls.filter((c) => c === 'payment:pi_nope')).toHaveLength(2);
  });

  it('remembers a bounded number of ids, forgetting the oldest first', async () => {
    const { gateway, calls } = counting();
    const cached = withNotFoundCache(gateway, { ttlMs: 60_000, maxEntries: 2, now: () => 0 });
    for (const id of ['pi_a', 'pi_b', 'pi_c', 'pi_b', 'pi_c', 'pi_a']) await cached.retrievePayment(id);
    expect(calls).toEqual(['payment:pi_a', 'payment:pi_b', 'payment:pi_c', 'payment:pi_a']);
  });

  it('a Stripe error is not cached (only a clean "no such payment")', async () => {
    let fail = true;
    const gateway = {
      ...counting().gateway,
      retrievePayment: async () => {
        if (fail) throw new Error('Stripe is down');
        return undefined;
      },
    };
    const cached = withNotFoundCache(gateway, { ttlMs: 60_000, now: () => 0 });
    await expect(cached.retrievePayment('pi_x')).rejects.toThrow('down');
    fail = false;
    expect(await cached.retrievePayment('pi_x')).toBeUndefined();
  });
});
