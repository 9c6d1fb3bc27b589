// Admin API for the merchant's webhook endpoints (/api/v1/webhook-endpoints, scope admin) and a
// read of the notifications outbox (/api/v1/notifications, scope refunds:read), so deliveries
// that gave up are visible and can be put back in the queue. Registered inside the /api/v1
// plugin, behind its authentication hook.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, requireScope } from '../auth/principal.ts';
import type { Queryable } from '../db/db.ts';
import { onePageCursor, unknownCursor } from '../db/keyset.ts';
import { ApiError } from '../http/http-error.ts';
import { idParams, limit, longText, parse, text } from '../http/validate.ts';
import { listNotifications, serializeNotification } from './outbox-list.ts';
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
  registerEndpointRoutes(api, deps);
  registerOutboxRoutes(api, deps.db);
}

const admin = { preHandler: requireScope('admin') };

/** The merchant's webhook endpoints: list, create (the secret shown once), retrieve, disable. */
function registerEndpointRoutes(api: FastifyInstance, deps: NotificationRoutesDeps): void {
  const { db } = deps;

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
    await refuseTarget(body.url, deps);
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
}

/** A 400 naming `url` when it may not be an endpoint (its shape, or where it points). */
async function refuseTarget(url: string, deps: NotificationRoutesDeps): Promise<void> {
  const target = await checkWebhookUrl(url, {
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
}

/** The outbox: a page of deliveries, and putting one that gave up (or was skipped) back in the queue. */
function registerOutboxRoutes(api: FastifyInstance, db: Queryable): void {
  api.get('/notifications', { preHandler: requireScope('refunds:read') }, async (request) => {
    const q = parse(listQuery, request.query, 'query');
    const cursor = onePageCursor(q);
    const page = await listNotifications(
      db,
      { status: q.status, channel: q.channel, refundId: q.refund_id },
      { limit: q.limit, ...cursor },
    );
    if (!page) throw unknownCursor('notification', cursor);
    return { object: 'list', has_more: page.hasMore, data: page.data.map(serializeNotification) };
  });

  api.post('/notifications/:id/retry', admin, async (request) => {
    const { id } = parse(idParams, request.params, 'path');
    if (!(await retryNotification(db, id))) {
      throw new ApiError(404, 'not_found', `No failed or skipped notification with id '${id}'.`, 'id');
    }
    return { id, object: 'notification', status: 'pending' };
  });
}
