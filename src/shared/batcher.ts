// Group commit for any write many callers make at once: calls that arrive while a run is in flight
// wait and go together in the next run, so a busy system makes one transaction per batch instead of
// one per call. Each caller gets its own result (or the batch's error) only after the run that
// carried its item has finished. Before each run the batcher lets the event loop turn once
// (setImmediate): with PGlite a whole transaction runs without touching the network, so requests
// already received would otherwise only get their turn after it — one per transaction again.
// `concurrency` runs may be in flight at once (PostgreSQL: several connections); each takes what
// has queued when it starts.

export interface BatcherOptions {
  maxBatch?: number;
  concurrency?: number;
}

export function batcher<T, R>(
  run: (items: T[]) => Promise<R[]>,
  options: BatcherOptions = {},
): (item: T) => Promise<R> {
  const maxBatch = options.maxBatch ?? 500;
  const concurrency = options.concurrency ?? 1;
  let queue: Array<{ item: T; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  let running = 0;
  const drain = async () => {
    running++;
    while (queue.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      if (batch.length === 0) break;
      try {
        const results = await run(batch.map((w) => w.item));
        for (const [i, w] of batch.entries()) w.resolve(results[i]!);
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    running--;
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (running < concurrency) void drain();
    });
}
