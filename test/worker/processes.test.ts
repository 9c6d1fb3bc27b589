// Worker processes against one PostgreSQL database and the sandbox: three processes sharing the
// queue, and the crash test (SIGKILL at random moments while the sandbox loses responses).
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { createPostgresDatabase, engines } from '../support/databases.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { insertPayment, insertQueuedRefund, stripeRefundsByRefundryId, waitFor } from './helpers.ts';

const WORKER = join(import.meta.dirname, '../../src/worker/worker-process.ts');
const children = new Set<ChildProcess>();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  while (cleanups.length) await cleanups.pop()?.();
});

/** The test knobs of worker-process.ts: fast polling and backoff. */
const FAST = ['--poll-ms', '50', '--backoff-base-ms', '50', '--backoff-cap-ms', '500'];

function startWorker(env: Record<string, string>, args: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER, ...FAST, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', () => resolve(child));
    child.once('error', reject);
  });
}

function stopWorker(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

async function prepare(refunds: number, perCharge = 10) {
  const url = await createPostgresDatabase();
  const db = await openPostgres(url, 5);
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
    STRIPE_RATE_LIMIT: '2000',
    WORKER_CONCURRENCY: '16',
  };
  return { db, sb, ids, env };
}

async function queuedCount(db: Db) {
  const [row] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM refunds WHERE status = 'queued'",
  );
  return row?.n ?? -1;
}

/** Every refund left the queue with Stripe's status and has exactly one Stripe refund, the one stored. */
async function expectExactlyOnce(db: Db, sb: TestSandbox, ids: string[]) {
  const groups = await stripeRefundsByRefundryId(sb.stripe);
  const rows = await db.query<{ id: string; status: string; stripe_refund_id: string | null }>(
    'SELECT id, status, stripe_refund_id FROM refunds',
  );
  expect(rows).toHaveLength(ids.length);
  const duplicates = [...groups.values()].filter((g) => g.length > 1);
  expect(duplicates).toEqual([]);
  for (const row of rows) {
    expect(['pending', 'succeeded']).toContain(row.status);
    expect(groups.get(row.id)).toEqual([row.stripe_refund_id]);
  }
  expect(groups.size).toBe(ids.length);
}

describe.runIf(engines().includes('postgres'))('worker processes on PostgreSQL', () => {
  it('three processes share one database and send no refund twice', async () => {
    const { db, sb, ids, env } = await prepare(300);
    const workers = await Promise.all([1, 2, 3].map((n) => startWorker(env, ['--id', `w${n}`])));
    await waitFor(async () => (await queuedCount(db)) === 0, 60_000, 200);
    const sent = await Promise.all(
      workers.map(async (w) => {
        let out = '';
        w.stdout?.on('data', (chunk) => {
          out += String(chunk);
        });
        await stopWorker(w, 'SIGTERM');
        return (JSON.parse(out.trim().split('\n').pop() ?? '{}') as { stats: { sent: number } }).stats.sent;
      }),
    );
    await expectExactlyOnce(db, sb, ids);
    // All three took part, and together sent each refund once.
    expect(sent.every((n) => n > 0)).toBe(true);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(300);
    // No fault was injected, so every refund was claimed exactly once: SKIP LOCKED never handed
    // one refund to two processes.
    const [attempts] = await db.query<{ max: number }>('SELECT max(attempts)::int AS max FROM refunds');
    expect(attempts?.max).toBe(1);
  }, 90_000);

  it('crash test: SIGKILL at random moments while the sandbox loses responses; every refund sent exactly once', async () => {
    const { db, sb, ids, env } = await prepare(1000);
    const set = await fetch(`${sb.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'dropAfterShare=0.05&errorAfterShare=0.05&seed=7',
    });
    expect(set.status).toBe(200);
    const crashEnv = { ...env, WORKER_LEASE_MS: '1500' };
    let kills = 0;
    const deadline = Date.now() + 50_000;
    while ((await queuedCount(db)) > 0 && Date.now() < deadline) {
      const child = await startWorker(crashEnv);
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 600));
      await stopWorker(child, 'SIGKILL');
      kills++;
    }
    // One last worker without kills drains what the killed ones left leased or backed off.
    const last = await startWorker(crashEnv);
    await waitFor(async () => (await queuedCount(db)) === 0, 30_000, 200);
    await stopWorker(last, 'SIGTERM');
    expect(kills).toBeGreaterThanOrEqual(3);
    await expectExactlyOnce(db, sb, ids);
    // The faults really happened: some refunds needed more than one attempt.
    const [retried] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM refunds WHERE attempts > 1',
    );
    expect(retried?.n).toBeGreaterThan(0);
    console.log(`crash test: ${kills} SIGKILLs, ${retried?.n} refunds needed more than one attempt`);
  }, 120_000);
});
