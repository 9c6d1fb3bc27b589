import { randomToken } from '../../shared/ids.ts';

// Stripe-like ids (`re_` + 24 base62 characters) without a CSPRNG call per object: a random
// per-process prefix plus a counter. Unique within the process (and across resets), cheap.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const seed = randomToken(12);
let counter = 0;

function base62(n: number, width: number): string {
  let out = '';
  while (n > 0) {
    out = ALPHABET[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(width, '0');
}

export function fastId(prefix: string): string {
  counter++;
  return `${prefix}_${seed}${base62(counter, 12)}`;
}
