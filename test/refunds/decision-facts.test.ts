// What a decision reads of a payment (payment_decision_facts, migrations 016b and 018a), which the
// acceptor's unlocked read takes and its write compares: every column but the sums, Stripe's
// amount_refunded and the times Stripe's facts were observed, a column added later too.
import { afterEach, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../src/db/db.ts';
import { createTestDb, engines } from '../support/databases.ts';

let db: Db | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

const facts = async (target: Queryable, id = 'pay_a') =>
  (
    await target.query<{ facts: string }>(
      'SELECT payment_decision_facts(payments) AS facts FROM payments WHERE id = $1',
      [id],
    )
  )[0]!.facts;

describe.each(engines())('what a decision reads of a payment on %s', (engine) => {
  /** Columns no decision reads (migrations 016b, 018a). */
  const ignored = [
    'refunds_at_stripe',
    'refunds_not_at_stripe',
    'stripe_amount_refunded',
    'stripe_synced_at',
    'connect_synced_at',
  ];

  it('changes with every column but the sums, Stripe’s amount_refunded and observation times, and with a column added later', async () => {
    db = await createTestDb(engine);
    await db.query(
      `INSERT INTO payments (id, stripe_charge_id, stripe_payment_intent_id, amount, currency, captured_at,
         refunds_at_stripe, refunds_not_at_stripe)
       VALUES ('pay_a', 'ch_a', 'pi_a', 1000, 'usd', now(), 300, 200)`,
    );
    // Changes that leave what is committed (500) as it is.
    for (const change of [
      'refunds_at_stripe = refunds_at_stripe + 100, refunds_not_at_stripe = refunds_not_at_stripe - 100',
      'stripe_amount_refunded = 150',
      'stripe_synced_at = now()',
      'connect_synced_at = now()',
    ]) {
      const before = await facts(db);
      await db.query(`UPDATE payments SET ${change} WHERE id = 'pay_a'`);
      expect(await facts(db), change).toBe(before);
    }
    // What is committed moving counts.
    const before = await facts(db);
    await db.query(
      "UPDATE payments SET refunds_not_at_stripe = refunds_not_at_stripe + 1 WHERE id = 'pay_a'",
    );
    expect(await facts(db)).not.toBe(before);

    await db.exec('ALTER TABLE payments ADD COLUMN later_fact text');
    const columns = await db.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = 'payments' AND is_generated = 'NEVER'
         AND column_name <> 'id' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toContain('later_fact');
    const changed: string[] = [];
    for (const { column_name: c, data_type: type } of columns) {
      if (ignored.includes(c)) continue;
      const value =
        c === 'currency'
          ? "'eur'"
          : c === 'stripe_account' || c === 'transfer_destination'
            ? "'acct_changed'"
            : type === 'text'
              ? `COALESCE(${c}, '') || 'x'`
              : type === 'bigint'
                ? `COALESCE(${c}, 0) + 1`
                : type === 'boolean'
                  ? `NOT ${c}`
                  : type === 'jsonb'
                    ? `${c} || '{"changed": "1"}'`
                    : type === 'timestamp with time zone'
                      ? `COALESCE(${c}, now()) + interval '1 day'`
                      : undefined;
      expect(value, `${c} ${type}`).toBeDefined();
      const before = await facts(db);
      await db.query(`UPDATE payments SET ${c} = ${value} WHERE id = 'pay_a'`);
      if ((await facts(db)) !== before) changed.push(c);
    }
    expect(changed).toEqual(columns.map((c) => c.column_name).filter((c) => !ignored.includes(c)));
  });
});
