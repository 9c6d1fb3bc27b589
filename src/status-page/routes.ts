// GET /r/:token (HTML) and GET /r/:token/status.json: one refund's status for whoever holds its
// unguessable link. The token is the only key: the page shows that refund and nothing that leads
// to another (no ids, no customer details beyond the order it is for). Unknown or malformed
// tokens get the same bare 404. Strict headers: no external sources, no referrer, not indexed.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Queryable } from '../db/db.ts';
import type { RefundStatus } from '../refunds/refund-states.ts';
import { readMerchantProfile } from '../settings/merchant-profile.ts';
import { renderNotFoundPage, renderStatusPage } from './page.ts';
import { type StatusView, statusView } from './status-view.ts';

export interface StatusPageDeps {
  db: Queryable;
  /** How soon an open page first asks for news (ms); tests shorten it. */
  statusPagePollMs?: number | undefined;
}

/** refunds.customer_token: 32 base62 characters. */
const TOKEN = /^[0-9A-Za-z]{32}$/;

interface Row {
  id: string;
  status: RefundStatus;
  amount: number;
  currency: string;
  failure_code: string | null;
  created_at: Date;
  order_id: string | null;
  stripe_payment_intent_id: string | null;
  stripe_charge_id: string | null;
}

export async function loadStatusView(db: Queryable, token: string): Promise<StatusView | undefined> {
  if (!TOKEN.test(token)) return undefined;
  const [row] = await db.query<Row>(
    `SELECT r.id, r.status, r.amount, r.currency, r.failure_code, r.created_at,
            p.order_id, p.stripe_payment_intent_id, p.stripe_charge_id
     FROM refunds r JOIN payments p ON p.id = r.payment_id
     WHERE r.customer_token = $1`,
    [token],
  );
  if (!row) return undefined;
  const [history, merchant] = await Promise.all([
    db.query<{ to_status: RefundStatus; at: Date }>(
      'SELECT to_status, at FROM refund_history WHERE refund_id = $1 ORDER BY id',
      [row.id],
    ),
    readMerchantProfile(db),
  ]);
  return statusView({
    status: row.status,
    amount: Number(row.amount),
    currency: row.currency,
    failureCode: row.failure_code,
    createdAt: row.created_at,
    orderId: row.order_id,
    paymentReference: row.stripe_payment_intent_id ?? row.stripe_charge_id,
    history: history.map((h) => ({ to: h.to_status, at: h.at })),
    merchant,
  });
}

function secure(reply: FastifyReply, nonce: string | undefined): FastifyReply {
  const csp = [
    "default-src 'none'",
    nonce ? `script-src 'nonce-${nonce}'` : undefined,
    nonce ? `style-src 'nonce-${nonce}'` : undefined,
    "connect-src 'self'",
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ]
    .filter(Boolean)
    .join('; ');
  return reply
    .header('content-security-policy', csp)
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex, nofollow')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cross-origin-resource-policy', 'same-origin')
    .header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()')
    .header('cache-control', 'no-store');
}

export function registerStatusPageRoutes(app: FastifyInstance, deps: StatusPageDeps): void {
  app.get<{ Params: { token: string } }>('/r/:token', async (request, reply) => {
    const nonce = randomBytes(16).toString('base64');
    const view = await loadStatusView(deps.db, request.params.token);
    secure(reply, nonce).type('text/html; charset=utf-8');
    if (!view) return reply.code(404).send(renderNotFoundPage(nonce));
    return reply.send(renderStatusPage(view, nonce, deps.statusPagePollMs));
  });

  app.get<{ Params: { token: string } }>('/r/:token/status.json', async (request, reply) => {
    const view = await loadStatusView(deps.db, request.params.token);
    secure(reply, undefined).type('application/json; charset=utf-8');
    if (!view) return reply.code(404).send({ error: { code: 'not_found', message: 'Not found.' } });
    return reply.send(view);
  });
}
