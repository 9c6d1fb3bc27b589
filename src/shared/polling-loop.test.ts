import { afterEach, describe, expect, it, vi } from 'vitest';
import { startPollingLoop } from './polling-loop.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('startPollingLoop', () => {
  it('runs again at once while a pass finds work, then sleeps the interval', async () => {
    vi.useFakeTimers();
    const work = [true, true, false, false];
    let passes = 0;
    const loop = startPollingLoop({
      pass: async () => work[passes++] ?? false,
      intervalMs: 1_000,
      onError: () => {},
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(3); // two with work, then one that found none
    await vi.advanceTimersByTimeAsync(999);
    expect(passes).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toBe(4);
    await loop.stop();
  });

  it("waits gatherMs after a 'partial' pass, and a poke does not cut that wait short", async () => {
    vi.useFakeTimers();
    const work: Array<boolean | 'partial'> = ['partial', true, false];
    let passes = 0;
    const loop = startPollingLoop({
      pass: async () => work[passes++] ?? false,
      intervalMs: 60_000,
      gatherMs: 100,
      onError: () => {},
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(1);
    loop.poke();
    await vi.advanceTimersByTimeAsync(99);
    expect(passes).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    // The pass after the wait found work, so one more ran at once and found none; the poke made
    // during the wait is kept (as any poke while busy) and makes the loop look once more.
    expect(passes).toBe(4);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(passes).toBe(4);
    await loop.stop();
  });

  it('a poke wakes a sleeping loop; a poke during a pass makes it look again instead of sleeping', async () => {
    vi.useFakeTimers();
    let passes = 0;
    let pokeDuringPass = false;
    const loop = startPollingLoop({
      pass: async () => {
        passes++;
        if (pokeDuringPass) {
          pokeDuringPass = false;
          loop.poke();
        }
        return false;
      },
      intervalMs: 60_000,
      onError: () => {},
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(1);
    loop.poke();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(2);
    pokeDuringPass = true;
    loop.poke();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(4); // the poked pass, and the one its own poke asked for
    await vi.advanceTimersByTimeAsync(59_999);
    expect(passes).toBe(4);
    await loop.stop();
  });

  it('stop waits for the pass running now, starts no other, and wakes a sleeping loop at once', async () => {
    let release!: () => void;
    let passes = 0;
    let sawStopping = false;
    const loop = startPollingLoop({
      pass: async () => {
        passes++;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        sawStopping = loop.stopping;
        return true;
      },
      intervalMs: 60_000,
      onError: () => {},
    });
    await new Promise((resolve) => setImmediate(resolve));
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(sawStopping).toBe(true);
    expect(passes).toBe(1);

    const idle = startPollingLoop({ pass: async () => false, intervalMs: 3_600_000, onError: () => {} });
    await new Promise((resolve) => setImmediate(resolve));
    const started = Date.now();
    await idle.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a pass that throws is reported and the loop sleeps, then carries on', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let passes = 0;
    const loop = startPollingLoop({
      pass: async () => {
        passes++;
        if (passes === 1) throw new Error('database away');
        return false;
      },
      intervalMs: 500,
      onError: (error) => errors.push(error),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toHaveLength(1);
    expect(passes).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(passes).toBe(2);
    await loop.stop();
  });

  it('runs one pass only when the interval is 0, and shares one poke among several loops', async () => {
    const single = countingLoop({ intervalMs: 0 });
    await single.loop.stop();
    expect(single.passes()).toBe(1);

    vi.useFakeTimers();
    const several = countingLoop({ intervalMs: 60_000, loops: 3 });
    await vi.advanceTimersByTimeAsync(0);
    expect(several.passes()).toBe(3);
    several.loop.poke();
    await vi.advanceTimersByTimeAsync(0);
    expect(several.passes()).toBe(6);
    await several.loop.stop();
  });
});

/** A loop whose pass finds no work and only counts how often it ran. */
function countingLoop(options: { intervalMs: number; loops?: number }) {
  let passes = 0;
  const loop = startPollingLoop({
    pass: async () => {
      passes++;
      return false;
    },
    onError: () => {},
    ...options,
  });
  return { loop, passes: () => passes };
}
