// The webhook endpoint and the notification as the API shows them (serializeWebhookEndpoint in
// webhook-endpoints.ts, the notification rows of routes.ts), and the events Refundry POSTs to a
// merchant's endpoint (outbox.ts), as zod schemas: the response and webhook schemas in the OpenAPI
// document, which the contract test holds real answers and deliveries to.
import { z } from 'zod';
import { isoTime } from '../http/operation.ts';

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
/** An endpoint just registered: its signing secret, this once. */
export const newEndpoint = z.strictObject({
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

/** POST /notifications/:id/retry: the notification, back in the queue. */
export const retriedNotification = z.strictObject({
  id: z.string(),
  object: z.literal('notification'),
  status: z.literal('pending'),
});

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
