// The payments and refunds operations of /api/v1 (routes.ts), declared for the OpenAPI document:
// the request schemas are the ones routes.ts parses with; the response schemas are the wire
// shapes (payments/wire.ts, refunds/wire.ts).
import { z } from 'zod';
import { isoTime, listOf, operations, violationSchema } from '../http/operation.ts';
import { idParams } from '../http/validate.ts';
import { paymentObject } from '../payments/wire.ts';
import { APPROVAL_REASONS } from '../policy/policy.ts';
import { refundFields, refundHistoryEntry, refundObject } from '../refunds/wire.ts';
import {
  anotherWayBody,
  decisionBody,
  eligibilityQuery,
  listQuery,
  paymentSearchQuery,
  refundBody,
  registerBody,
  retryBody,
} from './routes.ts';

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
        queued_at: isoTime.nullable(),
        sent_at: isoTime.nullable(),
        last_attempt_at: isoTime.nullable(),
        next_attempt_at: isoTime.nullable(),
        last_error: z.string().nullable(),
      }),
    ),
    payment: paymentObject.nullable(),
  })
  .meta({ id: 'RefundDetail' });

const refundListItem = z.strictObject({ ...refundFields, payment: paymentObject.nullable().optional() });

const refundExample = {
  payment_id: 'pay_3kTf0aXbQ2',
  amount: 1250,
  reason: 'requested_by_customer',
  note: 'Sleeve torn on arrival',
  customer_id: 'cus_4711',
};

