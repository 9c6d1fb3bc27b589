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
import type { ApplicationFeeRecord, FeeRefundRecord } from '../state/records.ts';

// Application fees (`fee_`) a platform collected on Connect charges, with their refunds (`fr_`):
// retrieve and list. They are made by charges with `application_fee_amount` and refunded by
// refunds with `refund_application_fee` (connect.ts). Fees belong to the platform: a request made
// with Stripe-Account finds none.

/** The platform's Connect application id, on fees and on the direct charges it makes. */
export const PLATFORM_APPLICATION = 'ca_RefundrySandboxPlatform00000';

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

function refundsList(fee: ApplicationFeeRecord, limit = 10): Record<string, unknown> {
  const data: Record<string, unknown>[] = [];
  for (let i = fee.refunds.length - 1; i >= 0 && data.length < limit; i--)
    data.push(feeRefundJson(fee.refunds[i]!));
  return {
    object: 'list',
    data,
    has_more: fee.refunds.length > limit,
    url: `/v1/application_fees/${fee.id}/refunds`,
  };
}

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
  const fee = ctx.scope.applicationFees.get(id);
  if (!fee) throw resourceMissing('application_fee', id, param);
  return fee;
}

export function registerApplicationFees(app: FastifyInstance, sandbox: Sandbox): void {
  get(app, sandbox, '/v1/application_fees/:fee', (ctx) => {
    rejectUnknown(ctx.params, new Set(['expand']));
    expandParam(ctx.params, new Set());
    return applicationFeeJson(findFee(ctx, ctx.path.fee!));
  });

  get(app, sandbox, '/v1/application_fees', (ctx) => {
    const { params } = ctx;
    rejectUnknown(params, new Set([...LIST_PARAMS, 'charge']));
    const limit = limitParam(params);
    const created = createdParam(params);
    expandParam(params, new Set());
    const fees = ctx.scope.applicationFees;
    const charge = optionalId(params, 'charge');
    const positions =
      charge === undefined
        ? undefined
        : fees.items.flatMap((f, i) =>
            f.charge === charge || f.originatingTransaction === charge ? [i] : [],
          );
    const page = pageOf(
      { items: fees.items, positions },
      {
        limit,
        startingAfter: cursorParam(params, 'starting_after', 'application_fee', (id) => fees.position(id)),
        endingBefore: cursorParam(params, 'ending_before', 'application_fee', (id) => fees.position(id)),
        created,
      },
    );
    return {
      object: 'list',
      data: page.data.map(applicationFeeJson),
      has_more: page.hasMore,
      url: '/v1/application_fees',
    };
  });

  get(app, sandbox, '/v1/application_fees/:fee/refunds', (ctx) => {
    rejectUnknown(ctx.params, new Set(['limit', 'expand']));
    expandParam(ctx.params, new Set());
    return refundsList(findFee(ctx, ctx.path.fee!), limitParam(ctx.params));
  });

  get(app, sandbox, '/v1/application_fees/:fee/refunds/:id', (ctx) => {
    rejectUnknown(ctx.params, new Set(['expand']));
    expandParam(ctx.params, new Set());
    const fee = findFee(ctx, ctx.path.fee!, 'fee');
    const refund = fee.refunds.find((r) => r.id === ctx.path.id);
    if (!refund) throw resourceMissing('fee_refund', ctx.path.id!, 'id');
    return feeRefundJson(refund);
  });
}
