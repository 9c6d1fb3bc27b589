import type { FastifyInstance } from 'fastify';
import type { Sandbox } from '../context.ts';
import { mustFind } from '../http/errors.ts';
import { get, type RequestContext } from '../http/http.ts';
import { listPage, listParams, newestList, registerChildren, registerRetrieve } from '../http/lists.ts';
import { LIST_PARAMS, optionalId } from '../http/params.ts';
import { positionsWhere } from '../state/collection.ts';
import type { ApplicationFeeRecord, FeeRefundRecord } from '../state/records.ts';

// Application fees (`fee_`) a platform collected on Connect charges, with their refunds (`fr_`):
// retrieve and list. They are made by charges with `application_fee_amount` and refunded by
// refunds with `refund_application_fee` (connect.ts). Fees belong to the platform: a request made
// with Stripe-Account finds none.

/** The platform's Connect application id, on fees and on the direct charges it makes. */
export const PLATFORM_APPLICATION = 'ca_RefundrySandboxPlatform00000';

const LIST = new Set([...LIST_PARAMS, 'charge']);

export function feeRefundJson(r: FeeRefundRecord): Record<string, unknown> {
  return {
    id: r.id,
    object: 'fee_refund',
    amount: r.amount,
    balance_transaction: r.balanceTransaction,
    created: r.created,
    currency: r.currency,
    fee: r.fee,
    metadata: { ...r.metadata },
  };
}

const refundsList = (fee: ApplicationFeeRecord, limit?: number) =>
  newestList(fee.refunds, `/v1/application_fees/${fee.id}/refunds`, feeRefundJson, limit);

export function applicationFeeJson(f: ApplicationFeeRecord): Record<string, unknown> {
  return {
    id: f.id,
    object: 'application_fee',
    account: f.account,
    amount: f.amount,
    amount_refunded: f.amountRefunded,
    application: PLATFORM_APPLICATION,
    balance_transaction: f.balanceTransaction,
    charge: f.charge,
    created: f.created,
    currency: f.currency,
    fee_source: { charge: f.originatingTransaction ?? f.charge, type: 'charge' },
    livemode: false,
    originating_transaction: f.originatingTransaction,
    refunded: f.amountRefunded >= f.amount,
    refunds: refundsList(f),
  };
}

function findFee(ctx: RequestContext, id: string, param = 'id'): ApplicationFeeRecord {
  return mustFind(ctx.scope.applicationFees, 'application_fee', id, param);
}

export function registerApplicationFees(app: FastifyInstance, sandbox: Sandbox): void {
  registerRetrieve(app, sandbox, '/v1/application_fees/:fee', (ctx) =>
    applicationFeeJson(findFee(ctx, ctx.path.fee!)),
  );

  get(app, sandbox, '/v1/application_fees', (ctx) => {
    const list = listParams(ctx.params, LIST);
    const fees = ctx.scope.applicationFees;
    // `charge`: the charge that paid the fee, or (direct charges) the one it came from.
    const charge = optionalId(ctx.params, 'charge');
    const positions =
      charge === undefined
        ? undefined
        : positionsWhere(fees.items, (f) => f.charge === charge || f.originatingTransaction === charge);
    const source = { kind: 'application_fee', collection: fees, positions };
    return listPage(ctx.params, list, source, '/v1/application_fees', applicationFeeJson);
  });

  registerChildren(app, sandbox, {
    path: '/v1/application_fees/:fee/refunds',
    kind: 'fee_refund',
    parent: (ctx, param) => findFee(ctx, ctx.path.fee!, param),
    parentParam: 'fee',
    children: (fee) => fee.refunds,
    list: refundsList,
    toJson: feeRefundJson,
  });
}
