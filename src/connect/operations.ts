// The Connect operations of /api/v1 (routes.ts), declared for the OpenAPI document with the
// request schemas routes.ts parses with.
import { z } from 'zod';
import { isoTime, listOf, operations } from '../http/operation.ts';
import { get, getOne, needsScope } from '../http/operation-kinds.ts';
import { accountParams, accountsQuery } from './routes.ts';

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
