// Accepting a refund request: find (or fetch from Stripe) the payment, lock it, count what is
// already committed, ask the policy, then either store the refund queued / awaiting approval or
// record the rejection. Shared by the API, the CLI, the dashboard and bulk import.

import type { PolicySettings } from '../config.ts';
import type { Db, Queryable } from '../db/db.ts';
import { ApiError } from '../http/http-error.ts';
import { isStripePaymentId } from '../http/validate.ts';
import { enqueueRefundCreated } from '../notifications/outbox.ts';
import {
  findPaymentByStripeId,
  findPaymentsByOrder,
  getPayment,
  type Payment,
  paymentAmounts,
  registerFromStripe,
} from '../payments/payments.ts';
import { evaluate, type Violation } from '../policy/policy.ts';
import { loadPolicySettings } from '../policy/policy-settings.ts';
import { newId, randomToken } from '../shared/ids.ts';
import type { StripeGateway, StripePayment } from '../stripe/gateway.ts';
import type { RefundStatus } from './refund-states.ts';
import { getRefund, type Refund } from './refunds.ts';

export type RefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer' | 'other';

export interface RefundRequest {
  paymentId?: string | undefined;
  orderId?: string | undefined;
  stripeId?: string | undefined;
  amount?: number | undefined;
  currency?: string | undefined;
  reason: RefundReason;
  note?: string | undefined;
  metadata?: Record<string, string> | undefined;
  customerId?: string | undefined;
  /** 'key:<id>', 'user:<id>', 'bulk:<id>', … */
  actor: string;
}

export type RefundOutcome =
  | { kind: 'accepted'; refund: Refund }
  | { kind: 'rejected'; violations: Violation[]; paymentId: string };

export interface RequestRefundDeps {
  db: Db;
  gateway: StripeGateway;
  /** The configured defaults; what admins stored in policy_settings overrides them. */
  settings: PolicySettings;
  now?: () => Date;
}

/** The ways a request may name a payment; when it uses several, they must agree. */
export interface PaymentRef {
  paymentId?: string | undefined;
  orderId?: string | undefined;
  stripeId?: string | undefined;
}

/**
 * Finds the payment a request names. A Stripe id Refundry has not seen is read from Stripe and
 * registered (with Stripe's facts); Stripe not knowing it is a 404, a payment not captured a 400.
 * Every other reference the request gives must name the same payment (400 `payment_mismatch`,
 * naming the field that disagrees): nothing is registered for a request refused here. With
 * `register: false` (dry runs) a payment only Stripe knows is returned unregistered, with its
 * Stripe id as its id, and `known: false`.
 */
export async function resolvePayment(
  deps: Pick<RequestRefundDeps, 'db' | 'gateway'>,
  ref: PaymentRef,
  options: { register?: boolean } = {},
): Promise<{ payment: Payment; known: boolean }> {
  const { db } = deps;
  const primary: { param: 'payment_id' | 'stripe_id' | 'order_id'; value: string } | undefined = ref.paymentId
    ? { param: 'payment_id', value: ref.paymentId }
    : ref.stripeId
      ? { param: 'stripe_id', value: ref.stripeId }
      : ref.orderId
        ? { param: 'order_id', value: ref.orderId }
        : undefined;
  if (!primary) {
    throw new ApiError(
      400,
      'invalid_request',
      'Name the payment with payment_id, order_id or stripe_id.',
      'payment_id',
    );
  }
  let local: Payment | undefined;
  let remote: StripePayment | undefined;
  if (primary.param === 'order_id') {
    const payments = await findPaymentsByOrder(db, primary.value);
    if (payments.length === 0)
      throw new ApiError(404, 'not_found', `No payment for order '${primary.value}'.`, 'order_id');
    if (payments.length > 1)
      throw new ApiError(
        400,
        'ambiguous_order',
        `Order '${primary.value}' has ${payments.length} payments; name one with payment_id.`,
        'order_id',
      );
    local = payments[0]!;
  } else if (primary.value.startsWith('pay_')) {
    local = await getPayment(db, primary.value);
  } else {
    local = await findPaymentByStripeId(db, primary.value);
    if (!local && isStripePaymentId(primary.value))
      remote = await deps.gateway.retrievePayment(primary.value);
  }
  if (!local && !remote) {
    const what = primary.param === 'stripe_id' ? 'Stripe id' : 'id';
    throw new ApiError(404, 'not_found', `No payment with ${what} '${primary.value}'.`, primary.param);
  }
  if (remote && !remote.captured) {
    throw new ApiError(
      400,
      'payment_not_captured',
      `Stripe's payment ${primary.value} has nothing captured to refund.`,
      primary.param,
    );
  }
  // The same payment, however else the request names it.
  const stripeIds = local
    ? [local.stripePaymentIntentId, local.stripeChargeId]
    : [remote!.paymentIntentId, remote!.chargeId];
  const orderId = local ? local.orderId : (remote!.metadata.order_id ?? null);
  const shown = local ? local.id : primary.value;
  if (ref.stripeId && primary.param !== 'stripe_id' && !stripeIds.includes(ref.stripeId)) {
    throw new ApiError(
      400,
      'payment_mismatch',
      `${primary.param} and stripe_id name different payments: ${shown} is not Stripe's ${ref.stripeId}.`,
      'stripe_id',
    );
  }
  if (ref.orderId && primary.param !== 'order_id' && orderId !== ref.orderId) {
    throw new ApiError(
      400,
      'payment_mismatch',
      `${primary.param} and order_id name different payments: ${shown} is not for order '${ref.orderId}'.`,
      'order_id',
    );
  }
  if (local) return { payment: local, known: true };
  if (options.register === false) return { payment: unregistered(remote!), known: false };
  return { payment: (await registerFromStripe(db, remote!)).payment, known: true };
}

