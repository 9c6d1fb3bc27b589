import { describe, expect, it } from 'vitest';
import { failureText, KNOWN_FAILURE_CODES } from './failure-text.ts';

describe('failureText', () => {
  it("explains each of Stripe's refund failure codes differently, and unknown ones generically", () => {
    expect(KNOWN_FAILURE_CODES.sort()).toEqual(
      [
        'charge_for_pending_refund_disputed',
        'declined',
        'expired_or_canceled_card',
        'insufficient_funds',
        'lost_or_stolen_card',
        'merchant_request',
        'unknown',
      ].sort(),
    );
    const texts = KNOWN_FAILURE_CODES.map(failureText);
    expect(new Set(texts).size).toBe(texts.length);
    expect(failureText('lost_or_stolen_card')).toContain('lost or stolen');
    expect(failureText('insufficient_funds')).toContain('balance');
    expect(failureText(null)).toBeNull();
  });

  it('explains Stripe API errors that end a refund without blaming a bank, and never guesses', () => {
    expect(failureText('resource_missing')).toContain('Stripe does not have the payment');
    expect(failureText('resource_missing')).not.toContain('bank');
    expect(failureText('charge_already_refunded')).toContain('already refunded');
    // A code with no words of its own: said plainly, not mistaken for "the bank did not say".
    expect(failureText('something_new')).toContain('something_new');
    expect(failureText('something_new')).not.toBe(failureText('unknown'));
  });
});
