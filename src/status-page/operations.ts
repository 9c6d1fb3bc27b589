// The customer status page (routes.ts), declared for the OpenAPI document. The token in the path
// is the only key; routes.ts checks its shape (32 base62 characters) before any look-up. The
// status's wire shape is wire.ts.
import { z } from 'zod';
import { operations } from '../http/operation.ts';
import { customerToken, getOne } from '../http/operation-kinds.ts';
import { statusViewObject } from './wire.ts';

export const tokenParams = z.object({
  token: z.string().meta({ description: "The refund's customer_token (32 base62 characters)." }),
});

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
