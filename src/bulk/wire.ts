// The batch and its rows as the API shows them (serializeBatch and serializeBatchRow in
// batch-routes.ts), as zod schemas: the response schemas in the OpenAPI document, which the
// contract test holds real answers to.
import { z } from 'zod';
import { isoTime } from '../http/operation.ts';
import { ROW_OUTCOMES } from './run-row.ts';

const count = z.number().int();
export const batchObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('refund_batch'),
    status: z.enum(['queued', 'running', 'completed', 'failed']),
    dry_run: z.boolean(),
    source: z.enum(['csv', 'json']),
    created_by: z.string(),
    total: count,
    processed: count,
    counts: z.record(z.string(), count).meta({ description: `Rows by outcome: ${ROW_OUTCOMES.join(', ')}.` }),
    error: z.string().nullable(),
    created_at: isoTime.nullable(),
    started_at: isoTime.nullable(),
    finished_at: isoTime.nullable(),
    rows_url: z.string(),
    rows_csv_url: z.string(),
  })
  .meta({ id: 'RefundBatch' });

export const batchRowObject = z
  .strictObject({
    seq: count,
    line: count,
    input: z.record(z.string(), z.string()),
    outcome: z.enum(ROW_OUTCOMES).nullable().meta({ description: 'null while the row waits.' }),
    refund_id: z.string().nullable(),
    payment_id: z.string().nullable(),
    amount: count.nullable(),
    currency: z.string().nullable(),
    refund_status: z.string().nullable(),
    error_code: z.string().nullable(),
    message: z.string().nullable(),
    violations: z.array(z.unknown()).nullable(),
    processed_at: isoTime.nullable(),
  })
  .meta({ id: 'RefundBatchRow' });
