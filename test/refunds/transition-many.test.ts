// transitionRefunds: many refunds moved in three statements, each exactly as transitionRefund
// would have moved it (outcomes in order, one history row per change, notifications, committed
// amounts on the payment).
import { afterEach, describe, expect, it } from 'vitest';
import { countStatements } from '../../src/db/counting.ts';
import type { Db } from '../../src/db/db.ts';
import { transitionRefunds } from '../../src/refunds/transition.ts';
import { createTestDb, engines } from '../support/databases.ts';

let db: Db | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

describe.each(engines())('transitionRefunds on %s', (engine) => {
  it('moves each refund as transitionRefund would, in order, in three statements', async () => {
    db = await createTestDb(engine);
    await db.query(
      `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at, customer_email)
       VALUES ('pay_m', 'ch_m', 1000, 'usd', now(), 'c@example.com')`,
    );
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key)
       VALUES ('rf_m1', 'pay_m', 100, 'usd', 'duplicate', 'queued', 't', 'k1'),
              ('rf_m2', 'pay_m', 200, 'usd', 'duplicate', 'queued', 't', 'k2'),
              ('rf_m3', 'pay_m', 300, 'usd', 'duplicate', 'succeeded', 't', 'k3')`,
    );
    const counting = countStatements(db);
    const outcomes = await counting.transaction((tx) =>
      transitionRefunds(tx, [
        { refundId: 'rf_m2', to: 'failed', actor: 'worker', failureCode: 'expired_or_canceled_card' },
        { refundId: 'rf_m3', to: 'pending', actor: 'worker' },
        { refundId: 'rf_missing', to: 'pending', actor: 'worker' },
        { refundId: 'rf_m1', to: 'succeeded', actor: 'worker', stripeRefundId: 're_m1' },
      ]),
    );
    expect(outcomes).toEqual([
      { kind: 'applied', from: 'queued', to: 'failed' },
      { kind: 'illegal', from: 'succeeded', to: 'pending' },
      { kind: 'not_found' },
      { kind: 'applied', from: 'queued', to: 'succeeded' },
    ]);
    // Lock, update with history, notifications; BEGIN and COMMIT.
    expect(counting.reset().statements).toBe(5);
    const rows = await db.query<{
      id: string;
      status: string;
      stripe_refund_id: string | null;
      failure_code: string | null;
      sent: boolean;
      final: boolean;
    }>(
      `SELECT id, status, stripe_refund_id, failure_code, sent_at IS NOT NULL AS sent, final_at IS NOT NULL AS final
       FROM refunds ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        id: 'rf_m1',
        status: 'succeeded',
        stripe_refund_id: 're_m1',
        failure_code: null,
        sent: true,
        final: true,
      },
      {
        id: 'rf_m2',
        status: 'failed',
        stripe_refund_id: null,
        failure_code: 'expired_or_canceled_card',
        sent: false,
        final: true,
      },
      {
        id: 'rf_m3',
        status: 'succeeded',
        stripe_refund_id: null,
        failure_code: null,
        sent: false,
        final: false,
      },
    ]);
    // One history row per change, written in the order of the requests.
    const history = await db.query<{ refund_id: string; from_status: string; to_status: string }>(
      'SELECT refund_id, from_status, to_status FROM refund_history ORDER BY id',
    );
    expect(history).toEqual([
      { refund_id: 'rf_m2', from_status: 'queued', to_status: 'failed' },
      { refund_id: 'rf_m1', from_status: 'queued', to_status: 'succeeded' },
    ]);
    // The customer is told about both outcomes, once each.
    const emails = await db.query<{ refund_id: string; kind: string }>(
      "SELECT refund_id, kind FROM notifications WHERE channel = 'email' ORDER BY refund_id",
    );
    expect(emails.map((e) => e.refund_id)).toEqual(['rf_m1', 'rf_m2']);
    // The failed refund gave its amount back: succeeded 100 + 300 committed.
    const [payment] = await db.query<{ committed_amount: number | string }>(
      "SELECT committed_amount FROM payments WHERE id = 'pay_m'",
    );
    expect(Number(payment!.committed_amount)).toBe(400);
  });
});
