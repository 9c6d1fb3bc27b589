import { describe, expect, it } from 'vitest';
import { pickFeeRefund } from './fee-refunds.ts';

describe('pickFeeRefund', () => {
  const fr = (id: string, created: number, amount = 100) => ({ id, created, amount });

  it('takes the earliest fee refund made with the refund that no other refund has taken', () => {
    const candidates = [fr('fr_c', 1_000), fr('fr_b', 1_000), fr('fr_old', 500), fr('fr_later', 1_002)];
    expect(pickFeeRefund(candidates, 1_000, new Set())?.id).toBe('fr_b');
    expect(pickFeeRefund(candidates, 1_000, new Set(['fr_b']))?.id).toBe('fr_c');
    expect(pickFeeRefund(candidates, 1_000, new Set(['fr_b', 'fr_c']))?.id).toBe('fr_later');
  });

  it('never takes a fee refund older than the refund (an earlier refund made it)', () => {
    expect(pickFeeRefund([fr('fr_old', 500)], 1_000, new Set())).toBeUndefined();
    expect(pickFeeRefund([fr('fr_close', 997)], 1_000, new Set())?.id).toBe('fr_close');
    expect(pickFeeRefund([], 1_000, new Set())).toBeUndefined();
  });
});
