// The payments of /api/v1: registering one by its Stripe id (the facts are Stripe's), finding
// them, and what the policy says about refunding one (the eligibility check the dashboard shows
// while a refund is typed in). Operations declared in operations.ts beside this file.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireScope } from '../auth/principal.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { onePageCursor, unknownCursor } from '../db/keyset.ts';
import { ApiError } from '../http/http-error.ts';
import {
  accountFilter,
  currency,
  flag,
  idParams,
  isStripePaymentId,
  limit,
  metadata,
  parse,
  queryInt,
  stripeAccountId,
  stripePaymentId,
  text,
} from '../http/validate.ts';
import type { ConnectDecision } from '../policy/connect-policy.ts';
import { loadDecision } from '../refunds/decide.ts';
import { REFUND_REASONS } from '../refunds/reasons.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import {
  findPaymentByStripeId,
  findPaymentsByOrder,
  getPayment,
  listAccountPayments,
  type Payment,
  paymentAmounts,
  paymentAmountsMany,
  registerFromStripe,
  registerPayment,
  searchPayments,
  serializePayment,
  withConnectFacts,
} from './payments.ts';

export interface PaymentRouteDeps {
  db: Db;
  gateway: StripeGateway;
  config: Pick<Config, 'policy'>;
  now?: (() => Date) | undefined;
}

/**
 * Registering a payment: its Stripe id and the merchant's own facts. Money and time facts are read
 * from Stripe; a caller who sends them gets a 400 naming the field (they are never compared or
 * used, so no caller can move a payment into the refund window or inflate what is refundable).
 */
export const registerBody = z.strictObject({
  stripe_id: stripePaymentId,
  order_id: text().optional(),
  customer_id: text().optional(),
  customer_email: z.email().max(254).optional(),
  fraud_flagged: z.boolean().optional(),
  metadata: metadata.optional(),
  // A direct charge on a connected account: where Stripe has it (the Connect facts are read there).
  stripe_account: stripeAccountId.optional(),
});

/** Stripe's facts about a payment, which a caller may not set. */
const FACTS_FROM_STRIPE: Record<string, string> = {
  amount: "the payment's captured amount",
  currency: "the payment's currency",
  captured_at: 'when the payment was captured',
  amount_captured: "the payment's captured amount",
  amount_refunded: 'what is refunded so far',
  stripe_amount_refunded: 'what is refunded so far',
  disputed: 'whether the payment is disputed',
  stripe_customer_id: "the payment's Stripe customer",
};

function refuseFactsFromStripe(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const field = Object.keys(FACTS_FROM_STRIPE).find((f) => Object.hasOwn(body, f));
  if (field) {
    throw new ApiError(
      400,
      'field_from_stripe',
      `${field} is read from Stripe (${FACTS_FROM_STRIPE[field]}) and cannot be given; leave it out.`,
      field,
    );
  }
}

export const paymentSearchQuery = z
  .strictObject({
    order_id: text().optional(),
    q: text(200).optional(),
    limit: limit(100, 50),
    starting_after: text().optional(),
    ending_before: text().optional(),
    // Connect: one connected account's payments (with q: the matches on it), or 'platform'.
    account: accountFilter.optional(),
  })
  .refine((v) => v.order_id !== undefined || v.q !== undefined || v.account !== undefined, {
    message:
      'q (a payment, refund or Stripe id, order id, customer id or email, or the start of one), order_id or account is required',
    path: ['q'],
  });

export const eligibilityQuery = z.strictObject({
  customer_id: text().optional(),
  // A refund being typed in: the answer is then for exactly this amount and reason.
  amount: queryInt(1, Number.MAX_SAFE_INTEGER).optional(),
  currency: currency.optional(),
  reason: z.enum(REFUND_REASONS).optional(),
  // Connect: as the refund would ask (omitted: the platform's defaults).
  reverse_transfer: flag.optional(),
  refund_application_fee: flag.optional(),
});

