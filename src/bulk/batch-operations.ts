// The bulk refund operations of /api/v1 (batch-routes.ts), declared for the OpenAPI document with
// the request schemas batch-routes.ts parses with; the batch's wire shapes are wire.ts.
import { listOf, operations } from '../http/operation.ts';
import { getOne, getPage, needsScope } from '../http/operation-kinds.ts';
import { dryRunQuery, idParams, jsonBody, listQuery, rowsQuery } from './batch-routes.ts';
import { BULK_COLUMNS } from './bulk-rows.ts';
import { batchObject, batchRowObject } from './wire.ts';

export const batchOperations = operations('Bulk refunds', [
  {
    method: 'post',
    path: '/api/v1/refund-batches',
    operationId: 'createRefundBatch',
    summary: 'Submit a batch of refunds (CSV or JSON), or a dry run',
    description: `A CSV (text/csv) with the columns ${BULK_COLUMNS.join(', ')} (amounts in the currency's notation, "12.50", or "all"), or JSON rows. \`dry_run\` says what each row would do without refunding. Send an Idempotency-Key: a retry with the same key returns the batch (200).`,
    access: needsScope('refunds:write'),
    query: dryRunQuery,
    body: jsonBody,
    otherBodies: { 'text/csv': 'The rows as CSV with a header line.' },
    idempotencyKey: true,
    responses: {
      202: {
        description: 'Accepted; it runs in the background.',
        schema: batchObject,
        headers: { Location: 'The batch.' },
      },
      200: {
        description: 'The batch this Idempotency-Key made earlier.',
        schema: batchObject,
        headers: { Location: 'The batch.', 'Idempotent-Replayed': 'true' },
      },
    },
    errors: { 400: ['invalid_csv', 'too_many_rows'], 422: ['idempotency_conflict'] },
    example: {
      dry_run: true,
      rows: [{ order_id: 'ord_1001', amount: 'all', reason: 'requested_by_customer' }],
    },
  },
  getPage({
    path: '/api/v1/refund-batches',
    operationId: 'listRefundBatches',
    summary: 'List batches',
    access: needsScope('refunds:read'),
    query: listQuery,
    found: { description: 'A page of batches, newest first.', schema: listOf(batchObject) },
  }),
  getOne({
    path: '/api/v1/refund-batches/:id',
    operationId: 'getRefundBatch',
    summary: 'Retrieve a batch and its progress',
    access: needsScope('refunds:read'),
    params: idParams,
    found: { description: 'The batch.', schema: batchObject },
  }),
  getPage({
    path: '/api/v1/refund-batches/:id/rows',
    operationId: 'listRefundBatchRows',
    summary: 'Read the outcome of each row',
    access: needsScope('refunds:read'),
    params: idParams,
    query: rowsQuery,
    found: { description: 'A page of rows in file order.', schema: listOf(batchRowObject) },
  }),
  getOne({
    path: '/api/v1/refund-batches/:id/rows.csv',
    operationId: 'exportRefundBatchRows',
    summary: 'Download the outcome of each row as CSV',
    access: needsScope('refunds:read'),
    params: idParams,
    found: { description: 'Every row with its outcome.', mediaType: 'text/csv' },
  }),
]);
