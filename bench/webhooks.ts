// `npm run bench -- webhooks [--senders 16] [--bursts 1000,10000] [--databases pglite,postgres]
// [--lag-refunds 500] [--lag-wave 20] [--json]`
//
// Refundry's Stripe webhook receiver under bursts of 1,000 and 10,000 signed events sent by N
// concurrent keep-alive senders, on PGlite (on disk) and PostgreSQL, against the ceiling of the
// same machine measured in the same run (Fastify + one INSERT per delivery, the same senders and
// bodies): events accepted per second and the ratio to the ceiling, p50/p99 time to 2xx, events
// lost (acknowledged but not stored), how long the applier took to apply the whole burst, and the
// receiver's CPU per event. Then the time from the sandbox's status change to Refundry's stored
// status (p50/p99): refunds settle at the sandbox in waves (`--lag-wave` every 200 ms), their
// signed webhooks go through the receiver and the applier to the refund row, and the row is watched
// until the new status is committed. The receiver and the applier run in a process of their own
// (bench/webhook-service-child.ts), as `refundry serve --role all` runs them; the senders and the
// sandbox run in this one, as Stripe sends from elsewhere. The load average is printed beside each
// row.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Stripe from 'stripe';
import { openDb } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { NODE_FLAGS } from '../src/db/node-flags.ts';
import { type Sandbox, startSandbox } from '../src/sandbox/server.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { REFUND_EVENT_TYPES } from '../src/stripe-sync/event-store.ts';
import { STRIPE_WEBHOOK_PATH } from '../src/webhooks/stripe-webhook-route.ts';
import { benchPostgres, createDatabase, stopBenchPostgres } from './postgres.ts';
import { cpuProfileFlags, load1 } from './proc.ts';

const CHILD = join(import.meta.dirname, 'webhook-service-child.ts');

const SECRET = 'whsec_bench_refundry';
const BURSTS = [1_000, 10_000];

interface Row {
  database: 'pglite' | 'postgres';
  measure: 'ceiling' | 'accept' | 'status_lag';
  burst: number;
  per_s: number;
  /** accept: per_s ÷ the ceiling's per_s for the same burst on the same database in this run. */
  ratio?: number;
  p50_ms: number;
  p99_ms: number;
  lost: number;
  /** accept: time until the applier had applied every event of the burst. */
  applied_all_s?: number;
  /** status_lag: the part of the lag before Refundry received the webhook (sandbox delivery). */
  receipt_p50_ms?: number;
  receipt_p99_ms?: number;
  /** accept, ceiling: CPU of the receiving process (receiver and applier) per event while sending. */
  cpu_ms_per_event?: number;
  /** Peak RSS of the receiving process. */
  rss_mb?: number;
  /** 1-minute load average at the end of the measurement. */
  load: number;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      senders: { type: 'string', default: '16' },
      'lag-refunds': { type: 'string', default: '500' },
      'lag-wave': { type: 'string', default: '20' },
      bursts: { type: 'string', default: BURSTS.join(',') },
      databases: { type: 'string', default: 'pglite,postgres' },
      json: { type: 'boolean', default: false },
    },
  });
  const senders = Number(values.senders);
  const lagRefunds = Number(values['lag-refunds']);
  const lagWave = Number(values['lag-wave']);
  const bursts = values.bursts.split(',').map(Number);
  const wanted = new Set(values.databases.split(','));
  const server = await benchPostgres();
  const rows: Row[] = [];
  try {
    const databases = (server ? (['pglite', 'postgres'] as const) : (['pglite'] as const)).filter((d) =>
      wanted.has(d),
    );
    if (!server) console.error('PostgreSQL is not installed: PostgreSQL rows skipped');
    for (const database of databases) {
      for (const burst of bursts) {
        const ceiling = await withService(database, server?.url, 'ceiling', (s) =>
          acceptBurst(s, database, burst, senders, 'ceiling'),
        );
        const accepted = await withService(database, server?.url, 'receiver', (s) =>
          acceptBurst(s, database, burst, senders, 'accept'),
        );
        rows.push(ceiling, { ...accepted, ratio: Math.round((accepted.per_s / ceiling.per_s) * 100) / 100 });
      }
      if (lagRefunds > 0) {
        rows.push(
          await withService(database, server?.url, 'receiver', (s) =>
            statusLag(s, database, lagRefunds, lagWave),
          ),
        );
      }
    }
  } finally {
    await stopBenchPostgres(server);
  }
  if (values.json) console.log(JSON.stringify(rows));
  else console.table(rows);
  return rows.every((r) => r.lost === 0) ? 0 : 1;
}

