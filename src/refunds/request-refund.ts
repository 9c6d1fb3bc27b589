// Accepting a refund request: find (or fetch from Stripe) the payment, lock it, count what is
// already committed, ask the policy, then either store the refund queued / awaiting approval or
// record the rejection. Shared by the API, the CLI, the dashboard and bulk import.

import type { PolicySettings } from '../config.ts';
import { proportionalShare } from '../connect/connect-share.ts';
import type { Db, Queryable } from '../db/db.ts';
import { ApiError } from '../http/http-error.ts';
import { isStripePaymentId } from '../http/validate.ts';
import { enqueueNotifications } from '../notifications/outbox.ts';
import {
  findPaymentByStripeId,
  findPaymentsByOrder,
  getPayment,
  type Payment,
  paymentAmounts,
  registerFromStripe,
} from '../payments/payments.ts';
import { type ConnectDecision, evaluateConnect } from '../policy/connect-policy.ts';
import { evaluate, type Violation } from '../policy/policy.ts';
import { loadPolicySettings } from '../policy/policy-settings.ts';
import { newId, randomToken } from '../shared/ids.ts';
import type { StripeGateway, StripePayment } from '../stripe/gateway.ts';
import type { RefundStatus } from './refund-states.ts';
import { REFUND_COLUMNS, type Refund, refundFromRow } from './refunds.ts';

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
  /** The connected account a `stripe_id` lives on (direct charges): where to look it up. */
  stripeAccount?: string | undefined;
  /** Connect: reverse the transfer / refund the application fee; undefined = the policy's default. */
  reverseTransfer?: boolean | undefined;
  refundApplicationFee?: boolean | undefined;
  /** 'key:<id>', 'user:<id>', 'bulk:<id>', … */
  actor: string;
  /** "Try again" on a failed refund: the refund this one retries (it must still be failed). */
  retryOf?: string | undefined;
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
  /** The connected account a `stripe_id` lives on (direct charges; 'platform' for the platform's). */
  stripeAccount?: string | undefined;
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
      // A direct charge lives on its connected account: looked up there (Stripe-Account).
      remote = await deps.gateway.retrievePayment(
        primary.value,
        ref.stripeAccount === 'platform' ? undefined : ref.stripeAccount,
      );
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
  // The account named must be the payment's own.
  const account = local ? local.connect.stripeAccount : (remote!.connect?.account ?? null);
  if (ref.stripeAccount !== undefined && (account ?? 'platform') !== ref.stripeAccount) {
    throw new ApiError(
      400,
      'account_mismatch',
      `Payment ${shown} was made on ${account ?? 'the platform'}, not on ${ref.stripeAccount}.`,
      'stripe_account',
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
    connect: {
      stripeAccount: p.connect?.account ?? null,
      connectedAccount: p.connect?.account ?? p.connect?.transfer?.destination ?? null,
      applicationFee: p.connect?.applicationFee
        ? {
            id: p.connect.applicationFee.id,
            amount: p.connect.applicationFee.amount,
            refunded: p.connect.applicationFee.amountRefunded,
          }
        : null,
      transfer: p.connect?.transfer
        ? {
            id: p.connect.transfer.id,
            destination: p.connect.transfer.destination,
            amount: p.connect.transfer.amount,
            reversed: p.connect.transfer.amountReversed,
          }
        : null,
    },
  };
}

/**
 * Work the caller adds to the refund's own transaction, so it commits with the refund or not at all
 * (the API's idempotency record): `before` runs first and may end the request with a value (a
 * replay), `after` runs last with the outcome.
 */
export interface AcceptHooks<R> {
  before?: (tx: Queryable) => Promise<R | undefined>;
  after?: (tx: Queryable, outcome: RefundOutcome) => Promise<void>;
}

export type Replayed<R> = { kind: 'replayed'; value: R };

