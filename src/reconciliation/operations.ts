// The reconciliation operations of /api/v1 (routes.ts), declared for the OpenAPI document with
// the request schemas routes.ts parses with; the run's wire shapes are wire.ts.
import { listOf, operations } from '../http/operation.ts';
import { getOne, getPage, needsScope, postOne } from '../http/operation-kinds.ts';
import { listQuery, resolveBody, runParams, runQuery, startBody } from './routes.ts';
import { discrepancyObject, runDetailObject, runObject } from './wire.ts';

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
    found: { description: 'The run and a page of its discrepancies.', schema: runDetailObject },
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
