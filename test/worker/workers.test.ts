import { afterEach, describe, expect, it } from 'vitest';
import { countStatements } from '../../src/db/counting.ts';
import type { Db } from '../../src/db/db.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createRequestBudget } from '../../src/stripe/request-budget.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { claimNext, resumeSending } from '../../src/worker/claim-next.ts';
import { startWorkers } from '../../src/worker/workers.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { insertPayment, insertQueuedRefund, stripeRefundsByRefundryId, waitFor } from './helpers.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setup(engine: 'pglite' | 'postgres', apiKey?: string) {
  const db = await createTestDb(engine);
  const sb = await startTestSandbox();
  cleanups.push(
    () => db.close(),
    () => sb.close(),
  );
  const stripe = apiKey ? sb.client(apiKey) : sb.stripe;
  return { db, sb, gateway: createStripeGateway(stripe) };
}

async function charge(sb: TestSandbox, amount = 1000) {
  const c = await sb.stripe.charges.create({ amount, currency: 'usd', source: 'tok_visa' });
  return { id: c.id, amount };
}

async function statusOf(db: Db, id: string) {
  const [row] = await db.query<{
    status: string;
    stripe_refund_id: string | null;
    failure_code: string | null;
    lease_owner: string | null;
  }>('SELECT status, stripe_refund_id, failure_code, lease_owner FROM refunds WHERE id = $1', [id]);
  return row;
}

async function run(db: Db, gateway: ReturnType<typeof createStripeGateway>, until: () => Promise<boolean>) {
  const workers = await startWorkers({
    db,
    gateway,
    logger: silentLogger(),
    concurrency: 4,
    pollIntervalMs: 20,
    budget: { maxRate: 1000 },
  });
  try {
    await waitFor(until, 15_000);
  } finally {
    await workers.stop();
  }
  return workers;
}

