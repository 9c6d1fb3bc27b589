// The customer status page (routes.ts), declared for the OpenAPI document. The token in the path
// is the only key; routes.ts checks its shape (32 base62 characters) before any look-up.
import { z } from 'zod';
import { operations } from '../http/operation.ts';
import { customerToken, getOne } from '../http/operation-kinds.ts';

export const tokenParams = z.object({
  token: z.string().meta({ description: "The refund's customer_token (32 base62 characters)." }),
});

const step = z.strictObject({
  key: z.enum(['requested', 'processing', 'outcome']),
  label: z.string(),
  state: z.enum(['done', 'current', 'upcoming', 'failed']),
  at: z.string().nullable(),
});

export const statusViewObject = z
  .strictObject({
    stage: z.enum([
      'requested',
      'processing',
      'action_needed',
      'refunded',
      'failed',
      'canceled',
      'not_approved',
    ]),
    headline: z.string(),
    message: z.string(),
    amount: z.string().meta({ description: 'Formatted for people ("$12.50").' }),
    payment: z.string(),
    steps: z.array(step),
    done: z.boolean(),
    merchant: z.strictObject({
      name: z.string().meta({ description: "The merchant's name ('' when not set)." }),
      contacts: z.array(
        z.strictObject({ kind: z.enum(['email', 'phone', 'url']), label: z.string(), href: z.string() }),
      ),
    }),
  })
  .meta({ id: 'CustomerStatus' });

export const statusPageOperations = operations('Customer status page', [
  {
    method: 'get',
    path: '/r/:token',
    operationId: 'customerStatusPage',
    summary: "The customer's status page (HTML)",
    access: customerToken,
    params: tokenParams,
    responses: {
      200: { description: 'The page.', mediaType: 'text/html' },
      404: {
        description: 'No refund has this token (the same page for every unknown token).',
        mediaType: 'text/html',
      },
    },
  },
  getOne({
    path: '/r/:token/status.json',
    operationId: 'customerStatus',
    summary: "The customer's view of one refund",
    description:
      'What the status page shows, for the page to poll. Unknown and malformed tokens get the same 404.',
    access: customerToken,
    params: tokenParams,
    found: { description: 'The status.', schema: statusViewObject },
  }),
]);
