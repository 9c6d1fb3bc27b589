// The policy settings and the merchant profile as the API shows them (routes.ts), as zod schemas:
// the response schemas in the OpenAPI document, which the contract test holds real answers to.
import { z } from 'zod';
import { FRAUD_FLAGGED_REFUNDS } from '../config.ts';
import { actorFieldsOf, isoTime } from '../http/operation.ts';
import { REFUND_REASONS } from '../refunds/reasons.ts';

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
