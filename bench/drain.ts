// `npm run bench -- drain [--refunds N] [--json]`: N queued refunds (default 5,000) drained by
// worker processes against the sandbox limited to 100 requests/s with ~250 ms latency, on PGlite
// (1 worker process) and PostgreSQL (1 and 3 worker processes). Reports achieved rate ÷ limit,
// share of 429s, duplicate Stripe refunds, refunds never sent, accepted→sent p50/p99 and the
// worker processes' peak RSS.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Db, openDb } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { NODE_FLAGS } from '../src/db/node-flags.ts';
import { type Sandbox, startSandbox } from '../src/sandbox/server.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { benchPostgres, createDatabase, stopBenchPostgres } from './postgres.ts';
import { benchCharge } from './seed-charge.ts';

const LIMIT = 100;
const LATENCY_MS = 250;
const WORKER = join(import.meta.dirname, '../src/worker/worker-process.ts');

interface Row {
  database: 'pglite' | 'postgres';
  workers: number;
  rate_ratio: number;
  share_429: number;
  duplicates: number;
  lost: number;
  p50_s: number;
  p99_s: number;
  rss_mb: number;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { refunds: { type: 'string', default: '5000' }, json: { type: 'boolean', default: false } },
  });
  const count = Number(values.refunds);
  const server = await benchPostgres();
  const rows: Row[] = [];
  try {
    rows.push(await drain('pglite', 1, count));
    if (server) {
      for (const workers of [1, 3]) rows.push(await drain('postgres', workers, count, server.url));
    } else console.error('PostgreSQL is not installed: PostgreSQL rows skipped');
  } finally {
    await stopBenchPostgres(server);
  }
  if (values.json) console.log(JSON.stringify(rows));
  else console.table(rows);
  return rows.every((r) => r.duplicates === 0 && r.lost === 0) ? 0 : 1;
}

async function drain(
  database: Row['database'],
  workers: number,
  count: number,
  pgUrl?: string,
): Promise<Row> {
  const sandbox = await startSandbox({
    port: 0,
    logger: silentLogger(),
    quiet: true,
    settleDelayMs: 3_600_000,
    rateLimit: LIMIT,
    faults: { latencyMs: LATENCY_MS },
  });
  const dataDir = database === 'pglite' ? mkdtempSync(join(tmpdir(), 'refundry-drain-')) : undefined;
  const databaseUrl = pgUrl ? await createDatabase(pgUrl, 'drain') : undefined;
  try {
    let db = await openDb({ databaseUrl, dataDir });
    await migrate(db);
    await seed(db, sandbox, count);
    if (dataDir) await db.close(); // the worker process holds PGlite's data folder alone
    const env = {
      ...process.env,
      LOG_LEVEL: 'silent',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { REFUNDRY_DATA_DIR: dataDir }),
      STRIPE_API_BASE: `http://127.0.0.1:${sandbox.port}`,
      STRIPE_SECRET_KEY: 'sk_test_bench',
      STRIPE_RATE_LIMIT: String(LIMIT),
      WORKER_CONCURRENCY: String(Math.ceil(48 / workers)),
    };
    console.error(`drain: ${database}, ${workers} worker(s), ${count} refunds queued`);
    const children = await Promise.all(
      Array.from({ length: workers }, (_, i) => startWorker(env, `bench${i}`)),
    );
    const deadline = Date.now() + (count / LIMIT) * 3000 + 30_000;
    while (distinctRefunds(sandbox) < count && Date.now() < deadline) await sleep(200);
    await sleep(500); // let the last responses be stored
    const stats = await Promise.all(children.map(stopWorker));
    if (dataDir) db = await openDb({ dataDir });
    const timing = await db.query<{ p50: number; p99: number; span: number; sent: number; lost: number }>(
      `SELECT
         percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM sent_at - created_at)) AS p50,
         percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM sent_at - created_at)) AS p99,
         EXTRACT(EPOCH FROM max(sent_at) - min(sent_at)) AS span,
         count(sent_at)::int AS sent,
         count(*) FILTER (WHERE stripe_refund_id IS NULL)::int AS lost
       FROM refunds`,
    );
    await db.close();
    const t = timing[0]!;
    const requests = stats.reduce((a, s) => a + s.stats.sent + s.stats.retried + s.stats.failed, 0);
    const r429 = stats.reduce((a, s) => a + s.stats.rateLimited, 0);
    return {
      database,
      workers,
      rate_ratio: round((Number(t.sent) - 1) / Number(t.span) / LIMIT, 3),
      share_429: round(requests ? r429 / requests : 0, 4),
      duplicates: sandbox.store.refunds.size - distinctRefunds(sandbox),
      lost: Number(t.lost),
      p50_s: round(Number(t.p50), 2),
      p99_s: round(Number(t.p99), 2),
      rss_mb: round(Math.max(...stats.map((s) => s.maxRssMb)), 1),
    };
  } finally {
    await sandbox.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

function distinctRefunds(sandbox: Sandbox): number {
  const ids = new Set<string>();
  for (const refund of sandbox.store.refunds.items) {
    const id = refund.metadata.refundry_refund_id;
    if (id) ids.add(id);
  }
  return ids.size;
}

/** 10 refunds per charge; charges go straight into the sandbox store (no API budget spent). */
async function seed(db: Db, sandbox: Sandbox, count: number) {
  const chargeIds: string[] = [];
  for (let i = 0; i < Math.ceil(count / 10); i++) {
    const charge = benchCharge(sandbox.clock.now(), 100_000);
    sandbox.store.charges.add(charge);
    chargeIds.push(charge.id);
  }
  await db.query(
    `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at)
     SELECT 'pay_' || c, c, 100000, 'usd', now() FROM unnest($1::text[]) AS c`,
    [chargeIds],
  );
  await db.query(
    `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, next_attempt_at)
     SELECT 'rf_bench' || g, 'pay_' || ($1::text[])[(g - 1) / 10 + 1], 100, 'usd', 'requested_by_customer', 'queued',
            'bench', 'rfk_bench' || g, now()
     FROM generate_series(1, $2::int) AS g`,
    [chargeIds, count],
  );
}

interface WorkerReport {
  stats: { sent: number; retried: number; rateLimited: number; failed: number };
  maxRssMb: number;
}

function startWorker(env: NodeJS.ProcessEnv, id: string): Promise<ChildProcess & { out: string[] }> {
  const child = spawn(process.execPath, [...NODE_FLAGS, WORKER, '--poll-ms', '100', '--id', id], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  }) as ChildProcess & { out: string[] };
  child.out = [];
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      child.out.push(String(chunk));
      if (child.out.length === 1) resolve(child);
    });
    child.once('error', reject);
  });
}

function stopWorker(child: ChildProcess & { out: string[] }): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    child.once('exit', () => {
      const last = child.out.join('').trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as WorkerReport);
      } catch {
        reject(new Error(`worker printed no report: ${last}`));
      }
    });
    child.kill('SIGTERM');
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
