import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/shared/logger.ts';
import type { StripeGateway } from '../../src/stripe/gateway.ts';
import { startWorkers } from '../../src/worker/workers.ts';
import { createTestDb } from '../support/databases.ts';
import { insertPayment, insertQueuedRefund, waitFor } from './helpers.ts';

describe('graceful shutdown', () => {
  it('lets in-flight Stripe calls finish and leaves no lease behind', async () => {
    const db = await createTestDb('pglite');
    let calls = 0;
    const gateway: StripeGateway = {
      async createRefund(input) {
        calls++;
        await new Promise((r) => setTimeout(r, 300));
        return {
          id: `re_${input.refundId}`,
          status: 'pending',
          failure_reason: null,
        } as unknown as Stripe.Refund;
      },
      retrieveRefund: () => Promise.reject(new Error('unused')),
      findRefundByRefundryId: async () => undefined,
      retrievePayment: async () => undefined,
      async *listRefunds() {},
    };
    const pay = await insertPayment(db, { id: 'ch_shutdown', amount: 10_000 });
    for (let i = 0; i < 10; i++) await insertQueuedRefund(db, pay, 100);
    const workers = await startWorkers({
      db,
      gateway,
      logger: silentLogger(),
      concurrency: 3,
      pollIntervalMs: 10,
      budget: { maxRate: 1000 },
    });
    await waitFor(async () => calls >= 3, 5_000, 10);
    await workers.stop();
    const rows = await db.query<{ status: string; n: number; leased: number }>(
      'SELECT status, count(*)::int AS n, count(lease_owner)::int AS leased FROM refunds GROUP BY status ORDER BY status',
    );
    // The three calls in flight when stop() was called were stored; the rest are still queued, unleased.
    const pending = rows.find((r) => r.status === 'pending');
    expect(pending?.n).toBe(calls);
    expect(rows.reduce((a, r) => a + r.leased, 0)).toBe(0);
    expect(rows.find((r) => r.status === 'queued')?.n).toBe(10 - calls);
    await db.close();
  });
});