interface Service {
  url: string;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  setSecret(secret: string): Promise<void>;
  /** Zeroes the receiving process's CPU clock; the returned function reads it (and its peak RSS). */
  begin(): Promise<() => Promise<{ cpu_ms: number; rss_mb: number }>>;
}

/** A fresh migrated database and the receiving process (`mode`) on it; stopped and removed after. */
async function withService<T>(
  database: Row['database'],
  pgUrl: string | undefined,
  mode: 'receiver' | 'ceiling',
  fn: (s: Service) => Promise<T>,
): Promise<T> {
  const dataDir = database === 'pglite' ? mkdtempSync(join(tmpdir(), 'refundry-webhooks-')) : undefined;
  const databaseUrl = database === 'postgres' && pgUrl ? await createDatabase(pgUrl, 'webhooks') : undefined;
  const db = await openDb({ databaseUrl, dataDir });
  await migrate(db);
  // PGlite's folder is one process's: closed before the child opens it.
  await db.close();
  const child = fork(CHILD, [mode], {
    execArgv: [...NODE_FLAGS, ...cpuProfileFlags()],
    env: {
      ...process.env,
      LOG_LEVEL: 'silent',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { REFUNDRY_DATA_DIR: dataDir! }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies: Array<(value: unknown) => void> = [];
  const ask = <R>(message: unknown) =>
    new Promise<R>((resolve) => {
      replies.push(resolve as (value: unknown) => void);
      child.send(message as string);
    });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`webhook bench child exited (${code})`)));
      child.on('message', (message: { ready?: boolean; url?: string }) => {
        if (message.ready) resolve(message.url!);
        else replies.shift()?.(message);
      });
    });
    return await fn({
      url,
      async query<R>(sql: string, params?: unknown[]) {
        const answer = await ask<{ rows?: R[]; error?: string }>({ sql, params });
        if (answer.error) throw new Error(answer.error);
        return answer.rows!;
      },
      setSecret: async (secret) => {
        await ask({ secret });
      },
      begin: async () => {
        child.send('begin');
        return () => ask<{ cpu_ms: number; rss_mb: number }>('end');
      },
    });
  } finally {
    await new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.send('stop');
    });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A burst of signed refund events: two per refund (refund.updated + charge.refund.updated), to the
 * receiver (stored, then applied) or to the ceiling (one INSERT each).
 */
