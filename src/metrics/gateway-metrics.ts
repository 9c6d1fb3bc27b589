// Wraps a StripeGateway so that every call is counted and timed by operation and outcome
// ('ok' or the Stripe error code/type), without the gateway or its callers knowing about metrics.
import type { StripeGateway } from '../stripe/gateway.ts';
import type { Metrics } from './metrics.ts';

function errorOutcome(err: unknown): string {
  const e = err as { code?: unknown; type?: unknown; statusCode?: unknown };
  if (e?.statusCode === 429) return 'rate_limited';
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.type === 'string') return e.type;
  return 'error';
}

export function instrumentGateway(gateway: StripeGateway, metrics: Metrics): StripeGateway {
  const timed =
    <A extends unknown[], R>(operation: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const end = metrics.stripeRequestDuration.startTimer({ operation });
      try {
        const result = await fn(...args);
        metrics.stripeRequests.inc({ operation, outcome: 'ok' });
        return result;
      } catch (err) {
        metrics.stripeRequests.inc({ operation, outcome: errorOutcome(err) });
        throw err;
      } finally {
        end();
      }
    };
  return {
    createRefund: timed('create_refund', (input) => gateway.createRefund(input)),
    retrieveRefund: timed('retrieve_refund', (id, account?: string | null) =>
      gateway.retrieveRefund(id, account),
    ),
    findRefundByRefundryId: timed(
      'find_refund',
      (...args: Parameters<StripeGateway['findRefundByRefundryId']>) =>
        gateway.findRefundByRefundryId(...args),
    ),
    retrievePayment: timed('retrieve_payment', (id, account?: string | null) =>
      gateway.retrievePayment(id, account),
    ),
    ...(gateway.listFeeRefunds
      ? { listFeeRefunds: timed('list_fee_refunds', (feeId: string) => gateway.listFeeRefunds!(feeId)) }
      : {}),
    ...(gateway.retrieveAccount
      ? { retrieveAccount: timed('retrieve_account', (id: string) => gateway.retrieveAccount!(id)) }
      : {}),
    // Each page of the listing is one Stripe request: timed and counted as 'list_refunds' (the
    // final "no more pages" step makes no request and is not counted).
    listRefunds: (window, account) => ({
      [Symbol.asyncIterator]() {
        const pages = gateway.listRefunds(window, account)[Symbol.asyncIterator]();
        const operation = 'list_refunds';
        return {
          async next() {
            const end = metrics.stripeRequestDuration.startTimer({ operation });
            try {
              const page = await pages.next();
              if (!page.done) {
                metrics.stripeRequests.inc({ operation, outcome: 'ok' });
                end();
              }
              return page;
            } catch (err) {
              metrics.stripeRequests.inc({ operation, outcome: errorOutcome(err) });
              end();
              throw err;
            }
          },
          return: async () => (await pages.return?.()) ?? { done: true, value: undefined },
        };
      },
    }),
  };
}
