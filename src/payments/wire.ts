// The payment as the API shows it (serializePayment in payments.ts) and the policy's answer about
// refunding it (GET /payments/:id/eligibility, routes.ts), as zod schemas: the response schemas in
// the OpenAPI document, which the contract test holds real answers to.
import { z } from 'zod';
import { isoTime, violationSchema } from '../http/operation.ts';
import { APPROVAL_REASONS } from '../policy/policy.ts';

export const paymentObject = z
  .strictObject({
    id: z.string().meta({ example: 'pay_3kTf0aXbQ2' }),
    object: z.literal('payment'),
    stripe_payment_intent_id: z.string().nullable(),
    stripe_charge_id: z.string().nullable(),
    order_id: z.string().nullable().meta({ description: "The merchant's order id." }),
    customer_id: z.string().nullable().meta({ description: "The merchant's customer id." }),
    customer_email: z.string().nullable(),
    amount: z.number().int().meta({ description: 'Captured, in the minor unit (cents), from Stripe.' }),
    currency: z.string().meta({ example: 'usd' }),
    captured_at: isoTime,
    fraud_flagged: z.boolean(),
    metadata: z.record(z.string(), z.unknown()),
    stripe_customer_id: z.string().nullable().meta({ description: "Stripe's customer on the payment." }),
    stripe_amount_refunded: z.number().int().meta({ description: 'What Stripe says is refunded.' }),
    disputed: z.boolean().meta({ description: 'The charge is disputed at Stripe: no refund is allowed.' }),
    stripe_synced_at: isoTime.nullable().meta({ description: 'When the facts were last read from Stripe.' }),
    amount_captured: z.number().int(),
    amount_refunded: z.number().int().meta({ description: 'Refunds that succeeded.' }),
    amount_in_flight: z.number().int().meta({ description: 'Refunds accepted and not final yet.' }),
    amount_refundable: z.number().int().meta({ description: 'What a new refund may still take.' }),
    created_at: isoTime,
    // Stripe Connect (docs/connect.md): all null for the platform's own payments.
    charge_type: z.enum(['platform', 'destination', 'direct']).meta({
      description:
        "platform: the platform's own charge; destination: transferred to a connected account; direct: made on one.",
    }),
    stripe_account: z
      .string()
      .nullable()
      .meta({ description: 'The connected account a direct charge lives on.' }),
    connected_account: z
      .string()
      .nullable()
      .meta({ description: 'The connected account the payment is for.' }),
    application_fee: z
      .strictObject({ id: z.string(), amount: z.number().int(), amount_refunded: z.number().int() })
      .nullable(),
    transfer: z
      .strictObject({
        id: z.string(),
        destination: z.string(),
        amount: z.number().int(),
        amount_reversed: z.number().int(),
      })
      .nullable(),
  })
  .meta({ id: 'Payment', description: 'A Stripe payment Refundry knows, with what is refundable.' });

export const eligibilityObject = z
  .strictObject({
    object: z.literal('eligibility'),
    payment_id: z.string(),
    eligible: z.boolean(),
    currency: z.string(),
    refundable_amount: z.number().int(),
    amount: z.number().int(),
    needs_approval: z.boolean(),
    approval_reasons: z.array(z.enum(APPROVAL_REASONS)).meta({
      description:
        'Why it would wait for an approver: above_threshold, fraud_flagged, or transfer_uncovered (Connect: its share of the transfer is more than the transfer has left to reverse).',
    }),
    needs_approval_above: z.number().int(),
    violations: z.array(violationSchema),
    // Connect: what the refund would take back (null for the platform's own payments).
    connect: z
      .strictObject({
        reverse_transfer: z.boolean(),
        refund_application_fee: z.boolean(),
        transfer_share: z.number().int(),
        transfer_left: z.number().int().nullable(),
        uncovered: z.number().int(),
        fee_share: z.number().int(),
        needs_approval: z.boolean(),
      })
      .nullable(),
  })
  .meta({ id: 'Eligibility', description: 'What the policy says about a refund of this payment.' });
