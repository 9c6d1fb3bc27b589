import type { FastifyInstance } from 'fastify';
import type { Sandbox } from '../context.ts';
import { mustFind } from '../http/errors.ts';
import { get, type RequestContext } from '../http/http.ts';
import { listPage, listParams, newestList, registerChildren, registerRetrieve } from '../http/lists.ts';
import { LIST_PARAMS, optionalId } from '../http/params.ts';
import { positionsWhere } from '../state/collection.ts';
import type { TransferRecord, TransferReversalRecord } from '../state/records.ts';

// Transfers (`tr_`) a platform made to connected accounts through destination charges, with their
// reversals (`trr_`): retrieve and list. A destination charge makes the transfer (and the payment
// `py_` it lands as on the connected account); a refund with `reverse_transfer` reverses it
// (connect.ts). Transfers belong to the platform: a request made with Stripe-Account finds none.

const LIST = new Set([...LIST_PARAMS, 'destination', 'transfer_group']);

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

const reversalsList = (t: TransferRecord, limit?: number) =>
  newestList(t.reversals, `/v1/transfers/${t.id}/reversals`, reversalJson, limit);

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
  return mustFind(ctx.scope.transfers, 'transfer', id, param);
}

export function registerTransfers(app: FastifyInstance, sandbox: Sandbox): void {
  registerRetrieve(app, sandbox, '/v1/transfers/:transfer', (ctx) =>
    transferJson(findTransfer(ctx, ctx.path.transfer!)),
  );

  get(app, sandbox, '/v1/transfers', (ctx) => {
    const list = listParams(ctx.params, LIST);
    const destination = optionalId(ctx.params, 'destination');
    const group = optionalId(ctx.params, 'transfer_group');
    const transfers = ctx.scope.transfers;
    const positions =
      destination === undefined && group === undefined
        ? undefined
        : positionsWhere(
            transfers.items,
            (t) =>
              (destination === undefined || t.destination === destination) &&
              (group === undefined || t.transferGroup === group),
          );
    const source = { kind: 'transfer', collection: transfers, positions };
    return listPage(ctx.params, list, source, '/v1/transfers', transferJson);
  });

  registerChildren(app, sandbox, {
    path: '/v1/transfers/:transfer/reversals',
    kind: 'transfer_reversal',
    parent: (ctx, param) => findTransfer(ctx, ctx.path.transfer!, param),
    parentParam: 'transfer',
    children: (t) => t.reversals,
    list: reversalsList,
    toJson: reversalJson,
  });
}
