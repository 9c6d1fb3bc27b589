import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { StripeGateway } from '../../src/stripe/gateway.ts';
import { claimDuePolls, type PollSettings, pollDelayMs, pollRefund } from '../../src/stripe-sync/poller.ts';
import { createTestDb, engines } from '../support/databases.ts';

const settings: PollSettings = { afterMs: 1, maxIntervalMs: 60_000, succeededChecks: 1, succeededAfterMs: 1 };

describe('pollDelayMs', () => {
  it('doubles from the no-news age up to the cap, with ±10 % jitter', () => {
    const s = { ...settings, afterMs: 1_000, maxIntervalMs: 10_000 };
    expect(pollDelayMs(s, 'pending', 0, () => 0.5)).toBe(1_000);
    expect(pollDelayMs(s, 'pending', 2, () => 0.5)).toBe(4_000);
    expect(pollDelayMs(s, 'pending', 9, () => 0.5)).toBe(10_000);
    expect(pollDelayMs(s, 'pending', 0, () => 0)).toBe(900);
    expect(pollDelayMs(s, 'pending', 0, () => 1)).toBe(1_100);
    // A succeeded check waits at least its own (long) base, even above the pending cap.
    expect(pollDelayMs({ ...s, succeededAfterMs: 86_400_000 }, 'succeeded', 0, () => 0.5)).toBe(86_400_000);
  });
});

describe.each(engines())('poller on %s', (engine) => {
  let db: Db;
  let stripeStatus: Stripe.Refund['status'] = 'pending';
  let calls = 0;
  const gateway = {
    async retrieveRefund(id: string) {
      calls++;
      return {
        id,
        object: 'refund',
        status: stripeStatus,
        metadata: {},
        amount: 10,
      } as unknown as Stripe.Refund;
    },
  } as StripeGateway;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    db = await createTestDb(engine);
    await db.query(
      `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at) VALUES ('pay_p', 'ch_p', 100, 'usd', now())`,
    );
  });
  afterAll(async () => db?.close());

  it('polls a quiet pending refund with backoff until final, then a succeeded one for its late checks only', async () => {
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, stripe_refund_id)
       VALUES ('rf_p', 'pay_p', 10, 'usd', 'duplicate', 'pending', 't', 'k_p', 're_p'),
              ('rf_q', 'pay_p', 10, 'usd', 'duplicate', 'queued', 't', 'k_q', NULL)`,
    );
    const deps = { db, gateway, logger: silentLogger(), settings };
    await sleep(5);
    const claimed = await claimDuePolls(db, settings, 10);
    expect(claimed.map((c) => c.id)).toEqual(['rf_p']); // queued refunds are the workers' business
    // Claimed = leased: a second poller finds nothing.
    expect(await claimDuePolls(db, settings, 10)).toEqual([]);

    expect(await pollRefund(deps, claimed[0]!)).toEqual({ kind: 'noop', refundId: 'rf_p' });
    const [after] = await db.query<{ poll_attempts: number; next_poll_at: Date }>(
      `SELECT poll_attempts, next_poll_at FROM refunds WHERE id = 'rf_p'`,
    );
    expect(after?.poll_attempts).toBe(1);

    stripeStatus = 'succeeded';
    await sleep(10);
    const [again] = await claimDuePolls(db, settings, 10);
    expect(await pollRefund(deps, again!)).toEqual({ kind: 'applied', refundId: 'rf_p' });
    const history = await db.query<{ to_status: string; actor: string }>(
      `SELECT to_status, actor FROM refund_history WHERE refund_id = 'rf_p'`,
    );
    expect(history).toEqual([{ to_status: 'succeeded', actor: 'poller' }]);

    // One late check of the succeeded refund (succeededChecks = 1), then no more polls.
    await sleep(10);
    const [check] = await claimDuePolls(db, settings, 10);
    expect(check?.status).toBe('succeeded');
    await pollRefund(deps, check!);
    await sleep(10);
    const callsBefore = calls;
    expect(await claimDuePolls(db, settings, 10)).toEqual([]);
    const [done] = await db.query<{ next_poll_at: Date | null }>(
      `SELECT next_poll_at FROM refunds WHERE id = 'rf_p'`,
    );
    expect(done?.next_poll_at).toBeNull();
    expect(calls).toBe(callsBefore);
  });

  it('does not poll a refund heard from recently; it pushes it back instead', async () => {
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, stripe_refund_id)
       VALUES ('rf_r', 'pay_p', 10, 'usd', 'duplicate', 'pending', 't', 'k_r', 're_r')`,
    );
    const long = { ...settings, afterMs: 60_000 };
    expect(await claimDuePolls(db, long, 10)).toEqual([]);
    const [row] = await db.query<{ due_in_s: number }>(
      `SELECT EXTRACT(EPOCH FROM next_poll_at - now())::float8 AS due_in_s FROM refunds WHERE id = 'rf_r'`,
    );
    expect(row!.due_in_s).toBeGreaterThan(50);
  });
});
