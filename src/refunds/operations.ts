// The refunds operations of /api/v1 (routes.ts, export-routes.ts), declared for the OpenAPI
// document with the request schemas those routes parse with; the refund's wire shapes are wire.ts.
import { type Declaration, listOf, operations } from '../http/operation.ts';
import { get, getOne, getPage, needsScope, postOne } from '../http/operation-kinds.ts';
import { idParams } from '../http/validate.ts';
import { exportQuery } from './export-routes.ts';
import { anotherWayBody, decisionBody, listQuery, refundBody, retryBody } from './routes.ts';
import { refundDetail, refundListItem, refundObject } from './wire.ts';

const refundExample = {
  payment_id: 'pay_3kTf0aXbQ2',
  amount: 1250,
  reason: 'requested_by_customer',
  note: 'Sleeve torn on arrival',
  customer_id: 'cus_4711',
};

/** What a decision declares itself; `done` describes its 200 answer (the refund after it). */
type Decision = Pick<
  Declaration,
  'path' | 'operationId' | 'summary' | 'description' | 'access' | 'errors'
> & {
  done: string;
};

/** Cancel, approve or reject the refund its path names, with an optional note. */
const decision = ({ done, ...op }: Decision): Declaration =>
  postOne({
    params: idParams,
    body: decisionBody,
    bodyOptional: true,
    ...op,
    responses: { 200: { description: done, schema: refundObject } },
  });

export const refundOperations = operations('Refunds', [
  {
    method: 'post',
    path: '/api/v1/refunds',
    operationId: 'createRefund',
    summary: 'Request a refund',
    description: [
      'Name the payment by `payment_id`, `order_id` or `stripe_id`.',
      '`amount` is an integer in the minor unit of the payment’s currency (1250 = $12.50); omitted, all that remains.',
      'Send `customer_id` when acting for a signed-in customer: the policy refuses a payment of another customer.',
      'The policy may accept (201, `queued`), hold it for an approver (201, `awaiting_approval`) or refuse it (422 `policy_violation` with every broken rule).',
      'Send an Idempotency-Key: a retry with the same key and body gets the first answer (`Idempotent-Replayed: true`), never a second refund.',
    ].join('\n\n'),
    access: needsScope('refunds:write'),
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
  getPage({
    path: '/api/v1/refunds',
    operationId: 'listRefunds',
    summary: 'List refunds',
    description: 'Newest first, with filters; `expand=payment` adds each refund’s payment.',
    access: needsScope('refunds:read'),
    query: listQuery,
    found: { description: 'A page of refunds.', schema: listOf(refundListItem) },
  }),
  getOne({
    path: '/api/v1/refunds/:id',
    operationId: 'getRefund',
    summary: 'Retrieve a refund',
    access: needsScope('refunds:read'),
    params: idParams,
    found: { description: 'The refund with its history.', schema: refundDetail },
  }),
  postOne({
    path: '/api/v1/refunds/:id/retry',
    operationId: 'retryRefund',
    summary: 'Try a failed refund again',
    description:
      'A new refund for the same amount (its `retry_of` names the failed one), checked against the policy as a new request.',
    access: needsScope('refunds:write'),
    params: idParams,
    body: retryBody,
    bodyOptional: true,
    responses: { 201: { description: 'The new refund.', schema: refundObject } },
    errors: { 409: ['not_retryable', 'already_retried'], 422: ['policy_violation'] },
  }),
  postOne({
    path: '/api/v1/refunds/:id/refunded-another-way',
    operationId: 'markRefundedAnotherWay',
    summary: 'Record that a failed refund was paid another way',
    description: 'Bank transfer, store credit, cash: the refund counts as refunded (`refunded_another_way`).',
    access: needsScope('refunds:write'),
    params: idParams,
    body: anotherWayBody,
    responses: { 200: { description: 'Recorded.', schema: refundObject } },
    errors: { 409: ['not_failed', 'already_retried', 'amount_exceeds_remaining'] },
    example: { note: 'Paid back by bank transfer on 2026-06-03' },
  }),
  decision({
    path: '/api/v1/refunds/:id/cancel',
    operationId: 'cancelRefund',
    summary: 'Cancel a refund not yet sent to Stripe',
    access: needsScope('refunds:write'),
    done: 'Canceled.',
    errors: { 409: ['not_cancelable'] },
  }),
  decision({
    path: '/api/v1/refunds/:id/approve',
    operationId: 'approveRefund',
    summary: 'Approve a refund awaiting approval',
    description: 'No one decides a refund they requested themselves (`self_approval_forbidden`).',
    access: needsScope('refunds:approve'),
    done: 'Approved: queued for Stripe.',
    errors: { 403: ['self_approval_forbidden'], 409: ['not_approvable'] },
  }),
  decision({
    path: '/api/v1/refunds/:id/reject',
    operationId: 'rejectRefund',
    summary: 'Reject a refund awaiting approval',
    access: needsScope('refunds:approve'),
    done: 'Rejected.',
    errors: { 409: ['not_rejectable'] },
  }),
  get({
    path: '/api/v1/refunds/export.csv',
    operationId: 'exportRefunds',
    summary: 'Download refunds as CSV',
    description: 'The same filters as the list; every matching refund, newest first.',
    access: needsScope('refunds:read'),
    query: exportQuery,
    found: { description: 'The refunds.', mediaType: 'text/csv' },
  }),
]);
