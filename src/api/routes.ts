// The service's HTTP API under /api/v1: validate with zod, call the domain functions, shape JSON.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { describeActors } from '../auth/actor-names.ts';
import { sessionSettings } from '../auth/login.ts';
import type { ScryptParams } from '../auth/passwords.ts';
import { actorOf, authenticate, requireScope } from '../auth/principal.ts';
import { type AuthConfig, type Config, DEFAULT_AUTH } from '../config.ts';
import type { Db } from '../db/db.ts';
import { onePageCursor } from '../db/keyset.ts';
import { ApiError } from '../http/http-error.ts';
import {
  accountFilter,
  currency,
  dateTime,
  flag,
  idempotencyKeyHeader,
  idParams,
  isStripePaymentId,
  limit,
  longText,
  metadata,
  minorAmount,
  parse,
  queryInt,
  stripeAccountId,
  stripePaymentId,
  text,
} from '../http/validate.ts';
import { idempotencyClaim, recordRefusal, type StoredResponse } from '../idempotency/idempotency.ts';
import { type Metrics, refundRequestOutcome } from '../metrics/metrics.ts';
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
} from '../payments/payments.ts';
import type { ConnectDecision } from '../policy/connect-policy.ts';
import { evaluate } from '../policy/policy.ts';
import { loadPolicySettings } from '../policy/policy-settings.ts';
import { markRefundedAnotherWay, retryFailedRefund } from '../refunds/failed-refund.ts';
import { failureText } from '../refunds/failure-text.ts';
import { REFUND_REASONS } from '../refunds/reasons.ts';
import { REFUND_STATUSES } from '../refunds/refund-states.ts';
import {
  cancelRefund,
  decideApproval,
  getRefund,
  listRefunds,
  refundHistory,
  serializeRefund,
} from '../refunds/refunds.ts';
import { connectDecision, createRefundAcceptor, type RefundOutcome } from '../refunds/request-refund.ts';
import type { StripeGateway } from '../stripe/gateway.ts';

