import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proportionalShare } from './connect-share.ts';

describe('proportionalShare', () => {
  it('rounds half up to the minor unit', () => {
    expect(proportionalShare(1_230, 5_000, 10_000)).toBe(615);
    expect(proportionalShare(1_231, 5_000, 10_000)).toBe(616); // 615.5 → 616
    expect(proportionalShare(1_231, 1, 3)).toBe(410); // 410.33
    expect(proportionalShare(10_000, 10_000, 10_000)).toBe(10_000);
    expect(proportionalShare(0, 5, 10)).toBe(0);
    expect(proportionalShare(5, 0, 10)).toBe(0);
  });

  it('is exact past 2^53 intermediate products and never exceeds the whole for a part of it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        (whole, a, b) => {
          const [part, of] = a <= b ? [a, b] : [b, a];
          const share = proportionalShare(whole, part, of);
          expect(Number.isSafeInteger(share)).toBe(true);
          expect(share).toBeLessThanOrEqual(whole);
          expect(share).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
