// The webhook endpoint and notification operations of /api/v1 (routes.ts), declared for the
// OpenAPI document with the request schemas routes.ts parses with.
import { z } from 'zod';
import { isoTime, listOf, operations, wholeListOf } from '../http/operation.ts';
import { deleteOne, get, getOne, getPage, needsScope, postOne } from '../http/operation-kinds.ts';
import { idParams } from '../http/validate.ts';
import { REFUND_EVENT_TYPES } from './plan.ts';
import { createBody, listQuery } from './routes.ts';

const endpointFields = {
  id: z.string(),
  object: z.literal('webhook_endpoint'),
  url: z.string(),
  description: z.string().nullable(),
  enabled_events: z.array(z.string()).meta({ description: '`*` or refund event types.' }),
  status: z.enum(['enabled', 'disabled']),
  created_by: z.string().nullable(),
  created_at: isoTime,
  disabled_at: isoTime.nullable(),
};
const deliveries = z.strictObject({
  pending: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
});
export const webhookEndpointObject = z
  .strictObject({ ...endpointFields, deliveries: deliveries.optional() })
  .meta({ id: 'WebhookEndpoint' });
const newEndpoint = z.strictObject({
  ...endpointFields,
  secret: z.string().meta({
    description: 'The signing secret (whsec_…) for verifyRefundrySignature, shown this once.',
  }),
});

export const notificationObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('notification'),
    refund_id: z.string(),
    channel: z.enum(['email', 'webhook']),
    kind: z.string().meta({ description: 'The email kind or the event type.' }),
    recipient: z.string().nullable(),
    endpoint_id: z.string().nullable(),
    event_id: z.string().nullable(),
    status: z.enum(['pending', 'sent', 'failed', 'skipped']),
    attempts: z.number().int(),
    next_attempt_at: isoTime.nullable(),
    last_error: z.string().nullable(),
    created_at: isoTime,
    sent_at: isoTime.nullable(),
  })
  .meta({ id: 'Notification' });

export const notificationOperations = operations('Webhooks', [
  get({
    path: '/api/v1/webhook-endpoints',
    operationId: 'listWebhookEndpoints',
    summary: 'List webhook endpoints',
    access: needsScope('admin'),
    found: {
      description: 'Every endpoint with its delivery counts.',
      schema: wholeListOf(webhookEndpointObject),
    },
  }),
  {
    method: 'post',
    path: '/api/v1/webhook-endpoints',
    operationId: 'createWebhookEndpoint',
    summary: 'Register a webhook endpoint',
    description: `Refundry then POSTs signed refund events (${REFUND_EVENT_TYPES.join(', ')}) to the URL; see the webhooks of this document. Only public addresses are allowed unless the operator set WEBHOOK_ALLOW_PRIVATE.`,
    access: needsScope('admin'),
    body: createBody,
    responses: {
      201: { description: 'Registered; the secret is in this response only.', schema: newEndpoint },
    },
    errors: { 400: ['address_not_allowed'] },
    example: {
      url: 'https://shop.example.com/hooks/refundry',
      enabled_events: ['refund.succeeded', 'refund.failed'],
    },
  },
  getOne({
    path: '/api/v1/webhook-endpoints/:id',
    operationId: 'getWebhookEndpoint',
    summary: 'Retrieve a webhook endpoint',
    access: needsScope('admin'),
    params: idParams,
    found: { description: 'The endpoint with its delivery counts.', schema: webhookEndpointObject },
  }),
  deleteOne({
    path: '/api/v1/webhook-endpoints/:id',
    operationId: 'disableWebhookEndpoint',
    summary: 'Disable a webhook endpoint',
    description: 'Kept with its history; deliveries still waiting are skipped.',
    access: needsScope('admin'),
    params: idParams,
    responses: { 200: { description: 'Disabled.', schema: webhookEndpointObject } },
  }),
  getPage({
    path: '/api/v1/notifications',
    operationId: 'listNotifications',
    summary: 'List notifications (customer emails and webhook deliveries)',
    access: needsScope('refunds:read'),
    query: listQuery,
    found: { description: 'A page of notifications.', schema: listOf(notificationObject) },
  }),
  postOne({
    path: '/api/v1/notifications/:id/retry',
    operationId: 'retryNotification',
    summary: 'Retry a notification that failed or was skipped',
    access: needsScope('admin'),
    params: idParams,
    responses: {
      200: {
        description: 'Back in the queue.',
        schema: z.strictObject({
          id: z.string(),
          object: z.literal('notification'),
          status: z.literal('pending'),
        }),
      },
    },
  }),
]);

/** The refund in a webhook event (outbox.ts publicRefund): no internal queue fields. */
export const eventRefundObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('refund'),
    amount: z.number().int(),
    currency: z.string(),
    status: z.string(),
    reason: z.string(),
    origin: z.enum(['refundry', 'external']),
    payment_id: z.string(),
    order_id: z.string().nullable(),
    stripe_payment_intent_id: z.string().nullable(),
    stripe_charge_id: z.string().nullable(),
    stripe_refund_id: z.string().nullable(),
    failure_code: z.string().nullable(),
    failure_message: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    customer_token: z.string().nullable(),
    created_at: isoTime,
    final_at: isoTime.nullable(),
  })
  .meta({ id: 'EventRefund' });

/** A webhook event Refundry POSTs to a merchant's endpoint (outbox.ts RefundEvent). */
export const refundEventObject = (type: string) =>
  z.strictObject({
    id: z
      .string()
      .meta({ description: 'evt_…; the same id on every retry of this delivery (dedupe on it).' }),
    object: z.literal('event'),
    type: z.literal(type),
    created: z.number().int().meta({ description: 'Unix seconds of the change.' }),
    data: z.strictObject({
      object: eventRefundObject,
      previous_attributes: z.strictObject({ status: z.string() }).nullable(),
    }),
  });
