// The connected account as the API shows it (routes.ts), as a zod schema: the response schema in
// the OpenAPI document, which the contract test holds real answers to.
import { z } from 'zod';
import { isoTime } from '../http/operation.ts';

export const connectedAccountObject = z
  .strictObject({
    id: z.string().meta({ example: 'acct_1Nv0FGQ9RKHgCVdK' }),
    object: z.literal('connected_account'),
    name: z.string().nullable().meta({ description: "Stripe's business_profile.name." }),
    country: z.string().nullable(),
    default_currency: z.string().nullable(),
    first_seen_at: isoTime,
    last_activity_at: isoTime,
  })
  .meta({ id: 'ConnectedAccount', description: 'A connected account Refundry knows (docs/connect.md).' });
