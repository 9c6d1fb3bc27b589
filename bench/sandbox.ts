// `npm run bench -- sandbox [--json] [--duration S] [--sizes 10000,200000] [--concurrency 16]`
// Refunds created/s, retrieved/s and listed/s (limit 100) against the sandbox in a child process,
// with 10k and 200k refunds already stored, in memory and with `--data` (journal), through 16
// concurrent keep-alive HTTP clients. Peak RSS is the child's VmHWM.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

export interface Row {
  scenario: string;
  stored: number;
  op: string;
  per_s: number;
  p50_ms: number;
  p99_ms: number;
  rss_mb: number;
}

interface Child {
  url: URL;
  charges: string[];
  refunds: string[];
  pid: number;
  stop(): Promise<void>;
}

const AUTH = `Bearer sk_test_bench${'0'.repeat(16)}`;

async function startChild(preload: number, dataDir: string | undefined): Promise<Child> {
  const args = [join(import.meta.dirname, 'sandbox-child.ts'), '--preload', String(preload)];
  if (dataDir) args.push('--data', dataDir);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox child exited (${code}) before it was ready`)));
  });
  const ready = JSON.parse(first) as { url: string; charges: string[]; refunds: string[] };
  return {
    url: new URL(ready.url),
    charges: ready.charges,
    refunds: ready.refunds,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function call(agent: Agent, url: URL, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: AUTH };
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
      headers['idempotency-key'] = randomUUID();
    }
    const req = request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;

type Op = (agent: Agent, url: URL) => Promise<number>;

async function measure(
  child: Child,
  op: Op,
  seconds: number,
  concurrency: number,
): Promise<{ perS: number; p50: number; p99: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  // A short warm-up so JIT and connections are in place before the clock starts.
  const warmUntil = performance.now() + 300;
  const until = warmUntil + seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      const status = await op(agent, child.url);
      const t1 = performance.now();
      if (t0 < warmUntil) continue;
      if (status !== 200) errors++;
      latencies.push(t1 - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  if (errors > 0) throw new Error(`${errors} requests failed`);
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 100) /
    100;
  return { perS: Math.round(latencies.length / seconds), p50: q(0.5), p99: q(0.99) };
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      duration: { type: 'string', default: '3' },
      sizes: { type: 'string', default: '10000,200000' },
      concurrency: { type: 'string', default: '16' },
    },
  });
  const seconds = Number(values.duration);
  const concurrency = Number(values.concurrency);
  const sizes = values.sizes.split(',').map(Number);
  const rows: Row[] = [];
  for (const scenario of ['memory', 'data'] as const) {
    for (const stored of sizes) {
      const dataDir = scenario === 'data' ? mkdtempSync(join(tmpdir(), 'refundry-bench-')) : undefined;
      const child = await startChild(stored, dataDir);
      try {
        const ops: Array<[string, Op]> = [
          [
            'create',
            (agent, url) => call(agent, url, 'POST', '/v1/refunds', `charge=${pick(child.charges)}&amount=1`),
          ],
          ['retrieve', (agent, url) => call(agent, url, 'GET', `/v1/refunds/${pick(child.refunds)}`)],
          [
            'list(100)',
            (agent, url) =>
              call(agent, url, 'GET', `/v1/refunds?limit=100&starting_after=${pick(child.refunds)}`),
          ],
        ];
        for (const [op, fn] of ops) {
          const m = await measure(child, fn, seconds, concurrency);
          const row = {
            scenario,
            stored,
            op,
            per_s: m.perS,
            p50_ms: m.p50,
            p99_ms: m.p99,
            rss_mb: peakRssMb(child.pid),
          };
          rows.push(row);
          if (!values.json) process.stderr.write(`${scenario} ${stored} ${op}: ${row.per_s}/s\n`);
        }
      } finally {
        await child.stop();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }
  if (values.json) console.log(JSON.stringify(rows, null, 2));
  else console.table(rows);
  return 0;
}
