// Admin API for the merchant's webhook endpoints (/api/v1/webhook-endpoints, scope admin) and a
// read of the notifications outbox (/api/v1/notifications, scope refunds:read), so deliveries
// that gave up are visible and can be put back in the queue. Registered inside the /api/v1
// plugin, behind its authentication hook.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, requireScope } from '../auth/principal.ts';
import type { Queryable } from '../db/db.ts';
import { onePageCursor, readPage, unknownCursor } from '../db/keyset.ts';
import { ApiError } from '../http/http-error.ts';
import { idParams, limit, longText, parse, text } from '../http/validate.ts';
import { isoOrNull } from '../shared/iso-time.ts';
import { retryNotification } from './outbox-queue.ts';
import { REFUND_EVENT_TYPES } from './plan.ts';
import {
  createWebhookEndpoint,
  deliveryCounts,
  disableWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  serializeWebhookEndpoint,
} from './webhook-endpoints.ts';
import { checkWebhookUrl, type Resolve } from './webhook-target.ts';

export interface NotificationRoutesDeps {
  db: Queryable;
  config?: { notifications?: { webhookAllowPrivate?: boolean } | undefined } | undefined;
  /** DNS for the endpoint check; the system resolver unless a test supplies one. */
  resolveHost?: Resolve | undefined;
}

// The URL's shape here; where it points (public addresses only) is checked by checkWebhookUrl.
const endpointUrl = text(2048);

export const createBody = z.strictObject({
  url: endpointUrl,
  enabled_events: z
    .array(z.enum(['*', ...REFUND_EVENT_TYPES]))
    .min(1, 'name at least one event type, or "*"')
    .max(REFUND_EVENT_TYPES.length + 1)
    .default(['*']),
  description: longText(500).optional(),
});

export const listQuery = z.strictObject({
  status: z.enum(['pending', 'sent', 'failed', 'skipped']).optional(),
  channel: z.enum(['email', 'webhook']).optional(),
  refund_id: text(100).optional(),
  limit: limit(100, 20),
  starting_after: text(100).optional(),
  ending_before: text(100).optional(),
});

export function registerNotificationRoutes(api: FastifyInstance, deps: NotificationRoutesDeps): void {
  const { db } = deps;
  const admin = { preHandler: requireScope('admin') };

  api.get('/webhook-endpoints', admin, async () => {
    const endpoints = await listWebhookEndpoints(db);
    const counts = await deliveryCounts(
      db,
      endpoints.map((e) => e.id),
    );
    return { object: 'list', data: endpoints.map((e) => serializeWebhookEndpoint(e, counts.get(e.id))) };
  });

  api.post('/webhook-endpoints', admin, async (request, reply) => {
    const body = parse(createBody, request.body, 'body');
    const target = await checkWebhookUrl(body.url, {
      allowPrivate: deps.config?.notifications?.webhookAllowPrivate ?? false,
      resolve: deps.resolveHost,
    });
    if (!target.ok) {
      throw new ApiError(
        400,
        target.code === 'address_not_allowed' ? 'address_not_allowed' : 'invalid_request',
        `url: ${target.reason}`,
        'url',
      );
    }
    const events = body.enabled_events.includes('*') ? ['*'] : [...new Set(body.enabled_events)];
    const { endpoint, secret } = await createWebhookEndpoint(db, {
      url: body.url,
      description: body.description,
      enabledEvents: events,
      createdBy: actorOf(request),
    });
    reply.code(201);
    // The only time the secret is shown.
    return { ...serializeWebhookEndpoint(endpoint), secret };
  });

  api.get('/webhook-endpoints/:id', admin, async (request) => {
    const { id } = parse(idParams, request.params, 'path');
    const endpoint = await getWebhookEndpoint(db, id);
    if (!endpoint) throw new ApiError(404, 'not_found', `No webhook endpoint with id '${id}'.`, 'id');
    return serializeWebhookEndpoint(endpoint, (await deliveryCounts(db, [id])).get(id));
  });

  // Disables the endpoint (kept with its delivery history); waiting deliveries are skipped.
  api.delete('/webhook-endpoints/:id', admin, async (request) => {
    const { id } = parse(idParams, request.params, 'path');
    const endpoint = await disableWebhookEndpoint(db, id);
    if (!endpoint) throw new ApiError(404, 'not_found', `No webhook endpoint with id '${id}'.`, 'id');
    return serializeWebhookEndpoint(endpoint);
  });

  api.get('/notifications', { preHandler: requireScope('refunds:read') }, async (request) => {
    const q = parse(listQuery, request.query, 'query');
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(`${sql} $${params.length}`);
    };
    if (q.status) add('n.status =', q.status);
    if (q.channel) add('n.channel =', q.channel);
    if (q.refund_id) add('n.refund_id =', q.refund_id);
    const cursor = onePageCursor(q);
    const page = await readPage<{
      id: string;
      refund_id: string;
      channel: string;
      kind: string;
      recipient: string | null;
      endpoint_id: string | null;
      event_id: string | null;
      status: string;
      attempts: number;
      next_attempt_at: Date;
      last_error: string | null;
      created_at: Date;
      sent_at: Date | null;
    }>(
      db,
      {
        table: 'notifications',
        alias: 'n',
        columns: `id, refund_id, channel, kind, recipient, endpoint_id, payload->>'id' AS event_id, status,
          attempts, next_attempt_at, last_error, created_at, sent_at`,
        where,
        params,
      },
      { limit: q.limit, ...cursor },
    );
    if (!page) throw unknownCursor('notification', cursor);
    return {
      object: 'list',
      has_more: page.hasMore,
      data: page.data.map((r) => ({
        id: r.id,
        object: 'notification',
        refund_id: r.refund_id,
        channel: r.channel,
        kind: r.kind,
        recipient: r.recipient,
        endpoint_id: r.endpoint_id,
        event_id: r.channel === 'webhook' ? r.event_id : null,
        status: r.status,
        attempts: r.attempts,
        next_attempt_at: r.status === 'pending' ? isoOrNull(r.next_attempt_at) : null,
        last_error: r.last_error,
        created_at: isoOrNull(r.created_at),
        sent_at: isoOrNull(r.sent_at),
      })),
    };
  });

  api.post('/notifications/:id/retry', admin, async (request) => {
    const { id } = parse(idParams, request.params, 'path');
    if (!(await retryNotification(db, id))) {
      throw new ApiError(404, 'not_found', `No failed or skipped notification with id '${id}'.`, 'id');
    }
    return { id, object: 'notification', status: 'pending' };
  });
}
