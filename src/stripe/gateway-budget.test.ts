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
    retrieveRefund: async (id, account) => {
      calls.push(`retrieve:${id}${account ? `@${account}` : ''}`);
      return {} as never;
    },
    findRefundByRefundryId: async () => {
      calls.push('find');
      return undefined;
    },
    retrievePayment: async (id, account) => {
      calls.push(`payment:${id}${account ? `@${account}` : ''}`);
      return account ? undefined : known[id];
    },
    async *listRefunds(_window, account) {
      calls.push(`page1${account ? `@${account}` : ''}`);
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

describe('withRequestBudget on a platform (Connect)', () => {
  it('passes the connected account through and keeps the Connect extras, each on the budget', async () => {
    const { gateway, calls } = counting();
    const connect: StripeGateway = {
      ...gateway,
      listFeeRefunds: async (feeId) => {
        calls.push(`fees:${feeId}`);
        return [];
      },
      retrieveAccount: async (id) => {
        calls.push(`account:${id}`);
        return { id, name: 'Shop', country: 'US', defaultCurrency: 'usd' };
      },
    };
    let tokens = 0;
    const budgeted = withRequestBudget(connect, {
      acquire: async () => {
        tokens++;
      },
    });
    await budgeted.retrievePayment('pi_1', 'acct_1');
    await budgeted.retrieveRefund('re_1', 'acct_1');
    for await (const _ of budgeted.listRefunds({ gte: new Date(0), lt: new Date() }, 'acct_1')) break;
    await budgeted.listFeeRefunds!('fee_1');
    expect((await budgeted.retrieveAccount!('acct_1'))?.name).toBe('Shop');
    expect(calls).toEqual([
      'payment:pi_1@acct_1',
      'retrieve:re_1@acct_1',
      'page1@acct_1',
      'fees:fee_1',
      'account:acct_1',
    ]);
    expect(tokens).toBe(5);
    // A gateway without Connect stays without it.
    expect(withRequestBudget(gateway, { acquire: async () => {} }).retrieveAccount).toBeUndefined();
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

  it('keys what it remembers by account: unknown on the platform is asked again on a connected account', async () => {
    const { gateway, calls } = counting({ pi_known: found });
    const cached = withNotFoundCache(gateway, { ttlMs: 60_000, now: () => 0 });
    expect(await cached.retrievePayment('pi_known', 'acct_1')).toBeUndefined();
    expect(await cached.retrievePayment('pi_known')).toBe(found);
    expect(await cached.retrievePayment('pi_known', 'acct_1')).toBeUndefined();
    expect(calls).toEqual(['payment:pi_known@acct_1', 'payment:pi_known']);
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
