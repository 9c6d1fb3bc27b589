// The refunds of /api/v1: asking for one (policy-checked, idempotent, accepted in groups), the
// list and the timeline, and what people do next (cancel, approve, reject, retry a failed one,
// record it as paid another way). Operations declared in operations.ts beside this file.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeActors } from '../auth/actor-names.ts';
import { actorOf, requireScope } from '../auth/principal.ts';
import type { Config } from '../config.ts';
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
  limit,
  longText,
  metadata,
  minorAmount,
  parse,
  stripeAccountId,
  stripePaymentId,
  text,
} from '../http/validate.ts';
import { type Metrics, refundRequestOutcome } from '../metrics/metrics.ts';
import { customerEmailsOf } from '../notifications/customer-emails.ts';
import { getPayment, paymentAmounts, serializePayment } from '../payments/payments.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import { markRefundedAnotherWay, retriesOf, retryFailedRefund } from './failed-refund.ts';
import { failureText } from './failure-text.ts';
import {
  idempotencyClaim,
  recordRefusal,
  type SerializedResponse,
  type StoredResponse,
  serializedResponse,
} from './idempotency.ts';
import { REFUND_REASONS } from './reasons.ts';
import { REFUND_STATUSES } from './refund-states.ts';
import {
  cancelRefund,
  decideApproval,
  getRefund,
  listRefunds,
  refundHistory,
  serializeRefund,
} from './refunds.ts';
import {
  type Answered,
  createRefundAcceptor,
  type RefundOutcome,
  type RefundRequest,
  type RequestRefundDeps,
} from './request-refund.ts';

export interface RefundRouteDeps {
  db: Db;
  gateway: StripeGateway;
  config: Pick<Config, 'policy'>;
  now?: (() => Date) | undefined;
  metrics?: Metrics | undefined;
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

/** POST /refunds/:id/retry takes no fields. */
export const retryBody = z.strictObject({}).optional();
export const anotherWayBody = z.strictObject({
  note: longText(1000).refine((n) => n.length > 0, 'say how the customer was refunded'),
});

export const decisionBody = z.strictObject({ reason: longText(1000).optional() }).optional();

export function registerRefundRoutes(app: FastifyInstance, deps: RefundRouteDeps): void {
  const routes: RefundRoutes = {
    db: deps.db,
    gateway: deps.gateway,
    settings: deps.config.policy,
    now: deps.now ?? (() => new Date()),
    metrics: deps.metrics,
  };
  // Registered in this order (the order the OpenAPI document and the route table list them).
  registerRequestRoute(app, routes);
  registerReadRoutes(app, routes);
  registerNextStepRoutes(app, routes);
}

/**
 * What every refund route is handed: what asking for a refund needs (the policy's configured
 * defaults as `settings`, `now` filled in) and the metrics that count the answers.
 */
interface RefundRoutes extends RequestRefundDeps {
  now: () => Date;
  metrics: Metrics | undefined;
}

/**
 * POST /refunds: policy-checked and idempotent. The acceptor is built once for the app: it groups
 * the requests that arrive while a group commits (refunds/request-refund.ts).
 */
function registerRequestRoute(app: FastifyInstance, routes: RefundRoutes): void {
  const acceptor = createRefundAcceptor({
    db: routes.db,
    gateway: routes.gateway,
    settings: routes.settings,
    now: routes.now,
    respond: refundResponse,
    metrics: routes.metrics,
  });

  app.post('/refunds', { preHandler: requireScope('refunds:write') }, async (request, reply) => {
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
      const outcome = await acceptor.accept(refundRequestOf(body, actorOf(request)), claim);
      if (outcome.kind === 'replayed') return answer(outcome.response.status, outcome.response.body, true);
      // The bytes stored under the key, as they were serialized once (JSON, as Fastify would send it).
      const response = answerRefundOutcome(routes.metrics, outcome);
      reply.type(JSON_UTF8);
      return answer(response.status, response.json, false);
    } catch (error) {
      if (!claim || !isKeptRefusal(error)) throw error;
      const kept = await recordRefusal(routes.db, claim, { status: error.status, body: error.body() });
      return answer(kept.status, kept.body, kept.replayed);
    }
  });
}

/** The body of POST /refunds as the acceptor takes it, asked for by `actor`. */
function refundRequestOf(body: z.infer<typeof refundBody>, actor: string): RefundRequest {
  return {
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
    actor,
  };
}