export const apiOperations = operations([
  {
    method: 'post',
    path: '/api/v1/payments',
    operationId: 'registerPayment',
    tag: 'Payments',
    summary: 'Register a payment',
    description:
      'Tells Refundry about a captured payment taken with Stripe, with your order and customer. Amount, currency, capture time and what is refunded are read from Stripe, never taken from you (sending them is a 400 `field_from_stripe`). Registering the same Stripe id again returns the payment (200).',
    access: { kind: 'api', scope: 'payments:write' },
    body: registerBody,
    responses: {
      201: { description: 'Registered.', schema: paymentObject },
      200: { description: 'Already registered: the payment as it is.', schema: paymentObject },
    },
    errors: { 400: ['field_from_stripe', 'payment_not_captured', 'account_mismatch'], 404: ['not_found'] },
    example: {
      stripe_id: 'pi_3PqZ2d2eZvKYlo2C',
      order_id: 'ord_1001',
      customer_id: 'cus_4711',
      customer_email: 'ada@example.com',
    },
  },
  {
    method: 'get',
    path: '/api/v1/payments',
    operationId: 'searchPayments',
    tag: 'Payments',
    summary: 'Find payments',
    description:
      'By your order id (`order_id`), or by text (`q`: order id, customer email, Stripe id or pay_ id). A Stripe id Refundry has not seen yet is looked up at Stripe.',
    access: { kind: 'api', scope: 'payments:read' },
    query: paymentSearchQuery,
    responses: { 200: { description: 'A page of payments.', schema: listOf(paymentObject) } },
    errors: { 404: ['not_found'] },
  },
  {
    method: 'get',
    path: '/api/v1/payments/:id',
    operationId: 'getPayment',
    tag: 'Payments',
    summary: 'Retrieve a payment',
    access: { kind: 'api', scope: 'payments:read' },
    params: idParams,
    responses: { 200: { description: 'The payment.', schema: paymentObject } },
    errors: { 404: ['not_found'] },
  },
  {
    method: 'get',
    path: '/api/v1/payments/:id/eligibility',
    operationId: 'getEligibility',
    tag: 'Payments',
    summary: 'Check what may be refunded',
    description:
      'What the refund policy would say to a refund of this payment (for this customer, amount and reason when given), without asking for one.',
    access: { kind: 'api', scope: 'payments:read' },
    params: idParams,
    query: eligibilityQuery,
    responses: { 200: { description: "The policy's answer.", schema: eligibilityObject } },
    errors: { 404: ['not_found'] },
  },
  {
    method: 'post',
    path: '/api/v1/refunds',
    operationId: 'createRefund',
    tag: 'Refunds',
    summary: 'Request a refund',
    description: [
      'Name the payment by `payment_id`, `order_id` or `stripe_id`.',
      '`amount` is an integer in the minor unit of the payment’s currency (1250 = $12.50); omitted, all that remains.',
      'Send `customer_id` when acting for a signed-in customer: the policy refuses a payment of another customer.',
      'The policy may accept (201, `queued`), hold it for an approver (201, `awaiting_approval`) or refuse it (422 `policy_violation` with every broken rule).',
      'Send an Idempotency-Key: a retry with the same key and body gets the first answer (`Idempotent-Replayed: true`), never a second refund.',
    ].join('\n\n'),
    access: { kind: 'api', scope: 'refunds:write' },
    body: refundBody,
    idempotencyKey: true,
    responses: {
      201: {
        description: 'Accepted (queued, or awaiting approval).',
        schema: refundObject,
        headers: { 'Idempotent-Replayed': 'true when this is the stored answer to an earlier request.' },
      },
    },
    errors: {
      400: ['ambiguous_order', 'payment_mismatch', 'payment_not_captured', 'account_mismatch'],
      404: ['not_found'],
      409: ['idempotency_conflict'],
      422: ['policy_violation', 'idempotency_conflict'],
    },
    example: refundExample,
  },
  {
    method: 'get',
    path: '/api/v1/refunds',
    operationId: 'listRefunds',
    tag: 'Refunds',
    summary: 'List refunds',
    description: 'Newest first, with filters; `expand=payment` adds each refund’s payment.',
    access: { kind: 'api', scope: 'refunds:read' },
    query: listQuery,
    responses: { 200: { description: 'A page of refunds.', schema: listOf(refundListItem) } },
    errors: { 404: ['not_found'] },
  },
  {
    method: 'get',
    path: '/api/v1/refunds/:id',
    operationId: 'getRefund',
    tag: 'Refunds',
    summary: 'Retrieve a refund',
    access: { kind: 'api', scope: 'refunds:read' },
    params: idParams,
    responses: { 200: { description: 'The refund with its history.', schema: refundDetail } },
    errors: { 404: ['not_found'] },
  },
  {
    method: 'post',
    path: '/api/v1/refunds/:id/retry',
    operationId: 'retryRefund',
    tag: 'Refunds',
    summary: 'Try a failed refund again',
    description:
      'A new refund for the same amount (its `retry_of` names the failed one), checked against the policy as a new request.',
    access: { kind: 'api', scope: 'refunds:write' },
    params: idParams,
    body: retryBody,
    bodyOptional: true,
    responses: { 201: { description: 'The new refund.', schema: refundObject } },
    errors: { 404: ['not_found'], 409: ['not_retryable', 'already_retried'], 422: ['policy_violation'] },
  },
  {
    method: 'post',
    path: '/api/v1/refunds/:id/refunded-another-way',
    operationId: 'markRefundedAnotherWay',
    tag: 'Refunds',
    summary: 'Record that a failed refund was paid another way',
    description: 'Bank transfer, store credit, cash: the refund counts as refunded (`refunded_another_way`).',
    access: { kind: 'api', scope: 'refunds:write' },
    params: idParams,
    body: anotherWayBody,
    responses: { 200: { description: 'Recorded.', schema: refundObject } },
    errors: { 404: ['not_found'], 409: ['not_failed', 'already_retried', 'amount_exceeds_remaining'] },
    example: { note: 'Paid back by bank transfer on 2026-06-03' },
  },
  {
    method: 'post',
    path: '/api/v1/refunds/:id/cancel',
    operationId: 'cancelRefund',
    tag: 'Refunds',
    summary: 'Cancel a refund not yet sent to Stripe',
    access: { kind: 'api', scope: 'refunds:write' },
    params: idParams,
    body: decisionBody,
    bodyOptional: true,
    responses: { 200: { description: 'Canceled.', schema: refundObject } },
    errors: { 404: ['not_found'], 409: ['not_cancelable'] },
  },
  {
    method: 'post',
    path: '/api/v1/refunds/:id/approve',
    operationId: 'approveRefund',
    tag: 'Refunds',
    summary: 'Approve a refund awaiting approval',
    description: 'No one decides a refund they requested themselves (`self_approval_forbidden`).',
    access: { kind: 'api', scope: 'refunds:approve' },
    params: idParams,
    body: decisionBody,
    bodyOptional: true,
    responses: { 200: { description: 'Approved: queued for Stripe.', schema: refundObject } },
    errors: { 403: ['self_approval_forbidden'], 404: ['not_found'], 409: ['not_approvable'] },
  },
  {
    method: 'post',
    path: '/api/v1/refunds/:id/reject',
    operationId: 'rejectRefund',
    tag: 'Refunds',
    summary: 'Reject a refund awaiting approval',
    access: { kind: 'api', scope: 'refunds:approve' },
    params: idParams,
    body: decisionBody,
    bodyOptional: true,
    responses: { 200: { description: 'Rejected.', schema: refundObject } },
    errors: { 404: ['not_found'], 409: ['not_rejectable'] },
  },
]);
