import { describe, expect, it } from 'vitest';
import { batcher } from './batcher.ts';

describe('batcher', () => {
  it('runs the calls that arrive together, or while a run is in flight, together', async () => {
    const runs: number[][] = [];
    const double = batcher(async (items: number[]) => {
      runs.push(items);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((i) => i * 2);
    });
    const first = double(1);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const results = await Promise.all([first, ...[2, 3, 4].map(double)]);
    expect(results).toEqual([2, 4, 6, 8]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
    expect(await Promise.all([5, 6].map(double))).toEqual([10, 12]);
    expect(runs.at(-1)).toEqual([5, 6]);
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

  it('runs up to `concurrency` batches at once', async () => {
    let inFlight = 0;
    let most = 0;
    const op = batcher(
      async (items: number[]) => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return items;
      },
      { concurrency: 2 },
    );
    // Items keep arriving while runs are in flight: a second run starts, never a third.
    const pending: Promise<number>[] = [];
    for (let i = 0; i < 20; i++) {
      pending.push(op(i));
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(await Promise.all(pending)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(most).toBe(2);
  });
});
