// The payments operations of /api/v1 (routes.ts), declared for the OpenAPI document with the
// request schemas routes.ts parses with; the payment's and the eligibility's wire shapes are wire.ts.
import { listOf, operations } from '../http/operation.ts';
import { getOne, getPage, needsScope } from '../http/operation-kinds.ts';
import { idParams } from '../http/validate.ts';
import { eligibilityQuery, paymentSearchQuery, registerBody } from './routes.ts';
import { eligibilityObject, paymentObject } from './wire.ts';

export const paymentOperations = operations('Payments', [
  {
    method: 'post',
    path: '/api/v1/payments',
    operationId: 'registerPayment',
    summary: 'Register a payment',
    description:
      'Tells Refundry about a captured payment taken with Stripe, with your order and customer. Amount, currency, capture time and what is refunded are read from Stripe, never taken from you (sending them is a 400 `field_from_stripe`). Registering the same Stripe id again returns the payment (200).',
    access: needsScope('payments:write'),
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
  getPage({
    path: '/api/v1/payments',
    operationId: 'searchPayments',
    summary: 'Find payments',
    description:
      'By your order id (`order_id`), or by text (`q`: order id, customer email, Stripe id or pay_ id). A Stripe id Refundry has not seen yet is looked up at Stripe.',
    access: needsScope('payments:read'),
    query: paymentSearchQuery,
    found: { description: 'A page of payments.', schema: listOf(paymentObject) },
  }),
  getOne({
    path: '/api/v1/payments/:id',
    operationId: 'getPayment',
    summary: 'Retrieve a payment',
    access: needsScope('payments:read'),
    params: idParams,
    found: { description: 'The payment.', schema: paymentObject },
  }),
  getOne({
    path: '/api/v1/payments/:id/eligibility',
    operationId: 'getEligibility',
    summary: 'Check what may be refunded',
    description:
      'What the refund policy would say to a refund of this payment (for this customer, amount and reason when given), without asking for one.',
    access: needsScope('payments:read'),
    params: idParams,
    query: eligibilityQuery,
    found: { description: "The policy's answer.", schema: eligibilityObject },
  }),
]);