/**
 * Accepts (or rejects, by the policy) one refund request in ONE transaction: lock the payment, sum
 * what is committed against it, ask the policy, insert the refund with its first history row and its
 * notifications, and the hooks' work. A payment named by its pay_ id alone is locked directly; other
 * names are resolved first (an unknown Stripe id is fetched from Stripe, outside the transaction).
 */
export function requestRefund(deps: RequestRefundDeps, request: RefundRequest): Promise<RefundOutcome>;
export function requestRefund<R>(
  deps: RequestRefundDeps,
  request: RefundRequest,
  hooks: AcceptHooks<R>,
): Promise<RefundOutcome | Replayed<R>>;
export async function requestRefund<R>(
  deps: RequestRefundDeps,
  request: RefundRequest,
  hooks: AcceptHooks<R> = {},
): Promise<RefundOutcome | Replayed<R>> {
  if (request.reason === 'other' && !request.note?.trim()) {
    throw new ApiError(400, 'invalid_request', "A note is required when the reason is 'other'.", 'note');
  }
  const byOwnId =
    request.paymentId?.startsWith('pay_') && !request.orderId && !request.stripeId && !request.stripeAccount;
  const paymentId = byOwnId ? request.paymentId! : (await resolvePayment(deps, request)).payment.id;
  // Read outside the transaction: cached (POLICY_CACHE_MS), so usually no statement at all.
  const settings = await loadPolicySettings(deps.db, deps.settings);
  const now = deps.now ?? (() => new Date());
  return deps.db.transaction(async (tx): Promise<RefundOutcome | Replayed<R>> => {
    const replay = await hooks.before?.(tx);
    if (replay !== undefined) return { kind: 'replayed', value: replay };
    // The row lock serialises every request against this payment, so the sum below (its own
    // statement, hence a snapshot taken after the lock) and the insert after it cannot interleave
    // with another request's: concurrent refunds never over-refund.
    const payment = await getPayment(tx, paymentId, true);
    if (!payment) throw new ApiError(404, 'not_found', `No payment with id '${paymentId}'.`, 'payment_id');
    if (request.retryOf !== undefined) await checkRetryable(tx, request.retryOf, payment.id);
    const amounts = await paymentAmounts(tx, payment);
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
    // Connect: what the refund takes back of the transfer and the fee, and whether the transfer can
    // cover its share. Only payments with a transfer cost a statement more (the reversals counted).
    const connect = await connectDecision(tx, payment, request, decision.amount, settings);
    decision.violations.push(...connect.violations);
    let outcome: RefundOutcome;
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
      outcome = { kind: 'rejected', violations: decision.violations, paymentId: payment.id };
    } else {
      const refund = await insertRefund(tx, {
        id: newId('rf'),
        paymentId: payment.id,
        amount: decision.amount,
        currency: payment.currency,
        reason: request.reason,
        note: request.note ?? null,
        metadata: request.metadata ?? {},
        status: decision.needsApproval || connect.needsApproval ? 'awaiting_approval' : 'queued',
        actor: request.actor,
        reverseTransfer: connect.reverseTransfer,
        refundApplicationFee: connect.refundApplicationFee,
        retryOf: request.retryOf ?? null,
      });
      // refund.created (and refund.awaiting_approval) for the merchant's webhooks, the customer's
      // nothing yet: from the inserted row, no re-read.
      await enqueueNotifications(tx, {
        from: null,
        refund,
        payment: {
          customer_email: payment.customerEmail,
          order_id: payment.orderId,
          stripe_payment_intent_id: payment.stripePaymentIntentId,
          stripe_charge_id: payment.stripeChargeId,
        },
        historyId: null,
        at: new Date(),
      });
      outcome = { kind: 'accepted', refund };
    }
    await hooks.after?.(tx, outcome);
    return outcome;
  });
}

