// A worker's slots for the tasks it runs at once (refund sends, notification deliveries). Work is
// claimed in batches: a pass claims as many tasks as there are free slots, but only once at least
// half of them are free, so a busy worker makes one claim per half-pool rather than one per task.

export interface TaskSlots {
  /**
   * How many tasks to claim now. 0 when fewer than half the slots are free, after waiting until a
   * task in flight ends (the pass then counts as having found work, so the loop comes straight back).
   */
  free(): Promise<number>;
  /** Keeps a slot for `task` until it settles (the caller has caught its errors). */
  hold(task: Promise<void>): void;
  /** Resolves when every task in flight has settled. */
  drain(): Promise<void>;
}

export function taskSlots(concurrency: number): TaskSlots {
  const inFlight = new Set<Promise<void>>();
  return {
    async free() {
      const free = concurrency - inFlight.size;
      if (free <= 0 || (inFlight.size > 0 && free < Math.ceil(concurrency / 2))) {
        await Promise.race(inFlight);
        return 0;
      }
      return free;
    },
    hold(task) {
      const held: Promise<void> = task.finally(() => inFlight.delete(held));
      inFlight.add(held);
    },
    async drain() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
