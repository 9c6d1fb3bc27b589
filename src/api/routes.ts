// The service's HTTP API under /api/v1: validate with zod, call the domain functions, shape JSON.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type ApiKey, type Scope, verifyApiKey } from '../auth/api-keys.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { type Metrics, refundRequestOutcome } from '../metrics/metrics.ts';
import {
  findPaymentsByOrder,
  getPayment,
  paymentAmounts,
  registerPayment,
  serializePayment,
} from '../payments/payments.ts';
import { evaluate } from '../policy/policy.ts';
import { REFUND_STATUSES } from '../refunds/refund-states.ts';
import {
  cancelRefund,
  decideApproval,
  getRefund,
  listRefunds,
  refundHistory,
  serializeRefund,
} from '../refunds/refunds.ts';
import { requestRefund } from '../refunds/request-refund.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import { ApiError } from './errors.ts';

export interface ApiDeps {
  db: Db;
  gateway: StripeGateway;
  config: Pick<Config, 'policy'>;
  now?: () => Date;
  metrics?: Metrics | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    apiKey: ApiKey | undefined;
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = issue.path.join('.') || undefined;
  const message = param ? `${param}: ${issue.message}` : issue.message;
  throw new ApiError(400, 'invalid_request', message, param);
}

const stripeId = z
  .string()
  .regex(/^(pi|ch|py)_[A-Za-z0-9_]+$/, 'must be a Stripe payment_intent (pi_…) or charge (ch_…) id');
const text = (max = 200) => z.string().trim().min(1).max(max);
const minor = z
  .number()
  .int('must be an integer in minor units')
  .positive('must be positive')
  .max(Number.MAX_SAFE_INTEGER);
const metadata = z
  .record(z.string().max(40), z.string().max(500))
  .refine((m) => Object.keys(m).length <= 50, {
    message: 'at most 50 keys',
  });

const registerBody = z.strictObject({
  stripe_id: stripeId,
  order_id: text().optional(),
  customer_id: text().optional(),
  customer_email: z.email().optional(),
  amount: minor,
  currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO currency code'),
  captured_at: z.iso.datetime({ offset: true }),
  fraud_flagged: z.boolean().optional(),
  metadata: metadata.optional(),
});

const refundBody = z.strictObject({
  payment_id: text().optional(),
  order_id: text().optional(),
  stripe_id: stripeId.optional(),
  amount: minor.optional(),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO currency code')
    .optional(),
  reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer', 'other']),
  note: z.string().trim().max(1000).optional(),
  metadata: metadata.optional(),
  customer_id: text().optional(),
});

const listQuery = z.strictObject({
  status: z.enum(REFUND_STATUSES).optional(),
  payment_id: text().optional(),
  order_id: text().optional(),
  customer_id: text().optional(),
  created_gte: z.iso.datetime({ offset: true }).optional(),
  created_lte: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  starting_after: text().optional(),
});

const idParams = z.object({ id: text() });
const decisionBody = z.strictObject({ reason: z.string().trim().max(1000).optional() }).optional();

