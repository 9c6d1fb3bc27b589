// The shop's settings under /api/v1 (routes.ts, scope admin), declared for the OpenAPI document
// with the request schemas routes.ts parses with; the settings' wire shapes are wire.ts.
import { operations } from '../http/operation.ts';
import { get, needsScope } from '../http/operation-kinds.ts';
import { merchantBody, policyBody } from './routes.ts';
import { merchantProfileObject, policySettingsObject } from './wire.ts';

export const settingsOperations = operations('Administration', [
  get({
    path: '/api/v1/settings/policy',
    operationId: 'getPolicySettings',
    summary: 'Read the refund policy settings',
    access: needsScope('admin'),
    found: { description: 'The settings in force and the defaults.', schema: policySettingsObject },
  }),
  {
    method: 'put',
    path: '/api/v1/settings/policy',
    operationId: 'updatePolicySettings',
    summary: 'Change the refund policy settings',
    description: '`null` puts a setting back to its default (from the configuration).',
    access: needsScope('admin'),
    body: policyBody,
    responses: { 200: { description: 'The settings now in force.', schema: policySettingsObject } },
    example: { approval_threshold: 50000 },
  },
  get({
    path: '/api/v1/settings/merchant',
    operationId: 'getMerchantProfile',
    summary: "Read the merchant's name and support contacts",
    access: needsScope('admin'),
    found: { description: 'The profile.', schema: merchantProfileObject },
  }),
  {
    method: 'put',
    path: '/api/v1/settings/merchant',
    operationId: 'updateMerchantProfile',
    summary: "Change the merchant's name and support contacts",
    description: '`null` clears a field.',
    access: needsScope('admin'),
    body: merchantBody,
    responses: { 200: { description: 'The profile now.', schema: merchantProfileObject } },
    example: { name: 'Shop Example', support_email: 'help@shop.example' },
  },
]);
