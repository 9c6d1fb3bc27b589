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

describe('batcher with keyOf', () => {
  it('keeps items whose key is in a run in flight for a later run', async () => {
    const runs: string[][] = [];
    const op = batcher(
      async (items: string[]) => {
        runs.push([...items]);
        await new Promise((r) => setTimeout(r, 5));
        return items;
      },
      { concurrency: 2, keyOf: (item) => item[0]! },
    );
    const first = op('a1');
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    // a1 is in flight: a2 waits for a later run, b1 and c1 run beside it.
    const results = await Promise.all([first, op('a2'), op('b1'), op('c1')]);
    expect(results).toEqual(['a1', 'a2', 'b1', 'c1']);
    expect(runs[0]).toEqual(['a1']);
    expect(runs[1]).toEqual(['b1', 'c1']);
    expect(runs.slice(2).flat()).toEqual(['a2']);
    // Never two runs with one key at once.
    const inFlight = new Set<string>();
    const check = batcher(
      async (items: number[]) => {
        for (const i of items) {
          expect(inFlight.has(String(i % 3))).toBe(false);
          inFlight.add(String(i % 3));
        }
        await new Promise((r) => setTimeout(r, 2));
        for (const i of items) inFlight.delete(String(i % 3));
        return items;
      },
      { concurrency: 3, keyOf: (i) => String(i % 3), maxBatch: 1 },
    );
    const all = Array.from({ length: 30 }, (_, i) => check(i));
    expect(await Promise.all(all)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });
});
