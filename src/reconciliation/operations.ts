// The reconciliation operations of /api/v1 (routes.ts), declared for the OpenAPI document with
// the request schemas routes.ts parses with.
import { z } from 'zod';
import { actorFieldsOf, isoTime, listOf, operations } from '../http/operation.ts';
import { getOne, getPage, needsScope, postOne } from '../http/operation-kinds.ts';
import { DISCREPANCY_KINDS } from './classify.ts';
import { listQuery, resolveBody, runParams, runQuery, startBody } from './routes.ts';

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

export const reconciliationOperations = operations('Reconciliation', [
  getPage({
    path: '/api/v1/reconciliation/runs',
    operationId: 'listReconciliationRuns',
    summary: 'List reconciliation runs',
    access: needsScope('refunds:read'),
    query: listQuery,
    found: { description: 'A page of runs, newest first.', schema: listOf(runObject) },
  }),
  getOne({
    path: '/api/v1/reconciliation/runs/:id',
    operationId: 'getReconciliationRun',
    summary: 'Retrieve a run with its discrepancies',
    access: needsScope('refunds:read'),
    params: runParams,
    query: runQuery,
    found: {
      description: 'The run and a page of its discrepancies.',
      schema: runObject.extend({
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
      }),
    },
  }),
  {
    method: 'post',
    path: '/api/v1/reconciliation/runs',
    operationId: 'startReconciliationRun',
    summary: 'Start a reconciliation run',
    description:
      'Runs in the background (after any run in progress); `from`/`to` default to the last RECONCILE_WINDOW_DAYS.',
    access: needsScope('admin'),
    body: startBody,
    bodyOptional: true,
    responses: { 202: { description: 'Accepted; poll the run.', schema: runObject } },
  },
  postOne({
    path: '/api/v1/reconciliation/discrepancies/:id/resolve',
    operationId: 'resolveDiscrepancy',
    summary: 'Mark a flagged discrepancy resolved',
    access: needsScope('admin'),
    params: runParams,
    body: resolveBody,
    responses: { 200: { description: 'Resolved.', schema: discrepancyObject } },
    errors: { 409: ['already_resolved'] },
  }),
]);
