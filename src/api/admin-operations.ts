// The administration operations of /api/v1 (admin-routes.ts, scope admin), declared for the
// OpenAPI document with the request schemas admin-routes.ts parses with.
import { z } from 'zod';
import { SCOPES } from '../auth/api-keys.ts';
import { ROLES } from '../auth/roles.ts';
import { FRAUD_FLAGGED_REFUNDS } from '../config.ts';
import { actorFieldsOf, isoTime, operations } from '../http/operation.ts';
import { idParams } from '../http/validate.ts';
import { REFUND_REASONS } from '../refunds/reasons.ts';
import {
  createKeyBody,
  createUserBody,
  merchantBody,
  passwordBody,
  policyBody,
  updateUserBody,
} from './admin-routes.ts';

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

const policyValues = {
  refund_window_days: z.number().int(),
  approval_threshold: z.number().int(),
  approval_thresholds: z
    .record(z.string(), z.number().int())
    .meta({ description: 'Per currency, in its minor unit: {"usd": 50000, "jpy": 70000}.' }),
  blocked_reasons: z.array(z.enum(REFUND_REASONS)),
  allow_self_approval: z
    .boolean()
    .meta({ description: 'Whoever requested a refund may approve it (one-person shops).' }),
  fraud_flagged_refunds: z.enum(FRAUD_FLAGGED_REFUNDS),
};
export const policySettingsObject = z
  .strictObject({
    object: z.literal('policy_settings'),
    ...policyValues,
    defaults: z.strictObject(policyValues),
    overridden: z.strictObject({
      refund_window_days: z.boolean(),
      approval_threshold: z.boolean(),
      approval_thresholds: z.boolean(),
      blocked_reasons: z.boolean(),
      allow_self_approval: z.boolean(),
      fraud_flagged_refunds: z.boolean(),
      connect: z.strictObject({
        reverse_transfer: z.boolean(),
        refund_application_fee: z.boolean(),
        approve_uncovered: z.boolean(),
      }),
    }),
    // Platforms (docs/connect.md): what a refund takes back unless it says otherwise.
    connect: z.strictObject({
      reverse_transfer: z.boolean(),
      refund_application_fee: z.boolean(),
      approve_uncovered: z.boolean(),
      defaults: z.strictObject({
        reverse_transfer: z.boolean(),
        refund_application_fee: z.boolean(),
        approve_uncovered: z.boolean(),
      }),
    }),
    updated_by: z.string().nullable(),
    ...actorFieldsOf('updated_by'),
    updated_at: isoTime.nullable(),
  })
  .meta({ id: 'PolicySettings' });

export const merchantProfileObject = z
  .strictObject({
    object: z.literal('merchant_profile'),
    name: z.string().nullable(),
    support_email: z.string().nullable(),
    support_url: z.string().nullable(),
    support_phone: z.string().nullable(),
    updated_by: z.string().nullable(),
    ...actorFieldsOf('updated_by'),
    updated_at: isoTime.nullable(),
  })
  .meta({
    id: 'MerchantProfile',
    description: "The merchant's name and support contacts, shown to customers.",
  });

export const adminOperations = operations([
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
  {
    method: 'get',
    path: '/api/v1/settings/policy',
    operationId: 'getPolicySettings',
    tag: 'Administration',
    summary: 'Read the refund policy settings',
    access: admin,
    responses: {
      200: { description: 'The settings in force and the defaults.', schema: policySettingsObject },
    },
  },
  {
    method: 'put',
    path: '/api/v1/settings/policy',
    operationId: 'updatePolicySettings',
    tag: 'Administration',
    summary: 'Change the refund policy settings',
    description: '`null` puts a setting back to its default (from the configuration).',
    access: admin,
    body: policyBody,
    responses: { 200: { description: 'The settings now in force.', schema: policySettingsObject } },
    example: { approval_threshold: 50000 },
  },
  {
    method: 'get',
    path: '/api/v1/settings/merchant',
    operationId: 'getMerchantProfile',
    tag: 'Administration',
    summary: "Read the merchant's name and support contacts",
    access: admin,
    responses: { 200: { description: 'The profile.', schema: merchantProfileObject } },
  },
  {
    method: 'put',
    path: '/api/v1/settings/merchant',
    operationId: 'updateMerchantProfile',
    tag: 'Administration',
    summary: "Change the merchant's name and support contacts",
    description: '`null` clears a field.',
    access: admin,
    body: merchantBody,
    responses: { 200: { description: 'The profile now.', schema: merchantProfileObject } },
    example: { name: 'Shop Example', support_email: 'help@shop.example' },
  },
]);
