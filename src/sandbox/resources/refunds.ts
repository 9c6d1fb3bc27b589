import type { FastifyInstance } from 'fastify';
import { STRIPE_REFUND_REASONS } from '../../refunds/reasons.ts';
import { formatMoney } from '../../shared/money.ts';
import type { Sandbox } from '../context.ts';
import {
  exclusiveParameters,
  invalidParam,
  invalidRequest,
  missingParameter,
  mustFind,
} from '../http/errors.ts';
import { expander } from '../http/expand.ts';
import type { Params } from '../http/form.ts';
import { get, post, type RequestContext } from '../http/http.ts';
import { listPage, listParams } from '../http/lists.ts';
import {
  applyMetadata,
  currencyParam,
  expandParam,
  LIST_PARAMS,
  metadataParam,
  optionalEnum,
  optionalId,
  optionalInteger,
  optionalString,
  rejectUnknown,
} from '../http/params.ts';
import { fastId } from '../state/fast-id.ts';
import type { ChargeRecord, RefundRecord } from '../state/records.ts';
import type { AccountScope } from '../state/store.ts';
import {
  checkConnectRefund,
  connectRefundFlags,
  expandRefundConnect,
  REFUND_CONNECT_EXPAND,
  refundConnect,
} from './connect.ts';
import { chargeJson, paymentIntentJson, refundJson } from './objects.ts';

// Refunds: create, update (metadata), retrieve, list, cancel, and the test helper that expires a
// refund waiting for customer action. Asynchronous outcomes (the pendingRefund, refundFail and
// refundRequiresAction test cards) are scheduled on the settlement scheduler.

const CREATE = new Set([
  'charge',
  'payment_intent',
  'amount',
  'reason',
  'metadata',
  'instructions_email',
  'expand',
  'currency',
  'customer',
  'origin',
  'refund_application_fee',
  'reverse_transfer',
]);
const UPDATE = new Set(['metadata', 'expand']);
const EXPAND = new Set(['charge', 'payment_intent', ...REFUND_CONNECT_EXPAND]);
const LIST = new Set([...LIST_PARAMS, 'charge', 'payment_intent']);
const LIST_EXPAND = new Set([...EXPAND].map((e) => `data.${e}`));
const AUTOMATIC = { id: null, idempotency_key: null };
const EXPIRES_AFTER_S = 7 * 24 * 60 * 60;

/** A refund as answered, with the fields `expand` names (under `prefix`, 'data.' in a list) expanded. */
function refundResponse(ctx: RequestContext, refund: RefundRecord, expand: Set<string>, prefix = '') {
  const { scope } = ctx;
  const out = refundJson(refund);
  const expandField = expander(out, expand, prefix);
  expandRefundConnect(ctx.sandbox.store, scope, refund, expandField);
  expandField('charge', refund.charge, scope.charges, chargeJson);
  expandField('payment_intent', refund.paymentIntent, scope.paymentIntents, paymentIntentJson);
  return out;
}

function findRefund(store: AccountScope, id: string): RefundRecord {
  return mustFind(store.refunds, 'refund', id);
}