export interface ApiDeps {
  db: Db;
  gateway: StripeGateway;
  /** `auth` (sessions) falls back to DEFAULT_AUTH when omitted. */
  config: Pick<Config, 'policy'> & { auth?: AuthConfig | undefined };
  now?: () => Date;
  metrics?: Metrics | undefined;
  /** scrypt parameters for passwords set through the API; DEFAULT_SCRYPT unless a test lowers them. */
  passwordHashing?: ScryptParams | undefined;
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

export const refundBody = z.strictObject({
  payment_id: text().optional(),
  order_id: text().optional(),
  stripe_id: stripePaymentId.optional(),
  amount: minorAmount.optional(),
  currency: currency.optional(),
  reason: z.enum(REFUND_REASONS),
  note: longText(1000).optional(),
  metadata: metadata.optional(),
  customer_id: text().optional(),
  // Connect (docs/connect.md): the account a stripe_id lives on, and what to take back with the
  // refund (omitted: the platform's defaults in the policy settings).
  stripe_account: stripeAccountId.optional(),
  reverse_transfer: z.boolean().optional(),
  refund_application_fee: z.boolean().optional(),
});

/** The refund list's filters, shared by GET /refunds and GET /refunds/export.csv. */
export const refundFilterFields = {
  status: z.enum(REFUND_STATUSES).optional(),
  reason: z.enum(REFUND_REASONS).optional(),
  needs_approval: flag.optional(),
  failed: flag.optional(),
  q: longText(200).optional(),
  payment_id: text().optional(),
  order_id: text().optional(),
  customer_id: text().optional(),
  account: accountFilter.optional(),
  created_gte: dateTime.optional(),
  created_lte: dateTime.optional(),
};

export const listQuery = z.strictObject({
  ...refundFilterFields,
  limit: limit(100, 10),
  starting_after: text().optional(),
  ending_before: text().optional(),
  expand: z.literal('payment').optional(),
});

export function refundFilters(q: z.infer<z.ZodObject<typeof refundFilterFields>>) {
  return {
    status: q.status,
    reason: q.reason,
    needsApproval: q.needs_approval,
    failed: q.failed,
    q: q.q || undefined,
    paymentId: q.payment_id,
    orderId: q.order_id,
    customerId: q.customer_id,
    account: q.account,
    createdGte: q.created_gte ? new Date(q.created_gte) : undefined,
    createdLte: q.created_lte ? new Date(q.created_lte) : undefined,
  };
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

/** POST /refunds/:id/retry takes no fields. */
export const retryBody = z.strictObject({}).optional();
export const anotherWayBody = z.strictObject({
  note: longText(1000).refine((n) => n.length > 0, 'say how the customer was refunded'),
});

export const decisionBody = z.strictObject({ reason: longText(1000).optional() }).optional();

export function registerApiRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const auth = deps.config.auth ?? DEFAULT_AUTH;
  app.decorateRequest('apiKey', undefined);
  app.decorateRequest('principal', undefined);
  app.addHook(
    'onRequest',
    authenticate({ db, now, sessions: sessionSettings(auth), publicUrl: auth.publicUrl }),
  );
  const scope = requireScope;
  const actor = actorOf;
  const acceptor = createRefundAcceptor({
    db,
    gateway: deps.gateway,
    settings: deps.config.policy,
    now,
    respond: refundResponse,
  });

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
      if (!page) {
        const param = query.starting_after !== undefined ? 'starting_after' : 'ending_before';
        throw new ApiError(
          404,
          'not_found',
          `No payment with id '${cursor.startingAfter ?? cursor.endingBefore}'.`,
          param,
        );
      }
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
    const amounts = await paymentAmounts(db, payment);
    const settings = await loadPolicySettings(db, deps.config.policy);
    const decision = evaluate(
      { amount: query.amount, currency: query.currency, reason: query.reason },
      payment,
      {
        now: now(),
        refundedAndInFlight: amounts.refunded + amounts.inFlight,
        settings,
        customerId: query.customer_id,
      },
    );
    const connect = await connectDecision(
      db,
      payment,
      { reverseTransfer: query.reverse_transfer, refundApplicationFee: query.refund_application_fee },
      decision.amount,
      settings,
    );
    decision.violations.push(...connect.violations);
    const eligible = decision.violations.length === 0;
    // Why it would wait for an approver, as the refund would record it.
    const approvalReasons = eligible
      ? [...decision.approvalReasons, ...(connect.needsApproval ? (['transfer_uncovered'] as const) : [])]
      : [];
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

  app.post('/refunds', { preHandler: scope('refunds:write') }, async (request, reply) => {
    const idempotencyKey = idempotencyKeyHeader(request.headers);
    const claim = idempotencyKey
      ? idempotencyClaim(`refunds:${request.principal!.id}`, idempotencyKey, request.body)
      : undefined;
    const answer = (status: number, body: unknown, replayed: boolean) => {
      if (replayed) reply.header('Idempotent-Replayed', 'true');
      reply.code(status);
      return body;
    };
    try {
      const body = parse(refundBody, request.body, 'body');
      // Accepted together with the requests arriving meanwhile; the key is claimed and the
      // response stored inside the refunds' own transaction.
      const outcome = await acceptor.accept(
        {
          paymentId: body.payment_id,
          orderId: body.order_id,
          stripeId: body.stripe_id,
          amount: body.amount,
          currency: body.currency,
          reason: body.reason,
          note: body.note,
          metadata: body.metadata,
          customerId: body.customer_id,
          stripeAccount: body.stripe_account,
          reverseTransfer: body.reverse_transfer,
          refundApplicationFee: body.refund_application_fee,
          actor: actor(request),
        },
        claim,
      );
      if (outcome.kind === 'replayed') return answer(outcome.response.status, outcome.response.body, true);
      const response = answerRefundOutcome(outcome);
      return answer(response.status, response.body, false);
    } catch (error) {
      // Refused before anything was written (bad body, unknown payment): the refusal is what a
      // replay of the key gets; a failure of ours (5xx) leaves the key unused, to be retried.
      if (
        !claim ||
        !(error instanceof ApiError) ||
        error.status >= 500 ||
        error.code === 'idempotency_conflict'
      )
        throw error;
      const kept = await recordRefusal(db, claim, { status: error.status, body: error.body() });
      return answer(kept.status, kept.body, kept.replayed);
    }
  });

  /** A refund request's outcome as the API answers it (201 or 422), counted like POST /refunds. */
  function answerRefundOutcome(outcome: RefundOutcome): StoredResponse {
    deps.metrics?.refundRequests.inc({
      outcome: refundRequestOutcome(
        outcome.kind,
        outcome.kind === 'accepted' ? outcome.refund.status : undefined,
      ),
    });
    return refundResponse(outcome);
  }

  app.get('/refunds', { preHandler: scope('refunds:read') }, async (request) => {
    const q = parse(listQuery, request.query, 'query');
    const page = await listRefunds(db, {
      ...refundFilters(q),
      limit: q.limit,
      ...onePageCursor(q),
    });
    const payments = new Map<string, unknown>();
    if (q.expand === 'payment') {
      for (const id of new Set(page.data.map((r) => r.payment_id))) {
        const p = await getPayment(db, id);
        if (p) payments.set(id, serializePayment(p, await paymentAmounts(db, p)));
      }
    }
    const names = await describeActors(
      db,
      page.data.flatMap((r) => [r.requested_by, r.approved_by]),
    );
    return {
      object: 'list',
      data: page.data.map((r) => ({
        ...serializeRefund(r, undefined, names),
        ...(q.expand === 'payment' ? { payment: payments.get(r.payment_id) ?? null } : {}),
      })),
      has_more: page.hasMore,
    };
  });

  app.get('/refunds/:id', { preHandler: scope('refunds:read') }, async (request) => {
    const { id } = parse(idParams, request.params, 'path');
    const refund = await getRefund(db, id);
    if (!refund) throw new ApiError(404, 'not_found', `No refund with id '${id}'.`, 'id');
    const [history, payment, emails, retry] = await Promise.all([
      refundHistory(db, id),
      getPayment(db, refund.payment_id),
      customerEmails(db, id),
      db.query<{ id: string; status: string }>('SELECT id, status FROM refunds WHERE retry_of = $1', [id]),
    ]);
    const names = await describeActors(db, [
      ...history.map((h) => h.actor),
      refund.requested_by,
      refund.approved_by,
    ]);
    return {
      // The timeline: every transition with who (name and email), when, and the Stripe ids.
      ...serializeRefund(refund, history, names),
      // Stripe's own failure (failure_code, failure_message above) in plain words, for staff.
      failure_text: failureText(refund.failure_code),
      retried_as: retry[0]?.id ?? null,
      // Customer emails about this refund: queued (pending), sent or given up (failed).
      emails,
      payment: payment ? serializePayment(payment, await paymentAmounts(db, payment)) : null,
    };
  });

  // Next steps on a failed refund (refunds/failed-refund.ts).
  app.post('/refunds/:id/retry', { preHandler: scope('refunds:write') }, async (request, reply) => {
    const { id } = parse(idParams, request.params, 'path');
    parse(retryBody, request.body, 'body');
    const outcome = await retryFailedRefund(
      { db, gateway: deps.gateway, settings: deps.config.policy, now },
      id,
      actor(request),
    );
    const answer = answerRefundOutcome(outcome);
    reply.code(answer.status);
    return answer.body;
  });

  app.post('/refunds/:id/refunded-another-way', { preHandler: scope('refunds:write') }, async (request) => {
    const { id } = parse(idParams, request.params, 'path');
    const body = parse(anotherWayBody, request.body, 'body');
    const refund = await markRefundedAnotherWay(db, id, actor(request), body.note);
    return serializeRefund(refund);
  });

  app.post('/refunds/:id/cancel', { preHandler: scope('refunds:write') }, async (request) => {
    const { id } = parse(idParams, request.params, 'path');
    const body = parse(decisionBody, request.body, 'body');
    return serializeRefund(await cancelRefund(db, id, actor(request), body?.reason));
  });

  for (const [path, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    app.post(`/refunds/:id/${path}`, { preHandler: scope('refunds:approve') }, async (request) => {
      const { id } = parse(idParams, request.params, 'path');
      const body = parse(decisionBody, request.body, 'body');
      const decided = await decideApproval(db, {
        id,
        actor: actor(request),
        approve,
        reason: body?.reason,
        policy: deps.config.policy,
      });
      return serializeRefund(decided);
    });
  }
}

/** The customer emails of one refund, oldest first, for its timeline. */
async function customerEmails(db: Db, refundId: string) {
  const rows = await db.query<{
    id: string;
    kind: string;
    recipient: string;
    status: string;
    attempts: number;
    created_at: Date;
    sent_at: Date | null;
    last_attempt_at: Date | null;
    next_attempt_at: Date;
    last_error: string | null;
  }>(
    `SELECT id, kind, recipient, status, attempts, created_at, sent_at, last_attempt_at, next_attempt_at, last_error
     FROM notifications WHERE refund_id = $1 AND channel = 'email' ORDER BY created_at, id`,
    [refundId],
  );
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return rows.map((n) => ({
    id: n.id,
    kind: n.kind,
    to: n.recipient,
    status: n.status,
    attempts: n.attempts,
    queued_at: iso(n.created_at),
    sent_at: iso(n.sent_at),
    last_attempt_at: iso(n.last_attempt_at),
    next_attempt_at: n.status === 'pending' ? iso(n.next_attempt_at) : null,
    last_error: n.last_error,
  }));
}

/** The API's answer to a refund request: 201 with the refund, or 422 with the broken rules. */
function refundResponse(outcome: RefundOutcome): StoredResponse {
  if (outcome.kind === 'rejected') {
    return {
      status: 422,
      body: {
        error: {
          code: 'policy_violation',
          message: outcome.violations.map((v) => v.message).join(' '),
          payment_id: outcome.paymentId,
          violations: outcome.violations,
        },
      },
    };
  }
  return { status: 201, body: serializeRefund(outcome.refund) };
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

export function sendError(reply: FastifyReply, error: ApiError) {
  return reply.code(error.status).send(error.body());
}
