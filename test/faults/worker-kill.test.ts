// Short leases renewed by a heartbeat (issue #16): a worker killed with SIGKILL in the middle of
// its sends has its refunds sent by another worker within seconds (the default lease, measured and
// printed), each still exactly once at Stripe; and a send slower than the lease is not taken over
// while its worker lives.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WORKER_LEASE_MS } from '../../src/config.ts';
import type { Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { createPostgresDatabase, engines } from '../support/databases.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { insertPayment, insertQueuedRefund, stripeRefundsByRefundryId, waitFor } from '../worker/helpers.ts';

const WORKER = join(import.meta.dirname, '../../src/worker/worker-process.ts');
const children = new Set<ChildProcess>();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  while (cleanups.length) await cleanups.pop()?.();
});

interface Worker {
  child: ChildProcess;
  /** The stats line it prints when stopped with SIGTERM. */
  stop(): Promise<{ sent: number }>;
  kill(): Promise<void>;
}

async function startWorker(env: Record<string, string>, id: string): Promise<Worker> {
  const child = spawn(process.execPath, [WORKER, '--poll-ms', '100', '--id', id], {
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
  await waitFor(async () => out.includes('ready'), 30_000, 50);
  return {
    child,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      return (JSON.parse(out.trim().split('\n').pop() ?? '{}') as { stats: { sent: number } }).stats;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function prepare(count: number) {
  const url = await createPostgresDatabase();
  const db = await openPostgres(url, 4);
  await migrate(db);
  const sb = await startTestSandbox();
  cleanups.push(
    () => db.close(),
    () => sb.close(),
  );
  const charge = await sb.stripe.charges.create({ amount: 100 * count, currency: 'usd', source: 'tok_visa' });
  const pay = await insertPayment(db, { id: charge.id, amount: charge.amount });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await insertQueuedRefund(db, pay, 100));
  const env = {
    DATABASE_URL: url,
    STRIPE_API_BASE: `http://127.0.0.1:${sb.sandbox.port}`,
    STRIPE_SECRET_KEY: 'sk_test_123',
    STRIPE_RATE_LIMIT: '1000',
    WORKER_CONCURRENCY: String(count),
  };
  return { db, sb, ids, env };
}

async function setLatency(sb: TestSandbox, ms: number) {
  const res = await fetch(`${sb.url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `latencyMs=${ms}`,
  });
  expect(res.status).toBe(200);
}

async function count(db: Db, where: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM refunds WHERE ${where}`,
    params,
  );
  return row?.n ?? -1;
}

async function expectOneStripeRefundEach(db: Db, sb: TestSandbox, ids: string[]) {
  const groups = await stripeRefundsByRefundryId(sb.stripe);
  const rows = await db.query<{ id: string; status: string; stripe_refund_id: string | null }>(
    'SELECT id, status, stripe_refund_id FROM refunds',
  );
  expect(rows).toHaveLength(ids.length);
  for (const row of rows) {
    expect(row.status).toBe('succeeded');
    expect(groups.get(row.id), `Stripe refunds of ${row.id}`).toEqual([row.stripe_refund_id]);
  }
  expect(groups.size).toBe(ids.length);
}

describe.runIf(engines().includes('postgres'))('worker leases and heartbeat (PostgreSQL)', () => {
  it('a worker killed with SIGKILL mid-send: another sends its refunds within seconds, once each', async () => {
    const { db, sb, ids, env } = await prepare(12);
    // Stripe answers slowly, so the first worker is killed with every send in flight.
    await setLatency(sb, 4_000);
    const doomed = await startWorker(env, 'doomed');
    await waitFor(async () => (await count(db, 'lease_owner = $1', ['doomed'])) === ids.length, 10_000);
    const survivor = await startWorker(env, 'survivor');
    await setLatency(sb, 0);
    const killedAt = Date.now();
    await doomed.kill();
    await waitFor(async () => (await count(db, "status = 'queued'")) === 0, 30_000, 50);
    const recoveryMs = Date.now() - killedAt;
    const stats = await survivor.stop();
    // The survivor sent them all (the doomed worker stored nothing), within the default lease.
    expect(stats.sent).toBe(ids.length);
    expect(recoveryMs).toBeLessThan(10_000);
    // The doomed worker's requests may still reach Stripe after it died; the resends carry the
    // same idempotency keys, so Stripe holds one refund for each.
    await expectOneStripeRefundEach(db, sb, ids);
    console.log(
      `kill -9 → refunds sent by another worker: ${(recoveryMs / 1000).toFixed(1)} s ` +
        `(${ids.length} refunds in flight; WORKER_LEASE_MS=${DEFAULT_WORKER_LEASE_MS}, heartbeat every ${Math.floor(DEFAULT_WORKER_LEASE_MS / 3)} ms)`,
    );
  }, 60_000);

  it('a send slower than the lease keeps its lease by heartbeat: no other worker claims it', async () => {
    const { db, sb, ids, env } = await prepare(6);
    await setLatency(sb, 2_500);
    const leaseEnv = { ...env, WORKER_LEASE_MS: '800', WORKER_HEARTBEAT_MS: '200' };
    const first = await startWorker(leaseEnv, 'first');
    await waitFor(async () => (await count(db, 'lease_owner = $1', ['first'])) === ids.length, 10_000);
    const second = await startWorker(leaseEnv, 'second');
    await waitFor(async () => (await count(db, "status = 'queued'")) === 0, 30_000);
    const [secondStats, firstStats] = [await second.stop(), await first.stop()];
    expect(firstStats.sent).toBe(ids.length);
    expect(secondStats.sent).toBe(0);
    // Three lease lengths passed during each send, and no refund was claimed a second time.
    expect(await count(db, 'attempts = 1')).toBe(ids.length);
    await expectOneStripeRefundEach(db, sb, ids);
  }, 60_000);
});
