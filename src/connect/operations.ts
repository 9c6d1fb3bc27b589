// The Connect operations of /api/v1 (routes.ts), declared for the OpenAPI document with the
// request schemas routes.ts parses with; the account's wire shape is wire.ts.
import { listOf, operations } from '../http/operation.ts';
import { get, getOne, needsScope } from '../http/operation-kinds.ts';
import { accountParams, accountsQuery } from './routes.ts';
import { connectedAccountObject } from './wire.ts';

export const connectOperations = operations('Connect', [
  get({
    path: '/api/v1/connect/accounts',
    operationId: 'listConnectedAccounts',
    summary: 'The connected accounts Refundry knows',
    description: 'Accounts of registered payments and of Connect events heard, most recently active first.',
    access: needsScope('payments:read'),
    query: accountsQuery,
    found: { description: 'The accounts.', schema: listOf(connectedAccountObject) },
  }),
  getOne({
    path: '/api/v1/connect/accounts/:id',
    operationId: 'getConnectedAccount',
    summary: 'A connected account',
    access: needsScope('payments:read'),
    params: accountParams,
    found: { description: 'The account.', schema: connectedAccountObject },
  }),
]);
