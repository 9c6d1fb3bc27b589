// Keep-alive HTTP clients for the benches: N concurrent clients POST bodies as fast as they are
// answered, for a duration (after an untimed warm-up) or for a number of requests.
import { Agent, request } from 'node:http';

export interface LoadOptions {
  url: string;
  clients: number;
  /** A fresh body and headers per request. */
  next: () => { body: string; headers?: Record<string, string> };
  /** Stop after this many timed requests… */
  count?: number;
  /** …or after this long (ms). */
  durationMs?: number;
  /** Untimed requests first (ms): connections, JIT, caches. */
  warmupMs?: number;
  /** Called when the warm-up ends and timing starts. */
  onStart?: () => void | Promise<void>;
  /** The status a success answers with (default 201). */
  expect?: number;
}

export interface LoadResult {
  done: number;
  errors: number;
  seconds: number;
  latencies: number[];
  /** The first error answers (status and body), to say why. */
  samples: string[];
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients });
  const expect = options.expect ?? 201;
  const url = new URL(options.url);
  const result: LoadResult = { done: 0, errors: 0, seconds: 0, latencies: [], samples: [] };
  let timing = false;
  let started = 0;
  let issued = 0;
  const more = () =>
    options.count !== undefined
      ? !timing || issued < options.count
      : !timing || performance.now() - started < (options.durationMs ?? 10_000);
  // Between the warm-up and the timed run the clients wait at this gate while onStart runs.
  let gate: Promise<void> | undefined;
  const client = async () => {
    for (;;) {
      if (gate) await gate;
      if (!more()) break;
      if (timing) issued++;
      const { body, headers } = options.next();
      const timed = timing;
      const t0 = performance.now();
      const answer = await post(agent, url, body, headers ?? {});
      if (!timed) continue;
      result.latencies.push(performance.now() - t0);
      result.done++;
      if (answer.status !== expect) {
        result.errors++;
        if (result.samples.length < 3) result.samples.push(`${answer.status} ${answer.body.slice(0, 300)}`);
      }
    }
  };
  const start = () => Array.from({ length: options.clients }, client);
  let clients: Promise<void>[] | undefined;
  if (options.warmupMs) {
    clients = start();
    await sleep(options.warmupMs);
  }
  gate = (async () => {
    await options.onStart?.();
    timing = true;
    started = performance.now();
  })();
  clients ??= start();
  await gate;
  gate = undefined;
  await Promise.all(clients);
  result.seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return result;
}

function post(
  agent: Agent,
  url: URL,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', (error) => resolve({ status: 0, body: String(error) }));
    req.end(body);
  });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
