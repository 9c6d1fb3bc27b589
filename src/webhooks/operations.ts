// Stripe's webhook deliveries (stripe-webhook-route.ts), declared for the OpenAPI document.
import { z } from 'zod';
import { operations } from '../http/operation.ts';
import { STRIPE_CONNECT_WEBHOOK_PATH, STRIPE_WEBHOOK_PATH } from './stripe-webhook-route.ts';

/** What both receivers share: Stripe's signature on the raw body, one answer, the same refusals. */
const receiver = {
  method: 'post',
  access: { kind: 'stripe-signature' },
  otherBodies: { 'application/json': 'A Stripe event object, signed.' },
  responses: {
    200: {
      description: 'Stored (or already stored: `duplicate`).',
      schema: z.strictObject({ received: z.literal(true), duplicate: z.literal(true).optional() }),
    },
  },
  errors: {
    400: [
      'missing_signature',
      'stale_signature',
      'invalid_signature_header',
      'invalid_signature',
      'malformed_event',
    ],
    503: ['webhooks_not_configured', 'database_unavailable', 'unavailable'],
  },
} as const;
const checked =
  'The Stripe-Signature header is checked on the raw body (300 s tolerance); the event is stored once by id and applied in the background.';

export const stripeWebhookOperations = operations('Stripe', [
  {
    ...receiver,
    path: STRIPE_WEBHOOK_PATH,
    operationId: 'receiveStripeEvent',
    summary: "Stripe's webhook deliveries",
    description: `Point a Stripe webhook endpoint here (STRIPE_WEBHOOK_SECRET). ${checked}`,
  },
  {
    ...receiver,
    path: STRIPE_CONNECT_WEBHOOK_PATH,
    operationId: 'receiveStripeConnectEvent',
    summary: "Stripe's Connect webhook deliveries (connected accounts' events)",
    description: `Point a Stripe Connect webhook endpoint (connect=true) here (STRIPE_CONNECT_WEBHOOK_SECRET; docs/connect.md). ${checked}`,
  },
]);
