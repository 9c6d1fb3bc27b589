// Signing Refundry's webhook deliveries to merchants, and the check a merchant runs on receipt.
// Header: `Refundry-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.
// verifyRefundrySignature depends on node:crypto only, so a merchant can copy it as it is.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Refundry-Signature';
export const EVENT_ID_HEADER = 'Refundry-Event-Id';

/** The header value for `body` signed with `secret` at `timestamp` (unix seconds). */
export function signRefundryPayload(body: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/**
 * True when `header` carries a v1 signature of the raw `body` (exactly the bytes received, before
 * any JSON parsing) made with `secret`, and its timestamp is within `toleranceSec` of now (a
 * replayed old delivery fails). Several v1 values are accepted (as during a secret rotation).
 */
export function verifyRefundrySignature(
  body: string | Buffer,
  header: string | undefined | null,
  secret: string,
  toleranceSec = 300,
  nowSec: number = Math.floor(Date.now() / 1000),
): boolean {
  if (typeof header !== 'string' || header.length > 4096 || !secret) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(nowSec - timestamp) > toleranceSec) return false;
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const expected = createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), raw]))
    .digest();
  return signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
}
