// `refundry serve --role api|worker`: the API and the workers can run as separate processes on one
// PostgreSQL database. An API-only process takes requests and sends nothing; a worker-only process
// serves no HTTP and drains the queue.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type RunningService, runService } from '../../src/service/run-service.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createPostgresDatabase } from '../support/databases.ts';

const until = async (check: () => Promise<boolean>, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe.runIf(inject('postgresUrl'))('serve roles on PostgreSQL', () => {
  const running: RunningService[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'refundry-roles-'));
  afterAll(async () => {
    for (const s of running) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the API without workers, and workers without the API', async () => {
    const env = { DATABASE_URL: await createPostgresDatabase(), PORT: '0', LOG_LEVEL: 'silent' };
    // Each process keeps its in-process sandbox in its own data folder.
    const config = loadConfig({ ...env, REFUNDRY_DATA_DIR: join(dir, 'api') });
    const api = await runService(config, 'api', silentLogger());
    running.push(api);
    expect(api.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    const unauthenticated = await fetch(`${api.apiUrl}/payments/pay_x`);
    expect(unauthenticated.status).toBe(401);

    await api.db.query(
      `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at) VALUES ('pay_r', 'ch_unknown', 1000, 'usd', now())`,
    );
    await api.db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, next_attempt_at)
       VALUES ('rf_r', 'pay_r', 100, 'usd', 'duplicate', 'queued', 'test', 'refundry_rf_r', now())`,
    );
    await new Promise((r) => setTimeout(r, 1_500));
    const [waiting] = await api.db.query<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM refunds WHERE id = 'rf_r'`,
    );
    expect(waiting).toEqual({ status: 'queued', attempts: 0 });

    const worker = await runService(
      loadConfig({ ...env, REFUNDRY_DATA_DIR: join(dir, 'worker') }),
      'worker',
      silentLogger(),
    );
    running.push(worker);
    expect(worker.apiUrl).toBeUndefined();
    expect(worker.app).toBeUndefined();
    // The worker's Stripe (its own in-process sandbox) has no such charge: Stripe's permanent
    // refusal ends the refund as failed, which proves the worker claimed and sent it.
    await until(async () => {
      const [row] = await worker.db.query<{ status: string }>(`SELECT status FROM refunds WHERE id = 'rf_r'`);
      return row?.status === 'failed';
    });
    const [failed] = await worker.db.query<{ failure_code: string; attempts: number }>(
      `SELECT failure_code, attempts FROM refunds WHERE id = 'rf_r'`,
    );
    expect(failed).toEqual({ failure_code: 'resource_missing', attempts: 1 });
  });
});
