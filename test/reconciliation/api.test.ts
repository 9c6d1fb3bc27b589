// The reconciliation API over real HTTP handling (Fastify inject) against the sandbox: start a run
// (admin), read runs and discrepancies (refunds:read), resolve one with a note; the metrics it
// leaves; and the daily schedule creating one run per slot however many processes check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { createMetrics, type Metrics } from '../../src/metrics/metrics.ts';
import { createReconciler } from '../../src/reconciliation/reconcile.ts';
import { startSchedule } from '../../src/reconciliation/schedule.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { seedEveryCase } from './seed.ts';

describe.each(engines())('reconciliation API on %s', (engine) => {
  let db: Db;
  let sb: TestSandbox;
  let app: Awaited<ReturnType<typeof createServiceApp>>;
  let admin: string;
  let reader: string;
  let adminId: string;
  let metrics: Metrics;

  beforeAll(async () => {
    db = await createTestDb(engine);
    sb = await startTestSandbox();
    await seedEveryCase(db, sb, 'api');
    metrics = createMetrics({ db, defaultMetrics: false });
    app = await createServiceApp({
      db,
      gateway: createStripeGateway(sb.stripe),
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      metrics,
    });
    const a = await createApiKey(db, { name: 'admin', scopes: ['admin'] });
    admin = a.key;
    adminId = a.apiKey.id;
    reader = (await createApiKey(db, { name: 'reader', scopes: ['refunds:read'] })).key;
  });
  afterAll(async () => {
    await app?.close();
    await sb?.close();
    await db?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, key: string, payload?: object) =>
    app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${key}` },
      ...(payload ? { payload } : {}),
    });
  const from = new Date(Date.now() - 3 * 3_600_000).toISOString();
  const to = new Date(Date.now() + 3 * 3_600_000).toISOString();

  it('starts a run for admins only, and readers follow it to the end', async () => {
    expect((await call('GET', '/reconciliation/runs', reader)).json()).toEqual({
      object: 'list',
      data: [],
      has_more: false,
    });
    const refused = await call('POST', '/reconciliation/runs', reader, { from, to });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'forbidden', required_scope: 'admin' });
    const bad = await call('POST', '/reconciliation/runs', admin, { from: 'last week' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_request', param: 'from' });

    const started = await call('POST', '/reconciliation/runs', admin, { from, to });
    expect(started.statusCode).toBe(202);
    const run = started.json();
    expect(run).toMatchObject({
      object: 'reconciliation_run',
      status: 'waiting',
      triggered_by: `key:${adminId}`,
      window: { from, to },
    });
    let view = run;
    const deadline = Date.now() + 10_000;
    while (!['completed', 'failed'].includes(view.status) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      view = (await call('GET', `/reconciliation/runs/${run.id}`, reader)).json();
    }
    expect(view).toMatchObject({
      status: 'completed',
      stripe_refunds: 11,
      healed: 4,
      flagged: 6,
      open: 6,
      needs_attention: true,
      counts: { matched: 2, status_mismatch: 4, missing_at_stripe: 1 },
    });
    expect(view.discrepancies.data).toHaveLength(10);
    expect(view.duration_seconds).toBeGreaterThanOrEqual(0);

    const open = (await call('GET', `/reconciliation/runs/${run.id}?open=true`, reader)).json();
    expect(open.discrepancies.data).toHaveLength(6);
    const amounts = (await call('GET', `/reconciliation/runs/${run.id}?kind=amount_mismatch`, reader)).json();
    expect(amounts.discrepancies.data).toEqual([
      expect.objectContaining({
        kind: 'amount_mismatch',
        stripe: expect.objectContaining({ amount: 1_400 }),
        local: expect.objectContaining({ amount: 1_401 }),
      }),
    ]);
    const page = (await call('GET', `/reconciliation/runs/${run.id}?limit=4`, reader)).json();
    expect(page.discrepancies).toMatchObject({ has_more: true });
    const next = (
      await call(
        'GET',
        `/reconciliation/runs/${run.id}?limit=100&starting_after=${page.discrepancies.data[3].id}`,
        reader,
      )
    ).json();
    expect(next.discrepancies.data).toHaveLength(6);
    expect(next.discrepancies.data.map((d: { id: string }) => d.id)).not.toContain(
      page.discrepancies.data[3].id,
    );

    expect((await call('GET', '/reconciliation/runs/rcn_nope', reader)).statusCode).toBe(404);
    expect((await call('GET', `/reconciliation/runs/${run.id}?kind=bogus`, reader)).statusCode).toBe(400);
    const list = (await call('GET', '/reconciliation/runs', reader)).json();
    expect(list.data.map((r: { id: string }) => r.id)).toEqual([run.id]);
  });

  it('resolves a flagged discrepancy with a note, once, for admins only', async () => {
    const [run] = (await call('GET', '/reconciliation/runs', reader)).json().data;
    const open = (await call('GET', `/reconciliation/runs/${run.id}?open=true`, reader)).json().discrepancies
      .data;
    const target = open[0];
    const path = `/reconciliation/discrepancies/${target.id}/resolve`;
    expect((await call('POST', path, reader, { note: 'x' })).statusCode).toBe(403);
    const noNote = await call('POST', path, admin, {});
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.param).toBe('note');
    const done = await call('POST', path, admin, { note: 'Refunded by hand in the Stripe dashboard.' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      id: target.id,
      resolved_by: `key:${adminId}`,
      resolution_note: 'Refunded by hand in the Stripe dashboard.',
    });
    expect(done.json().resolved_at).toEqual(expect.any(String));
    const again = await call('POST', path, admin, { note: 'again' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_resolved');
    expect(
      (await call('POST', '/reconciliation/discrepancies/rcd_nope/resolve', admin, { note: 'x' })).statusCode,
    ).toBe(404);
    const after = (await call('GET', `/reconciliation/runs/${run.id}`, reader)).json();
    expect(after).toMatchObject({ flagged: 6, open: 5 });
  });

  it('counts discrepancies by kind in /metrics, with the open ones and the last run', async () => {
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/refundry_reconciliation_discrepancies_total\{kind="amount_mismatch"\} 1\n/);
    expect(text).toMatch(/refundry_reconciliation_discrepancies_total\{kind="status_mismatch"\} 4\n/);
    expect(text).toMatch(/refundry_reconciliation_discrepancies_total\{kind="missing_here"\} 1\n/);
    expect(text).toMatch(/refundry_reconciliation_open_discrepancies 5\n/);
    const last = /^refundry_reconciliation_last_run_timestamp_seconds (\S+)$/m.exec(text);
    expect(Math.abs(Number(last![1]) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('the daily schedule makes one run per slot, however many processes check at once', async () => {
    const now = () => new Date(Date.now() + 3_600_000);
    const at = { hour: now().getUTCHours(), minute: 0 };
    const reconcilers = [0, 1, 2].map(() =>
      createReconciler({ db, gateway: createStripeGateway(sb.stripe), logger: silentLogger(), pollMs: 20 }),
    );
    const schedules = reconcilers.map((reconciler) =>
      startSchedule({
        db,
        reconciler,
        logger: silentLogger(),
        at,
        windowDays: 1,
        now,
        checkEveryMs: 3_600_000,
      }),
    );
    try {
      const started = await Promise.all(schedules.map((s) => s.check()));
      expect(started.filter(Boolean)).toHaveLength(1);
      expect(await schedules[0]!.check()).toBeUndefined();
      const runs = await db.query<{ schedule_key: string; triggered_by: string; window_end: Date }>(
        `SELECT schedule_key, triggered_by, window_end FROM reconciliation_runs WHERE schedule_key IS NOT NULL`,
      );
      const due = new Date(now());
      due.setUTCMinutes(0, 0, 0);
      expect(runs).toEqual([
        {
          schedule_key: `daily:${due.toISOString().slice(0, 10)}`,
          triggered_by: 'schedule',
          window_end: due,
        },
      ]);
      // Let it finish before the database closes.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const [row] = await db.query<{ status: string }>(
          'SELECT status FROM reconciliation_runs WHERE schedule_key IS NOT NULL',
        );
        if (row!.status === 'completed') break;
        if (Date.now() > deadline) throw new Error(`scheduled run still ${row!.status}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      for (const s of schedules) s.stop();
      for (const r of reconcilers) await r.stop();
    }
  });
});
