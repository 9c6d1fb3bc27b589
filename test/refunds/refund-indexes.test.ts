// Migrations 015d and 017q index the columns a refund is accepted without (its Stripe id, the refund
// it retries, a bulk row's key, a Connect fee refund) only where they have a value. Each query on them must still read its
// index, with the generic plan both engines keep for a prepared statement (whatever the value).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { genericPlan } from '../support/generic-plan.ts';

describe.each(engines())('partial refund indexes on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(engine);
  });
  afterAll(async () => db?.close());

  it.each([
    [
      'a Stripe refund id',
      'SELECT id FROM refunds WHERE stripe_refund_id = $1',
      'text',
      "'re_1'",
      'refunds_stripe_refund_id',
    ],
    [
      'Stripe refund ids (reconciliation)',
      'SELECT id FROM refunds WHERE stripe_refund_id = ANY($1::text[]) OR id = ANY($2::text[])',
      'text[], text[]',
      "'{re_1}', '{rf_1}'",
      'refunds_stripe_refund_id',
    ],
    [
      'the retry of a refund',
      'SELECT id FROM refunds WHERE retry_of = $1',
      'text',
      "'rf_1'",
      'refunds_retry_of',
    ],
    [
      'a bulk row key',
      "SELECT id FROM refunds WHERE metadata ->> 'refundry_bulk_key' = $1",
      'text',
      "'k'",
      'refunds_bulk_key',
    ],
    [
      'fee refund ids (Connect, migration 017q)',
      'SELECT fee_refund_id FROM refunds WHERE fee_refund_id = ANY($1)',
      'text[]',
      "'{fr_1}'",
      'refunds_fee_refund_id',
    ],
    [
      'a Stripe refund id prefix (search)',
      'SELECT id FROM refunds r WHERE lower(r.stripe_refund_id) ~>=~ $1 AND lower(r.stripe_refund_id) ~<~ $2',
      'text, text',
      "'re_a', 're_b'",
      'refunds_search_stripe',
    ],
  ])('%s reads its partial index', async (_, sql, types, args, index) => {
    expect(await genericPlan(db, sql, types, args)).toMatch(
      new RegExp(`(Index|Bitmap Index) (Only )?Scan on ${index}\\b|using ${index}\\b`),
    );
  });

  it('a fee refund is still matched with one refund at most', async () => {
    await db.query(
      `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at)
       VALUES ('pay_fee', 'ch_fee', 1000, 'usd', now())`,
    );
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, fee_refund_id)
       VALUES ('rf_fee1', 'pay_fee', 100, 'usd', 'duplicate', 'succeeded', 't', 'kf1', 'fr_1'),
              ('rf_fee2', 'pay_fee', 100, 'usd', 'duplicate', 'succeeded', 't', 'kf2', NULL),
              ('rf_fee3', 'pay_fee', 100, 'usd', 'duplicate', 'succeeded', 't', 'kf3', NULL)`,
    );
    await expect(
      db.query("UPDATE refunds SET fee_refund_id = 'fr_1' WHERE id = 'rf_fee2'"),
    ).rejects.toMatchObject({
      code: '23505',
    });
  });
});