/**
 * Whether a request with an Idempotency-Key keeps this error as its answer. Refused before
 * anything was written (bad body, unknown payment): the refusal is what a replay of the key gets;
 * a failure of ours (5xx) leaves the key unused, to be retried, and a conflict on the key itself
 * is no answer to store under it.
 */
function isKeptRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status < 500 && error.code !== 'idempotency_conflict';
}

/**
 * A refund request's outcome as the API answers it (201 or 422), counted like POST /refunds: the
 * response the acceptor made of it (serialized once), or one made here. Sent as its `json`, with
 * JSON_UTF8 (Fastify's own type for a JSON body).
 */
function answerRefundOutcome(metrics: Metrics | undefined, outcome: Answered): SerializedResponse {
  metrics?.refundRequests.inc({
    outcome: refundRequestOutcome(
      outcome.kind,
      outcome.kind === 'accepted' ? outcome.refund.status : undefined,
    ),
  });
  return outcome.response ?? serializedResponse(refundResponse(outcome));
}

const JSON_UTF8 = 'application/json; charset=utf-8';

/** GET /refunds (the list, with its payments when expand=payment) and GET /refunds/:id (the detail). */
function registerReadRoutes(app: FastifyInstance, { db }: RefundRoutes): void {
  app.get('/refunds', { preHandler: requireScope('refunds:read') }, async (request) =>
    refundListPage(db, parse(listQuery, request.query, 'query')),
  );

  app.get('/refunds/:id', { preHandler: requireScope('refunds:read') }, async (request) =>
    refundDetail(db, parse(idParams, request.params, 'path').id),
  );
}

/** One page of the refund list; with expand=payment, each refund carries its payment (or null). */
async function refundListPage(db: Db, q: z.infer<typeof listQuery>) {
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
}

/** One refund in detail: its timeline, failure in plain words, retry, customer emails and payment. */
async function refundDetail(db: Db, id: string) {
  const refund = await getRefund(db, id);
  if (!refund) throw new ApiError(404, 'not_found', `No refund with id '${id}'.`, 'id');
  const [history, payment, emails, retry] = await Promise.all([
    refundHistory(db, id),
    getPayment(db, refund.payment_id),
    customerEmailsOf(db, id),
    retriesOf(db, id),
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
}

/**
 * What people do next with a refund: retry a failed one or record it as refunded another way
 * (refunds/failed-refund.ts), cancel one, approve or reject one (the approvers' scope).
 */
function registerNextStepRoutes(app: FastifyInstance, routes: RefundRoutes): void {
  const { db } = routes;
  app.post('/refunds/:id/retry', { preHandler: requireScope('refunds:write') }, async (request, reply) => {
    const { id } = parse(idParams, request.params, 'path');
    parse(retryBody, request.body, 'body');
    const outcome = await retryFailedRefund(
      { db, gateway: routes.gateway, settings: routes.settings, now: routes.now },
      id,
      actorOf(request),
    );
    const answer = answerRefundOutcome(routes.metrics, outcome);
    reply.code(answer.status).type(JSON_UTF8);
    return answer.json;
  });

  app.post(
    '/refunds/:id/refunded-another-way',
    { preHandler: requireScope('refunds:write') },
    async (request) => {
      const { id } = parse(idParams, request.params, 'path');
      const body = parse(anotherWayBody, request.body, 'body');
      const refund = await markRefundedAnotherWay(db, id, actorOf(request), body.note);
      return serializeRefund(refund);
    },
  );

  app.post('/refunds/:id/cancel', { preHandler: requireScope('refunds:write') }, async (request) => {
    const { id } = parse(idParams, request.params, 'path');
    const body = parse(decisionBody, request.body, 'body');
    return serializeRefund(await cancelRefund(db, id, actorOf(request), body?.reason));
  });

  for (const [path, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    app.post(`/refunds/:id/${path}`, { preHandler: requireScope('refunds:approve') }, async (request) => {
      const { id } = parse(idParams, request.params, 'path');
      const body = parse(decisionBody, request.body, 'body');
      const decided = await decideApproval(db, {
        id,
        actor: actorOf(request),
        approve,
        reason: body?.reason,
        policy: routes.settings,
      });
      return serializeRefund(decided);
    });
  }
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