describe.each(engines())('workers on %s', (engine) => {
  it('sends queued refunds once, with the metadata id, and stores Stripe status', async () => {
    const { db, sb, gateway } = await setup(engine);
    const c = await charge(sb);
    const pay = await insertPayment(db, c);
    const ids = [await insertQueuedRefund(db, pay, 300), await insertQueuedRefund(db, pay, 200)];
    await run(db, gateway, async () =>
      (await Promise.all(ids.map((id) => statusOf(db, id)))).every((r) => r?.status !== 'queued'),
    );
    const groups = await stripeRefundsByRefundryId(sb.stripe);
    for (const id of ids) {
      const row = await statusOf(db, id);
      expect(row?.status).toMatch(/pending|succeeded/);
      expect(row?.lease_owner).toBeNull();
      expect(groups.get(id)).toEqual([row?.stripe_refund_id]);
    }
    const history = await db.query('SELECT to_status, actor FROM refund_history WHERE refund_id = $1', [
      ids[0],
    ]);
    expect(history).toEqual([{ to_status: expect.stringMatching(/pending|succeeded/), actor: 'worker' }]);
  });

  it('stores sends that end together in one transaction; one that cannot be stored holds back no other', async () => {
    const { db, sb, gateway } = await setup(engine);
    const pay = await insertPayment(db, await charge(sb, 10_000));
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await insertQueuedRefund(db, pay, 100));
    const [bad, ...good] = ids as [string, ...string[]];
    // The outcome of one refund cannot be stored (as if its row were broken): its group rolls back.
    await db.exec(`CREATE FUNCTION test_refuse_store() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id = '${bad}' AND NEW.status <> 'queued' THEN RAISE EXCEPTION 'cannot store'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_refuse_store BEFORE UPDATE ON refunds FOR EACH ROW EXECUTE FUNCTION test_refuse_store();`);
    const workers = await startWorkers({
      db,
      gateway,
      logger: silentLogger(),
      concurrency: 20,
      pollIntervalMs: 20,
      budget: { maxRate: 1000 },
    });
    try {
      await waitFor(
        async () =>
          (await Promise.all(good.map((id) => statusOf(db, id)))).every((r) => r?.status !== 'queued'),
        15_000,
      );
    } finally {
      await workers.stop();
    }
    const groups = await stripeRefundsByRefundryId(sb.stripe);
    for (const id of good) {
      const row = await statusOf(db, id);
      expect(row?.lease_owner).toBeNull();
      expect(groups.get(id)).toEqual([row?.stripe_refund_id]);
      const history = await db.query('SELECT 1 FROM refund_history WHERE refund_id = $1', [id]);
      expect(history).toHaveLength(1);
    }
    // Sent once, not stored: still queued, with no history; its resend finds the same Stripe refund.
    expect((await statusOf(db, bad))?.status).toBe('queued');
    expect(groups.get(bad)).toHaveLength(1);
  });

  it('sends answered together are stored in one transaction', async () => {
    const { db, sb, gateway } = await setup(engine);
    const pay = await insertPayment(db, await charge(sb, 10_000));
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await insertQueuedRefund(db, pay, 100));
    // Stripe's answers are held until all eight are in, then given back in the same turn.
    const answered: Array<() => void> = [];
    const together: typeof gateway = {
      ...gateway,
      async createRefund(input) {
        const refund = await gateway.createRefund(input);
        await new Promise<void>((resolve) => {
          answered.push(resolve);
          if (answered.length === ids.length) for (const r of answered) r();
        });
        return refund;
      },
    };
    const workers = await startWorkers({
      db,
      gateway: together,
      logger: silentLogger(),
      concurrency: ids.length,
      pollIntervalMs: 20,
      budget: { maxRate: 1000 },
    });
    try {
      await waitFor(
        async () =>
          (await Promise.all(ids.map((id) => statusOf(db, id)))).every((r) => r?.status !== 'queued'),
        15_000,
      );
    } finally {
      await workers.stop();
    }
    // Rows written by one transaction share its id (xmin).
    const [tx] = await db.query<{ n: number }>(
      "SELECT count(DISTINCT xmin::text)::int AS n FROM refunds WHERE status <> 'queued'",
    );
    expect(tx!.n).toBe(1);
    const groups = await stripeRefundsByRefundryId(sb.stripe);
    for (const id of ids) expect(groups.get(id)).toEqual([(await statusOf(db, id))?.stripe_refund_id]);
  });

  it("fails a refund Stripe refuses, with Stripe's code", async () => {
    const { db, sb, gateway } = await setup(engine);
    const c = await charge(sb, 500);
    const pay = await insertPayment(db, c);
    const id = await insertQueuedRefund(db, pay, 900); // more than the charge
    await run(db, gateway, async () => (await statusOf(db, id))?.status === 'failed');
    expect((await statusOf(db, id))?.failure_code).toBe('amount_too_large');
    expect((await stripeRefundsByRefundryId(sb.stripe)).size).toBe(0);
  });

  it('pauses sending on an authentication error and fails nothing', async () => {
    const { db, sb } = await setup(engine);
    const c = await charge(sb);
    const pay = await insertPayment(db, c);
    const id = await insertQueuedRefund(db, pay, 100);
    const badGateway = createStripeGateway(sb.client('not_a_key'));
    const workers = await run(
      db,
      badGateway,
      async () => (await db.query("SELECT 1 FROM service_state WHERE key = 'sending_paused'")).length > 0,
    );
    expect(workers.stats.authPauses).toBe(1);
    expect((await statusOf(db, id))?.status).toBe('queued');
    // Cleared: a good key sends it.
    await resumeSending(db);
    await run(db, createStripeGateway(sb.stripe), async () => (await statusOf(db, id))?.status !== 'queued');
  });

  it('another worker picks up a refund whose lease expired', async () => {
    const { db, sb, gateway } = await setup(engine);
    const pay = await insertPayment(db, await charge(sb));
    const id = await insertQueuedRefund(db, pay, 100);
    const [claimed] = await claimNext(db, { workerId: 'crashed', limit: 5, leaseMs: 60_000 });
    expect(claimed?.id).toBe(id);
    expect(await claimNext(db, { workerId: 'other', limit: 5, leaseMs: 60_000 })).toEqual([]);
    await db.query("UPDATE refunds SET lease_expires_at = now() - interval '1 second' WHERE id = $1", [id]);
    await run(db, gateway, async () => (await statusOf(db, id))?.status !== 'queued');
    const [row] = await db.query<{ attempts: number }>('SELECT attempts FROM refunds WHERE id = $1', [id]);
    expect(row?.attempts).toBe(2);
  });

  it('past 23 h adopts the Stripe refund already made instead of making another', async () => {
    const { db, sb, gateway } = await setup(engine);
    const c = await charge(sb);
    const pay = await insertPayment(db, c);
    const id = await insertQueuedRefund(db, pay, 100);
    // The first attempt reached Stripe 25 h ago (with a key Stripe has since forgotten).
    const existing = await sb.stripe.refunds.create(
      { charge: c.id, amount: 100, metadata: { refundry_refund_id: id } },
      { idempotencyKey: 'old-forgotten' },
    );
    await db.query(
      "UPDATE refunds SET first_attempt_at = now() - interval '25 hours', attempts = 1, stripe_idempotency_key = 'fresh' WHERE id = $1",
      [id],
    );
    await run(db, gateway, async () => (await statusOf(db, id))?.status !== 'queued');
    expect((await statusOf(db, id))?.stripe_refund_id).toBe(existing.id);
    expect((await stripeRefundsByRefundryId(sb.stripe)).get(id)).toEqual([existing.id]);
  });

  it('the shared budget spaces requests at the rate and slows down after a 429', async () => {
    const { db } = await setup(engine);
    const budget = await createRequestBudget(db, { maxRate: 50, capacity: 1 });
    const t0 = performance.now();
    for (let i = 0; i < 11; i++) await budget.acquire();
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(180); // 10 tokens beyond the burst at 50/s = 200 ms
    expect(elapsed).toBeLessThan(1500);
    // Asked at once, the tokens are reserved in one statement and still spaced at the rate.
    const counting = countStatements(db);
    // The waits are recorded as the budget asks for them: a timer's wall-clock end can come a few
    // ms "early", because Node starts it from the event loop's cached time, which PGlite's
    // synchronous work in the same turn leaves behind (a flake measured 12.6 ms for a 20 ms wait).
    const waits: number[] = [];
    const recordingSleep = (ms: number) => {
      waits.push(ms);
      return new Promise<void>((r) => setTimeout(r, ms));
    };
    const together = await createRequestBudget(
      counting,
      { maxRate: 50, capacity: 1, name: 'together' },
      recordingSleep,
    );
    counting.reset();
    const t1 = performance.now();
    await Promise.all(Array.from({ length: 11 }, () => together.acquire()));
    const elapsed1 = performance.now() - t1;
    expect(counting.reset().statements).toBe(1);
    expect(elapsed1).toBeGreaterThanOrEqual(180);
    expect(elapsed1).toBeLessThan(1500);
    // One token was in the bucket: the first goes at once (no wait), the others one 1/50 s apart.
    expect(waits).toHaveLength(10);
    const sorted = [...waits].sort((a, b) => a - b);
    expect(sorted.map((ms) => Math.round(ms))).toEqual([20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
    await budget.rateLimited();
    await budget.rateLimited(); // cut at most once a second
    expect(await budget.currentRate()).toBeCloseTo(35, 0);
  });
});
