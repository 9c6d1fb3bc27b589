// Group commit for any write many callers make at once: calls that arrive while a run is in flight
// wait and go together in the next run, so a busy system makes one transaction per batch instead of
// one per call. Each caller gets its own result (or the batch's error) only after the run that
// carried its item has finished. Before each run the batcher lets the event loop turn once
// (setImmediate): with PGlite a whole transaction runs without touching the network, so requests
// already received would otherwise only get their turn after it — one per transaction again.
// `concurrency` runs may be in flight at once (PostgreSQL: several connections); each takes what
// has queued when it starts — except, with `keyOf`, items whose key is in a run in flight, which
// wait for a later run (two runs touching one thing at once would only conflict).

export interface BatcherOptions<T = unknown> {
  maxBatch?: number;
  concurrency?: number;
  keyOf?: (item: T) => string;
}

export function batcher<T, R>(
  run: (items: T[]) => Promise<R[]>,
  options: BatcherOptions<T> = {},
): (item: T) => Promise<R> {
  const maxBatch = options.maxBatch ?? 500;
  const concurrency = options.concurrency ?? 1;
  const { keyOf } = options;
  type Waiting = { item: T; resolve: (r: R) => void; reject: (e: unknown) => void };
  let queue: Waiting[] = [];
  let running = 0;
  /** Keys of the items in runs in flight, with how many. */
  const busy = new Map<string, number>();
  const take = (): Waiting[] => {
    if (!keyOf) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      return batch;
    }
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    for (const w of queue) {
      if (batch.length < maxBatch && !busy.has(keyOf(w.item))) batch.push(w);
      else rest.push(w);
    }
    queue = rest;
    return batch;
  };
  const mark = (batch: Waiting[], by: 1 | -1) => {
    if (!keyOf) return;
    for (const w of batch) {
      const key = keyOf(w.item);
      const n = (busy.get(key) ?? 0) + by;
      if (n === 0) busy.delete(key);
      else busy.set(key, n);
    }
  };
  const drain = async () => {
    running++;
    while (queue.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      // Empty when every item waits on a run in flight: that run's drain takes them after it.
      const batch = take();
      if (batch.length === 0) break;
      mark(batch, 1);
      try {
        const results = await run(batch.map((w) => w.item));
        for (const [i, w] of batch.entries()) w.resolve(results[i]!);
      } catch (error) {
        for (const w of batch) w.reject(error);
      } finally {
        mark(batch, -1);
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
