// The demo payments `npm start` seeds: made side by side (a new data folder waits for the slowest
// one, not for eight in a row), returned in the order of DEMO_PAYMENTS, and made once.
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { DEMO_PAYMENTS, seedDemo } from '../../src/demo/seed-demo.ts';
import { createTestDb } from '../support/databases.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

describe('seedDemo', () => {
  let db: Db;
  let sandbox: TestSandbox;
  afterAll(async () => {
    await db?.close();
    await sandbox?.close();
  });

  it('makes the demo payments side by side, in order, and once', { timeout: 60_000 }, async () => {
    db = await createTestDb('pglite');
    sandbox = await startTestSandbox();
    const { stripe } = sandbox;
    // Counts the payment creations in flight at once.
    let inFlight = 0;
    let most = 0;
    const create = stripe.paymentIntents.create.bind(stripe.paymentIntents);
    stripe.paymentIntents.create = (async (...args: Parameters<typeof create>) => {
      most = Math.max(most, ++inFlight);
      try {
        return await create(...args);
      } finally {
        inFlight--;
      }
    }) as typeof create;

    const now = new Date();
    const seeded = await seedDemo(db, stripe, { sandboxUrl: sandbox.url, now });
    expect(most).toBe(DEMO_PAYMENTS.length);
    expect(seeded.map((p) => [p.orderId, p.amount, p.currency, p.fraudFlagged])).toEqual(
      DEMO_PAYMENTS.map((d) => [d.order, d.amount, d.currency, d.fraud ?? false]),
    );
    // The old payment was moved back at Stripe before its facts were read.
    const old = seeded[DEMO_PAYMENTS.findIndex((d) => d.ageDays)]!;
    expect(now.getTime() - old.capturedAt.getTime()).toBeGreaterThan(119 * 86_400_000);

    // Again (a restart): the registered payments as they are, nothing made at Stripe.
    const before = most;
    expect(await seedDemo(db, stripe, { sandboxUrl: sandbox.url })).toEqual(seeded);
    expect(most).toBe(before);
    expect((await stripe.charges.list({ limit: 100 })).data).toHaveLength(DEMO_PAYMENTS.length);
  });
});
