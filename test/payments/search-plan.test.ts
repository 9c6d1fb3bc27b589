// The payment search uses its indexes, on both engines: on a table big enough that the planner
// would otherwise read it whole, EXPLAIN shows only index scans for every field (prefix and
// exact), and without one of the indexes the same query falls back to a sequential scan, which
// proves the table is big enough for the check to mean something. `npm run bench -- search`
// measures it on 1M payments in PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { prefixUpperBound, searchPayments, searchQuery } from '../../src/payments/payments.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { explainSearch } from '../support/explain-search.ts';

const ROWS = 20_000;

describe.each(engines())('payment search plan on %s', (engine) => {
  let db: Db;

  beforeAll(async () => {
    db = await createTestDb(engine);
    // Payments with every searched field filled, and a refund on each (its ids are searched too).
    await db.query(
      `INSERT INTO payments (id, stripe_payment_intent_id, stripe_charge_id, order_id, customer_id, customer_email,
         amount, currency, captured_at)
       SELECT 'pay_' || md5(i::text), 'pi_' || md5('pi' || i), 'ch_' || md5('ch' || i), 'ORD-' || i,
              'cus_' || md5('c' || i), 'buyer' || i || '@example.com', 1000, 'usd', now()
         FROM generate_series(1, $1::int) AS i`,
      [ROWS],
    );
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key,
         stripe_refund_id)
       SELECT 'rf_' || md5('rf' || i), 'pay_' || md5(i::text), 100, 'usd', 'duplicate', 'succeeded', 'test',
              'k' || i, 're_' || md5('re' || i)
         FROM generate_series(1, $1::int) AS i`,
      [ROWS],
    );
    await db.query('ANALYZE payments');
    await db.query('ANALYZE refunds');
  }, 120_000);
  afterAll(async () => db?.close());

  const OWN_INDEXES = [
    'payments_search_id',
    'payments_search_pi',
    'payments_search_ch',
    'payments_search_order',
    'payments_search_customer',
    'payments_search_email',
  ];

  it.each([
    ['an exact value', 'buyer77@example.com', 'exact'],
    ['a prefix', 'buyer123', 'prefix'],
  ] as const)(
    'searching by %s reads each field through its index, never a table',
    async (_what, term, mode) => {
      const found = await explainSearch(db, term, mode);
      expect(
        found.filter((s) => s.startsWith('Seq Scan')),
        found.join('; '),
      ).toEqual([]);
      for (const index of OWN_INDEXES) {
        expect(
          found.some((s) => s.endsWith(` ${index}`)),
          `${index} in ${found.join('; ')}`,
        ).toBe(true);
      }
    },
  );

  it('a refund id is found through the refunds’ indexes', async () => {
    const [r] = await db.query<{ id: string; stripe_refund_id: string }>(
      "SELECT id, stripe_refund_id FROM refunds WHERE id = 'rf_' || md5('rf42')",
    );
    for (const term of [r!.id.slice(0, 10), r!.stripe_refund_id.slice(0, 10)]) {
      const found = await explainSearch(db, term, 'prefix');
      expect(
        found.filter((s) => s.startsWith('Seq Scan')),
        found.join('; '),
      ).toEqual([]);
      expect(
        found.some((s) => /refunds_search_(id|stripe)$/.test(s)),
        found.join('; '),
      ).toBe(true);
    }
  });

  it('a prefix most payments share is still index reads (the newest payments first), never a table', async () => {
    for (const term of ['buyer1', 'ord-1', 'pay_']) {
      const found = await explainSearch(db, term, 'prefix');
      expect(
        found.filter((s) => s.startsWith('Seq Scan')),
        `${term}: ${found.join('; ')}`,
      ).toEqual([]);
    }
  });

  it('without the index the planner would read the whole table: the check means something', async () => {
    await expect(
      db.transaction(async (tx) => {
        // (payments_created too: without it the planner would walk the newest payments, which for a
        // rare prefix means reading the table through that index instead.)
        await tx.query('DROP INDEX payments_search_email');
        await tx.query('DROP INDEX payments_created');
        const found = await explainSearch(tx, 'buyer123', 'prefix');
        expect(found).toContain('Seq Scan payments');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(
      (await explainSearch(db, 'buyer123', 'prefix')).some((s) => s.includes('payments_search_email')),
    ).toBe(true);
  });

  it('is planned for its terms on every call, never settling on a generic plan that walks every payment', async () => {
    // What a prepared search would come to after five calls on one connection: the generic plan,
    // which cannot know a prefix is rare, walks the payments newest first and filters them.
    const generic = await db.transaction(async (tx) => {
      const { sql, params } = searchQuery('buyer123', 'prefix', { limit: 50 });
      await tx.query(`PREPARE generic_search(text, int, text) AS ${sql}`);
      await tx.query('SET LOCAL plan_cache_mode = force_generic_plan');
      // (EXECUTE takes no bind parameters: the test's own values, written out.)
      const values = params.map((p) => (typeof p === 'number' ? String(p) : `'${String(p)}'`)).join(', ');
      const [row] = await tx.query<{ 'QUERY PLAN': unknown }>(
        `EXPLAIN (FORMAT JSON) EXECUTE generic_search(${values})`,
      );
      await tx.query('DEALLOCATE generic_search');
      return JSON.stringify(row!['QUERY PLAN']);
    });
    expect(generic).not.toContain('payments_search_email');
    // So the search is never a prepared statement: ten searches on one connection leave none.
    const prepared = await db.transaction(async (tx) => {
      for (let i = 0; i < 10; i++) await searchPayments(tx, `buyer12${i}`);
      const [row] = await tx.query<{ n: number }>(
        // (Patterns as parameters, so this statement does not match itself; the PREPARE above is not a search.)
        'SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE $1 AND statement NOT LIKE $2',
        ['%WITH hit AS%', 'PREPARE%'],
      );
      return row!.n;
    });
    expect(prepared).toBe(0);
  });

  it('finds what it should on the big table: exact values alone, else every payment with that start', async () => {
    const ids = async (q: string, limit = 50) =>
      (await searchPayments(db, q, { limit }))!.data.map((p) => p.orderId ?? p.id);
    // ORD-1999 is an order of its own (and the start of ORD-19990…): the exact one alone.
    expect(await ids('ord-1999')).toEqual(['ORD-1999']);
    // buyer1999 is no whole email: every email that starts with it.
    expect((await ids('BUYER1999')).sort()).toEqual(
      ['ORD-1999', ...Array.from({ length: 10 }, (_, i) => `ORD-1999${i}`)].sort(),
    );
    const [refund] = await db.query<{ id: string; payment_id: string }>(
      "SELECT id, payment_id FROM refunds WHERE stripe_refund_id = 're_' || md5('re5')",
    );
    expect((await searchPayments(db, refund!.id.toUpperCase()))!.data.map((p) => p.id)).toEqual([
      refund!.payment_id,
    ]);
    expect((await searchPayments(db, refund!.id.slice(0, 12)))!.data.map((p) => p.id)).toContain(
      refund!.payment_id,
    );
    // A prefix every payment shares: a page, and the next page, newest first, never the same twice.
    const first = (await searchPayments(db, 'pay_', { limit: 50 }))!;
    expect(first.data).toHaveLength(50);
    expect(first.hasMore).toBe(true);
    const second = (await searchPayments(db, 'pay_', { limit: 50, startingAfter: first.data.at(-1)!.id }))!;
    expect(second.data).toHaveLength(50);
    expect(new Set([...first.data, ...second.data].map((p) => p.id)).size).toBe(100);
  });

  it('prefixUpperBound is the first string after every string with that start', () => {
    expect(prefixUpperBound('abc')).toBe('abd');
    expect(prefixUpperBound('ord_9')).toBe('ord_:');
    expect(prefixUpperBound('a\u{10ffff}')).toBe('b');
    expect(prefixUpperBound('\u{d7ff}')).toBe('\u{e000}');
  });
});
