import type { FastifyInstance } from 'fastify';
import type { Sandbox } from '../context.ts';
import { get } from '../http/http.ts';
import { expandParam, rejectUnknown } from '../http/params.ts';
import type { AccountScope, SandboxStore } from '../state/store.ts';

// GET /v1/balance: each account's balance, derived from its records so it can never drift from
// them (and needs no journaling). Money moves as Stripe moves it, less Stripe's own processing fees
// (the sandbox charges none) and with everything available at once:
// - a charge credits the account it was made on (the platform, or the connected account for a
//   direct charge); a refund debits it (a failed or canceled refund gives the amount back);
// - a destination charge's transfer moves its amount from the platform to the connected account,
//   and a reversal moves its amount back;
// - an application fee moves its amount from the connected account it was taken from to the
//   platform, and a fee refund moves its amount back.
// Destination payments (`py_`) and their refunds (`pyr_`) are how the connected account sees the
// transfer and its reversals: they are counted through those, not twice.

/** Minor units per currency for one account. */
export function balanceOf(store: SandboxStore, scope: AccountScope): Map<string, number> {
  const out = new Map<string, number>();
  const add = (currency: string, amount: number) => out.set(currency, (out.get(currency) ?? 0) + amount);
  for (const charge of scope.charges.items) {
    if (charge.status === 'succeeded' && !charge.connect?.sourceTransfer) add(charge.currency, charge.amount);
  }
  for (const refund of scope.refunds.items) {
    if (refund.status === 'failed' || refund.status === 'canceled' || refund.sourceTransferReversal) continue;
    add(refund.currency, -refund.amount);
  }
  const account = scope.account;
  for (const transfer of store.transfers.items) {
    const net = transfer.amount - transfer.amountReversed;
    if (account === null) add(transfer.currency, -net);
    else if (transfer.destination === account) add(transfer.currency, net);
  }
  for (const fee of store.applicationFees.items) {
    const net = fee.amount - fee.amountRefunded;
    if (account === null) add(fee.currency, net);
    else if (fee.account === account) add(fee.currency, -net);
  }
  return out;
}

function balanceJson(store: SandboxStore, scope: AccountScope): Record<string, unknown> {
  const amounts = balanceOf(store, scope);
  const defaultCurrency = scope.account
    ? (store.accounts.get(scope.account)?.defaultCurrency ?? 'usd')
    : 'usd';
  if (amounts.size === 0) amounts.set(defaultCurrency, 0);
  const currencies = [...amounts.keys()].sort();
  return {
    object: 'balance',
    available: currencies.map((currency) => ({
      amount: amounts.get(currency)!,
      currency,
      source_types: { card: amounts.get(currency)! },
    })),
    livemode: false,
    pending: currencies.map((currency) => ({ amount: 0, currency, source_types: { card: 0 } })),
  };
}

export function registerBalance(app: FastifyInstance, sandbox: Sandbox): void {
  get(app, sandbox, '/v1/balance', (ctx) => {
    rejectUnknown(ctx.params, new Set(['expand']));
    expandParam(ctx.params, new Set());
    return balanceJson(ctx.sandbox.store, ctx.scope);
  });
}