export function registerPaymentRoutes(app: FastifyInstance, deps: PaymentRouteDeps): void {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const scope = requireScope;

  async function paymentView(id: string) {
    const payment = await getPayment(db, id);
    if (!payment) throw new ApiError(404, 'not_found', `No payment with id '${id}'.`, 'id');
    return serializePayment(payment, await paymentAmounts(db, payment));
  }

  app.post('/payments', { preHandler: scope('payments:write') }, async (request, reply) => {
    refuseFactsFromStripe(request.body);
    const body = parse(registerBody, request.body, 'body');
    // The facts are Stripe's: read now (an id Stripe does not know is refused, nothing stored); a
    // direct charge's on its connected account (stripe_account), with Stripe-Account.
    const on = body.stripe_account;
    const facts = await deps.gateway.retrievePayment(body.stripe_id, on);
    if (!facts || (!facts.paymentIntentId && !facts.chargeId)) {
      throw new ApiError(
        404,
        'not_found',
        `Stripe has no payment with id '${body.stripe_id}'${on ? ` on account ${on}` : ''}.`,
        'stripe_id',
      );
    }
    if (!facts.captured) {
      throw new ApiError(
        400,
        'payment_not_captured',
        `Stripe's payment ${body.stripe_id} has nothing captured: only captured payments can be registered.`,
        'stripe_id',
      );
    }
    // One payment named two ways that disagree: known here on another account.
    const known = on ? await findPaymentByStripeId(db, body.stripe_id) : undefined;
    if (known && known.connect.stripeAccount !== on) {
      throw new ApiError(
        400,
        'account_mismatch',
        `Payment ${known.id} was made on ${known.connect.stripeAccount ?? 'the platform'}, not on ${on}.`,
        'stripe_account',
      );
    }
    const registered = await registerPayment(
      db,
      facts,
      {
        orderId: body.order_id,
        customerId: body.customer_id,
        customerEmail: body.customer_email,
        fraudFlagged: body.fraud_flagged,
        metadata: body.metadata,
      },
      now(),
    );
    // Connect: the account, the application fee and the transfer, as Stripe said.
    const payment = await withConnectFacts(db, registered.payment, facts);
    reply.code(registered.created ? 201 : 200);
    return serializePayment(payment, await paymentAmounts(db, payment));
  });

  app.get('/payments', { preHandler: scope('payments:read') }, async (request) => {
    const query = parse(paymentSearchQuery, request.query, 'query');
    let payments: Payment[];
    let hasMore = false;
    if (query.order_id !== undefined) {
      payments = await findPaymentsByOrder(db, query.order_id);
      if (query.account !== undefined)
        payments = payments.filter((p) => (p.connect.connectedAccount ?? 'platform') === query.account);
    } else {
      const cursor = onePageCursor(query);
      const page =
        query.q === undefined
          ? await listAccountPayments(db, query.account!, { limit: query.limit, ...cursor })
          : await searchPayments(db, query.q, { limit: query.limit, ...cursor }, query.account);
      if (!page) throw unknownCursor('payment', cursor);
      payments = page.data;
      hasMore = page.hasMore;
      // A Stripe id Refundry has not seen yet: look it up at Stripe, as a refund request would.
      const firstPage = cursor.startingAfter === undefined && cursor.endingBefore === undefined;
      if (payments.length === 0 && firstPage && query.q !== undefined && isStripePaymentId(query.q)) {
        // With an account named, the payment is looked up there (a direct charge).
        const on = query.account === 'platform' ? undefined : query.account;
        const remote = await deps.gateway.retrievePayment(query.q, on);
        if (remote && (remote.paymentIntentId || remote.chargeId) && remote.captured) {
          payments = [(await registerFromStripe(db, remote)).payment];
        }
      }
    }
    const amounts = await paymentAmountsMany(db, payments);
    return {
      object: 'list',
      data: payments.map((p) => serializePayment(p, amounts.get(p.id)!)),
      has_more: hasMore,
    };
  });

  app.get('/payments/:id', { preHandler: scope('payments:read') }, async (request) =>
    paymentView(parse(idParams, request.params, 'path').id),
  );

  app.get('/payments/:id/eligibility', { preHandler: scope('payments:read') }, async (request) => {
    const { id } = parse(idParams, request.params, 'path');
    const query = parse(eligibilityQuery, request.query, 'query');
    const payment = await getPayment(db, id);
    if (!payment) throw new ApiError(404, 'not_found', `No payment with id '${id}'.`, 'id');
    const decision = await loadDecision(
      db,
      payment,
      {
        amount: query.amount,
        currency: query.currency,
        reason: query.reason,
        customerId: query.customer_id,
        reverseTransfer: query.reverse_transfer,
        refundApplicationFee: query.refund_application_fee,
      },
      { defaults: deps.config.policy, now: now() },
    );
    const connect = decision.connect!;
    const eligible = decision.violations.length === 0;
    const approvalReasons = decision.approvalReasons;
    return {
      object: 'eligibility',
      payment_id: payment.id,
      eligible,
      currency: payment.currency,
      refundable_amount: eligible || query.amount !== undefined ? decision.remaining : 0,
      amount: decision.amount,
      needs_approval: approvalReasons.length > 0,
      approval_reasons: approvalReasons,
      needs_approval_above: decision.approvalThreshold,
      violations: decision.violations,
      connect: serializeConnectDecision(payment, connect),
    };
  });
}

/** What a refund would take back of a Connect payment (null for the platform's own payments). */
function serializeConnectDecision(payment: Payment, d: ConnectDecision) {
  const c = payment.connect;
  if (!c.transfer && !c.applicationFee && !c.stripeAccount) return null;
  return {
    reverse_transfer: d.reverseTransfer,
    refund_application_fee: d.refundApplicationFee,
    // Estimates (Stripe's share, rounded half up); what Stripe did is on the refund once sent.
    transfer_share: d.reverseTransfer ? d.transferShare : 0,
    transfer_left: c.transfer ? d.transferLeft : null,
    uncovered: d.uncovered,
    fee_share: d.feeShare,
    needs_approval: d.needsApproval,
  };
}
