// Accepting a refund is ONE commit: the idempotency record, the refund, its history row and its
// notifications commit together or not at all, and the statement count stays within its budget.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_CACHE_MS, createApiKey } from '../../src/auth/api-keys.ts';
import { type CountingDb, countStatements } from '../../src/db/counting.ts';
import type { Db, Queryable } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { createMetrics, type Metrics } from '../../src/metrics/metrics.ts';
import { getPayment, paymentAmounts } from '../../src/payments/payments.ts';
import { getRefund, serializeRefund } from '../../src/refunds/refunds.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createPostgresDatabase, createTestDb, engines } from '../support/databases.ts';

/**
 * Fails the next statement that starts with `prefix` (once), inside or outside transactions — or,
 * given `before`, runs it first and then the statement.
 */
function failingOnce(db: Db) {
  let armed: { prefix: string; before?: (() => Promise<unknown>) | undefined } | undefined;
  const wrap = (q: Queryable): Queryable => ({
    async query(sql, params) {
      if (armed && sql.trimStart().startsWith(armed.prefix)) {
        const { before } = armed;
        armed = undefined;
        if (!before) throw new Error('injected failure');
        await before();
      }
      return q.query(sql, params);
    },
  });
  const wrapped: Db = { ...db, ...wrap(db), transaction: (fn) => db.transaction((tx) => fn(wrap(tx))) };
  return {
    db: wrapped,
    arm: (prefix: string, before?: () => Promise<unknown>) => (armed = { prefix, before }),
  };
}

/** The statement that writes an accepted group (request-refund.ts WRITE_GROUP). */
const WRITE = 'WITH checked AS';

