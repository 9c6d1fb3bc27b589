// Why a refund failed, in plain words for support agents. Two kinds of codes land in
// refunds.failure_code: Stripe's refund `failure_reason` (the bank refused it after Stripe took
// it), and Stripe's API error `code` when Stripe refused the request itself (the worker stores
// the error's code and message). Staff always see Stripe's own code and message beside this text;
// a code without words here gets a text that says so rather than guessing at a bank.
// https://docs.stripe.com/api/refunds/object#refund_object-failure_reason
// https://docs.stripe.com/error-codes
const FAILURE_REASONS: Record<string, string> = {
  lost_or_stolen_card:
    "The card was reported lost or stolen, so the bank refused the refund. Refund the customer another way (for example by bank transfer); the money was returned to the merchant's Stripe balance.",
  expired_or_canceled_card:
    "The card has expired or was canceled, so the bank refused the refund. Refund the customer another way; the money was returned to the merchant's Stripe balance.",
  charge_for_pending_refund_disputed:
    'The customer disputed the payment while the refund was pending, so Stripe canceled the refund. Handle it through the dispute instead.',
  insufficient_funds:
    "The merchant's Stripe balance did not cover the refund. Add funds to the balance and request the refund again.",
  declined:
    "The customer's bank declined the refund. Refund the customer another way, or ask them to contact their bank.",
  merchant_request: 'The refund was canceled at the merchant’s request.',
  unknown:
    'The refund failed for a reason the bank did not give. Refund the customer another way, or contact Stripe support.',
};

/** Stripe API error codes that end a refund before it reaches a bank. */
const STRIPE_ERRORS: Record<string, string> = {
  resource_missing:
    'Stripe does not have the payment (or charge) this refund is for: it may belong to another Stripe account or mode (test/live), or the id is wrong. Nothing was refunded.',
  charge_already_refunded: 'Stripe says the payment was already refunded in full. Nothing more was refunded.',
  amount_too_large:
    'Stripe says the refund is more than what remains refundable on the payment there. Nothing was refunded.',
  charge_disputed:
    'The payment is disputed, and Stripe does not refund a disputed payment. Handle it through the dispute.',
  charge_expired_for_capture: 'The payment was never captured, so there is nothing to refund.',
  balance_insufficient:
    "The merchant's Stripe balance did not cover the refund. Add funds to the balance and try again.",
  parameter_invalid_integer: 'Stripe refused the amount. Nothing was refunded.',
};

/** Plain words for a refund failure code; null when there is no code. */
export function failureText(code: string | null | undefined): string | null {
  if (!code) return null;
  return (
    FAILURE_REASONS[code] ??
    STRIPE_ERRORS[code] ??
    `Stripe refused the refund with the code ${code}; its message says why. Nothing was refunded.`
  );
}

export const KNOWN_FAILURE_CODES = Object.keys(FAILURE_REASONS);
export const KNOWN_STRIPE_ERROR_CODES = Object.keys(STRIPE_ERRORS);
