// Stripe's refund failure codes in plain words, for support agents and customers. Stripe's list:
// https://docs.stripe.com/api/refunds/object#refund_object-failure_reason
const TEXTS: Record<string, string> = {
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

/** Plain-words explanation of a Stripe refund failure code; unknown codes get the generic text. */
export function failureText(code: string | null | undefined): string | null {
  if (!code) return null;
  return TEXTS[code] ?? TEXTS.unknown!;
}

export const KNOWN_FAILURE_CODES = Object.keys(TEXTS);
