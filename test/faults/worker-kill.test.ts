// Short leases renewed by a heartbeat (issue #16): a worker killed with SIGKILL in the middle of
// its sends has its refunds sent by another worker within seconds (the default lease, measured and
// printed), each still exactly once at Stripe; and a send slower than the lease is not taken over
// while its worker lives.
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKER_LEASE_MS } from '../../src/config.ts';
import { engines } from '../support/databases.ts';
import {
  countRefunds as count,
  expectSentOnceEach,
  setSandboxFaults,
  workerProcesses,
} from '../support/worker-processes.ts';
import { waitFor } from '../worker/helpers.ts';

const workers = workerProcesses();
/** A worker named `id`, polling fast. */
const startWorker = (env: Record<string, string>, id: string) =>
  workers.start(env, ['--poll-ms', '100', '--id', id]);
const prepare = (refunds: number) =>
  workers.queue(refunds, { env: { STRIPE_RATE_LIMIT: '1000', WORKER_CONCURRENCY: String(refunds) } });

describe.runIf(engines().includes('postgres'))('worker leases and heartbeat (PostgreSQL)', () => {
  it('a worker killed with SIGKILL mid-send: another sends its refunds within seconds, once each', async () => {
    const { db, sb, ids, env } = await prepare(12);
    // Stripe answers slowly, so the first worker is killed with every send in flight.
    await setSandboxFaults(sb, 'latencyMs=4000');
    const doomed = await startWorker(env, 'doomed');
    await waitFor(async () => (await count(db, 'lease_owner = $1', ['doomed'])) === ids.length, 10_000);
    const survivor = await startWorker(env, 'survivor');
    await setSandboxFaults(sb, 'latencyMs=0');
    const killedAt = Date.now();
    await doomed.stop('SIGKILL');
    await waitFor(async () => (await count(db, "status = 'queued'")) === 0, 30_000, 50);
    const recoveryMs = Date.now() - killedAt;
    await survivor.stop();
    const stats = survivor.stats();
    // The survivor sent them all (the doomed worker stored nothing), within the default lease.
    expect(stats.sent).toBe(ids.length);
    expect(recoveryMs).toBeLessThan(10_000);
    // The doomed worker's requests may still reach Stripe after it died; the resends carry the
    // same idempotency keys, so Stripe holds one refund for each.
    await expectSentOnceEach({ db, sb, ids });
    console.log(
      `kill -9 → refunds sent by another worker: ${(recoveryMs / 1000).toFixed(1)} s ` +
        `(${ids.length} refunds in flight; WORKER_LEASE_MS=${DEFAULT_WORKER_LEASE_MS}, heartbeat every ${Math.floor(DEFAULT_WORKER_LEASE_MS / 3)} ms)`,
    );
  }, 60_000);

  it('a send slower than the lease keeps its lease by heartbeat: no other worker claims it', async () => {
    const { db, sb, ids, env } = await prepare(6);
    await setSandboxFaults(sb, 'latencyMs=2500');
    const leaseEnv = { ...env, WORKER_LEASE_MS: '800', WORKER_HEARTBEAT_MS: '200' };
    const first = await startWorker(leaseEnv, 'first');
    await waitFor(async () => (await count(db, 'lease_owner = $1', ['first'])) === ids.length, 10_000);
    const second = await startWorker(leaseEnv, 'second');
    await waitFor(async () => (await count(db, "status = 'queued'")) === 0, 30_000);
    await second.stop();
    await first.stop();
    const [secondStats, firstStats] = [second.stats(), first.stats()];
    expect(firstStats.sent).toBe(ids.length);
    expect(secondStats.sent).toBe(0);
    // Three lease lengths passed during each send, and no refund was claimed a second time.
    expect(await count(db, 'attempts = 1')).toBe(ids.length);
    await expectSentOnceEach({ db, sb, ids });
  }, 60_000);
});
