// The reconciliation run and its discrepancies as the API shows them (serializeRun,
// serializeRunAccount and serializeDiscrepancy in runs.ts), as zod schemas: the response schemas
// in the OpenAPI document, which the contract test holds real answers to.
import { z } from 'zod';
import { actorFieldsOf, isoTime, listOf } from '../http/operation.ts';
import { DISCREPANCY_KINDS } from './classify.ts';

const count = z.number().int();
export const runObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('reconciliation_run'),
    window: z.strictObject({ from: isoTime.nullable(), to: isoTime.nullable() }),
    status: z.enum(['waiting', 'running', 'completed', 'failed', 'canceled']),
    triggered_by: z.string(),
    ...actorFieldsOf('triggered_by'),
    schedule_key: z.string().nullable(),
    stripe_refunds: count,
    counts: z
      .record(z.string(), count)
      .meta({ description: 'Pairs by kind: matched, and each discrepancy kind.' }),
    healed: count,
    flagged: count,
    open: count.meta({ description: 'Flagged discrepancies nobody has resolved yet.' }),
    needs_attention: z.boolean(),
    error: z.string().nullable(),
    created_at: isoTime.nullable(),
    started_at: isoTime.nullable(),
    finished_at: isoTime.nullable(),
    duration_seconds: z.number().nullable(),
  })
  .meta({ id: 'ReconciliationRun' });

export const discrepancyObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('reconciliation_discrepancy'),
    run_id: z.string(),
    kind: z.enum(DISCREPANCY_KINDS),
    action: z.enum(['healed', 'flagged']),
    detail: z.string(),
    refund_id: z.string().nullable(),
    stripe_refund_id: z.string().nullable(),
    payment_id: z.string().nullable(),
    account: z.string().nullable().meta({
      description: "The connected account (acct_…) its Stripe refund lives on; null: the platform's.",
    }),
    stripe: z.record(z.string(), z.unknown()).nullable(),
    local: z.record(z.string(), z.unknown()).nullable(),
    resolved_at: isoTime.nullable(),
    resolved_by: z.string().nullable(),
    ...actorFieldsOf('resolved_by'),
    resolution_note: z.string().nullable(),
    created_at: isoTime.nullable(),
  })
  .meta({ id: 'Discrepancy' });

/** GET /reconciliation/runs/:id: the run, what it found on each account, a page of its discrepancies. */
export const runDetailObject = runObject.extend({
  // Stripe lists refunds per account: what the run found on each ('platform' first).
  accounts: z.array(
    z.strictObject({
      account: z.string(),
      stripe_refunds: z.number().int(),
      counts: z.record(z.string(), z.number().int()),
      matched: z.number().int(),
      discrepancies: z.number().int(),
    }),
  ),
  discrepancies: listOf(discrepancyObject),
});
