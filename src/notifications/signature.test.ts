import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signRefundryPayload, verifyRefundrySignature } from './signature.ts';

const secret = 'whsec_test_secret';
const body = '{"id":"evt_1","type":"refund.succeeded"}';
const t = 1_800_000_000;

describe('Refundry webhook signatures', () => {
  it('signs as documented: HMAC-SHA256 of "<t>.<body>" in hex', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signRefundryPayload(body, secret, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('accepts its own signature, as a string or the raw bytes', () => {
    const header = signRefundryPayload(body, secret, t);
    expect(verifyRefundrySignature(body, header, secret, 300, t)).toBe(true);
    expect(verifyRefundrySignature(Buffer.from(body), header, secret, 300, t + 299)).toBe(true);
  });

  it('refuses a changed body, another secret, an old or future timestamp, and junk headers', () => {
    const header = signRefundryPayload(body, secret, t);
    expect(verifyRefundrySignature(`${body} `, header, secret, 300, t)).toBe(false);
    expect(verifyRefundrySignature(body, header, 'whsec_other', 300, t)).toBe(false);
    expect(verifyRefundrySignature(body, header, secret, 300, t + 301)).toBe(false);
    expect(verifyRefundrySignature(body, header, secret, 300, t - 301)).toBe(false);
    // The timestamp is signed: moving it forward breaks the signature.
    expect(verifyRefundrySignature(body, header.replace(`t=${t}`, `t=${t + 10}`), secret, 300, t)).toBe(
      false,
    );
    for (const junk of [undefined, null, '', 'garbage', `t=${t}`, 'v1=abc', `t=x,v1=${'0'.repeat(64)}`]) {
      expect(verifyRefundrySignature(body, junk, secret, 300, t)).toBe(false);
    }
    expect(verifyRefundrySignature(body, header, '', 300, t)).toBe(false);
  });

  it('accepts any one of several v1 signatures (secret rotation)', () => {
    const good = signRefundryPayload(body, secret, t).split(',v1=')[1];
    const header = `t=${t},v1=${'a'.repeat(64)},v1=${good}`;
    expect(verifyRefundrySignature(body, header, secret, 300, t)).toBe(true);
  });
});
