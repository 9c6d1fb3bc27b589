// The customer's view of one refund as status.json shows it (statusView in status-view.ts), as a
// zod schema: the response schema in the OpenAPI document, which the contract test holds real
// answers to.
import { z } from 'zod';

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