describe.each(engines())('accepting a refund on %s', (engine) => {
  let base: Db;
  let db: CountingDb;
  let failing: ReturnType<typeof failingOnce>;
  let app: FastifyInstance;
  let metrics: Metrics;
  let key: string;
  let n = 0;
  /** refundry_refund_groups_decided_again_total{reason="payment_changed"} so far. */
  const decidedAgain = async () =>
    (await metrics.refundGroupsDecidedAgain.get()).values.find((v) => v.labels.reason === 'payment_changed')
      ?.value ?? 0;

  beforeAll(async () => {
    base = await createTestDb(engine);
    failing = failingOnce(base);
    // The API key and the policy settings are cached for a second (API_KEY_CACHE_MS,
    // POLICY_CACHE_MS): on a slow machine a request may find either expired and read it again.
    // What these tests hold to a budget is acceptance's own statements.
    db = countStatements(failing.db, (sql) => /\bFROM (api_keys|policy_settings)\b/.test(sql));
    metrics = createMetrics();
    app = await createServiceApp({
      db,
      metrics,
      gateway: {} as never,
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      dashboardDir: false,
    });
    key = (await createApiKey(base, { name: 'writer', scopes: ['refunds:write', 'refunds:read'] })).key;
  });
  afterAll(async () => {
    await app?.close();
    await base?.close();
  });

  async function payment(stripeAmountRefunded = 0): Promise<string> {
    const id = `pay_one${++n}`;
    await base.query(
      `INSERT INTO payments (id, stripe_charge_id, customer_email, amount, currency, captured_at, stripe_amount_refunded)
       VALUES ($1, $2, 'c@example.com', 10000, 'usd', now(), $3)`,
      [id, `ch_one${engine}${n}`, stripeAmountRefunded],
    );
    return id;
  }
  const refundsOf = (p: string) =>
    base.query<{ amount: number }>('SELECT amount FROM refunds WHERE payment_id = $1 ORDER BY created_at', [
      p,
    ]);
  const post = (body: unknown, idempotencyKey?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/refunds',
      headers: {
        authorization: `Bearer ${key}`,
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      payload: body as object,
    });

  it('is one commit of 2 statements (a read, then one write; no BEGIN, no COMMIT) once key and policy are cached', async () => {
    const p = await payment();
    await post({ payment_id: p, amount: 100, reason: 'duplicate' }, `warm-${engine}`);
    db.reset();
    const res = await post(
      { payment_id: p, amount: 100, reason: 'duplicate', note: 'n', metadata: { ticket: 'T-1', a: 'b' } },
      `one-${engine}`,
    );
    expect(res.statusCode).toBe(201);
    const counts = db.reset();
    expect(counts.commits).toBe(1);
    // The payment with the key look-up, then the one write (which locks and checks the payment).
    expect(counts.statements).toBe(2);
    const [history] = await base.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM refund_history WHERE refund_id = $1',
      [res.json().id],
    );
    expect(history!.n).toBe(1);
    // The answer is made without reading the refund back: it is the refund as stored.
    expect(res.json()).toEqual(serializeRefund((await getRefund(base, res.json().id))!));
  });

  it('a failure after the refund is written leaves neither refund nor key: the retry makes the refund', async () => {
    const p = await payment();
    const body = { payment_id: p, amount: 300, reason: 'duplicate' };
    failing.arm(WRITE);
    const failed = await post(body, `fail-${engine}`);
    expect(failed.statusCode).toBe(500);
    expect(await base.query('SELECT id FROM refunds WHERE payment_id = $1', [p])).toHaveLength(0);
    const retried = await post(body, `fail-${engine}`);
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await base.query('SELECT id FROM refunds WHERE payment_id = $1', [p])).toHaveLength(1);
  });

  it('a payment changed between the read and the write: nothing is written, the group is decided again, never over-refunded', async () => {
    const p = await payment();
    await post({ payment_id: p, amount: 100, reason: 'duplicate' }, `warm3-${engine}`);
    // After the group read the payment (100 of 10000 committed), another writer takes 6000.
    failing.arm(WRITE, () =>
      base.query(
        `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key)
         VALUES ($1, $2, 6000, 'usd', 'duplicate', 'queued', 'test', $1)`,
        [`rf_between${engine}`, p],
      ),
    );
    db.reset();
    const res = await post({ payment_id: p, amount: 6000, reason: 'duplicate' }, `between-${engine}`);
    // Read, write (refused: the payment changed), read again, write (the rejection and its key).
    expect(db.reset().statements).toBe(4);
    expect(res.statusCode).toBe(422);
    expect((await refundsOf(p)).map((r) => r.amount)).toEqual([100, 6000]);
    const replay = await post({ payment_id: p, amount: 6000, reason: 'duplicate' }, `between-${engine}`);
    expect(replay.statusCode).toBe(422);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    // What fits still fits.
    expect((await post({ payment_id: p, amount: 3900, reason: 'duplicate' })).statusCode).toBe(201);
    expect((await post({ payment_id: p, amount: 1, reason: 'duplicate' })).statusCode).toBe(422);
  });

  it('a refund of the payment sent and settled between the read and the write changes nothing the decision reads: the group is not decided again', async () => {
    const p = await payment();
    const first = await post({ payment_id: p, amount: 100, reason: 'duplicate' }, `settled0-${engine}`);
    // After the group read the payment, a worker sends the first refund and its event is applied:
    // the payment's row changes three times (its sums, Stripe's amount_refunded and when it was
    // observed), what is committed against it (100) and its facts do not.
    failing.arm(WRITE, async () => {
      for (const status of ['pending', 'succeeded'])
        await base.query('UPDATE refunds SET status = $2 WHERE id = $1', [first.json().id, status]);
      await base.query(
        'UPDATE payments SET stripe_amount_refunded = 100, stripe_synced_at = now() WHERE id = $1',
        [p],
      );
    });
    db.reset();
    const before = await decidedAgain();
    const res = await post({ payment_id: p, amount: 9_900, reason: 'duplicate' }, `settled-${engine}`);
    // The read and the one write: the write found the payment as the decision read it.
    expect(db.reset().statements).toBe(2);
    expect(await decidedAgain()).toBe(before);
    expect(res.statusCode).toBe(201);
    const [row] = await base.query<{ committed_amount: number }>(
      'SELECT committed_amount FROM payments WHERE id = $1',
      [p],
    );
    expect(row!.committed_amount).toBe(10_000);
    expect((await post({ payment_id: p, amount: 1, reason: 'duplicate' })).statusCode).toBe(422);
  });

  it('what is committed or a fact of the payment changed between the read and the write: the group is decided again on the new figures', async () => {
    const p = await payment();
    const first = await post({ payment_id: p, amount: 100, reason: 'duplicate' }, `given0-${engine}`);
    // The first refund fails after the read: its 100 is given back, so 9,950 now fits (it did
    // not when read: 100 + 9,950 > 10,000).
    failing.arm(WRITE, () =>
      base.query("UPDATE refunds SET status = 'failed' WHERE id = $1", [first.json().id]),
    );
    db.reset();
    const before = await decidedAgain();
    const res = await post({ payment_id: p, amount: 9_950, reason: 'duplicate' }, `given-${engine}`);
    // Read, write (refused: what is committed changed), read again, write.
    expect(db.reset().statements).toBe(4);
    expect(await decidedAgain()).toBe(before + 1);
    expect(res.statusCode).toBe(201);
    // A dispute opened after the read: decided again, and refused.
    failing.arm(WRITE, () => base.query('UPDATE payments SET disputed = true WHERE id = $1', [p]));
    const disputed = await post({ payment_id: p, amount: 10, reason: 'duplicate' }, `disputed-${engine}`);
    expect(db.reset().statements).toBe(4);
    expect(disputed.statusCode).toBe(422);
    expect(disputed.json().error.violations.map((v: { code: string }) => v.code)).toContain(
      'payment_disputed',
    );
    expect((await refundsOf(p)).map((r) => r.amount)).toEqual([100, 9_950]);
  });

  it("what Stripe has refunded is a floor under what is committed, read from the payment's row", async () => {
    const p = await payment(9_000);
    db.reset();
    expect((await post({ payment_id: p, amount: 2_000, reason: 'duplicate' })).statusCode).toBe(422);
    expect((await post({ payment_id: p, amount: 1_000, reason: 'duplicate' })).statusCode).toBe(201);
    // Two statements each: no sum of the payment's refunds.
    expect(db.reset().statements).toBe(4);
    // Stripe's figure moves (a refund made in Stripe's dashboard, its event applied): the floor too.
    await base.query('UPDATE payments SET stripe_amount_refunded = 9500 WHERE id = $1', [p]);
    expect((await post({ payment_id: p, amount: 100, reason: 'duplicate' })).statusCode).toBe(422);
    const amounts = await paymentAmounts(base, (await getPayment(base, p))!);
    const [row] = await base.query<{ committed_amount: number }>(
      'SELECT committed_amount FROM payments WHERE id = $1',
      [p],
    );
    expect(row!.committed_amount).toBe(amounts.refunded + amounts.inFlight);
    expect(row!.committed_amount).toBe(10_500);
  });

  it('concurrent requests with one key make one refund and all get it', async () => {
    const p = await payment();
    const body = { payment_id: p, amount: 200, reason: 'duplicate' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(body, `same-${engine}`)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
    expect(await base.query('SELECT id FROM refunds WHERE payment_id = $1', [p])).toHaveLength(1);
  });

  it('requests arriving together are accepted together, and one that fails does not take the others down', async () => {
    const p = await payment();
    const first = await post({
      payment_id: p,
      amount: 100,
      reason: 'duplicate',
      metadata: { refundry_bulk_key: `k${engine}` },
    });
    expect(first.statusCode).toBe(201);
    db.reset();
    // Five at once on one payment (10000 captured, 100 taken): 4 × 2000 fit; the fifth reuses a
    // unique key and fails; the group is then retried request by request.
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, () => post({ payment_id: p, amount: 2_000, reason: 'duplicate' })),
      post({
        payment_id: p,
        amount: 100,
        reason: 'duplicate',
        metadata: { refundry_bulk_key: `k${engine}` },
      }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 500]);
    const [sum] = await base.query<{ total: number; n: number }>(
      'SELECT sum(amount)::int AS total, count(*)::int AS n FROM refunds WHERE payment_id = $1',
      [p],
    );
    expect(sum).toEqual({ total: 8_100, n: 5 });
    // And a sixth group over the captured amount is refused by the policy, not over-refunded.
    const over = await Promise.all(
      Array.from({ length: 3 }, () => post({ payment_id: p, amount: 1_000, reason: 'duplicate' })),
    );
    expect(over.map((a) => a.statusCode).sort()).toEqual([201, 422, 422]);
  });

  it('a group of requests is a few statements for all of them', async () => {
    const ps = await Promise.all(Array.from({ length: 8 }, () => payment()));
    await post({ payment_id: ps[0], amount: 100, reason: 'duplicate' }, `warm2-${engine}`);
    db.reset();
    const answers = await Promise.all(
      ps.map((p, i) => post({ payment_id: p, amount: 100, reason: 'duplicate' }, `group-${engine}-${i}`)),
    );
    expect(answers.every((a) => a.statusCode === 201)).toBe(true);
    const counts = db.reset();
    // However the eight were grouped, fewer statements and commits than eight separate acceptances.
    expect(counts.statements).toBeLessThan(8 * 8);
    expect(counts.commits).toBeLessThan(8);
  });

  it('a refusal before anything is written (unknown payment) is what a replay gets', async () => {
    const first = await post({ payment_id: 'pay_nope', amount: 100, reason: 'duplicate' }, `nope-${engine}`);
    expect(first.statusCode).toBe(404);
    const again = await post({ payment_id: 'pay_nope', amount: 100, reason: 'duplicate' }, `nope-${engine}`);
    expect(again.statusCode).toBe(404);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await post({ payment_id: 'pay_other', amount: 100, reason: 'duplicate' }, `nope-${engine}`);
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('idempotency_conflict');
  });

  it('a key revoked by another process stops working within API_KEY_CACHE_MS', async () => {
    const other = await createApiKey(base, { name: 'other', scopes: ['refunds:read'] });
    const get = () =>
      app.inject({
        method: 'GET',
        url: '/api/v1/refunds',
        headers: { authorization: `Bearer ${other.key}` },
      });
    expect((await get()).statusCode).toBe(200);
    // Revoked behind this process's back (another instance, the CLI): only the TTL bounds it.
    await base.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [other.apiKey.id]);
    await new Promise((r) => setTimeout(r, API_KEY_CACHE_MS + 50));
    expect((await get()).statusCode).toBe(401);
  });
});

