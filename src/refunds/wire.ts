// The refund as the API shows it (serializeRefund in refunds.ts), alone, in a list and in detail
// with its timeline and payment, as zod schemas: the response schemas in the OpenAPI document,
// which the contract test holds real answers to.
import { z } from 'zod';
import { actorFieldsOf, isoTime } from '../http/operation.ts';
import { paymentObject } from '../payments/wire.ts';
import { APPROVAL_REASONS } from '../policy/policy.ts';
import { REFUND_REASONS_TEXT } from './reasons.ts';
import { REFUND_STATUSES } from './refund-states.ts';

export const refundHistoryEntry = z
  .strictObject({
    from: z.enum(REFUND_STATUSES).nullable(),
    to: z.enum(REFUND_STATUSES),
    actor: z.string().meta({ description: '`user:<id>`, `key:<id>`, `stripe`, `worker`, …' }),
    ...actorFieldsOf('actor'),
    reason: z.string().nullable(),
    stripe_refund_id: z.string().nullable(),
    stripe_event_id: z.string().nullable(),
    at: isoTime,
  })
  .meta({ id: 'RefundHistoryEntry' });

const refundFields = {
  id: z.string().meta({ example: 'rf_8Hq2LmZ0cV' }),
  object: z.literal('refund'),
  payment_id: z.string(),
  amount: z.number().int().meta({ description: 'In the minor unit of `currency`.' }),
  currency: z.string(),
  reason: z.string().meta({ description: `${REFUND_REASONS_TEXT}.` }),
  note: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  status: z.enum(REFUND_STATUSES),
  origin: z.enum(['refundry', 'external']).meta({
    description: '`external`: made directly in Stripe and found by reconciliation.',
  }),
  requested_by: z.string(),
  customer_token: z.string().nullable().meta({
    description: "The customer's status page is /r/{customer_token}; share it only with the customer.",
  }),
  stripe_refund_id: z.string().nullable(),
  failure_code: z.string().nullable(),
  failure_message: z.string().nullable(),
  attempts: z.number().int(),
  approved_by: z.string().nullable(),
  approved_at: isoTime.nullable(),
  ...actorFieldsOf('requested_by'),
  ...actorFieldsOf('approved_by'),
  retry_of: z.string().nullable().meta({ description: 'The failed refund this one tries again.' }),
  created_at: isoTime,
  updated_at: isoTime,
  sent_at: isoTime.nullable(),
  final_at: isoTime.nullable(),
  // Stripe Connect (docs/connect.md): what the refund asked, and what Stripe reversed and refunded.
  reverse_transfer: z.boolean(),
  refund_application_fee: z.boolean(),
  transfer_reversal: z.strictObject({ id: z.string(), amount: z.number().int().nullable() }).nullable(),
  fee_refund: z.strictObject({ id: z.string(), amount: z.number().int().nullable() }).nullable(),
  approval_reasons: z.array(z.enum(APPROVAL_REASONS)).meta({
    description:
      'Why it waits (or waited) for an approver, as decided when it was accepted: above_threshold, fraud_flagged, transfer_uncovered (Connect: its share of the transfer is more than the transfer had left to reverse).',
  }),
};

export const refundObject = z
  .strictObject(refundFields)
  .meta({ id: 'Refund', description: 'A refund request and where it stands.' });

/** GET /refunds/:id: the refund with its timeline, who asked, and its payment. */
export const refundDetail = z
  .strictObject({
    ...refundFields,
    failure_text: z.string().nullable().meta({ description: "Stripe's failure in plain words." }),
    history: z.array(refundHistoryEntry),
    retried_as: z.string().nullable().meta({ description: 'The refund that tried this failed one again.' }),
    emails: z.array(
      z.strictObject({
        id: z.string(),
        kind: z.string(),
        to: z.string().nullable(),
        status: z.string(),
        attempts: z.number().int(),
        queued_at: isoTime.meta({
          description: "When the email was queued (the refund's change that caused it).",
        }),
        sent_at: isoTime.nullable(),
        last_attempt_at: isoTime.nullable(),
        next_attempt_at: isoTime.nullable(),
        last_error: z.string().nullable(),
      }),
    ),
    payment: paymentObject.nullable(),
  })
  .meta({ id: 'RefundDetail' });

/** GET /refunds: a refund, with its payment when the list is asked to expand it. */
export const refundListItem = z.strictObject({
  ...refundFields,
  payment: paymentObject.nullable().optional(),
});
