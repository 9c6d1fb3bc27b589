// The one loop every background worker runs (refund workers, notification delivery, bulk batches,
// the Stripe event applier, the poller, the backfill): run a pass; when it found work run again at
// once, else sleep `intervalMs` or until poked; on stop, start no new pass and wait for the ones
// running (the caller then drains what those passes handed off, e.g. sends still in flight).

export interface PollingLoopOptions {
  /**
   * One pass. Resolves `true` when it found work (the loop runs again at once), `false` to sleep,
   * `'partial'` when it found work but less than it had room for (the loop waits `gatherMs` first).
   * A pass may check `loop.stopping` to end early.
   */
  pass: () => Promise<boolean | 'partial'>;
  /** The sleep between passes that found nothing. 0 or less: one pass only (a loop switched off). */
  intervalMs: number;
  /** A pass threw: say so (the loop then sleeps `intervalMs` and carries on). */
  onError: (error: unknown) => void;
  /**
   * After a `'partial'` pass, how long to let more work arrive before the next (default 0: at
   * once). Under a steady flow, passing again at once would take a handful each time; the wait
   * lets the next pass carry many (fewer statements per item) at the cost of that wait. Pokes do
   * not cut it short: under a flow every new item pokes.
   */
  gatherMs?: number;
  /** Copies of the loop sharing one poke and one stop (the event applier runs several). Default 1. */
  loops?: number;
}

export interface PollingLoop {
  /** True from stop() on: passes should give back what they have not started. */
  readonly stopping: boolean;
  /** Run a pass soon: wakes the sleeping loops, or makes a busy one look again before sleeping. */
  poke(): void;
  /** Starts no new pass; resolves once the passes running now have returned. */
  stop(): Promise<void>;
}

export function startPollingLoop(options: PollingLoopOptions): PollingLoop {
  let stopping = false;
  let poked = false;
  const sleepers = new Set<() => void>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (poked) {
        poked = false;
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });

  const run = async () => {
    while (!stopping) {
      let again: boolean | 'partial' = false;
      try {
        again = await options.pass();
      } catch (error) {
        options.onError(error);
      }
      if (stopping || options.intervalMs <= 0) break;
      if (again === 'partial' && (options.gatherMs ?? 0) > 0)
        await new Promise((resolve) => setTimeout(resolve, options.gatherMs));
      else if (!again) await sleep(options.intervalMs);
    }
  };
  const running = Promise.all(Array.from({ length: options.loops ?? 1 }, run));

  return {
    get stopping() {
      return stopping;
    },
    poke() {
      if (sleepers.size === 0) {
        poked = true; // a loop busy right now looks again before sleeping
        return;
      }
      for (const wake of [...sleepers]) wake();
    },
    async stop() {
      stopping = true;
      for (const wake of [...sleepers]) wake();
      await running;
    },
  };
}