/** What POST /v1/refunds asks, read in Stripe's order: every parameter error comes before a lookup. */
function readRefundAsk(params: Params) {
  rejectUnknown(params, CREATE);
  const chargeId = optionalId(params, 'charge');
  const piId = optionalId(params, 'payment_intent');
  if (chargeId === undefined && piId === undefined) {
    throw missingParameter('charge');
  }
  if (chargeId !== undefined && piId !== undefined) {
    throw exclusiveParameters('charge', 'payment_intent', 'payment_intent');
  }
  const amount = optionalInteger(params, 'amount');
  if (amount !== undefined && amount < 1) {
    throw invalidParam(
      'parameter_invalid_integer',
      'This value must be greater than or equal to 1.',
      'amount',
    );
  }
  const reason = optionalEnum(params, 'reason', STRIPE_REFUND_REASONS);
  const instructionsEmail = optionalString(params, 'instructions_email');
  const currency = currencyParam(params, 'currency', 'charge_invalid_parameter', false);
  const customer = optionalId(params, 'customer');
  const origin = optionalEnum(params, 'origin', ['customer_balance'] as const);
  if (origin !== undefined) {
    throw invalidParam(
      'parameters_exclusive',
      'origin=customer_balance refunds a customer balance and cannot be used with charge or payment_intent.',
      'origin',
    );
  }
  const connectFlags = connectRefundFlags(params);
  const metadataUpdate = metadataParam(params);
  const metadata = applyMetadata({}, metadataUpdate);
  const expand = expandParam(params, EXPAND);
  return {
    chargeId,
    piId,
    amount,
    reason,
    instructionsEmail,
    currency,
    customer,
    connectFlags,
    metadata,
    expand,
  };
}

type RefundAsk = ReturnType<typeof readRefundAsk>;

