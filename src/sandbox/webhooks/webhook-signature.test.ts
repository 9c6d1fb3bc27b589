import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { stripeSignatureHeader } from './webhook-signature.ts';

const stripe = new Stripe('sk_test_123');
const secret = 'whsec_test_secret_value';
const payload = JSON.stringify({
  id: 'evt_1',
  object: 'event',
  type: 'refund.created',
  data: { object: {} },
});

describe('stripeSignatureHeader', () => {
  it('is accepted by the SDK with the same secret', () => {
    const header = stripeSignatureHeader(payload, secret, Math.floor(Date.now() / 1000));
    expect(stripe.webhooks.constructEvent(payload, header, secret).id).toBe('evt_1');
  });

  it('matches the SDK test header byte for byte', () => {
    const t = 1_700_000_000;
    expect(stripeSignatureHeader(payload, secret, t)).toBe(
      stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: t }),
    );
  });

  it('is rejected with another secret or a changed body', () => {
    const header = stripeSignatureHeader(payload, secret, Math.floor(Date.now() / 1000));
    expect(() => stripe.webhooks.constructEvent(payload, header, 'whsec_other')).toThrow();
    expect(() => stripe.webhooks.constructEvent(`${payload} `, header, secret)).toThrow();
  });
});
