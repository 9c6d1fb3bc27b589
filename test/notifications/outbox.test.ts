// The outbox is written by transitionRefund in the same transaction as the status change: what a
// change calls for is enqueued once, a rolled-back change enqueues nothing, replays add nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { claimNotifications, markSent } from '../../src/notifications/outbox-queue.ts';
import { createWebhookEndpoint, disableWebhookEndpoint } from '../../src/notifications/webhook-endpoints.ts';
import type { RefundStatus } from '../../src/refunds/refund-states.ts';
import { requestRefund } from '../../src/refunds/request-refund.ts';
import { transitionRefund } from '../../src/refunds/transition.ts';
import type { StripeGateway } from '../../src/stripe/gateway.ts';
import { createTestDb, engines } from '../support/databases.ts';

interface OutboxRow {
  channel: string;
  kind: string;
  recipient: string | null;
  endpoint_id: string | null;
  dedupe_key: string;
  payload: Record<string, unknown>;
}

describe.each(engines())('notifications outbox on %s', (engine) => {
  let db: Db;
  let n = 0;
  let allEvents: string;
  let onlyFinal: string;

  beforeAll(async () => {
    db = await createTestDb(engine);
    allEvents = (
      await createWebhookEndpoint(db, { url: 'https://a.example/h', enabledEvents: ['*'], createdBy: 't' })
    ).endpoint.id;
    onlyFinal = (
      await createWebhookEndpoint(db, {
        url: 'https://b.example/h',
        enabledEvents: ['refund.succeeded', 'refund.failed'],
        createdBy: 't',
      })
    ).endpoint.id;
    const off = await createWebhookEndpoint(db, {
      url: 'https://c.example/h',
      enabledEvents: ['*'],
      createdBy: 't',
    });
    await disableWebhookEndpoint(db, off.endpoint.id);
  });
  afterAll(async () => db?.close());

  async function refund(email: string | null = 'cust@example.com', status: RefundStatus = 'queued') {
    n++;
    await db.query(
      `INSERT INTO payments (id, stripe_payment_intent_id, order_id, customer_email, amount, currency, captured_at)
       VALUES ($1, $2, $3, $4, 5000, 'eur', now())`,
      [`pay_${n}`, `pi_${n}`, `ord_${n}`, email],
    );
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, customer_token)
       VALUES ($1, $2, 1250, 'eur', 'requested_by_customer', $3, 'test', $4, $5)`,
      [`rf_${n}`, `pay_${n}`, status, `k_${n}`, `tok${String(n).padStart(29, '0')}`],
    );
    return `rf_${n}`;
  }
  const move = (refundId: string, to: RefundStatus, extra = {}) =>
    db.transaction((tx) => transitionRefund(tx, { refundId, to, actor: 'webhook', ...extra }));
  const outbox = (refundId: string) =>
    db.query<OutboxRow>(
      'SELECT channel, kind, recipient, endpoint_id, dedupe_key, payload FROM notifications WHERE refund_id = $1 ORDER BY created_at, id',
      [refundId],
    );

  it('enqueues one customer email when Stripe confirms success, and the events for each change', async () => {
    const id = await refund();
    await move(id, 'pending', { stripeRefundId: `re_${id}` });
    let rows = await outbox(id);
    expect(rows.filter((r) => r.channel === 'email')).toEqual([]);
    // Only the '*' endpoint hears about pending; the disabled one hears nothing.
    expect(rows.map((r) => [r.kind, r.endpoint_id])).toEqual([['refund.pending', allEvents]]);

    await move(id, 'succeeded');
    rows = await outbox(id);
    const emails = rows.filter((r) => r.channel === 'email');
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      kind: 'refund_succeeded',
      recipient: 'cust@example.com',
      dedupe_key: `email:${id}:refund_succeeded`,
      payload: {
        refund_id: id,
        amount: 1250,
        currency: 'eur',
        order_id: `ord_${n}`,
        failed_after_success: false,
      },
    });
    const succeeded = rows.filter((r) => r.kind === 'refund.succeeded');
    expect(succeeded.map((r) => r.endpoint_id).sort()).toEqual([allEvents, onlyFinal].sort());
    // Both endpoints get the same event (one id), carrying the refund as it is after the change.
    const [a, b] = succeeded.map((r) => r.payload as { id: string; type: string; data: unknown });
    expect(a!.id).toMatch(/^evt_/);
    expect(a!.id).toBe(b!.id);
    expect(a).toMatchObject({
      object: 'event',
      type: 'refund.succeeded',
      data: {
        object: { id, status: 'succeeded', amount: 1250, currency: 'eur', stripe_refund_id: `re_${id}` },
        previous_attributes: { status: 'pending' },
      },
    });
  });

  it('tells the late failure once, and replays of a change enqueue nothing more', async () => {
    const id = await refund();
    await move(id, 'succeeded');
    await move(id, 'succeeded'); // duplicate webhook: noop
    await move(id, 'failed', { failureCode: 'expired_or_canceled_card' });
    await move(id, 'failed', { failureCode: 'expired_or_canceled_card' }); // replay: noop
    await move(id, 'succeeded'); // stale, illegal: nothing
    const rows = await outbox(id);
    expect(rows.filter((r) => r.channel === 'email').map((r) => r.kind)).toEqual([
      'refund_succeeded',
      'refund_failed',
    ]);
    expect(rows.find((r) => r.kind === 'refund_failed')!.payload).toMatchObject({
      failure_code: 'expired_or_canceled_card',
      failed_after_success: true,
    });
    expect(rows.filter((r) => r.endpoint_id === allEvents).map((r) => r.kind)).toEqual([
      'refund.succeeded',
      'refund.failed',
    ]);
  });

  it('keeps one email per outcome even if the same outcome were enqueued again', async () => {
    const id = await refund();
    await move(id, 'succeeded');
    // Simulates a second writer racing to announce the same outcome: the unique key absorbs it.
    const [again] = await db.query<{ n: number }>(
      `WITH ins AS (
         INSERT INTO notifications (id, refund_id, channel, kind, dedupe_key, recipient, payload)
         VALUES ('ntf_dup', $1, 'email', 'refund_succeeded', $2, 'x@example.com', '{}')
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [id, `email:${id}:refund_succeeded`],
    );
    expect(again!.n).toBe(0);
    expect((await outbox(id)).filter((r) => r.channel === 'email')).toHaveLength(1);
  });

  it('writes nothing when the transaction that changed the status rolls back', async () => {
    const id = await refund();
    await expect(
      db.transaction(async (tx) => {
        const outcome = await transitionRefund(tx, { refundId: id, to: 'succeeded', actor: 'webhook' });
        expect(outcome).toMatchObject({ kind: 'applied' });
        const inside = await tx.query('SELECT 1 FROM notifications WHERE refund_id = $1', [id]);
        expect(inside.length).toBeGreaterThan(0); // written in this transaction…
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(await outbox(id)).toEqual([]); // …and gone with it
    const [row] = await db.query<{ status: string }>('SELECT status FROM refunds WHERE id = $1', [id]);
    expect(row!.status).toBe('queued');
  });

  it('sends no email without a customer address, nor for a cancellation', async () => {
    const noEmail = await refund(null);
    await move(noEmail, 'succeeded');
    expect((await outbox(noEmail)).map((r) => r.channel)).toEqual(['webhook', 'webhook']);
    const canceled = await refund();
    await move(canceled, 'requires_action');
    await move(canceled, 'canceled');
    expect((await outbox(canceled)).map((r) => `${r.channel}:${r.kind}`)).toEqual([
      'webhook:refund.requires_action',
      'webhook:refund.canceled',
    ]);
  });

  it('announces an accepted refund as refund.created (and awaiting_approval) in its transaction', async () => {
    n++;
    await db.query(
      `INSERT INTO payments (id, stripe_payment_intent_id, customer_email, amount, currency, captured_at)
       VALUES ($1, $2, 'c@example.com', 900000, 'usd', now())`,
      [`pay_${n}`, `pi_${n}`],
    );
    const gateway = {} as StripeGateway;
    const settings = { refundWindowDays: 90, approvalThreshold: 100_000 };
    const small = await requestRefund(
      { db, gateway, settings },
      { paymentId: `pay_${n}`, amount: 1000, reason: 'duplicate', actor: 'test' },
    );
    const large = await requestRefund(
      { db, gateway, settings },
      { paymentId: `pay_${n}`, amount: 200_000, reason: 'duplicate', actor: 'test' },
    );
    if (small.kind !== 'accepted' || large.kind !== 'accepted') throw new Error('not accepted');
    expect((await outbox(small.refund.id)).map((r) => r.kind)).toEqual(['refund.created']);
    expect((await outbox(large.refund.id)).map((r) => r.kind).sort()).toEqual([
      'refund.awaiting_approval',
      'refund.created',
    ]);
  });

  it("hands a crashed sender's claimed rows to another worker once its lease expires", async () => {
    await db.query("UPDATE notifications SET status = 'skipped' WHERE status = 'pending'");
    const id = await refund();
    await move(id, 'succeeded');
    const first = await claimNotifications(db, { workerId: 'crashed', limit: 10, leaseMs: 300 });
    expect(first.length).toBeGreaterThan(0);
    // Leased: nobody else gets them meanwhile.
    expect(await claimNotifications(db, { workerId: 'other', limit: 10, leaseMs: 60_000 })).toEqual([]);
    await new Promise((r) => setTimeout(r, 400));
    const second = await claimNotifications(db, { workerId: 'other', limit: 10, leaseMs: 60_000 });
    expect(second.map((n) => n.id).sort()).toEqual(first.map((n) => n.id).sort());
    expect(second.every((n) => n.attempts === 2)).toBe(true);
    // The crashed worker's late mark is refused: the row is the other worker's now.
    expect(await markSent(db, first[0]!.id, 'crashed')).toBe(false);
    expect(await markSent(db, first[0]!.id, 'other')).toBe(true);
  });
});
