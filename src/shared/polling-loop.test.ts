import { afterEach, describe, expect, it, vi } from 'vitest';
import { type PollingLoopOptions, startPollingLoop } from './polling-loop.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('startPollingLoop', () => {
  it('runs again at once while a pass finds work, then sleeps the interval', async () => {
    vi.useFakeTimers();
    const { loop, passesAfter } = countingLoop({ intervalMs: 1_000 }, [true, true, false, false]);
    expect(await passesAfter(0)).toBe(3); // two with work, then one that found none
    expect(await passesAfter(999)).toBe(3);
    expect(await passesAfter(1)).toBe(4);
    await loop.stop();
  });

  it("waits gatherMs after a 'partial' pass, and a poke does not cut that wait short", async () => {
    vi.useFakeTimers();
    const { loop, passesAfter } = countingLoop({ intervalMs: 60_000, gatherMs: 100 }, [
      'partial',
      true,
      false,
    ]);
    expect(await passesAfter(0)).toBe(1);
    loop.poke();
    expect(await passesAfter(99)).toBe(1);
    // The pass after the wait found work, so one more ran at once and found none; the poke made
    // during the wait is kept (as any poke while busy) and makes the loop look once more.
    expect(await passesAfter(1)).toBe(4);
    expect(await passesAfter(1_000)).toBe(4);
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
    expect(await several.passesAfter(0)).toBe(3);
    several.loop.poke();
    expect(await several.passesAfter(0)).toBe(6);
    await several.loop.stop();
  });
});

/**
 * A loop that counts how often its pass ran; the passes answer `answers` in turn, then find no
 * work (no answers: none ever finds work).
 */
function countingLoop(
  options: Pick<PollingLoopOptions, 'intervalMs' | 'gatherMs' | 'loops'>,
  answers: ReadonlyArray<boolean | 'partial'> = [],
) {
  let passes = 0;
  const loop = startPollingLoop({
    pass: async () => answers[passes++] ?? false,
    onError: () => {},
    ...options,
  });
  /** With fake timers: moves the clock on by `ms` (what falls due runs), then counts the passes. */
  const passesAfter = async (ms: number) => {
    await vi.advanceTimersByTimeAsync(ms);
    return passes;
  };
  return { loop, passes: () => passes, passesAfter };
}