describe.each(engines())('what is committed against a payment, on %s', (engine) => {
  it("follows every change of its refunds (insert, status, amount) and of Stripe's amount_refunded, and equals paymentAmounts", async () => {
    const db = await createTestDb(engine);
    try {
      await db.query(
        `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at)
         VALUES ('pay_c1', 'ch_c1', 100000, 'usd', now()), ('pay_c2', 'ch_c2', 100000, 'usd', now())`,
      );
      const statuses = [
        'awaiting_approval',
        'queued',
        'pending',
        'requires_action',
        'succeeded',
        'refunded_another_way',
        'failed',
        'canceled',
        'rejected',
      ];
      let seed = 7;
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
      };
      for (let i = 0; i < 80; i++) {
        const op = random(4);
        if (op === 0 || i < 5) {
          await db.query(
            `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key)
             VALUES ($1, $2, $3, 'usd', 'duplicate', $4, 'test', $1)`,
            [`rf_c${i}`, `pay_c${1 + random(2)}`, 1 + random(500), statuses[random(6)]],
          );
        } else {
          const [row] = await db.query<{ id: string }>(
            'SELECT id FROM refunds ORDER BY id LIMIT 1 OFFSET $1',
            [random(5)],
          );
          if (op === 1)
            await db.query('UPDATE refunds SET status = $2 WHERE id = $1', [row!.id, statuses[random(9)]]);
          else if (op === 2)
            await db.query('UPDATE refunds SET amount = $2 WHERE id = $1', [row!.id, 1 + random(500)]);
          // Stripe's amount_refunded, a floor under the refunds Stripe counts (migration 015b).
          else
            await db.query('UPDATE payments SET stripe_amount_refunded = $2 WHERE id = $1', [
              `pay_c${1 + random(2)}`,
              random(3000),
            ]);
        }
      }
      const rows = await db.query<{ id: string; committed_amount: number }>(
        'SELECT id, committed_amount FROM payments ORDER BY id',
      );
      // The same as what the payment's page counts (refunded, refunded another way, in flight).
      for (const r of rows) {
        const amounts = await paymentAmounts(db, (await getPayment(db, r.id))!);
        expect(Number(r.committed_amount), r.id).toBe(amounts.refunded + amounts.inFlight);
      }
      expect(rows.some((r) => r.committed_amount > 0)).toBe(true);
    } finally {
      await db.close();
    }
  });
});

