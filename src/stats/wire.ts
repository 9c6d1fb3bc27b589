// The operations overview as the API shows it (overview in overview.ts), as a zod schema: the
// response schema in the OpenAPI document, which the contract test holds real answers to.
import { z } from 'zod';
import { isoTime } from '../http/operation.ts';
import { OUTCOMES } from './overview.ts';

const count = z.number().int();
const seconds = z.number().nullable();
export const overviewObject = z
  .strictObject({
    object: z.literal('overview'),
    from: isoTime,
    to: isoTime,
    refunds_per_day: z.array(
      z.strictObject({ day: z.string(), ...Object.fromEntries(OUTCOMES.map((o) => [o, count])) }),
    ),
    time_to_final: z.strictObject({
      count,
      p50_seconds: seconds,
      p90_seconds: seconds,
      p99_seconds: seconds,
    }),
    failure_reasons: z.array(z.strictObject({ code: z.string(), count, text: z.string() })),
    queue: z.strictObject({ depth: count, oldest_age_seconds: seconds, sent_awaiting_stripe: count }),
    approvals: z.strictObject({ waiting: count, oldest_age_seconds: seconds }),
    webhooks: z.strictObject({
      available: z.boolean(),
      received: count,
      applied: count,
      failed: count,
      unapplied: count,
      bad_signatures: count.nullable(),
      bad_signatures_since_start: count.nullable(),
    }),
    // Platforms (docs/connect.md): the account asked for, and refunds per account without one.
    account: z.string().nullable(),
    accounts: z.array(
      z.strictObject({
        account: z.string(),
        name: z.string().nullable(),
        total: count,
        succeeded: count,
        failed: count,
      }),
    ),
  })
  .meta({ id: 'Overview' });
