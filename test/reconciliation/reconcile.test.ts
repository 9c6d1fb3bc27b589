// Reconciliation against the sandbox, on both engines: every discrepancy kind seeded at Stripe
// (through the SDK) and in the database (SQL), one run, then the report, the healing and the
// history it wrote; two runs at once, the second waiting for the first.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { getPayment, paymentAmounts } from '../../src/payments/payments.ts';
import { createReconciler, type Reconciler, type RunWindow } from '../../src/reconciliation/reconcile.ts';
import { listDiscrepancies, needsAttention, resolveDiscrepancy } from '../../src/reconciliation/runs.ts';
import { getRefund, refundHistory } from '../../src/refunds/refunds.ts';
import { createLogger, silentLogger } from '../../src/shared/logger.ts';
import type { StripeGateway } from '../../src/stripe/gateway.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { type Seeded, seedEveryCase } from './seed.ts';

const HOUR = 3_600_000;
const around = (): RunWindow => ({
  start: new Date(Date.now() - 3 * HOUR),
  end: new Date(Date.now() + 3 * HOUR),
});

describe.each(engines())('reconciliation on %s', (engine) => {
  let db: Db;
  let sb: TestSandbox;
  let gateway: StripeGateway;
  let seeded: Seeded;
  const reconcilers: Reconciler[] = [];
  const reconciler = (over: Partial<Parameters<typeof createReconciler>[0]> = {}) => {
    const r = createReconciler({ db, gateway, logger: silentLogger(), pollMs: 20, leaseMs: 2_000, ...over });
    reconcilers.push(r);
    return r;
  };

  beforeAll(async () => {
    db = await createTestDb(engine);
    sb = await startTestSandbox();
    gateway = createStripeGateway(sb.stripe);
    seeded = await seedEveryCase(db, sb, 'a');
  });
  afterAll(async () => {
    for (const r of reconcilers) await r.stop();
    await sb?.close();
    await db?.close();
  });

  it('classifies every seeded case, heals what the normal path allows and flags the rest', async () => {
    const { ids } = seeded;
    const beforeExternal = await paymentAmounts(db, (await getPayment(db, seeded.paymentId))!);
    const started = await reconciler().start({ window: around(), triggeredBy: 'test' });
    const run = await started!.done;
    expect(run.status).toBe('completed');
    expect(run.stripeRefunds).toBe(11);
    expect(run.counts).toEqual({
      matched: 2, // the matched one and the original of the duplicate
      status_mismatch: 4,
      amount_mismatch: 1,
      currency_mismatch: 1,
      missing_here: 1,
      unknown_payment: 1,
      missing_at_stripe: 1,
      duplicate_at_stripe: 1,
    });
    // Healed: pending→succeeded, queued→succeeded (lost response), succeeded→failed (late
    // failure), the external refund. Flagged: illegal status, amount, currency, unknown payment,
    // missing at Stripe, duplicate.
    expect(run.healed).toBe(4);
    expect(run.flagged).toBe(6);
    expect(run.open).toBe(6);
    expect(needsAttention(run)).toBe(true);

    const { data } = await listDiscrepancies(db, run.id, { limit: 100 });
    const byRefund = (id: string) => data.find((d) => d.refundId === id);
    expect(byRefund(ids.matched)).toBeUndefined();
    expect(byRefund(ids.pendingHere)).toMatchObject({ kind: 'status_mismatch', action: 'healed' });
    expect(byRefund(ids.pendingHere)!.resolvedBy).toBe('reconciliation');
    expect(byRefund(ids.lostResponse)).toMatchObject({ kind: 'status_mismatch', action: 'healed' });
    expect(byRefund(ids.lateFailure)).toMatchObject({
      kind: 'status_mismatch',
      action: 'healed',
      stripeValues: expect.objectContaining({ status: 'failed' }),
      localValues: expect.objectContaining({ status: 'succeeded' }),
    });
    expect(byRefund(ids.illegal)).toMatchObject({
      kind: 'status_mismatch',
      action: 'flagged',
      resolvedAt: null,
    });
    expect(byRefund(ids.amount)).toMatchObject({
      kind: 'amount_mismatch',
      action: 'flagged',
      stripeValues: expect.objectContaining({ amount: 1_400 }),
      localValues: expect.objectContaining({ amount: 1_401 }),
    });
    expect(byRefund(ids.currency)).toMatchObject({ kind: 'currency_mismatch', action: 'flagged' });
    expect(byRefund(ids.missingAtStripe)).toMatchObject({
      kind: 'missing_at_stripe',
      action: 'flagged',
      stripeRefundId: 're_a_never_made',
      stripeValues: null,
    });
    expect(data.find((d) => d.stripeRefundId === seeded.stripe.unknownPayment)).toMatchObject({
      kind: 'unknown_payment',
      action: 'flagged',
      refundId: null,
    });
    expect(data.find((d) => d.stripeRefundId === seeded.stripe.duplicate)).toMatchObject({
      kind: 'duplicate_at_stripe',
      action: 'flagged',
      refundId: ids.duplicated,
    });
    const external = data.find((d) => d.stripeRefundId === seeded.stripe.external);
    expect(external).toMatchObject({ kind: 'missing_here', action: 'healed', paymentId: seeded.paymentId });

    // Healing went through the transition path: status and a history row by 'reconciliation'.
    for (const [id, from, to] of [
      [ids.pendingHere, 'pending', 'succeeded'],
      [ids.lostResponse, 'queued', 'succeeded'],
      [ids.lateFailure, 'succeeded', 'failed'],
    ] as const) {
      expect((await getRefund(db, id))!.status).toBe(to);
      const history = await refundHistory(db, id);
      expect(history.at(-1)).toMatchObject({ from_status: from, to_status: to, actor: 'reconciliation' });
    }
    expect((await getRefund(db, ids.lostResponse))!.stripe_refund_id).toMatch(/^re_/);
    expect((await getRefund(db, ids.lateFailure))!.failure_code).toBe('expired_or_canceled_card');
    // Flagged ones are left exactly as they were.
    expect(await getRefund(db, ids.amount)).toMatchObject({ amount: 1_401, status: 'succeeded' });
    expect(await getRefund(db, ids.illegal)).toMatchObject({ status: 'failed' });

    // The external refund is a refund on its payment now, so less remains refundable.
    const [ext] = await db.query<{ id: string; origin: string; amount: number; status: string }>(
      'SELECT id, origin, amount, status FROM refunds WHERE stripe_refund_id = $1',
      [seeded.stripe.external],
    );
    expect(ext).toMatchObject({ origin: 'external', status: 'succeeded' });
    expect(Number(ext!.amount)).toBe(1_700);
    expect(external!.refundId).toBe(ext!.id);
    const afterExternal = await paymentAmounts(db, (await getPayment(db, seeded.paymentId))!);
    // +1,700 external, +2,000 duplicate (recorded so the money is counted), +1,100 and +1,200 now succeeded
    // (they were already committed in flight), so refundable drops by exactly the two Stripe-only refunds.
    expect(beforeExternal.refundable - afterExternal.refundable).toBe(1_700 + 2_000);

    // The seen ids are gone once the run ended.
    const [seen] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM reconciliation_seen WHERE run_id = $1',
      [run.id],
    );
    expect(seen!.n).toBe(0);
  });

  it('a second run finds only what is still wrong, and a resolution is not asked again', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => void lines.push(line) },
    });
    const first = await (await reconciler({ logger }).start({ window: around(), triggeredBy: 'test' }))!.done;
    // Everything healable was healed by the previous test's run: nothing healed now.
    expect(first.healed).toBe(0);
    expect(first.counts.matched).toBe(7); // both matched, the 3 healed ones, the external, the duplicate
    expect(first.flagged).toBe(5); // illegal, amount, currency, unknown payment, missing at Stripe
    // Each flagged one is logged as a warning carrying the refund's id.
    const warned = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 40);
    expect(warned).toHaveLength(5);
    expect(warned.find((l) => l.kind === 'amount_mismatch')).toMatchObject({ refundId: seeded.ids.amount });
    const { data } = await listDiscrepancies(db, first.id, { limit: 100, open: true });
    const amount = data.find((d) => d.kind === 'amount_mismatch')!;
    const resolved = await resolveDiscrepancy(
      db,
      amount.id,
      'user:finance',
      'Partial goodwill credit, fine.',
    );
    expect(resolved).toMatchObject({ kind: 'resolved', discrepancy: { resolvedBy: 'user:finance' } });
    expect((await resolveDiscrepancy(db, amount.id, 'user:x', 'again')).kind).toBe('already_resolved');
    expect((await resolveDiscrepancy(db, 'rcd_nope', 'user:x', 'x')).kind).toBe('not_found');

    const second = await (await reconciler().start({ window: around(), triggeredBy: 'test' }))!.done;
    expect(second.flagged).toBe(4);
    const again = (await listDiscrepancies(db, second.id, { limit: 100 })).data.find(
      (d) => d.kind === 'amount_mismatch',
    );
    expect(again).toMatchObject({ action: 'flagged', resolvedBy: 'user:finance' });
    expect(again!.resolutionNote).toContain(amount.id);
  });

  it('runs one reconciliation at a time: a second one started meanwhile waits, then runs', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    // The first run's listing stalls on its first page until released.
    const slow: StripeGateway = {
      ...gateway,
      listRefunds: (window) => ({
        async *[Symbol.asyncIterator]() {
          await gate;
          yield* gateway.listRefunds(window);
        },
      }),
    };
    // Two reconcilers: as two processes would have (the lease is in the database).
    const a = await reconciler({ gateway: slow }).start({ window: around(), triggeredBy: 'a' });
    const waitFor = async (check: () => Promise<boolean>) => {
      const deadline = Date.now() + 5_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const statusOf = async (id: string) =>
      (await db.query<{ status: string }>('SELECT status FROM reconciliation_runs WHERE id = $1', [id]))[0]!
        .status;
    await waitFor(async () => (await statusOf(a!.run.id)) === 'running');
    const b = await reconciler().start({ window: around(), triggeredBy: 'b' });
    await new Promise((r) => setTimeout(r, 200));
    expect(await statusOf(b!.run.id)).toBe('waiting');
    expect(await statusOf(a!.run.id)).toBe('running');
    release();
    const [ra, rb] = await Promise.all([a!.done, b!.done]);
    expect(ra.status).toBe('completed');
    expect(rb.status).toBe('completed');
    expect(rb.startedAt!.getTime()).toBeGreaterThanOrEqual(ra.finishedAt!.getTime());
    expect(rb.stripeRefunds).toBe(ra.stripeRefunds);
  });

  it('takes over the lease of a run whose process died, marking that run failed', async () => {
    const [dead] = await db.query<{ id: string }>(
      `INSERT INTO reconciliation_runs (id, window_start, window_end, status, triggered_by, started_at, heartbeat_at)
       VALUES ('rcn_dead', now() - interval '1 day', now(), 'running', 'test', now() - interval '1 minute', now() - interval '1 minute')
       RETURNING id`,
    );
    await db.query(
      `INSERT INTO reconciliation_lease (name, holder, expires_at) VALUES ('reconciliation', $1, now() + interval '300 milliseconds')`,
      [dead!.id],
    );
    const run = await (await reconciler().start({ window: around(), triggeredBy: 'test' }))!.done;
    expect(run.status).toBe('completed');
    const [row] = await db.query<{ status: string; error: string }>(
      `SELECT status, error FROM reconciliation_runs WHERE id = 'rcn_dead'`,
    );
    expect(row).toMatchObject({ status: 'failed', error: expect.stringContaining('abandoned') });
  });

  it('marks a run whose process died failed even when its lease had already expired', async () => {
    await db.query(
      `INSERT INTO reconciliation_runs (id, window_start, window_end, status, triggered_by, started_at, heartbeat_at)
       VALUES ('rcn_gone', now() - interval '1 day', now(), 'running', 'test', now() - interval '1 hour', now() - interval '1 hour')`,
    );
    const run = await (await reconciler().start({ window: around(), triggeredBy: 'test' }))!.done;
    expect(run.status).toBe('completed');
    const [row] = await db.query<{ status: string; finished_at: Date | null }>(
      `SELECT status, finished_at FROM reconciliation_runs WHERE id = 'rcn_gone'`,
    );
    expect(row!.status).toBe('failed');
    expect(row!.finished_at).not.toBeNull();
  });

  it('a run whose Stripe listing fails is stored as failed and releases the lease', async () => {
    const broken: StripeGateway = {
      ...gateway,
      listRefunds: () => ({
        // biome-ignore lint/correctness/useYield: fails before its first page, as a Stripe outage would
        async *[Symbol.asyncIterator](): AsyncGenerator<Stripe.Refund[]> {
          throw Object.assign(new Error('Stripe is down'), { type: 'StripeConnectionError' });
        },
      }),
    };
    const run = await (await reconciler({ gateway: broken }).start({
      window: around(),
      triggeredBy: 'test',
    }))!.done;
    expect(run).toMatchObject({ status: 'failed', error: 'Stripe is down' });
    expect(needsAttention(run)).toBe(true);
    expect(await db.query('SELECT * FROM reconciliation_lease')).toEqual([]);
  });
});
