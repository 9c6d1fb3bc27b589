// The refunds operations of /api/v1 (routes.ts, export-routes.ts), declared for the OpenAPI
// document with the request schemas those routes parse with; the refund's wire shape is wire.ts.
import { z } from 'zod';
import { isoTime, listOf, operations } from '../http/operation.ts';
import { idParams } from '../http/validate.ts';
import { paymentObject } from '../payments/wire.ts';
import { exportQuery } from './export-routes.ts';
import { anotherWayBody, decisionBody, listQuery, refundBody, retryBody } from './routes.ts';
import { refundFields, refundHistoryEntry, refundObject } from './wire.ts';

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

const refundListItem = z.strictObject({ ...refundFields, payment: paymentObject.nullable().optional() });

const refundExample = {
  payment_id: 'pay_3kTf0aXbQ2',
  amount: 1250,
  reason: 'requested_by_customer',
  note: 'Sleeve torn on arrival',
  customer_id: 'cus_4711',
};

export const refundOperations = operations([
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
  {
    method: 'get',
    path: '/api/v1/refunds/export.csv',
    operationId: 'exportRefunds',
    tag: 'Refunds',
    summary: 'Download refunds as CSV',
    description: 'The same filters as the list; every matching refund, newest first.',
    access: { kind: 'api', scope: 'refunds:read' },
    query: exportQuery,
    responses: { 200: { description: 'The refunds.', mediaType: 'text/csv' } },
  },
]);