export function registerApiRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  app.decorateRequest('apiKey', undefined);

  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      throw new ApiError(401, 'unauthenticated', 'Send an API key as `Authorization: Bearer rfk_…`.');
    }
    const key = await verifyApiKey(db, match[1]!);
    if (!key) throw new ApiError(401, 'unauthenticated', 'The API key is unknown or revoked.');
    request.apiKey = key;
  });

  const scope = (required: Scope) => async (request: FastifyRequest) => {
    const scopes = request.apiKey?.scopes ?? [];
    if (!scopes.includes(required) && !scopes.includes('admin')) {
      throw new ApiError(403, 'forbidden', `This API key lacks the '${required}' scope.`, undefined, {
        required_scope: required,
      });
    }
  };
  const actor = (request: FastifyRequest) => `key:${request.apiKey!.id}`;

  async function paymentView(id: string) {
    const payment = await getPayment(db, id);
    if (!payment) throw new ApiError(404, 'not_found', `No payment with id '${id}'.`, 'id');
    return serializePayment(payment, await paymentAmounts(db, payment));
  }

  app.post('/payments', { preHandler: scope('payments:write') }, async (request, reply) => {
    const body = parse(registerBody, request.body);
    const { payment, created } = await registerPayment(db, {
      stripeId: body.stripe_id,
      orderId: body.order_id,
      customerId: body.customer_id,
      customerEmail: body.customer_email,
      amount: body.amount,
      currency: body.currency,
      capturedAt: new Date(body.captured_at),
      fraudFlagged: body.fraud_flagged,
      metadata: body.metadata,
    });
    reply.code(created ? 201 : 200);
    return serializePayment(payment, await paymentAmounts(db, payment));
  });

  app.get('/payments', { preHandler: scope('payments:read') }, async (request) => {
    const query = parse(z.strictObject({ order_id: text() }), request.query);
    const payments = await findPaymentsByOrder(db, query.order_id);
    return {
      object: 'list',
      data: await Promise.all(payments.map(async (p) => serializePayment(p, await paymentAmounts(db, p)))),
    };
  });

  app.get('/payments/:id', { preHandler: scope('payments:read') }, async (request) =>
    paymentView(parse(idParams, request.params).id),
  );

  app.get('/payments/:id/eligibility', { preHandler: scope('payments:read') }, async (request) => {
    const { id } = parse(idParams, request.params);
    const query = parse(z.strictObject({ customer_id: text().optional() }), request.query);
    const payment = await getPayment(db, id);
    if (!payment) throw new ApiError(404, 'not_found', `No payment with id '${id}'.`, 'id');
    const amounts = await paymentAmounts(db, payment);
    const decision = evaluate({ amount: undefined }, payment, {
      now: now(),
      refundedAndInFlight: amounts.refunded + amounts.inFlight,
      settings: deps.config.policy,
      customerId: query.customer_id,
    });
    const eligible = decision.violations.length === 0;
    return {
      object: 'eligibility',
      payment_id: payment.id,
      eligible,
      currency: payment.currency,
      refundable_amount: eligible ? decision.remaining : 0,
      needs_approval_above: deps.config.policy.approvalThreshold,
      violations: decision.violations,
    };
  });

  app.post('/refunds', { preHandler: scope('refunds:write') }, async (request, reply) => {
    const idempotencyKey = request.headers['idempotency-key'];
    if (
      Array.isArray(idempotencyKey) ||
      (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey))
    ) {
      throw new ApiError(
        400,
        'invalid_request',
        'Idempotency-Key must be 1-255 printable characters.',
        'Idempotency-Key',
      );
    }
    const run = async (): Promise<{ status: number; body: unknown; replayed?: boolean }> => {
      const body = parse(refundBody, request.body);
      const outcome = await requestRefund(
        { db, gateway: deps.gateway, settings: deps.config.policy, now },
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
          actor: actor(request),
        },
      );
      deps.metrics?.refundRequests.inc({
        outcome: refundRequestOutcome(
          outcome.kind,
          outcome.kind === 'accepted' ? outcome.refund.status : undefined,
        ),
      });
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
    };
    const result = idempotencyKey
      ? await withIdempotency(db, `refunds:${request.apiKey!.id}`, idempotencyKey, request.body, run)
      : await run();
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    reply.code(result.status);
    return result.body;
  });

  app.get('/refunds', { preHandler: scope('refunds:read') }, async (request) => {
    const q = parse(listQuery, request.query);
    const page = await listRefunds(db, {
      status: q.status,
      paymentId: q.payment_id,
      orderId: q.order_id,
      customerId: q.customer_id,
      createdGte: q.created_gte ? new Date(q.created_gte) : undefined,
      createdLte: q.created_lte ? new Date(q.created_lte) : undefined,
      limit: q.limit,
      startingAfter: q.starting_after,
    });
    return { object: 'list', data: page.data.map((r) => serializeRefund(r)), has_more: page.hasMore };
  });

  app.get('/refunds/:id', { preHandler: scope('refunds:read') }, async (request) => {
    const { id } = parse(idParams, request.params);
    const refund = await getRefund(db, id);
    if (!refund) throw new ApiError(404, 'not_found', `No refund with id '${id}'.`, 'id');
    return serializeRefund(refund, await refundHistory(db, id));
  });

  app.post('/refunds/:id/cancel', { preHandler: scope('refunds:write') }, async (request) => {
    const { id } = parse(idParams, request.params);
    const body = parse(decisionBody, request.body);
    return serializeRefund(await cancelRefund(db, id, actor(request), body?.reason));
  });

  for (const [path, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    app.post(`/refunds/:id/${path}`, { preHandler: scope('refunds:approve') }, async (request) => {
      const { id } = parse(idParams, request.params);
      const body = parse(decisionBody, request.body);
      return serializeRefund(await decideApproval(db, id, actor(request), approve, body?.reason));
    });
  }
}

/**
 * Runs `fn` once per (scope, key): a replay with the same body gets the stored response; another
 * body, or a replay while the first is still running, is an idempotency_conflict.
 */
async function withIdempotency(
  db: Db,
  scope: string,
  key: string,
  body: unknown,
  fn: () => Promise<{ status: number; body: unknown }>,
): Promise<{ status: number; body: unknown; replayed?: boolean }> {
  const hash = createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
  const inserted = await db.query(
    'INSERT INTO api_idempotency (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key',
    [scope, key, hash],
  );
  if (inserted.length === 0) {
    const [row] = await db.query<{ request_hash: string; status_code: number | null; response: unknown }>(
      'SELECT request_hash, status_code, response FROM api_idempotency WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    if (row && row.request_hash !== hash) {
      throw new ApiError(
        422,
        'idempotency_conflict',
        'This Idempotency-Key was used with a different request body.',
        'Idempotency-Key',
      );
    }
    if (!row || row.status_code === null) {
      throw new ApiError(
        409,
        'idempotency_conflict',
        'A request with this Idempotency-Key is still being processed; retry later.',
        'Idempotency-Key',
      );
    }
    return { status: row.status_code, body: row.response, replayed: true };
  }
  try {
    const result = await fn();
    await db.query(
      'UPDATE api_idempotency SET status_code = $3, response = $4 WHERE scope = $1 AND key = $2',
      [scope, key, result.status, JSON.stringify(result.body)],
    );
    return result;
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) {
      await db.query(
        'UPDATE api_idempotency SET status_code = $3, response = $4 WHERE scope = $1 AND key = $2',
        [scope, key, error.status, JSON.stringify(error.body())],
      );
    } else {
      // Unexpected failure: forget the key so the client can retry.
      await db.query('DELETE FROM api_idempotency WHERE scope = $1 AND key = $2', [scope, key]);
    }
    throw error;
  }
}

export function sendError(reply: FastifyReply, error: ApiError) {
  return reply.code(error.status).send(error.body());
}
