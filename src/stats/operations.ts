// The operations overview (routes.ts), declared for the OpenAPI document with the query schema
// routes.ts parses with; the overview's wire shape is wire.ts.
import { operations } from '../http/operation.ts';
import { get, needsScope } from '../http/operation-kinds.ts';
import { overviewQuery } from './routes.ts';
import { overviewObject } from './wire.ts';

export const overviewOperations = operations('Operations', [
  get({
    path: '/api/v1/stats/overview',
    operationId: 'getOverview',
    summary: 'Operations overview (refunds per day, queue, approvals, webhooks)',
    access: needsScope('refunds:read'),
    query: overviewQuery,
    found: { description: 'The overview for the range (default: 30 days).', schema: overviewObject },
  }),
]);
