// The sandbox's clock: real time plus an offset that tests move forward with
// `POST /_sandbox/clock/advance`. Everything time-based (created, settlement, idempotency expiry)
// reads this clock, never Date.now() directly.

export interface SandboxClock {
  /** Unix seconds. */
  now(): number;
  /** Unix milliseconds. */
  nowMs(): number;
  /** Moves the clock forward; listeners (the settlement scheduler) run what became due. */
  advance(seconds: number): void;
  /** Called after every advance. */
  onAdvance(listener: () => void): void;
  /** Current offset from real time, in ms. */
  offsetMs(): number;
  /** Sets the offset without running listeners (journal replay after a `--data` restart). */
  restoreOffsetMs(ms: number): void;
  reset(): void;
}

export function createClock(realNowMs: () => number = Date.now): SandboxClock {
  let offset = 0;
  const listeners: Array<() => void> = [];
  return {
    now: () => Math.floor((realNowMs() + offset) / 1000),
    nowMs: () => realNowMs() + offset,
    advance(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0)
        throw new RangeError('seconds must be a non-negative number');
      offset += seconds * 1000;
      for (const l of listeners) l();
    },
    onAdvance(listener) {
      listeners.push(listener);
    },
    offsetMs: () => offset,
    restoreOffsetMs(ms) {
      if (Number.isFinite(ms) && ms >= 0) offset = ms;
    },
    reset() {
      offset = 0;
    },
  };
}