async function acceptBurst(
  s: Service,
  database: Row['database'],
  burst: number,
  senders: number,
  measure: 'accept' | 'ceiling',
): Promise<Row> {
  console.error(`webhooks: ${database}, ${measure}, burst of ${burst} events, ${senders} senders`);
  await s.setSecret(SECRET);
  const t0 = performance.now();
  const refunds = burst / 2;
  if (measure === 'accept') await seedBurst(s, refunds);
  const created = Math.floor(Date.now() / 1000);
  const bodies: string[] = [];
  for (let i = 1; i <= refunds; i++) {
    for (const type of ['refund.updated', 'charge.refund.updated']) {
      bodies.push(
        JSON.stringify({
          id: `evt_b${bodies.length}`,
          object: 'event',
          api_version: '2026-10-28.endive',
          created,
          livemode: false,
          pending_webhooks: 1,
          request: { id: null, idempotency_key: null },
          type,
          data: {
            object: {
              id: `re_b${i}`,
              object: 'refund',
              amount: 100,
              currency: 'usd',
              charge: 'ch_bench',
              payment_intent: null,
              created,
              metadata: { refundry_refund_id: `rf_b${i}` },
              reason: 'requested_by_customer',
              status: 'succeeded',
            },
            previous_attributes: { status: 'pending' },
          },
        }),
      );
    }
  }
  console.error(`  setup ${Math.round(performance.now() - t0)} ms`);
  const agent = new Agent({ keepAlive: true, maxSockets: senders });
  // Warm-up (not timed): open the keep-alive connections and the pool, let the JIT see the path.
  const warm = Array.from({ length: 200 }, (_, i) =>
    JSON.stringify({
      id: `evt_warm${i}`,
      object: 'event',
      type: 'customer.created',
      created,
      data: { object: {} },
    }),
  );
  await Promise.all(
    Array.from({ length: senders }, async (_, k) => {
      for (let i = k; i < warm.length; i += senders) {
        await post(agent, `${s.url}${STRIPE_WEBHOOK_PATH}`, warm[i]!, sign(warm[i]!));
      }
    }),
  );
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const end = await s.begin();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const t0 = performance.now();
        const status = await post(agent, `${s.url}${STRIPE_WEBHOOK_PATH}`, body, sign(body));
        latencies.push(performance.now() - t0);
        if (status !== 200) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = await end();
  const load = load1();
  agent.destroy();
  const base = {
    database,
    burst,
    per_s: Math.round(burst / seconds),
    p50_ms: round(percentile(latencies, 0.5)),
    p99_ms: round(percentile(latencies, 0.99)),
    cpu_ms_per_event: Math.round((used.cpu_ms / burst) * 100) / 100,
    rss_mb: used.rss_mb,
    load,
  };
  if (measure === 'ceiling') {
    const [stored] = await s.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM bench_webhook_ceiling WHERE payload LIKE \'{"id":"evt\\_b%\'',
    );
    return { ...base, measure, ratio: 1, lost: burst - (stored?.n ?? 0) + failures };
  }
  const [stored] = await s.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM stripe_events WHERE id LIKE 'evt\\_b%'",
  );
  const applyDeadline = Date.now() + 120_000;
  let pending = burst;
  while (Date.now() < applyDeadline) {
    const [row] = await s.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM stripe_events WHERE applied_at IS NULL',
    );
    pending = row?.n ?? 0;
    if (pending === 0) break;
    await sleep(20);
  }
  const appliedAll = (performance.now() - started) / 1000;
  const [succeeded] = await s.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM refunds WHERE status = 'succeeded'",
  );
  if (succeeded?.n !== refunds)
    console.error(`webhooks: only ${succeeded?.n} of ${refunds} refunds succeeded`);
  return {
    ...base,
    measure,
    lost: burst - (stored?.n ?? 0) + failures,
    applied_all_s: pending === 0 ? round(appliedAll) : Number.NaN,
  };
}

/** The refunds a burst's events are about, pending at Stripe, with their payment. */
async function seedBurst(s: Service, refunds: number) {
  await s.query(
    `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at) VALUES ('pay_bench', 'ch_bench', $1, 'usd', now())`,
    [refunds * 100],
  );
  await s.query(
    `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, stripe_refund_id)
     SELECT 'rf_b' || g, 'pay_bench', 100, 'usd', 'requested_by_customer', 'pending', 'bench', 'k_b' || g, 're_b' || g
     FROM generate_series(1, $1::int) AS g`,
    [refunds],
  );
}

/**
 * Refunds settle at the sandbox in waves of `wave` (one clock step every 200 ms); each status change
 * is timed when the sandbox records it and again when Refundry's history row for it is written.
 */
