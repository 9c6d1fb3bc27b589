// Users and API keys under /api/v1 (admin-routes.ts, scope admin), declared for the OpenAPI
// document with the request schemas admin-routes.ts parses with.
import { z } from 'zod';
import { isoTime, operations } from '../http/operation.ts';
import { idParams } from '../http/validate.ts';
import { createKeyBody, createUserBody, passwordBody, updateUserBody } from './admin-routes.ts';
import { SCOPES } from './api-keys.ts';
import { ROLES } from './roles.ts';

const admin = { kind: 'api', scope: 'admin' } as const;

const userFields = {
  id: z.string(),
  object: z.literal('user'),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  scopes: z.array(z.enum(SCOPES)),
  disabled: z.boolean(),
  disabled_at: isoTime.nullable(),
  sign_in_delayed_until: isoTime.nullable().meta({
    description: 'Some client failing to sign in to this account waits until then (others do not).',
  }),
  last_login_at: isoTime.nullable(),
  password_changed_at: isoTime.nullable(),
  created_at: isoTime.nullable(),
};
export const userObject = z.strictObject(userFields).meta({ id: 'User' });
const userWithPassword = z.strictObject({
  ...userFields,
  password: z.string().optional().meta({ description: 'A generated password, shown this once.' }),
});

const keyFields = {
  id: z.string(),
  object: z.literal('api_key'),
  name: z.string(),
  prefix: z.string().meta({ description: 'The first characters of the key, to recognise it.' }),
  scopes: z.array(z.enum(SCOPES)),
  revoked: z.boolean(),
  created_at: isoTime.nullable(),
  revoked_at: isoTime.nullable(),
};
export const apiKeyObject = z.strictObject(keyFields).meta({ id: 'ApiKey' });
const newApiKey = z.strictObject({
  ...keyFields,
  key: z.string().meta({ description: 'The key (rfk_…), shown this once; Refundry keeps only a hash.' }),
});

export const userAndKeyOperations = operations([
  {
    method: 'get',
    path: '/api/v1/users',
    operationId: 'listUsers',
    tag: 'Administration',
    summary: 'List dashboard users',
    access: admin,
    responses: {
      200: {
        description: 'Every user.',
        schema: z.strictObject({ object: z.literal('list'), data: z.array(userObject) }),
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/users',
    operationId: 'createUser',
    tag: 'Administration',
    summary: 'Create a dashboard user',
    description: 'Without `password`, one is generated and returned in this response only.',
    access: admin,
    body: createUserBody,
    responses: { 201: { description: 'Created.', schema: userWithPassword } },
    errors: { 400: ['invalid_password'], 409: ['email_taken'] },
    example: { email: 'grace@example.com', name: 'Grace', role: 'agent' },
  },
  {
    method: 'post',
    path: '/api/v1/users/:id',
    operationId: 'updateUser',
    tag: 'Administration',
    summary: 'Change a user’s name, role or disabled flag',
    access: admin,
    params: idParams,
    body: updateUserBody,
    responses: { 200: { description: 'Updated.', schema: userObject } },
    errors: { 404: ['not_found'], 409: ['last_admin'] },
  },
  {
    method: 'post',
    path: '/api/v1/users/:id/password',
    operationId: 'resetPassword',
    tag: 'Administration',
    summary: 'Set or reset a user’s password',
    description: 'Without `password`, one is generated and returned in this response only.',
    access: admin,
    params: idParams,
    body: passwordBody,
    bodyOptional: true,
    responses: { 200: { description: 'Changed.', schema: userWithPassword } },
    errors: { 400: ['invalid_password'], 404: ['not_found'] },
  },
  {
    method: 'get',
    path: '/api/v1/api-keys',
    operationId: 'listApiKeys',
    tag: 'Administration',
    summary: 'List API keys',
    access: admin,
    responses: {
      200: {
        description: 'Every key (never the key itself).',
        schema: z.strictObject({ object: z.literal('list'), data: z.array(apiKeyObject) }),
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/api-keys',
    operationId: 'createApiKey',
    tag: 'Administration',
    summary: 'Create an API key',
    description:
      'The key is in this response only. A merchant backend needs `payments:write`, `payments:read`, `refunds:read` and `refunds:write`.',
    access: admin,
    body: createKeyBody,
    responses: { 201: { description: 'Created.', schema: newApiKey } },
    example: {
      name: 'shop backend',
      scopes: ['payments:write', 'payments:read', 'refunds:read', 'refunds:write'],
    },
  },
  {
    method: 'delete',
    path: '/api/v1/api-keys/:id',
    operationId: 'revokeApiKey',
    tag: 'Administration',
    summary: 'Revoke an API key',
    access: admin,
    params: idParams,
    responses: { 200: { description: 'Revoked.', schema: apiKeyObject } },
    errors: { 404: ['not_found'] },
  },
]);
