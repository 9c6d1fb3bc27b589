import { beforeEach, describe, expect, it, vi } from 'vitest';

// The CSPRNG replaced by a counter (byte k of the stream is k mod 256), so the bytes each token
// took can be told apart: a byte used twice, or skipped, shows in the characters.
const fills = vi.hoisted(() => ({ next: 0, calls: 0 }));
vi.mock('node:crypto', async (original) => ({
  ...(await original<typeof import('node:crypto')>()),
  randomFillSync: <T extends Uint8Array>(buffer: T): T => {
    fills.calls++;
    for (let i = 0; i < buffer.length; i++) buffer[i] = fills.next++ % 256;
    return buffer;
  },
}));

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The characters the counter stream gives from byte `from` on: bytes ≥ 248 are skipped (no bias). */
function expected(from: number, length: number): string {
  let out = '';
  for (let k = from; out.length < length; k++) if (k % 256 < 248) out += ALPHABET[(k % 256) % 62];
  return out;
}

describe('randomToken', () => {
  beforeEach(() => vi.resetModules());

  it('hands out each byte of the pool once, in order, across refills of the pool', async () => {
    fills.next = 0;
    fills.calls = 0;
    const { randomToken, newId } = await import('./ids.ts');
    let used = 0;
    const taken = (token: string) => {
      // How many bytes a token of these characters took from the counter stream at `used`.
      let k = used;
      for (let n = 0; n < token.length; k++) if (k % 256 < 248) n++;
      used = k;
    };
    for (const length of [24, 32, 1, 24, 5_000, 32]) {
      const start = used;
      const token = randomToken(length);
      expect(token).toBe(expected(start, length));
      taken(token);
    }
    // 5,113 characters took more than the 4 KB pool: refilled once, when it was used up.
    expect(fills.calls).toBe(2);
    const id = newId('rf');
    expect(id).toBe(`rf_${expected(used, 24)}`);
  });
});

describe('randomToken from the CSPRNG', () => {
  beforeEach(() => {
    vi.resetModules();
    vi.doUnmock('node:crypto');
  });

  it('gives base62 characters of the length asked for, evenly (no modulo bias), never repeating', async () => {
    const { randomToken, newId } = await import('./ids.ts');
    const counts = new Map<string, number>();
    for (let i = 0; i < 4_000; i++) {
      const token = randomToken(31);
      expect(token).toMatch(/^[0-9A-Za-z]{31}$/);
      for (const c of token) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    // Chi-square over the 62 characters (61 degrees of freedom): p < 1e-9 above 150. Taking every
    // byte mod 62 (no rejection of 248..255) would put the first 8 characters 25% above the rest,
    // a chi-square near 1,500 for these 124,000 characters.
    const mean = (4_000 * 31) / 62;
    const chi2 = [...counts.values()].reduce((s, n) => s + (n - mean) ** 2 / mean, 0);
    expect(chi2).toBeLessThan(150);
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('rf')));
    expect(ids.size).toBe(10_000);
    for (const id of ids) expect(id).toMatch(/^rf_[0-9A-Za-z]{24}$/);
  });
});
