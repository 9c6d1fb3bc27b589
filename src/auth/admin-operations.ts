// Users and API keys under /api/v1 (admin-routes.ts, scope admin), declared for the OpenAPI
// document with the request schemas admin-routes.ts parses with; their wire shapes are wire.ts.
import { operations, wholeListOf } from '../http/operation.ts';
import { deleteOne, get, needsScope, postOne } from '../http/operation-kinds.ts';
import { idParams } from '../http/validate.ts';
import { createKeyBody, createUserBody, passwordBody, updateUserBody } from './admin-routes.ts';
import { apiKeyObject, newApiKey, userObject, userWithPassword } from './wire.ts';

/** Creating a user and setting a password say the same of a request without one. */
const generatedPassword = 'Without `password`, one is generated and returned in this response only.';

export const userAndKeyOperations = operations('Administration', [
  get({
    path: '/api/v1/users',
    operationId: 'listUsers',
    summary: 'List dashboard users',
    access: needsScope('admin'),
    found: { description: 'Every user.', schema: wholeListOf(userObject) },
  }),
  {
    method: 'post',
    path: '/api/v1/users',
    operationId: 'createUser',
    summary: 'Create a dashboard user',
    description: generatedPassword,
    access: needsScope('admin'),
    body: createUserBody,
    responses: { 201: { description: 'Created.', schema: userWithPassword } },
    errors: { 400: ['invalid_password'], 409: ['email_taken'] },
    example: { email: 'grace@example.com', name: 'Grace', role: 'agent' },
  },
  postOne({
    path: '/api/v1/users/:id',
    operationId: 'updateUser',
    summary: 'Change a user’s name, role or disabled flag',
    access: needsScope('admin'),
    params: idParams,
    body: updateUserBody,
    responses: { 200: { description: 'Updated.', schema: userObject } },
    errors: { 409: ['last_admin'] },
  }),
  postOne({
    path: '/api/v1/users/:id/password',
    operationId: 'resetPassword',
    summary: 'Set or reset a user’s password',
    description: generatedPassword,
    access: needsScope('admin'),
    params: idParams,
    body: passwordBody,
    bodyOptional: true,
    responses: { 200: { description: 'Changed.', schema: userWithPassword } },
    errors: { 400: ['invalid_password'] },
  }),
  get({
    path: '/api/v1/api-keys',
    operationId: 'listApiKeys',
    summary: 'List API keys',
    access: needsScope('admin'),
    found: { description: 'Every key (never the key itself).', schema: wholeListOf(apiKeyObject) },
  }),
  {
    method: 'post',
    path: '/api/v1/api-keys',
    operationId: 'createApiKey',
    summary: 'Create an API key',
    description:
      'The key is in this response only. A merchant backend needs `payments:write`, `payments:read`, `refunds:read` and `refunds:write`.',
    access: needsScope('admin'),
    body: createKeyBody,
    responses: { 201: { description: 'Created.', schema: newApiKey } },
    example: {
      name: 'shop backend',
      scopes: ['payments:write', 'payments:read', 'refunds:read', 'refunds:write'],
    },
  },
  deleteOne({
    path: '/api/v1/api-keys/:id',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key',
    access: needsScope('admin'),
    params: idParams,
    responses: { 200: { description: 'Revoked.', schema: apiKeyObject } },
  }),
]);
