import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random base62 string of the given length (≈5.95 bits per character, from the CSPRNG). */
export function randomToken(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; i < bytes.length && out.length < length; i++) {
    const b = bytes[i]!;
    if (b < 248) out += ALPHABET[b % 62]; // 248 = 4 × 62: no modulo bias
  }
  return out.length === length ? out : out + randomToken(length - out.length);
}

/** `prefix_` + 24 random base62 characters, like Stripe's ids (`re_…`) and Refundry's (`rf_…`). */
export function newId(prefix: string, length = 24): string {
  return `${prefix}_${randomToken(length)}`;
}
