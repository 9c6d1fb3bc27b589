// The webhook endpoint and notification operations of /api/v1 (routes.ts), declared for the
// OpenAPI document with the request schemas routes.ts parses with; their wire shapes, and the
// events Refundry sends, are wire.ts.
import { listOf, operations, wholeListOf } from '../http/operation.ts';
import { deleteOne, get, getOne, getPage, needsScope, postOne } from '../http/operation-kinds.ts';
import { idParams } from '../http/validate.ts';
import { REFUND_EVENT_TYPES } from './plan.ts';
import { createBody, listQuery } from './routes.ts';
import { newEndpoint, notificationObject, retriedNotification, webhookEndpointObject } from './wire.ts';

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
    responses: { 200: { description: 'Back in the queue.', schema: retriedNotification } },
  }),
]);
