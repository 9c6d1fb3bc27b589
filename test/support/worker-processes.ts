// Worker processes (src/worker/worker-process.ts) against a private PostgreSQL database and a test
// sandbox, for the tests that kill and restart them (test/worker/processes.test.ts,
// test/faults/worker-kill.test.ts): a queue of refunds to send, workers started and stopped by
// signal, and the check that each refund reached Stripe exactly once.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { insertPayment, insertQueuedRefund, stripeRefundsByRefundryId, waitFor } from '../worker/helpers.ts';
import { createPostgresDatabase } from './databases.ts';
import { startTestSandbox, type TestSandbox } from './sandbox.ts';

const WORKER = join(import.meta.dirname, '../../src/worker/worker-process.ts');

export interface WorkerProcess {
  child: ChildProcess;
  /** Stops it with `signal` (SIGTERM: gracefully) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** What it sent: the stats line it prints when stopped with SIGTERM. */
  stats(): { sent: number };
}

export interface WorkerQueue {
  db: Db;
  sb: TestSandbox;
  /** The queued refunds' ids. */
  ids: string[];
  /** The environment a worker process needs to work this queue. */
  env: Record<string, string>;
}

/**
 * Worker processes and queues for the tests of one file: every process still running is killed
 * (SIGKILL) after each test, then its databases and sandboxes are closed.
 */
export function workerProcesses() {
  const children = new Set<ChildProcess>();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const child of children) child.kill('SIGKILL');
    children.clear();
    while (cleanups.length) await cleanups.pop()?.();
  });

  /** Starts a worker process; resolves once it prints "ready" (it claims from then on). */
  async function start(env: Record<string, string>, args: string[] = []): Promise<WorkerProcess> {
    const child = spawn(process.execPath, [WORKER, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.add(child);
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
    });
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        children.delete(child);
        resolve();
      }),
    );
    const failed = new Promise<never>((_, reject) => {
      child.once('error', reject);
      void exited.then(() => reject(new Error(`worker exited before it was ready: ${out}`)));
    });
    await Promise.race([waitFor(async () => out.includes('ready'), 30_000, 50), failed]);
    return {
      child,
      async stop(signal = 'SIGTERM') {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        await exited;
      },
      stats() {
        return (JSON.parse(out.trim().split('\n').pop() ?? '{}') as { stats: { sent: number } }).stats;
      },
    };
  }

  /**
   * A fresh PostgreSQL database and sandbox with `refunds` queued refunds of 1.00 USD,
   * `perCharge` to a sandbox charge; `env` (STRIPE_RATE_LIMIT, WORKER_CONCURRENCY, …) is added to
   * the queue's environment.
   */
  async function queue(
    refunds: number,
    opts: { perCharge?: number; pool?: number; env?: Record<string, string> } = {},
  ): Promise<WorkerQueue> {
    const perCharge = opts.perCharge ?? refunds;
    const url = await createPostgresDatabase();
    const db = await openPostgres(url, opts.pool ?? 4);
    await migrate(db);
    const sb = await startTestSandbox();
    cleanups.push(
      () => db.close(),
      () => sb.close(),
    );
    const ids: string[] = [];
    for (let c = 0; c < refunds / perCharge; c++) {
      const charge = await sb.stripe.charges.create({
        amount: 100 * perCharge,
        currency: 'usd',
        source: 'tok_visa',
      });
      const pay = await insertPayment(db, { id: charge.id, amount: charge.amount });
      for (let i = 0; i < perCharge; i++) ids.push(await insertQueuedRefund(db, pay, 100));
    }
    const env = {
      DATABASE_URL: url,
      STRIPE_API_BASE: `http://127.0.0.1:${sb.sandbox.port}`,
      STRIPE_SECRET_KEY: 'sk_test_123',
      ...opts.env,
    };
    return { db, sb, ids, env };
  }

  return { start, queue };
}

/** POST /_sandbox/faults with `body` (e.g. `latencyMs=4000`). */
export async function setSandboxFaults(sb: TestSandbox, body: string): Promise<void> {
  const res = await fetch(`${sb.url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  expect(res.status).toBe(200);
}

/** Refunds `WHERE …` in the queue's database. */
export async function countRefunds(db: Db, where: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM refunds WHERE ${where}`,
    params,
  );
  return row?.n ?? -1;
}

/**
 * Every refund left the queue with one of `statuses` and has exactly one Stripe refund, the one
 * stored (no duplicate at Stripe, none missing).
 */
export async function expectSentOnceEach(
  { db, sb, ids }: Pick<WorkerQueue, 'db' | 'sb' | 'ids'>,
  statuses: readonly string[] = ['succeeded'],
): Promise<void> {
  const groups = await stripeRefundsByRefundryId(sb.stripe);
  const rows = await db.query<{ id: string; status: string; stripe_refund_id: string | null }>(
    'SELECT id, status, stripe_refund_id FROM refunds',
  );
  expect(rows).toHaveLength(ids.length);
  expect([...groups.values()].filter((g) => g.length > 1)).toEqual([]);
  for (const row of rows) {
    expect(statuses).toContain(row.status);
    expect(groups.get(row.id), `Stripe refunds of ${row.id}`).toEqual([row.stripe_refund_id]);
  }
  expect(groups.size).toBe(ids.length);
}
