// The payment search uses its indexes, on both engines: on a table big enough that the planner
// would otherwise read it whole, EXPLAIN shows only index scans for every field (prefix and
// exact), and without one of the indexes the same query falls back to a sequential scan, which
// proves the table is big enough for the check to mean something. `npm run bench -- search`
// measures it on 1M payments in PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { prefixUpperBound, searchPayments } from '../../src/payments/payments.ts';
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

  it.each([
    ['a prefix', 'ord-123', true],
    // Shared by more than half the payments: still the first rows of each index, never the table.
    ['a prefix most payments share', 'ord-1', true],
    ['an exact value', 'buyer77@example.com', false],
  ] as const)('searching by %s reads only indexes', async (_what, term, prefix) => {
    const found = await explainSearch(db, term, prefix);
    expect(found.filter((s) => s.startsWith('Seq Scan'))).toEqual([]);
    // Each of the eight fields through its own index.
    for (const index of [
      'payments_search_id',
      'payments_search_pi',
      'payments_search_ch',
      'payments_search_order',
      'payments_search_customer',
      'payments_search_email',
      'refunds_search_id',
      'refunds_search_stripe',
    ]) {
      expect(
        found.some((s) => s.endsWith(` ${index}`)),
        `${index} in ${found.join('; ')}`,
      ).toBe(true);
    }
  });

  it('without the index the planner would read the whole table: the check means something', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('DROP INDEX payments_search_order');
        const found = await explainSearch(tx, 'ord-123', true);
        expect(found).toContain('Seq Scan payments');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await explainSearch(db, 'ord-123', true)).some((s) => s.includes('payments_search_order'))).toBe(
      true,
    );
  });

  it('finds what it should on the big table', async () => {
    const byPrefix = await searchPayments(db, 'ORD-1999');
    expect(byPrefix.map((p) => p.orderId).sort()).toEqual(
      ['ORD-1999', ...Array.from({ length: 10 }, (_, i) => `ORD-1999${i}`)].sort(),
    );
    expect(byPrefix[0]!.orderId).toBe('ORD-1999'); // the exact match first
    const [refund] = await db.query<{ id: string; payment_id: string }>(
      "SELECT id, payment_id FROM refunds WHERE stripe_refund_id = 're_' || md5('re5')",
    );
    expect((await searchPayments(db, refund!.id.toUpperCase())).map((p) => p.id)).toEqual([
      refund!.payment_id,
    ]);
    expect(await searchPayments(db, 'pay_', 50)).toHaveLength(50); // bounded, however many match
  });

  it('prefixUpperBound is the first string after every string with that start', () => {
    expect(prefixUpperBound('abc')).toBe('abd');
    expect(prefixUpperBound('ord_9')).toBe('ord_:');
    expect(prefixUpperBound('a\u{10ffff}')).toBe('b');
    expect(prefixUpperBound('\u{d7ff}')).toBe('\u{e000}');
  });
});
