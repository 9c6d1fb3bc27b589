// During a webhook burst the applier steps back on PGlite (receiving goes first) but is never
// starved: it keeps applying while the burst goes on.
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { startEventApplier } from '../../src/stripe-sync/event-applier.ts';
import { storeEvents } from '../../src/stripe-sync/event-store.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { waitFor } from '../worker/helpers.ts';

const created = 1_767_225_600;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

describe.each(engines())('the event applier during a burst on %s', (engine) => {
  it('applies every event while the receiver keeps reporting full INSERTs', async () => {
    const db: Db = await createTestDb(engine);
    cleanups.push(() => db.close());
    const n = 40;
    await db.query(
      `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at) VALUES ('pay_b', 'ch_b', 100000, 'usd', now())`,
    );
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, stripe_refund_id)
       SELECT 'rf_b' || g, 'pay_b', 100, 'usd', 'duplicate', 'pending', 't', 'k_b' || g, 're_b' || g
       FROM generate_series(1, $1::int) AS g`,
      [n],
    );
    const events = Array.from({ length: n }, (_, i) => ({
      id: `evt_b${i + 1}`,
      object: 'event',
      type: 'refund.updated',
      created,
      data: {
        object: {
          id: `re_b${i + 1}`,
          object: 'refund',
          amount: 100,
          currency: 'usd',
          charge: 'ch_b',
          status: 'succeeded',
          metadata: {},
          created,
        },
      },
    }));
    await storeEvents(db, events, 'webhook');
    const applier = startEventApplier({ db, logger: silentLogger(), batchSize: 5, intervalMs: 50 });
    // The burst goes on for the whole test: an INSERT of 10 events every 5 ms.
    const burst = setInterval(() => applier.received(10), 5);
    cleanups.push(
      () => applier.stop(),
      () => clearInterval(burst),
    );
    const succeeded = async () =>
      (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM refunds WHERE status = 'succeeded'"))[0]!
        .n;
    await waitFor(async () => (await succeeded()) === n, 15_000, 20);
    const [left] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM stripe_events WHERE applied_at IS NULL',
    );
    expect(left!.n).toBe(0);
  });
});
