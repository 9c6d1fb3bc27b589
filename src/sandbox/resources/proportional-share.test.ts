import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proportionalShare } from './proportional-share.ts';

describe('proportionalShare', () => {
  it('rounds half up to the minor unit', () => {
    expect(proportionalShare(123, 500, 1000, 123, false)).toBe(62); // 61.5
    expect(proportionalShare(123, 333, 1000, 123, false)).toBe(41); // 40.959
    expect(proportionalShare(100, 1, 3, 100, false)).toBe(33); // 33.33
    expect(proportionalShare(100, 2, 3, 100, false)).toBe(67); // 66.67
    expect(proportionalShare(1, 1, 2, 1, false)).toBe(1); // 0.5
    expect(proportionalShare(1, 1, 3, 1, false)).toBe(0); // 0.33
  });

  it('gives what is left on the refund that completes the charge, and never more than is left', () => {
    expect(proportionalShare(100, 1, 3, 34, true)).toBe(34);
    expect(proportionalShare(100, 2, 3, 10, false)).toBe(10);
    expect(proportionalShare(100, 2, 3, 0, true)).toBe(0);
  });

  it('is exact for the largest amounts', () => {
    expect(proportionalShare(99_999_999, 99_999_998, 99_999_999, 99_999_999, false)).toBe(99_999_998);
  });

  it('gives back exactly the whole over any sequence of partial refunds that adds up to the charge', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 99_999_999 })
          .chain((whole) =>
            fc.tuple(
              fc.constant(whole),
              fc.integer({ min: 0, max: whole }),
              fc.array(fc.integer({ min: 1, max: whole }), { minLength: 1, maxLength: 30 }),
            ),
          ),
        ([whole, total, cuts]) => {
          let refunded = 0;
          let given = 0;
          for (const cut of cuts) {
            const part = Math.min(cut, whole - refunded);
            if (part <= 0) break;
            refunded += part;
            const share = proportionalShare(total, part, whole, total - given, refunded === whole);
            expect(share).toBeGreaterThanOrEqual(0);
            given += share;
            expect(given).toBeLessThanOrEqual(total);
          }
          if (refunded < whole) {
            given += proportionalShare(total, whole - refunded, whole, total - given, true);
          }
          expect(given).toBe(total);
        },
      ),
      { numRuns: 500 },
    );
  });
});
