// Decorators of the StripeGateway for the calls made on behalf of a request (the API, the
// dashboard, bulk imports): every Stripe call, reads included, first draws on the shared request
// budget (src/budget/), so a key looking up payments cannot push Refundry past Stripe's rate
// limit; and a payment Stripe does not know is remembered as unknown for a short while, so the
// same unknown id asked again costs nothing. The workers, poller, backfill and reconciliation
// draw on the same budget through their own `beforeRequest` hooks.
import type { StripeGateway } from './gateway.ts';

/** What the decorator needs of the shared budget (src/stripe/request-budget.ts). */
export interface BudgetHooks {
  /** Waits until one request may be sent. */
  acquire(): Promise<void>;
  /** Stripe answered 429: everyone slows down (as the workers do on theirs). */
  rateLimited?(): Promise<void>;
}

const isRateLimited = (error: unknown) => {
  const e = (error ?? {}) as { statusCode?: number; code?: string; type?: string };
  return (
    (e.statusCode === 429 || e.type === 'StripeRateLimitError' || e.code === 'rate_limit') &&
    e.code !== 'lock_timeout'
  );
};

/** Every call (each page of a listing too) waits for `acquire` first; a 429 slows the budget down. */
export function withRequestBudget(gateway: StripeGateway, budget: BudgetHooks): StripeGateway {
  const call = async <T>(send: () => Promise<T>): Promise<T> => {
    await budget.acquire();
    try {
      return await send();
    } catch (error) {
      if (isRateLimited(error)) await budget.rateLimited?.();
      throw error;
    }
  };
  // Every argument passes through (a connected account included), and the Connect extras are
  // kept when the gateway has them: a decorator that drops one silently reads the platform instead.
  return {
    createRefund: (input) => call(() => gateway.createRefund(input)),
    retrieveRefund: (id, account) => call(() => gateway.retrieveRefund(id, account)),
    findRefundByRefundryId: (payment, refundId) =>
      call(() => gateway.findRefundByRefundryId(payment, refundId)),
    retrievePayment: (id, account) => call(() => gateway.retrievePayment(id, account)),
    listRefunds(window, account) {
      return {
        [Symbol.asyncIterator]() {
          const pages = gateway.listRefunds(window, account)[Symbol.asyncIterator]();
          return {
            next: () => call(() => pages.next()),
            return: async () => (await pages.return?.()) ?? { done: true, value: undefined },
          };
        },
      };
    },
    ...(gateway.listFeeRefunds
      ? { listFeeRefunds: (feeId: string) => call(() => gateway.listFeeRefunds!(feeId)) }
      : {}),
    ...(gateway.retrieveAccount
      ? { retrieveAccount: (id: string) => call(() => gateway.retrieveAccount!(id)) }
      : {}),
  };
}

export interface NotFoundCacheOptions {
  /** How long an id Stripe does not know is answered as unknown without asking again. */
  ttlMs: number;
  /** At most this many ids are remembered (the oldest are forgotten first). */
  maxEntries?: number;
  now?: () => number;
}

/**
 * retrievePayment answers "unknown" from memory for an id Stripe did not know less than `ttlMs`
 * ago (per process; bounded). Found payments are never cached: their facts come fresh.
 */
export function withNotFoundCache(gateway: StripeGateway, options: NotFoundCacheOptions): StripeGateway {
  const now = options.now ?? Date.now;
  const max = options.maxEntries ?? 10_000;
  const unknownUntil = new Map<string, number>();
  return {
    ...gateway,
    async retrievePayment(id, account) {
      // Unknown on one account says nothing of another: the account is part of the key.
      const key = `${account ?? ''}/${id}`;
      const until = unknownUntil.get(key);
      if (until !== undefined) {
        if (until > now()) return undefined;
        unknownUntil.delete(key);
      }
      const found = await gateway.retrievePayment(id, account);
      if (found === undefined && options.ttlMs > 0) {
        unknownUntil.delete(key);
        unknownUntil.set(key, now() + options.ttlMs);
        // A Map keeps insertion order: the first key is the oldest.
        if (unknownUntil.size > max) unknownUntil.delete(unknownUntil.keys().next().value!);
      }
      return found;
    },
  };
}