/** The charge to refund: the one named, or the payment intent's latest, which must have succeeded. */
function chargeToRefund(store: AccountScope, ask: RefundAsk): ChargeRecord {
  if (ask.chargeId !== undefined) return mustFind(store.charges, 'charge', ask.chargeId, 'charge');
  const pi = mustFind(store.paymentIntents, 'payment_intent', ask.piId!, 'payment_intent');
  const latest = pi.latestCharge ? store.charges.get(pi.latestCharge) : undefined;
  if (latest?.status !== 'succeeded') {
    throw invalidRequest(
      'charge_not_refundable',
      `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
      'payment_intent',
    );
  }
  return latest;
}

/** Refuses, as Stripe does and in its order, a refund the charge cannot take; else the amount to refund. */
function refundableAmount(charge: ChargeRecord, ask: RefundAsk): number {
  const { amount, currency, customer } = ask;
  if (charge.status !== 'succeeded') {
    throw invalidRequest(
      'charge_not_refundable',
      `Charge ${charge.id} has no successful payment to refund.`,
      'charge',
    );
  }
  if (currency !== undefined && currency !== charge.currency) {
    throw invalidParam(
      'charge_invalid_parameter',
      `The currency (${currency}) does not match the currency of the charge (${charge.currency}).`,
      'currency',
    );
  }
  if (customer !== undefined && customer !== charge.customer) {
    throw invalidParam(
      'charge_invalid_parameter',
      `The customer (${customer}) does not match the customer of the charge (${charge.customer ?? 'none'}).`,
      'customer',
    );
  }
  if (charge.dispute) {
    throw invalidRequest(
      'charge_disputed',
      `Charge ${charge.id} has been charged back; cannot issue a refund.`,
    );
  }
  checkConnectRefund(charge, ask.connectFlags);
  const remaining = charge.amount - charge.amountRefunded;
  if (remaining <= 0) {
    throw invalidRequest(
      'charge_already_refunded',
      `Charge ${charge.id} has already been refunded.`,
      'charge',
    );
  }
  const refundAmount = amount ?? remaining;
  if (refundAmount > remaining) {
    const against =
      charge.amountRefunded === 0
        ? `charge amount (${formatMoney(charge.amount, charge.currency)})`
        : `unrefunded amount on charge (${formatMoney(remaining, charge.currency)})`;
    throw invalidRequest(
      'amount_too_large',
      `Refund amount (${formatMoney(refundAmount, charge.currency)}) is greater than ${against}`,
      'amount',
    );
  }
  return refundAmount;
}

/** The new refund of `amount` on `charge`: its status follows the test card's refund behaviour. */
function newRefund(now: number, charge: ChargeRecord, amount: number, ask: RefundAsk): RefundRecord {
  const { instructionsEmail } = ask;
  const behaviour = charge.card.refund;
  const refund: RefundRecord = {
    id: fastId('re'),
    created: now,
    amount,
    currency: charge.currency,
    charge: charge.id,
    paymentIntent: charge.paymentIntent,
    customer: charge.customer,
    paymentMethod: charge.paymentMethod,
    metadata: ask.metadata,
    reason: ask.reason ?? null,
    status:
      behaviour === 'pending' ? 'pending' : behaviour === 'requires_action' ? 'requires_action' : 'succeeded',
    balanceTransaction: fastId('txn'),
    behaviour,
  };
  if (instructionsEmail !== undefined) refund.instructionsEmail = instructionsEmail;
  if (behaviour === 'pending') refund.pendingReason = 'processing';
  if (behaviour === 'requires_action') {
    refund.nextAction = {
      type: 'display_details',
      display_details: {
        email_sent: { email_sent_at: now, email_sent_to: instructionsEmail ?? 'customer@example.com' },
        expires_at: now + EXPIRES_AFTER_S,
      },
    };
  }
  return refund;
}

function createRefund(ctx: RequestContext): unknown {
  const ask = readRefundAsk(ctx.params);
  // Execution starts here: errors from now on are stored under the idempotency key.
  const store = ctx.scope;
  const charge = chargeToRefund(store, ask);
  const amount = refundableAmount(charge, ask);
  const refund = newRefund(ctx.sandbox.clock.now(), charge, amount, ask);
  const position = store.refunds.add(refund);
  charge.refunds.push(position);
  if (charge.paymentIntent) store.paymentIntents.get(charge.paymentIntent)?.refunds.push(position);
  charge.amountRefunded += amount;
  // The fee refund and the transfer reversal exist before refund.created, so that event names them.
  const recordConnect = refundConnect(ctx, charge, refund, ask.connectFlags);
  store.events.record('refund.created', refundJson(refund), ctx.eventRequest);
  store.events.record('charge.refunded', chargeJson(charge), ctx.eventRequest);
  recordConnect();
  if (refund.behaviour !== 'succeed') {
    const { account } = ctx;
    ctx.sandbox.settlement.schedule(() => settle(ctx.sandbox, refund.id, account));
  }
  return refundResponse(ctx, refund, ask.expand);
}

/** The later, automatic step of an asynchronous test refund (exported: the journal re-arms it after a restart). */
export function settle(sandbox: Sandbox, refundId: string, account: string | null = null): void {
  const store = sandbox.store.scope(account);
  const refund = store?.refunds.get(refundId);
  if (!store || !refund) return;
  if (refund.behaviour === 'pending' && refund.status === 'pending') {
    const previous = { status: 'pending', pending_reason: refund.pendingReason ?? null };
    refund.status = 'succeeded';
    delete refund.pendingReason;
    recordUpdate(store, refund, previous, AUTOMATIC);
  } else if (refund.behaviour === 'fail' && refund.status === 'succeeded') {
    fail(store, refund);
  } else if (refund.behaviour === 'requires_action' && refund.status === 'requires_action') {
    const previous = { status: 'requires_action', next_action: structuredClone(refund.nextAction) };
    refund.status = 'succeeded';
    delete refund.nextAction;
    recordUpdate(store, refund, previous, AUTOMATIC);
  }
}

function fail(store: AccountScope, refund: RefundRecord): void {
  const previous = { status: refund.status };
  refund.status = 'failed';
  refund.failureReason = 'expired_or_canceled_card';
  refund.failureBalanceTransaction = fastId('txn');
  giveBack(store, refund);
  store.events.record('refund.failed', refundJson(refund), AUTOMATIC);
  recordUpdate(store, refund, previous, AUTOMATIC);
}

/** A refund that did not go through returns its amount to the charge. */
function giveBack(store: AccountScope, refund: RefundRecord): void {
  const charge = store.charges.get(refund.charge);
  if (charge) charge.amountRefunded -= refund.amount;
}

function recordUpdate(
  store: AccountScope,
  refund: RefundRecord,
  previous: Record<string, unknown>,
  request: { id: string | null; idempotency_key: string | null },
): void {
  store.events.record('refund.updated', refundJson(refund), request, previous);
  store.events.record('charge.refund.updated', refundJson(refund), request, previous);
}

function cancel(ctx: RequestContext, action: 'cancel' | 'expire'): unknown {
  const { params } = ctx;
  const store = ctx.scope;
  rejectUnknown(params, new Set(['expand']));
  const expand = expandParam(params, EXPAND);
  const refund = findRefund(store, ctx.path.refund!);
  if (refund.status !== 'requires_action') {
    throw invalidRequest(
      'status_transition_invalid',
      action === 'cancel'
        ? `Refund ${refund.id} cannot be canceled because it has a status of ${refund.status}. Only refunds with a status of requires_action can be canceled.`
        : `Refund ${refund.id} cannot be expired because it has a status of ${refund.status}. Only refunds with a status of requires_action can expire.`,
    );
  }
  const previous = { status: refund.status, next_action: structuredClone(refund.nextAction) };
  refund.status = 'canceled';
  delete refund.nextAction;
  giveBack(store, refund);
  recordUpdate(store, refund, previous, ctx.eventRequest);
  return refundResponse(ctx, refund, expand);
}

function updateRefund(ctx: RequestContext): unknown {
  const { params } = ctx;
  const store = ctx.scope;
  rejectUnknown(params, UPDATE);
  const update = metadataParam(params);
  const expand = expandParam(params, EXPAND);
  const refund = findRefund(store, ctx.path.refund!);
  const before = refund.metadata;
  const after = applyMetadata(before, update);
  if (!sameMetadata(before, after)) {
    refund.metadata = after;
    recordUpdate(store, refund, { metadata: { ...before } }, ctx.eventRequest);
  }
  return refundResponse(ctx, refund, expand);
}

function sameMetadata(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] === a[k]);
}

/** The positions of the refunds a list's filters keep (undefined: all of them). */
function refundsMatching(store: AccountScope, params: Params): readonly number[] | undefined {
  const chargeId = optionalId(params, 'charge');
  const piId = optionalId(params, 'payment_intent');
  if (chargeId !== undefined) {
    const { refunds } = mustFind(store.charges, 'charge', chargeId, 'charge');
    if (piId === undefined) return refunds;
    return refunds.filter((p) => store.refunds.items[p]!.paymentIntent === piId);
  }
  if (piId === undefined) return undefined;
  return mustFind(store.paymentIntents, 'payment_intent', piId, 'payment_intent').refunds;
}

function listRefunds(ctx: RequestContext): unknown {
  const list = listParams(ctx.params, LIST, LIST_EXPAND);
  const positions = refundsMatching(ctx.scope, ctx.params);
  const source = { kind: 'refund', collection: ctx.scope.refunds, positions };
  return listPage(ctx.params, list, source, '/v1/refunds', (r) =>
    refundResponse(ctx, r, list.expand, 'data.'),
  );
}

export function registerRefunds(app: FastifyInstance, sandbox: Sandbox): void {
  post(app, sandbox, '/v1/refunds', createRefund);
  get(app, sandbox, '/v1/refunds', listRefunds);
  get(app, sandbox, '/v1/refunds/:refund', (ctx) => {
    rejectUnknown(ctx.params, new Set(['expand']));
    const expand = expandParam(ctx.params, EXPAND);
    return refundResponse(ctx, findRefund(ctx.scope, ctx.path.refund!), expand);
  });
  post(app, sandbox, '/v1/refunds/:refund', updateRefund);
  post(app, sandbox, '/v1/refunds/:refund/cancel', (ctx) => cancel(ctx, 'cancel'));
  post(app, sandbox, '/v1/test_helpers/refunds/:refund/expire', (ctx) => cancel(ctx, 'expire'));
}
