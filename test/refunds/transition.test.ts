import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { transitionRefund } from '../../src/refunds/transition.ts';
import { createTestDb, engines } from '../support/databases.ts';

describe.each(engines())('transitionRefund on %s', (engine) => {
  let db: Db;
  afterAll(async () => db?.close());

  it('applies legal moves with history, refuses illegal ones, and ignores repeats', async () => {
    db = await createTestDb(engine);
    await db.query(
      `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at) VALUES ('pay_1', 'ch_1', 1000, 'usd', now())`,
    );
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, lease_owner)
       VALUES ('rf_1', 'pay_1', 100, 'usd', 'duplicate', 'queued', 'test', 'k1', 'w1')`,
    );
    const move = (to: 'pending' | 'succeeded' | 'failed', extra = {}) =>
      db.transaction((tx) => transitionRefund(tx, { refundId: 'rf_1', to, actor: 'test', ...extra }));

    expect(await move('pending', { stripeRefundId: 're_1' })).toEqual({
      kind: 'applied',
      from: 'queued',
      to: 'pending',
    });
    expect(await move('pending')).toEqual({ kind: 'noop', status: 'pending' });
    expect(await move('succeeded')).toMatchObject({ kind: 'applied' });
    expect(await move('failed', { failureCode: 'expired_or_canceled_card' })).toMatchObject({
      kind: 'applied',
    });
    expect(await move('succeeded')).toEqual({ kind: 'illegal', from: 'failed', to: 'succeeded' });

    const [refund] = await db.query<Record<string, unknown>>('SELECT * FROM refunds WHERE id = $1', ['rf_1']);
    expect(refund).toMatchObject({
      status: 'failed',
      stripe_refund_id: 're_1',
      failure_code: 'expired_or_canceled_card',
      lease_owner: null,
    });
    const history = await db.query<{ from_status: string; to_status: string }>(
      'SELECT from_status, to_status FROM refund_history WHERE refund_id = $1 ORDER BY id',
      ['rf_1'],
    );
    expect(history.map((h) => `${h.from_status}>${h.to_status}`)).toEqual([
      'queued>pending',
      'pending>succeeded',
      'succeeded>failed',
    ]);
    expect(
      await db.transaction((tx) => transitionRefund(tx, { refundId: 'rf_x', to: 'failed', actor: 't' })),
    ).toEqual({ kind: 'not_found' });
  });
});
