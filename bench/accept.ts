// `npm run bench -- accept [--databases pglite,postgres] [--measures ceiling,accept,pipeline]
// [--clients 16] [--payments 300] [--rounds 5] [--seconds 4] [--pipeline 3000] [--log-level silent]
// [--json]`
//
// How fast Refundry accepts refund requests, against the ceiling of the same machine measured in
// the same run. On each database (PGlite on disk, PostgreSQL):
// - ceiling: Fastify + one INSERT per request, the same clients and bodies;
// - accept: POST /api/v1/refunds (API key, a new Idempotency-Key per request) on `--payments`
//   payments, the service alone in its process (role api);
// - pipeline: `--pipeline` refunds accepted → sent to the sandbox → its webhook received and
//   applied → the customer's email written, with the Stripe rate budget off; one process (role all)
//   on PGlite, an api process and two worker processes on PostgreSQL. The sandbox (Stripe) runs in
//   its own process, as Stripe runs elsewhere.
// The ceiling and accept services are started once and measured in `--rounds` alternating rounds of
// `--seconds` each (measureRounds): each row is the median of its rounds, and accept's ratio the
// median of the per-round ratios, because on a shared machine the ceiling alone moves by 2× between
// runs. `--clients` keep-alive clients in this process; the service in child processes. Columns:
// per_s, ratio (per_s ÷ the same round's ceiling; pipeline: ÷ the ceiling's median), p50/p99 (accept: time to 201; pipeline: accepted → email
// written), cpu_ms and statements per request (Refundry's processes; db_cpu_ms: PostgreSQL's
// server processes), commits per request, peak RSS of the service process, the load average.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import Stripe from 'stripe';
import { createApiKey } from '../src/auth/api-keys.ts';
import { openDb } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { NODE_FLAGS } from '../src/db/node-flags.ts';
import { REFUND_EVENT_TYPES } from '../src/stripe-sync/event-store.ts';
import { STRIPE_WEBHOOK_PATH } from '../src/webhooks/stripe-webhook-route.ts';
import { freePort } from '../test/support/postgres-server.ts';
import { load, percentile } from './http-load.ts';
import { benchPostgres, createDatabase, stopBenchPostgres } from './postgres.ts';
import { cpuMeter, cpuProfileFlags, load1, postgresPids } from './proc.ts';
import { medianRow, type RoundRow } from './rounds.ts';

type Database = 'pglite' | 'postgres';

export interface Row extends RoundRow {
  database: Database;
  measure: 'ceiling' | 'accept' | 'pipeline';
  /** Ceiling and accept: how many rounds, and each round's per_s and ratio. */
  rounds?: number;
  per_s_rounds?: number[];
  ratio_rounds?: number[];
}

const CHILD = join(import.meta.dirname, 'service-child.ts');
/** Refundry's processes log at this level to /dev/null (`--log-level`; the ceiling logs nothing). */
let logLevel = 'silent';
const SANDBOX_CHILD = join(import.meta.dirname, 'sandbox-child.ts');
const REASON = 'requested_by_customer';

interface Options {
  clients: number;
  payments: number;
  /** Each round's timed load of one service (ceiling, accept). */
  seconds: number;
  rounds: number;
  pipeline: number;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      databases: { type: 'string', default: 'pglite,postgres' },
      measures: { type: 'string', default: 'ceiling,accept,pipeline' },
      clients: { type: 'string', default: '16' },
      payments: { type: 'string', default: '300' },
      seconds: { type: 'string', default: '4' },
      rounds: { type: 'string', default: '5' },
      pipeline: { type: 'string', default: '3000' },
      'log-level': { type: 'string', default: 'silent' },
      json: { type: 'boolean', default: false },
    },
  });
  const options: Options = {
    clients: Number(values.clients),
    payments: Number(values.payments),
    seconds: Number(values.seconds),
    rounds: Math.max(1, Number(values.rounds)),
    pipeline: Number(values.pipeline),
  };
  logLevel = values['log-level'];
  const wanted = new Set(values.databases.split(','));
  const measures = new Set(values.measures.split(','));
  const server = wanted.has('postgres') ? await benchPostgres() : undefined;
  if (wanted.has('postgres') && !server)
    console.error('PostgreSQL is not installed: PostgreSQL rows skipped');
  const rows: Row[] = [];
  try {
    for (const database of ['pglite', 'postgres'] as const) {
      if (!wanted.has(database) || (database === 'postgres' && !server)) continue;
      const pgUrl = server?.url;
      const measured =
        measures.has('ceiling') || measures.has('accept')
          ? await measureRounds(database, pgUrl, measures, options)
          : [];
      rows.push(...measured);
      const ceiling = measured.find((r) => r.measure === 'ceiling');
      if (measures.has('pipeline')) {
        const pipeline = await measurePipeline(database, pgUrl, options);
        rows.push({ ...pipeline, ratio: ceiling ? round(pipeline.per_s / ceiling.per_s, 2) : Number.NaN });
      }
    }
  } finally {
    await stopBenchPostgres(server);
  }
  if (values.json) console.log(JSON.stringify(rows));
  else console.table(rows);
  return rows.every((r) => r.errors === 0) ? 0 : 1;
}