/** A payment only Stripe knows, as the policy sees it (dry runs register nothing). */
function unregistered(p: StripePayment): Payment {
  return {
    id: (p.paymentIntentId ?? p.chargeId)!,
    stripePaymentIntentId: p.paymentIntentId,
    stripeChargeId: p.chargeId,
    orderId: p.metadata.order_id ?? null,
    customerId: null,
    customerEmail: p.customerEmail,
    fraudFlagged: false,
    metadata: p.metadata,
    amount: p.amount,
    currency: p.currency,
    capturedAt: p.capturedAt,
    stripeCustomerId: p.customerId,
    stripeAmountRefunded: p.amountRefunded,
    disputed: p.disputed,
    stripeSyncedAt: null,
    createdAt: new Date(),
  };
}

export async function requestRefund(deps: RequestRefundDeps, request: RefundRequest): Promise<RefundOutcome> {
  if (request.reason === 'other' && !request.note?.trim()) {
    throw new ApiError(400, 'invalid_request', "A note is required when the reason is 'other'.", 'note');
  }
  const { payment: resolved } = await resolvePayment(deps, request);
  const now = deps.now ?? (() => new Date());
  return deps.db.transaction(async (tx) => {
    // The row lock serialises every request against this payment, so the sum below and the insert
    // after it cannot interleave with another request's: concurrent refunds never over-refund.
    const payment = (await getPayment(tx, resolved.id, true))!;
    const amounts = await paymentAmounts(tx, payment);
    const settings = await loadPolicySettings(tx, deps.settings);
    const decision = evaluate(
      { amount: request.amount, currency: request.currency, reason: request.reason },
      payment,
      {
        now: now(),
        refundedAndInFlight: amounts.refunded + amounts.inFlight,
        settings,
        customerId: request.customerId,
      },
    );
    if (decision.violations.length > 0) {
      await tx.query(
        `INSERT INTO refund_rejections (payment_id, amount, currency, requested_by, violations)
         VALUES ($1, $2, $3, $4, $5)`,
        [
          payment.id,
          Number.isSafeInteger(request.amount) ? request.amount : null,
          payment.currency,
          request.actor,
          JSON.stringify(decision.violations),
        ],
      );
      return { kind: 'rejected', violations: decision.violations, paymentId: payment.id };
    }
    const id = newId('rf');
    const status: RefundStatus = decision.needsApproval ? 'awaiting_approval' : 'queued';
    await insertRefund(tx, {
      id,
      paymentId: payment.id,
      amount: decision.amount,
      currency: payment.currency,
      reason: request.reason,
      note: request.note ?? null,
      metadata: request.metadata ?? {},
      status,
      actor: request.actor,
    });
    // refund.created (and refund.awaiting_approval) for the merchant's webhooks, in this transaction.
    await enqueueRefundCreated(tx, id);
    return { kind: 'accepted', refund: (await getRefund(tx, id))! };
  });
}

/** Inserts an accepted refund and its first history row (from nothing to its status). */
async function insertRefund(
  tx: Queryable,
  r: {
    id: string;
    paymentId: string;
    amount: number;
    currency: string;
    reason: RefundReason;
    note: string | null;
    metadata: Record<string, string>;
    status: RefundStatus;
    actor: string;
  },
) {
  await tx.query(
    `INSERT INTO refunds (id, payment_id, amount, currency, reason, note, metadata, status, requested_by,
       customer_token, stripe_idempotency_key, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())`,
    [
      r.id,
      r.paymentId,
      r.amount,
      r.currency,
      r.reason,
      r.note,
      JSON.stringify(r.metadata),
      r.status,
      r.actor,
      randomToken(32),
      `refundry_${r.id}`,
    ],
  );
  await tx.query(
    `INSERT INTO refund_history (refund_id, from_status, to_status, actor, reason) VALUES ($1, NULL, $2, $3, $4)`,
    [r.id, r.status, r.actor, 'requested'],
  );
}
