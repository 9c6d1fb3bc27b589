import type { FastifyInstance } from 'fastify';
import type { Sandbox } from '../context.ts';
import { resourceMissing } from '../http/errors.ts';
import { get, type RequestContext } from '../http/http.ts';
import {
  createdParam,
  cursorParam,
  expandParam,
  LIST_PARAMS,
  limitParam,
  optionalId,
  rejectUnknown,
} from '../http/params.ts';
import { pageOf } from '../state/collection.ts';
import type { TransferRecord, TransferReversalRecord } from '../state/records.ts';

// Transfers (`tr_`) a platform made to connected accounts through destination charges, with their
// reversals (`trr_`): retrieve and list. A destination charge makes the transfer (and the payment
// `py_` it lands as on the connected account); a refund with `reverse_transfer` reverses it
// (connect.ts). Transfers belong to the platform: a request made with Stripe-Account finds none.

export function reversalJson(r: TransferReversalRecord): Record<string, unknown> {
  return {
    id: r.id,
    object: 'transfer_reversal',
    amount: r.amount,
    balance_transaction: r.balanceTransaction,
    created: r.created,
    currency: r.currency,
    destination_payment_refund: r.destinationPaymentRefund,
    metadata: { ...r.metadata },
    source_refund: r.sourceRefund,
    transfer: r.transfer,
  };
}

function reversalsList(t: TransferRecord, limit = 10): Record<string, unknown> {
  const data: Record<string, unknown>[] = [];
  for (let i = t.reversals.length - 1; i >= 0 && data.length < limit; i--)
    data.push(reversalJson(t.reversals[i]!));
  return {
    object: 'list',
    data,
    has_more: t.reversals.length > limit,
    url: `/v1/transfers/${t.id}/reversals`,
  };
}

export function transferJson(t: TransferRecord): Record<string, unknown> {
  return {
    id: t.id,
    object: 'transfer',
    amount: t.amount,
    amount_reversed: t.amountReversed,
    balance_transaction: t.balanceTransaction,
    created: t.created,
    currency: t.currency,
    description: t.description,
    destination: t.destination,
    destination_payment: t.destinationPayment,
    livemode: false,
    metadata: { ...t.metadata },
    reversals: reversalsList(t),
    reversed: t.amountReversed >= t.amount,
    source_transaction: t.sourceTransaction,
    source_type: 'card',
    transfer_group: t.transferGroup,
  };
}

function findTransfer(ctx: RequestContext, id: string, param = 'id'): TransferRecord {
  const transfer = ctx.scope.transfers.get(id);
  if (!transfer) throw resourceMissing('transfer', id, param);
  return transfer;
}

export function registerTransfers(app: FastifyInstance, sandbox: Sandbox): void {
  get(app, sandbox, '/v1/transfers/:transfer', (ctx) => {
    rejectUnknown(ctx.params, new Set(['expand']));
    expandParam(ctx.params, new Set());
    return transferJson(findTransfer(ctx, ctx.path.transfer!));
  });

  get(app, sandbox, '/v1/transfers', (ctx) => {
    const { params } = ctx;
    rejectUnknown(params, new Set([...LIST_PARAMS, 'destination', 'transfer_group']));
    const limit = limitParam(params);
    const created = createdParam(params);
    expandParam(params, new Set());
    const destination = optionalId(params, 'destination');
    const group = optionalId(params, 'transfer_group');
    const transfers = ctx.scope.transfers;
    const positions =
      destination === undefined && group === undefined
        ? undefined
        : transfers.items.flatMap((t, i) =>
            (destination === undefined || t.destination === destination) &&
            (group === undefined || t.transferGroup === group)
              ? [i]
              : [],
          );
    const page = pageOf(
      { items: transfers.items, positions },
      {
        limit,
        startingAfter: cursorParam(params, 'starting_after', 'transfer', (id) => transfers.position(id)),
        endingBefore: cursorParam(params, 'ending_before', 'transfer', (id) => transfers.position(id)),
        created,
      },
    );
    return {
      object: 'list',
      data: page.data.map(transferJson),
      has_more: page.hasMore,
      url: '/v1/transfers',
    };
  });

  get(app, sandbox, '/v1/transfers/:transfer/reversals', (ctx) => {
    rejectUnknown(ctx.params, new Set(['limit', 'expand']));
    expandParam(ctx.params, new Set());
    return reversalsList(findTransfer(ctx, ctx.path.transfer!), limitParam(ctx.params));
  });

  get(app, sandbox, '/v1/transfers/:transfer/reversals/:id', (ctx) => {
    rejectUnknown(ctx.params, new Set(['expand']));
    expandParam(ctx.params, new Set());
    const transfer = findTransfer(ctx, ctx.path.transfer!, 'transfer');
    const reversal = transfer.reversals.find((r) => r.id === ctx.path.id);
    if (!reversal) throw resourceMissing('transfer_reversal', ctx.path.id!, 'id');
    return reversalJson(reversal);
  });
}