describe.runIf(engines().includes('postgres'))('accepting refunds in two processes on one PostgreSQL', () => {
  let dbs: Db[] = [];
  let apps: FastifyInstance[] = [];
  let key: string;
  let n = 0;

  beforeAll(async () => {
    const url = await createPostgresDatabase();
    dbs = [await openPostgres(url, 10), await openPostgres(url, 10)];
    await migrate(dbs[0]!);
    apps = await Promise.all(
      dbs.map((db) =>
        createServiceApp({
          db,
          gateway: {} as never,
          config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
          logger: silentLogger(),
          dashboardDir: false,
        }),
      ),
    );
    key = (await createApiKey(dbs[0]!, { name: 'writer', scopes: ['refunds:write'] })).key;
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const db of dbs) await db.close();
  });

  async function payment(): Promise<string> {
    const id = `pay_two${++n}`;
    await dbs[0]!.query(
      `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at)
       VALUES ($1, $2, 10000, 'usd', now())`,
      [id, `ch_two${n}`],
    );
    return id;
  }
  const post = (i: number, body: unknown, idempotencyKey: string = randomUUID()) =>
    apps[i % 2]!.inject({
      method: 'POST',
      url: '/api/v1/refunds',
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': idempotencyKey },
      payload: body as object,
    });

  it('never over-refunds a payment both accept refunds on at once; each 201 is a refund stored', async () => {
    const p = await payment();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => post(i, { payment_id: p, amount: 1_000, reason: 'duplicate' })),
    );
    const created = answers.filter((a) => a.statusCode === 201);
    expect(created).toHaveLength(10);
    expect(answers.filter((a) => a.statusCode === 422)).toHaveLength(30);
    const rows = await dbs[0]!.query<{ id: string; amount: number }>(
      'SELECT id, amount FROM refunds WHERE payment_id = $1',
      [p],
    );
    expect(rows.reduce((sum, r) => sum + r.amount, 0)).toBe(10_000);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(created.map((a) => a.json().id)));
  });

  it('one key sent to both at once makes one refund, and all get it', async () => {
    const p = await payment();
    const body = { payment_id: p, amount: 500, reason: 'duplicate' };
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => post(i, body, `both-${p}`)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    expect(await dbs[0]!.query('SELECT id FROM refunds WHERE payment_id = $1', [p])).toHaveLength(1);
  });
});