/** A fresh, migrated database: a new PGlite folder, or a new database on the server. */
async function freshDatabase(database: Database, pgUrl: string | undefined) {
  const dataDir = database === 'pglite' ? mkdtempSync(join(tmpdir(), 'refundry-accept-')) : undefined;
  const databaseUrl = database === 'postgres' ? await createDatabase(pgUrl!, 'accept') : undefined;
  const db = await openDb({ databaseUrl, dataDir });
  await migrate(db);
  return {
    db,
    env: (databaseUrl ? { DATABASE_URL: databaseUrl } : { REFUNDRY_DATA_DIR: dataDir! }) as Record<
      string,
      string
    >,
    /** PGlite's folder is one process's: close before a child opens it. */
    release: () => db.close(),
    remove: () => (dataDir ? rmSync(dataDir, { recursive: true, force: true }) : undefined),
  };
}

interface Child {
  mode: string;
  process: ChildProcess;
  url: string | undefined;
  ask<T>(message: unknown): Promise<T>;
  stop(): Promise<void>;
}

function startChild(mode: string, env: Record<string, string>): Promise<Child> {
  const child = fork(CHILD, [mode], {
    // BENCH_CPU_PROF=DIR: each service process writes a V8 CPU profile there (node --cpu-prof).
    execArgv: [...NODE_FLAGS, ...cpuProfileFlags()],
    env: {
      ...process.env,
      LOG_LEVEL: logLevel,
      HOST: '127.0.0.1',
      PORT: '0',
      STRIPE_SECRET_KEY: 'sk_test_bench',
      STRIPE_API_BASE: 'http://127.0.0.1:9',
      STRIPE_RATE_LIMIT: '1000000',
      RECONCILE_AT: 'off',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies: Array<(value: unknown) => void> = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench child ${mode} exited (${code})`)));
    child.on('message', (message: { ready?: boolean; url?: string }) => {
      if (message.ready) {
        resolve({
          mode,
          process: child,
          url: message.url,
          ask: <T>(m: unknown) =>
            new Promise<T>((r) => {
              replies.push(r as (value: unknown) => void);
              child.send(m as string);
            }),
          stop: () =>
            new Promise<void>((r) => {
              child.removeAllListeners('exit');
              child.once('exit', () => r());
              child.send('stop');
            }),
        });
      } else replies.shift()?.(message);
    });
  });
}

interface Usage {
  cpu_ms: number;
  /** Of cpu_ms, the time in the kernel (socket reads and writes, wake-ups). */
  sys_ms: number;
  statements: number;
  commits: number;
  rss_mb: number;
}

/** Zeroes the children's counters and starts the PostgreSQL CPU meter (and the sandbox's, when
 * its pid is given); at the end prints where the CPU went, per request, process by process. */
async function begin(children: Child[], pgUrl: string | undefined, sandboxPid?: number) {
  for (const c of children) c.process.send('begin');
  const port = pgUrl ? Number(new URL(pgUrl).port) : 0;
  const dbMeter = pgUrl ? cpuMeter(() => postgresPids(port)) : undefined;
  const sandboxMeter = sandboxPid ? cpuMeter(() => [sandboxPid]) : undefined;
  const benchCpu = process.cpuUsage();
  return async (per: number) => {
    const usage = await Promise.all(children.map((c) => c.ask<Usage>('end')));
    const sum = (k: keyof Usage) => usage.reduce((a, u) => a + u[k], 0);
    const own = process.cpuUsage(benchCpu);
    const split = {
      ...Object.fromEntries(usage.map((u, i) => [`${children[i]!.mode}${i}`, round(u.cpu_ms / per, 3)])),
      ...Object.fromEntries(usage.map((u, i) => [`${children[i]!.mode}${i}_sys`, round(u.sys_ms / per, 3)])),
      ...(dbMeter ? { postgres: round(dbMeter() / per, 2) } : {}),
      ...(sandboxMeter ? { sandbox: round(sandboxMeter() / per, 2) } : {}),
      load_client: round((own.user + own.system) / 1000 / per, 2),
    };
    console.error('accept: CPU ms per request by process', split);
    return {
      cpu_ms: round(sum('cpu_ms') / per, 3),
      ...(dbMeter ? { db_cpu_ms: round(dbMeter() / per, 3) } : {}),
      statements: round(sum('statements') / per, 1),
      commits: round(sum('commits') / per, 1),
      rss_mb: Math.max(...usage.map((u) => u.rss_mb)),
    };
  };
}

function refundBody(payments: string[]) {
  return JSON.stringify({
    payment_id: payments[Math.floor(Math.random() * payments.length)],
    amount: 100,
    reason: REASON,
  });
}

/**
 * A service under load, started once and measured in rounds: the ceiling (Fastify + one INSERT)
 * or Refundry's POST /api/v1/refunds, each on a fresh database of its own.
 */
interface Target {
  measure: 'ceiling' | 'accept';
  child: Child;
  url: string;
  next: () => { body: string; headers?: Record<string, string> };
  stop(): Promise<void>;
}

async function startCeiling(database: Database, pgUrl: string | undefined, o: Options): Promise<Target> {
  const fresh = await freshDatabase(database, pgUrl);
  const payments = Array.from({ length: o.payments }, (_, i) => `pay_bench${i}`);
  await fresh.release();
  const child = await startChild('ceiling', fresh.env);
  return {
    measure: 'ceiling',
    child,
    url: child.url!,
    next: () => ({ body: refundBody(payments) }),
    stop: async () => {
      await child.stop();
      fresh.remove();
    },
  };
}

/** Payments to refund (customer emails, so acceptance and the pipeline enqueue an email each). */
async function seedPayments(
  db: Awaited<ReturnType<typeof freshDatabase>>['db'],
  chargeIds: string[],
): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO payments (id, stripe_charge_id, order_id, customer_email, amount, currency, captured_at)
     SELECT 'pay_' || c, c, 'ord_' || c, 'c' || i || '@example.com', 100000000, 'usd', now()
     FROM unnest($1::text[]) WITH ORDINALITY AS t(c, i) RETURNING id`,
    [chargeIds],
  );
  return rows.map((r) => r.id);
}

async function startAccept(database: Database, pgUrl: string | undefined, o: Options): Promise<Target> {
  const fresh = await freshDatabase(database, pgUrl);
  const payments = await seedPayments(
    fresh.db,
    Array.from({ length: o.payments }, (_, i) => `ch_bench${i}`),
  );
  const { key } = await createApiKey(fresh.db, { name: 'bench', scopes: ['refunds:write'] });
  await fresh.release();
  const child = await startChild('api', fresh.env);
  return {
    measure: 'accept',
    child,
    url: `${child.url}/refunds`,
    next: () => ({
      body: refundBody(payments),
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': randomUUID() },
    }),
    stop: async () => {
      await child.stop();
      fresh.remove();
    },
  };
}

/** One round of one target: `o.seconds` of load after a short untimed warm-up. */
async function measureRound(
  database: Database,
  pgUrl: string | undefined,
  target: Target,
  o: Options,
  warmupMs: number,
): Promise<Row> {
  let end: Awaited<ReturnType<typeof begin>> | undefined;
  const result = await load({
    url: target.url,
    clients: o.clients,
    durationMs: o.seconds * 1000,
    warmupMs,
    next: target.next,
    onStart: async () => {
      end = await begin([target.child], database === 'postgres' ? pgUrl : undefined);
    },
  });
  const usage = await end!(result.done);
  return row(database, target.measure, result, usage);
}

/**
 * The ceiling and acceptance, measured in alternating rounds in the same run: both services are
 * started once, then each round loads one while the other idles, the order swapped every round
 * (ceiling first, then accept first, …), so drift in the machine's load falls on both alike. Each
 * measure's row holds the median of its rounds; acceptance's ratio is the median of the per-round
 * ratios (accept ÷ the ceiling of the same round), never a ratio of two medians from different
 * moments.
 */
async function measureRounds(
  database: Database,
  pgUrl: string | undefined,
  measures: Set<string>,
  o: Options,
): Promise<Row[]> {
  const targets: Target[] = [];
  try {
    if (measures.has('ceiling')) targets.push(await startCeiling(database, pgUrl, o));
    if (measures.has('accept')) targets.push(await startAccept(database, pgUrl, o));
    console.error(
      `accept: ${database}, ${targets.map((t) => t.measure).join(' and ')} in ${o.rounds} alternating rounds of ${o.seconds} s, ${o.clients} clients, ${o.payments} payments`,
    );
    const rounds: Array<Partial<Record<Target['measure'], Row>>> = [];
    for (let r = 0; r < o.rounds; r++) {
      const order = r % 2 === 0 ? targets : [...targets].reverse();
      const measured: Partial<Record<Target['measure'], Row>> = {};
      for (const target of order) {
        // The first round warms each service up (connections, JIT, caches); later rounds only
        // open their clients' connections again.
        measured[target.measure] = await measureRound(database, pgUrl, target, o, r === 0 ? 2000 : 500);
      }
      const { ceiling, accept } = measured;
      if (ceiling && accept) accept.ratio = round(accept.per_s / ceiling.per_s, 2);
      console.error(
        `accept: ${database} round ${r + 1}:`,
        Object.fromEntries(order.map((t) => [t.measure, summaryOf(measured[t.measure]!)])),
      );
      rounds.push(measured);
    }
    return targets.map((t) => medianRow(rounds.map((measured) => measured[t.measure]!)));
  } finally {
    for (const t of targets) await t.stop();
  }
}

const summaryOf = (r: Row) => `${r.per_s}/s p99 ${r.p99_ms} ms cpu ${r.cpu_ms} ms load ${r.load}`;

async function measurePipeline(database: Database, pgUrl: string | undefined, o: Options): Promise<Row> {
  const count = o.pipeline;
  const shape = database === 'pglite' ? 'one process (all)' : 'api + 2 worker processes';
  console.error(`accept: ${database}, pipeline of ${count} refunds, ${shape}, rate budget off`);
  const sandbox = await startSandboxChild(o.payments);
  const fresh = await freshDatabase(database, pgUrl);
  const mailDir = mkdtempSync(join(tmpdir(), 'refundry-accept-mail-'));
  const children: Child[] = [];
  try {
    const payments = await seedPayments(fresh.db, sandbox.charges);
    const { key } = await createApiKey(fresh.db, { name: 'bench', scopes: ['refunds:write'] });
    await fresh.release();
    const port = await freePort();
    const stripe = new Stripe('sk_test_bench', {
      host: '127.0.0.1',
      port: sandbox.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const endpoint = await stripe.webhookEndpoints.create({
      url: `http://127.0.0.1:${port}${STRIPE_WEBHOOK_PATH}`,
      enabled_events: [...REFUND_EVENT_TYPES] as Stripe.WebhookEndpointCreateParams.EnabledEvent[],
    });
    const env = {
      ...fresh.env,
      STRIPE_API_BASE: sandbox.url,
      STRIPE_WEBHOOK_SECRET: endpoint.secret!,
      MAIL_DIR: mailDir,
    };
    children.push(await startChild(database === 'pglite' ? 'all' : 'api', { ...env, PORT: String(port) }));
    if (database === 'postgres') {
      children.push(...(await Promise.all([startChild('worker', env), startChild('worker', env)])));
    }
    const api = children[0]!;
    let end: Awaited<ReturnType<typeof begin>> | undefined;
    const result = await load({
      url: `${api.url}/refunds`,
      clients: o.clients,
      count,
      next: () => ({
        body: refundBody(payments),
        headers: { authorization: `Bearer ${key}`, 'idempotency-key': randomUUID() },
      }),
      onStart: async () => {
        end = await begin(children, database === 'postgres' ? pgUrl : undefined, sandbox.pid);
      },
    });
    // Done when every accepted refund's email is written (or a minute without progress).
    const progress = async () => {
      const { rows } = await api.ask<{ rows: Array<{ n: number }> }>({
        sql: "SELECT count(*)::int AS n FROM notifications WHERE channel = 'email' AND status = 'sent'",
      });
      return rows[0]!.n;
    };
    let last = -1;
    let lastAt = Date.now();
    for (;;) {
      const n = await progress();
      if (n >= count) break;
      if (n !== last) [last, lastAt] = [n, Date.now()];
      else if (Date.now() - lastAt > 60_000) {
        console.error(`accept: pipeline stalled at ${n} of ${count} emails`);
        break;
      }
      await sleep(100);
    }
    const usage = await end!(count);
    const { rows } = await api.ask<{
      rows: Array<{ emailed: number; succeeded: number; span: number; p50: number; p99: number }>;
    }>({
      sql: `SELECT count(n.id)::int AS emailed,
              count(*) FILTER (WHERE r.status = 'succeeded')::int AS succeeded,
              EXTRACT(EPOCH FROM max(n.sent_at) - min(r.created_at))::float8 AS span,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM n.sent_at - r.created_at))::float8 * 1000 AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM n.sent_at - r.created_at))::float8 * 1000 AS p99
            FROM refunds r LEFT JOIN notifications n ON n.refund_id = r.id AND n.channel = 'email' AND n.status = 'sent'`,
    });
    const t = rows[0]!;
    // Where the backlog waits: when the last refund was accepted, sent, its event applied, emailed
    // (seconds after the first acceptance).
    const { rows: stages } = await api.ask<{ rows: Array<Record<string, number>> }>({
      sql: `WITH t0 AS (SELECT min(created_at) AS t FROM refunds)
            SELECT EXTRACT(EPOCH FROM (SELECT max(created_at) FROM refunds) - t)::float8 AS accepted_s,
              EXTRACT(EPOCH FROM (SELECT max(sent_at) FROM refunds) - t)::float8 AS sent_s,
              EXTRACT(EPOCH FROM (SELECT max(applied_at) FROM stripe_events) - t)::float8 AS applied_s,
              EXTRACT(EPOCH FROM (SELECT max(sent_at) FROM notifications WHERE channel = 'email') - t)::float8 AS emailed_s
            FROM t0`,
    });
    console.error(
      `accept: ${database} pipeline stages (s after the first acceptance):`,
      Object.fromEntries(Object.entries(stages[0] ?? {}).map(([k, v]) => [k, round(Number(v), 2)])),
    );
    if (t.succeeded !== count) console.error(`accept: ${t.succeeded} of ${count} refunds succeeded`);
    return {
      database,
      measure: 'pipeline',
      per_s: Math.round(t.emailed / t.span),
      ratio: Number.NaN,
      p50_ms: round(t.p50, 1),
      p99_ms: round(t.p99, 1),
      ...usage,
      errors: result.errors + (count - t.emailed),
      load: load1(),
    };
  } finally {
    for (const c of children) await c.stop();
    await sandbox.stop();
    fresh.remove();
    rmSync(mailDir, { recursive: true, force: true });
  }
}

async function startSandboxChild(charges: number) {
  const child = spawn(
    process.execPath,
    [...cpuProfileFlags('sandbox.cpuprofile'), SANDBOX_CHILD, '--charges', String(charges)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox child exited (${code}) before it was ready`)));
  });
  const ready = JSON.parse(first) as { url: string; port: number; charges: string[] };
  return {
    ...ready,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function row(
  database: Database,
  measure: Row['measure'],
  result: Awaited<ReturnType<typeof load>>,
  usage: Omit<Row, 'database' | 'measure' | 'per_s' | 'ratio' | 'p50_ms' | 'p99_ms' | 'errors' | 'load'>,
): Row {
  if (result.samples.length) console.error(`accept: ${database} ${measure} errors, e.g.`, result.samples);
  return {
    database,
    measure,
    per_s: Math.round(result.done / result.seconds),
    ratio: measure === 'ceiling' ? 1 : Number.NaN,
    p50_ms: round(percentile(result.latencies, 0.5), 1),
    p99_ms: round(percentile(result.latencies, 0.99), 1),
    ...usage,
    errors: result.errors,
    load: load1(),
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
