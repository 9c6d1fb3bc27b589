// Worker processes against one PostgreSQL database and the sandbox: three processes sharing the
// queue, and the crash test (SIGKILL at random moments while the sandbox loses responses).
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { engines } from '../support/databases.ts';
import {
  countRefunds,
  expectSentOnceEach,
  setSandboxFaults,
  workerProcesses,
} from '../support/worker-processes.ts';
import { waitFor } from './helpers.ts';

const workers = workerProcesses();
/** The test knobs of worker-process.ts: fast polling and backoff. */
const FAST = ['--poll-ms', '50', '--backoff-base-ms', '50', '--backoff-cap-ms', '500'];
const startWorker = (env: Record<string, string>, args: string[] = []) =>
  workers.start(env, [...FAST, ...args]);
const prepare = (refunds: number) =>
  workers.queue(refunds, {
    perCharge: 10,
    pool: 5,
    env: { STRIPE_RATE_LIMIT: '2000', WORKER_CONCURRENCY: '16' },
  });
const queuedCount = (db: Db) => countRefunds(db, "status = 'queued'");
/** Every refund left the queue with Stripe's status and has exactly one Stripe refund, the one stored. */
const expectExactlyOnce = (q: Parameters<typeof expectSentOnceEach>[0]) =>
  expectSentOnceEach(q, ['pending', 'succeeded']);

describe.runIf(engines().includes('postgres'))('worker processes on PostgreSQL', () => {
  it('three processes share one database and send no refund twice', async () => {
    const { db, sb, ids, env } = await prepare(300);
    const running = await Promise.all([1, 2, 3].map((n) => startWorker(env, ['--id', `w${n}`])));
    await waitFor(async () => (await queuedCount(db)) === 0, 60_000, 200);
    const sent = await Promise.all(
      running.map(async (w) => {
        await w.stop('SIGTERM');
        return w.stats().sent;
      }),
    );
    await expectExactlyOnce({ db, sb, ids });
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
    await setSandboxFaults(sb, 'dropAfterShare=0.05&errorAfterShare=0.05&seed=7');
    const crashEnv = { ...env, WORKER_LEASE_MS: '1500' };
    let kills = 0;
    const deadline = Date.now() + 50_000;
    while ((await queuedCount(db)) > 0 && Date.now() < deadline) {
      const child = await startWorker(crashEnv);
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 600));
      await child.stop('SIGKILL');
      kills++;
    }
    // One last worker without kills drains what the killed ones left leased or backed off.
    const last = await startWorker(crashEnv);
    await waitFor(async () => (await queuedCount(db)) === 0, 30_000, 200);
    await last.stop('SIGTERM');
    expect(kills).toBeGreaterThanOrEqual(3);
    await expectExactlyOnce({ db, sb, ids });
    // The faults really happened: some refunds needed more than one attempt.
    const [retried] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM refunds WHERE attempts > 1',
    );
    expect(retried?.n).toBeGreaterThan(0);
    console.log(`crash test: ${kills} SIGKILLs, ${retried?.n} refunds needed more than one attempt`);
  }, 120_000);
});
