import type { TestCard } from '../state/records.ts';

// Stripe's test payment methods that matter for refunds, plus one we invent for requires_action
// refunds (Stripe has no card for it). Keyed by the part after `pm_card_` / `tok_`.
const visa: TestCard = { brand: 'visa', last4: '4242', funding: 'credit', refund: 'succeed' };
const DECLINE = { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' };

export const TEST_CARDS: Readonly<Record<string, TestCard>> = {
  visa,
  mastercard: { brand: 'mastercard', last4: '4444', funding: 'credit', refund: 'succeed' },
  amex: { brand: 'amex', last4: '8431', funding: 'credit', refund: 'succeed' },
  pendingRefund: { brand: 'visa', last4: '7726', funding: 'credit', refund: 'pending' },
  refundFail: { brand: 'visa', last4: '5126', funding: 'credit', refund: 'fail' },
  refundRequiresAction: { brand: 'visa', last4: '3178', funding: 'credit', refund: 'requires_action' },
  // Stripe's 4000000000000259: the payment succeeds, then a fraudulent dispute is opened.
  createDispute: {
    brand: 'visa',
    last4: '0259',
    funding: 'credit',
    refund: 'succeed',
    dispute: { reason: 'fraudulent' },
  },
  chargeDeclined: { brand: 'visa', last4: '0002', funding: 'credit', refund: 'succeed', decline: DECLINE },
  visa_chargeDeclined: {
    brand: 'visa',
    last4: '0002',
    funding: 'credit',
    refund: 'succeed',
    decline: DECLINE,
  },
  chargeDeclinedInsufficientFunds: {
    brand: 'visa',
    last4: '9995',
    funding: 'credit',
    refund: 'succeed',
    decline: {
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    },
  },
};

export function cardForPaymentMethod(pm: string): TestCard | undefined {
  return pm.startsWith('pm_card_') ? lookup(pm.slice(8)) : undefined;
}

export function cardForToken(token: string): TestCard | undefined {
  return token.startsWith('tok_') ? lookup(token.slice(4)) : undefined;
}

function lookup(name: string): TestCard | undefined {
  return Object.hasOwn(TEST_CARDS, name) ? TEST_CARDS[name] : undefined;
}