/**
 * A retry is allowed while the refund it retries is failed, on the same payment, and not retried
 * yet. Runs under the payment's row lock, like "refunded another way", so the two exclude each
 * other; the unique index on retry_of is the last word on concurrent retries.
 */
async function checkRetryable(tx: Queryable, retryOf: string, paymentId: string): Promise<void> {
  const [failed] = await tx.query<{ status: RefundStatus; payment_id: string; retried_as: string | null }>(
    `SELECT r.status, r.payment_id, (SELECT id FROM refunds WHERE retry_of = r.id) AS retried_as
     FROM refunds r WHERE r.id = $1 FOR UPDATE`,
    [retryOf],
  );
  if (!failed || failed.payment_id !== paymentId) {
    throw new ApiError(404, 'not_found', `No refund with id '${retryOf}' on this payment.`, 'id');
  }
  if (failed.retried_as) {
    throw new ApiError(
      409,
      'already_retried',
      `Refund ${retryOf} was already tried again as ${failed.retried_as}.`,
      'id',
      { retried_as: failed.retried_as },
    );
  }
  if (failed.status !== 'failed') {
    throw new ApiError(
      409,
      'not_retryable',
      `Refund ${retryOf} is ${failed.status}; only a failed refund can be tried again.`,
      'id',
    );
  }
}

/** Inserts an accepted refund and its first history row (from nothing to its status), in one statement. */
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
    reverseTransfer: boolean;
    refundApplicationFee: boolean;
    retryOf: string | null;
  },
): Promise<Refund> {
  const [row] = await tx.query<Refund>(
    `WITH refund AS (
       INSERT INTO refunds (id, payment_id, amount, currency, reason, note, metadata, status, requested_by,
         customer_token, stripe_idempotency_key, retry_of, next_attempt_at, reverse_transfer, refund_application_fee)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now(), $13, $14)
       RETURNING ${REFUND_COLUMNS}
     ), history AS (
       INSERT INTO refund_history (refund_id, from_status, to_status, actor, reason)
       SELECT id, NULL, status, $9, 'requested' FROM refund
     )
     SELECT * FROM refund`,
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
      r.retryOf,
      r.reverseTransfer,
      r.refundApplicationFee,
    ],
  );
  return refundFromRow(row!);
}

/**
 * The Connect rules for a request on a locked payment (src/policy/connect-policy.ts). Reads the
 * reversals already committed against a destination charge's transfer; a payment without a
 * transfer needs no statement.
 */
export async function connectDecision(
  tx: Queryable,
  payment: Payment,
  request: Pick<RefundRequest, 'reverseTransfer' | 'refundApplicationFee'>,
  amount: number,
  settings: Required<PolicySettings>,
): Promise<ConnectDecision> {
  const c = payment.connect;
  const committed = { reversalsRecorded: 0, reversalsPending: 0 };
  if (c.transfer) {
    const rows = await tx.query<{
      amount: string | number;
      transfer_reversed: string | number | null;
      sent: boolean;
    }>(
      `SELECT amount, transfer_reversed, (status NOT IN ('awaiting_approval', 'queued')) AS sent FROM refunds
       WHERE payment_id = $1 AND reverse_transfer
         AND status NOT IN ('failed', 'canceled', 'rejected', 'refunded_another_way')`,
      [payment.id],
    );
    for (const r of rows) {
      if (r.transfer_reversed !== null) committed.reversalsRecorded += Number(r.transfer_reversed);
      else if (!r.sent)
        committed.reversalsPending += proportionalShare(c.transfer.amount, Number(r.amount), payment.amount);
    }
  }
  return evaluateConnect(
    request,
    {
      amount: payment.amount,
      applicationFee: c.applicationFee
        ? { amount: c.applicationFee.amount, refunded: c.applicationFee.refunded }
        : null,
      transfer: c.transfer ? { amount: c.transfer.amount, reversed: c.transfer.reversed } : null,
    },
    amount,
    committed,
    settings.connect,
  );
}
