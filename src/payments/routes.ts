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
import type { StripeGateway, StripePayment } from '../stripe/gateway.ts';
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
  const routes: PaymentRoutes = {
    db: deps.db,
    gateway: deps.gateway,
    policy: deps.config.policy,
    now: deps.now ?? (() => new Date()),
  };
  const { db } = routes;

  app.post('/payments', { preHandler: requireScope('payments:write') }, async (request, reply) => {
    // Stripe's facts first: the strict parse would refuse them as unknown fields, without saying why.
    refuseFactsFromStripe(request.body);
    const body = parse(registerBody, request.body, 'body');
    const registered = await registerNamedPayment(routes, body);
    reply.code(registered.created ? 201 : 200);
    return serializePayment(registered.payment, await paymentAmounts(db, registered.payment));
  });

  app.get('/payments', { preHandler: requireScope('payments:read') }, async (request) => {
    const found = await findPayments(routes, parse(paymentSearchQuery, request.query, 'query'));
    const amounts = await paymentAmountsMany(db, found.payments);
    return {
      object: 'list',
      data: found.payments.map((p) => serializePayment(p, amounts.get(p.id)!)),
      has_more: found.hasMore,
    };
  });

  app.get('/payments/:id', { preHandler: requireScope('payments:read') }, async (request) => {
    const payment = await knownPayment(db, parse(idParams, request.params, 'path').id);
    return serializePayment(payment, await paymentAmounts(db, payment));
  });

  app.get('/payments/:id/eligibility', { preHandler: requireScope('payments:read') }, async (request) => {
    const { id } = parse(idParams, request.params, 'path');
    const query = parse(eligibilityQuery, request.query, 'query');
    return eligibility(routes, await knownPayment(db, id), query);
  });
}

/** What the payment routes are handed: the database, Stripe, the policy's configured defaults, the time. */
interface PaymentRoutes {
  db: Db;
  gateway: StripeGateway;
  policy: Config['policy'];
  now: () => Date;
}

/** The payment with this id, or a 404 naming `id`. */
async function knownPayment(db: Db, id: string): Promise<Payment> {
  const payment = await getPayment(db, id);
  if (!payment) throw new ApiError(404, 'not_found', `No payment with id '${id}'.`, 'id');
  return payment;
}

/**
 * POST /payments: the payment a caller names, registered (or found again: `created` false) with
 * Stripe's facts and the caller's own. Nothing is stored when Stripe does not know it, has nothing
 * captured on it, or when Refundry knows it on another account than the one named.
 */
async function registerNamedPayment(
  { db, gateway, now }: PaymentRoutes,
  body: z.infer<typeof registerBody>,
): Promise<{ payment: Payment; created: boolean }> {
  const on = body.stripe_account;
  const facts = await capturedAtStripe(gateway, body.stripe_id, on);
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
  return { payment, created: registered.created };
}

/**
 * Stripe's facts about a payment, read now: a direct charge's on its connected account (`on`, sent
 * as Stripe-Account). An id Stripe does not know is a 404, a payment with nothing captured a 400.
 */
async function capturedAtStripe(
  gateway: StripeGateway,
  stripeId: string,
  on: string | undefined,
): Promise<StripePayment> {
  const facts = await gateway.retrievePayment(stripeId, on);
  if (!facts || (!facts.paymentIntentId && !facts.chargeId)) {
    throw new ApiError(
      404,
      'not_found',
      `Stripe has no payment with id '${stripeId}'${on ? ` on account ${on}` : ''}.`,
      'stripe_id',
    );
  }
  if (!facts.captured) {
    throw new ApiError(
      400,
      'payment_not_captured',
      `Stripe's payment ${stripeId} has nothing captured: only captured payments can be registered.`,
      'stripe_id',
    );
  }
  return facts;
}

/**
 * GET /payments: by order id (every payment of the order, on one page), or one page of an
 * account's payments or of the search for `q`; a Stripe id searched for and not known yet is
 * looked up at Stripe and registered.
 */
async function findPayments(
  routes: PaymentRoutes,
  query: z.infer<typeof paymentSearchQuery>,
): Promise<{ payments: Payment[]; hasMore: boolean }> {
  const { db } = routes;
  if (query.order_id !== undefined) {
    let payments = await findPaymentsByOrder(db, query.order_id);
    if (query.account !== undefined)
      payments = payments.filter((p) => (p.connect.connectedAccount ?? 'platform') === query.account);
    return { payments, hasMore: false };
  }
  const cursor = onePageCursor(query);
  const page =
    query.q === undefined
      ? await listAccountPayments(db, query.account!, { limit: query.limit, ...cursor })
      : await searchPayments(db, query.q, { limit: query.limit, ...cursor }, query.account);
  if (!page) throw unknownCursor('payment', cursor);
  // A Stripe id Refundry has not seen yet: look it up at Stripe, as a refund request would.
  const firstPage = cursor.startingAfter === undefined && cursor.endingBefore === undefined;
  if (page.data.length === 0 && firstPage && query.q !== undefined && isStripePaymentId(query.q)) {
    // With an account named, the payment is looked up there (a direct charge).
    const on = query.account === 'platform' ? undefined : query.account;
    const remote = await routes.gateway.retrievePayment(query.q, on);
    if (remote && (remote.paymentIntentId || remote.chargeId) && remote.captured) {
      return { payments: [(await registerFromStripe(db, remote)).payment], hasMore: page.hasMore };
    }
  }
  return { payments: page.data, hasMore: page.hasMore };
}

/**
 * GET /payments/:id/eligibility: what the policy says about refunding this payment, for the
 * amount, reason and Connect choices given (the check the dashboard shows while a refund is typed
 * in). Without an amount, what may be refunded (0 when nothing may).
 */
async function eligibility(
  { db, policy, now }: PaymentRoutes,
  payment: Payment,
  query: z.infer<typeof eligibilityQuery>,
) {
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
    { defaults: policy, now: now() },
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