async function statusLag(s: Service, database: Row['database'], count: number, wave: number): Promise<Row> {
  console.error(`webhooks: ${database}, status lag over ${count} refunds settling ${wave} per 200 ms`);
  const sandbox: Sandbox = await startSandbox({
    port: 0,
    logger: silentLogger(),
    quiet: true,
    settleDelayMs: 3_600_000,
    webhookConcurrency: 16,
  });
  try {
    const stripe = new Stripe('sk_test_bench', {
      host: '127.0.0.1',
      port: sandbox.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const endpoint = await stripe.webhookEndpoints.create({
      url: `${s.url}${STRIPE_WEBHOOK_PATH}`,
      enabled_events: [...REFUND_EVENT_TYPES] as Stripe.WebhookEndpointCreateParams.EnabledEvent[],
    });
    await s.setSecret(endpoint.secret!);
    const changedAt = new Map<string, number>();
    sandbox.store.events.subscribe((event) => {
      const object = event.data.object as { id?: string; status?: string };
      if (event.type === 'refund.updated' && object.status === 'succeeded' && object.id) {
        changedAt.set(object.id, Date.now());
      }
    });
    const waves = Math.ceil(count / wave);
    const ids: string[] = [];
    for (let w = 0; w < waves; w++) {
      for (let i = 0; i < wave && ids.length < count; i++) {
        const n = ids.length;
        const charge = await stripe.charges.create({
          amount: 500,
          currency: 'usd',
          source: 'tok_pendingRefund',
        });
        const payment = `pay_l${n}`;
        await s.query(
          `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at) VALUES ($1, $2, 500, 'usd', now())`,
          [payment, charge.id],
        );
        // Stored queued before it is sent, as the API does: the refund.created webhook finds it by
        // its metadata and moves it to pending with the Stripe id.
        await s.query(
          `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key)
           VALUES ($1, $2, 500, 'usd', 'requested_by_customer', 'queued', 'bench', $3)`,
          [`rf_l${n}`, payment, `k_l${n}`],
        );
        const refund = await stripe.refunds.create({
          charge: charge.id,
          metadata: { refundry_refund_id: `rf_l${n}` },
        });
        ids.push(refund.id);
      }
      // The next wave is due one sandbox second later.
      sandbox.clock.advance(1);
    }
    // Let the refund.created deliveries be applied before timing the status changes.
    await until(async () => {
      const [row] = await s.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM refunds WHERE id LIKE 'rf_l%' AND status = 'pending'",
      );
      return row?.n === ids.length;
    }, 60_000);
    // Stored = committed and visible: watched every 20 ms from before the first change, so each
    // time is late by at most that.
    const storedAt = new Map<string, number>();
    const watching = (async () => {
      const deadline = Date.now() + 60_000;
      while (storedAt.size < ids.length && Date.now() < deadline) {
        const seen = await s.query<{ stripe_refund_id: string }>(
          "SELECT stripe_refund_id FROM refunds WHERE id LIKE 'rf_l%' AND status = 'succeeded'",
        );
        const now = Date.now();
        for (const r of seen) if (!storedAt.has(r.stripe_refund_id)) storedAt.set(r.stripe_refund_id, now);
        await sleep(20);
      }
    })();
    sandbox.clock.advance(3_600 - waves);
    for (let w = 1; w < waves; w++) {
      await sleep(200);
      sandbox.clock.advance(1);
    }
    await watching;
    const done = storedAt.size;
    const rows = [...storedAt].map(([stripe_refund_id, at]) => ({ stripe_refund_id, at: new Date(at) }));
    // The part of the lag spent before Refundry received the event (the sandbox's delivery queue).
    const received = await s.query<{ id: string; at: Date }>(
      `SELECT payload->'data'->'object'->>'id' AS id, min(received_at) AS at FROM stripe_events
       WHERE type = 'refund.updated' AND payload->'data'->'object'->>'status' = 'succeeded' GROUP BY 1`,
    );
    const toReceipt = received
      .map((r) => new Date(r.at).getTime() - (changedAt.get(r.id) ?? Number.NaN))
      .filter((x) => Number.isFinite(x));
    const lags = rows
      .map((r) => new Date(r.at).getTime() - (changedAt.get(r.stripe_refund_id) ?? Number.NaN))
      .filter((x) => Number.isFinite(x));
    const span =
      (Math.max(...rows.map((r) => new Date(r.at).getTime())) - Math.min(...changedAt.values())) / 1000;
    return {
      database,
      measure: 'status_lag',
      burst: ids.length,
      per_s: Math.round(done / Math.max(span, 0.001)),
      p50_ms: round(percentile(lags, 0.5)),
      p99_ms: round(percentile(lags, 0.99)),
      lost: ids.length - done,
      receipt_p50_ms: round(percentile(toReceipt, 0.5)),
      receipt_p99_ms: round(percentile(toReceipt, 0.99)),
      load: load1(),
    };
  } finally {
    await sandbox.close();
  }
}

function sign(body: string): string {
  return Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
}

function post(agent: Agent, url: string, body: string, signature: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          'stripe-signature': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check()) && Date.now() < deadline) await sleep(50);
}

const round = (n: number) => Math.round(n * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
