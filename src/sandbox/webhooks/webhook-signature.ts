// Stripe's webhook signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed by
// the whole `whsec_…` string as bytes (not base64-decoded), which is what `constructEvent` checks.
import { createHmac } from 'node:crypto';

export function signatureV1(payload: string, secret: string, timestamp: number): string {
  // Fed in two parts: the body is not copied into a second string first.
  return createHmac('sha256', secret).update(`${timestamp}.`).update(payload, 'utf8').digest('hex');
}

/** The `Stripe-Signature` header value for one delivery attempt. */
export function stripeSignatureHeader(payload: string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${signatureV1(payload, secret, timestamp)}`;
}
