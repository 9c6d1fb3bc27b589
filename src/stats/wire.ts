// The operations overview as the API shows it (overview in overview.ts), as a zod schema: the
// response schema in the OpenAPI document, which the contract test holds real answers to. The
// overview's own type (Overview) is derived from it.
import { z } from 'zod';
import { isoTime } from '../http/operation.ts';

/** What became of a refund, as the chart of refunds per day counts it. */
export const OUTCOMES = ['succeeded', 'failed', 'in_flight', 'canceled', 'rejected', 'blocked'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const count = z.number().int();
const seconds = z.number().nullable();
const outcomeCounts = Object.fromEntries(OUTCOMES.map((o) => [o, count])) as Record<Outcome, typeof count>;
export const overviewObject = z
  .strictObject({
    object: z.literal('overview'),
    from: isoTime,
    to: isoTime,
    // One entry per UTC day in the range, zeros included.
    refunds_per_day: z.array(z.strictObject({ day: z.string(), ...outcomeCounts })),
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
      // False when this database has no stripe_events table (the receiver is not installed).
      available: z.boolean(),
      received: count,
      applied: count,
      failed: count,
      unapplied: count,
      // Bad signatures are refused before anything is stored: null here, and only this process's
      // counter (refundry_webhook_events_total) knows them since it started.
      bad_signatures: count.nullable(),
      bad_signatures_since_start: count.nullable(),
    }),
    // Platforms (docs/connect.md): the account asked for, and refunds requested in the range per
    // account ('platform', the busiest connected accounts, 'other') without one; empty without
    // Connect payments.
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
