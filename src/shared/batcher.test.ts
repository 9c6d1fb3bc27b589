import { describe, expect, it } from 'vitest';
import { batcher } from './batcher.ts';

describe('batcher', () => {
  it('runs the first call at once and the calls that arrive meanwhile together', async () => {
    const runs: number[][] = [];
    const double = batcher(async (items: number[]) => {
      runs.push(items);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((i) => i * 2);
    });
    const results = await Promise.all([1, 2, 3, 4].map(double));
    expect(results).toEqual([2, 4, 6, 8]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('gives every caller of a failed run its error, and keeps going', async () => {
    let fail = true;
    const op = batcher(async (items: string[]) => {
      if (fail) {
        fail = false;
        throw new Error('down');
      }
      return items;
    });
    await expect(op('a')).rejects.toThrow('down');
    expect(await op('b')).toBe('b');
  });
});
