// Issue #4, "What must be shown": 500 refunds over the test payment methods, through the whole
// service over real HTTP (API, workers, Stripe webhook receiver, applier, poller, backfill, the
// notification worker), against the sandbox with webhook faults on: 30% of deliveries dropped,
// duplicates ×3, reordering and delays. Every local status must end equal to the sandbox's, each
// customer must get exactly one email per customer-visible outcome on a real SMTP server, and the
// merchant's endpoint exactly one signed event per status change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { type NotificationWorker, startNotificationWorker } from '../../src/notifications/delivery-worker.ts';
import { createMailer, type Mailer } from '../../src/notifications/mailer.ts';
import { verifyRefundrySignature } from '../../src/notifications/signature.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { type Harness, harnessApi, startHarness } from '../stripe-sync/harness.ts';
import { createTestDb, type Engine, engines } from '../support/databases.ts';
import { type MerchantReceiver, startMerchantReceiver } from '../support/merchant-receiver.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp-receiver.ts';

const REFUNDS = 500;
const PUBLIC_URL = 'https://refunds.shop.example';
const METHODS = [
  'pm_card_visa',
  'pm_card_pendingRefund',
  'pm_card_refundFail',
  'pm_card_refundRequiresAction',
];
const CURRENCIES = [
  ['usd', 2_000, '$20.00'],
  ['eur', 1_999, '€19.99'],
  ['jpy', 3_000, '¥3,000'],
] as const;

interface Case {
  i: number;
  method: string;
  email: string;
  money: (typeof CURRENCIES)[number];
  refundId?: string;
  /** For requires_action: what the customer (or time) does at Stripe. */
  action?: 'cancel' | 'expire' | 'wait';
}

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function until(check: () => Promise<boolean>, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// PostgreSQL is the target; PGlite only when no server is available (one connection shared by all
// the loops makes it much slower at this volume).
const engine: Engine =
  (process.env.E2E_ENGINE as Engine | undefined) ?? (engines().includes('postgres') ? 'postgres' : 'pglite');

describe(`500 refunds with webhook faults, end to end on ${engine}`, () => {
  let db: Db;
  let sandbox: TestSandbox;
  let harness: Harness;
  let smtp: SmtpReceiver;
  let merchant: MerchantReceiver;
  let mailer: Mailer;
  let notifier: NotificationWorker;
  let merchantSecret: string;

  beforeAll(async () => {
    db = await createTestDb(engine);
    sandbox = await startTestSandbox();
    smtp = await startSmtpReceiver();
    merchant = await startMerchantReceiver();
    harness = await startHarness(db, sandbox, {
      webhooks: true,
      // Backfill every 2 s heals most dropped deliveries; the poller is the slower second line
      // (polling 250 pending refunds every second or two would swamp a small machine).
      settings: {
        pollAfterSeconds: 10,
        pollMaxIntervalSeconds: 20,
        pollSucceededChecks: 1,
        pollSucceededAfterSeconds: 10,
        backfillIntervalSeconds: 2,
        // Reread only a little before the cursor: every event of the run lies within the default
        // minute, and rereading thousands of them every 2 s would be most of the test's work.
        backfillOverlapSeconds: 3,
      },
    });
    mailer = createMailer({
      kind: 'smtp',
      host: '127.0.0.1',
      port: smtp.port,
      from: 'Shop <refunds@shop.example>',
    });
    notifier = await startNotificationWorker({
      db,
      logger: silentLogger(),
      mailer,
      publicUrl: PUBLIC_URL,
      pollIntervalMs: 50,
      concurrency: 16,
      backoff: { baseMs: 50, capMs: 500 },
      webhookTarget: { allowPrivate: true }, // the merchant's receiver is on loopback
    });
  });
  afterAll(async () => {
    await notifier?.stop();
    mailer?.close();
    await harness?.stop();
    await smtp?.close();
    await merchant?.close();
    await sandbox?.close();
    await db?.close();
  });

  it('ends with every local status equal to the sandbox and one email per customer-visible outcome', async () => {
    const started = Date.now();
    const phases: string[] = [];
    let mark = started;
    const phase = (name: string) => {
      phases.push(`${name} ${((Date.now() - mark) / 1000).toFixed(1)} s`);
      mark = Date.now();
    };
    const admin = (await createApiKey(db, { name: 'e2e', scopes: ['admin'] })).key;
    const api = harnessApi(harness, admin);
    const endpoint = await api('POST', '/webhook-endpoints', { url: merchant.url, enabled_events: ['*'] });
    merchantSecret = String(endpoint.secret);

    // Webhook faults on: 30% dropped, 30% sent 3 times, 30% overtaken by the next one, 0-150 ms late.
    const faults = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        seed: '4',
        webhookDropShare: '0.3',
        webhookDuplicateShare: '0.3',
        webhookDuplicateCount: '3',
        webhookReorderShare: '0.3',
        webhookDelayMs: '0..150',
      }).toString(),
    });
    expect(faults.status, await faults.clone().text()).toBe(200);

    // 500 customers pay; the merchant registers each payment and asks for a full refund.
    const cases: Case[] = Array.from({ length: REFUNDS }, (_, i) => ({
      i,
      method: METHODS[i % METHODS.length]!,
      email: `customer-${i}@example.com`,
      money: CURRENCIES[Math.floor(i / METHODS.length) % CURRENCIES.length]!,
    }));
    await pool(cases, 16, async (c) => {
      const pi = await sandbox.stripe.paymentIntents.create({
        amount: c.money[1],
        currency: c.money[0],
        payment_method: c.method,
        confirm: true,
      });
      const payment = await api('POST', '/payments', {
        stripe_id: pi.id,
        order_id: `order-${c.i}`,
        customer_email: c.email,
      });
      const refund = await api('POST', '/refunds', {
        payment_id: payment.id,
        reason: 'requested_by_customer',
      });
      c.refundId = String(refund.id);
    });
    phase('paid and requested');
    const byRefund = new Map(cases.map((c) => [c.refundId!, c]));

    // Workers send them all; requires_action ones then get canceled, expired, or left to succeed.
    await until(
      async () => {
        const [row] = await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM refunds WHERE status = 'queued'",
        );
        return row!.n === 0;
      },
      90_000,
      'every refund sent to Stripe',
    );
    phase('sent to Stripe');
    const actionable = cases.filter((c) => c.method === 'pm_card_refundRequiresAction');
    actionable.forEach((c, k) => {
      c.action = (['cancel', 'expire', 'wait'] as const)[k % 3];
    });
    const stripeIds = new Map(
      (
        await db.query<{ id: string; stripe_refund_id: string }>(
          'SELECT id, stripe_refund_id FROM refunds WHERE stripe_refund_id IS NOT NULL',
        )
      ).map((r) => [r.id, r.stripe_refund_id]),
    );
    expect(stripeIds.size).toBe(REFUNDS);
    await pool(
      actionable.filter((c) => c.action !== 'wait'),
      8,
      async (c) => {
        const id = stripeIds.get(c.refundId!)!;
        if (c.action === 'cancel') await sandbox.stripe.refunds.cancel(id);
        else {
          const res = await fetch(`${sandbox.url}/v1/test_helpers/refunds/${id}/expire`, {
            method: 'POST',
            headers: { authorization: 'Bearer sk_test_123' },
          });
          expect(res.status).toBe(200);
        }
      },
    );
    // Time passes at Stripe: pending refunds succeed, failing cards fail, the rest of requires_action succeed.
    await sandbox.advance(2 * 3600);

    // Every local status ends equal to the sandbox's.
    const expected = (c: Case) =>
      c.method === 'pm_card_refundFail'
        ? 'failed'
        : c.action === 'cancel' || c.action === 'expire'
          ? 'canceled'
          : 'succeeded';
    let mismatches: string[] = [];
    await until(
      async () => {
        const remote = new Map<string, string>();
        for await (const r of sandbox.stripe.refunds.list({ limit: 100 })) remote.set(r.id, r.status!);
        const local = await db.query<{ id: string; status: string; stripe_refund_id: string }>(
          'SELECT id, status, stripe_refund_id FROM refunds',
        );
        mismatches = local
          .filter((r) => remote.get(r.stripe_refund_id) !== r.status)
          .map((r) => `${r.id}: local ${r.status}, sandbox ${remote.get(r.stripe_refund_id)}`);
        return local.length === REFUNDS && mismatches.length === 0;
      },
      120_000,
      'local statuses to match the sandbox',
    ).catch((error: Error) => {
      throw new Error(
        `${error.message}; ${mismatches.length} differ, e.g. ${mismatches.slice(0, 5).join('; ')}`,
      );
    });
    phase('statuses equal');
    const finals = await db.query<{ id: string; status: string }>('SELECT id, status FROM refunds');
    for (const r of finals) expect(r.status, byRefund.get(r.id)!.method).toBe(expected(byRefund.get(r.id)!));
    // The faults were real: duplicates reached the receiver, and dropped deliveries were healed by
    // the poller or the backfill.
    const scrape = await harness.metrics.registry.metrics();
    expect(scrape).toMatch(
      /refundry_webhook_events_total\{type="refund\.updated",result="duplicate"\} [1-9]/,
    );
    const healers = await db.query<{ actor: string }>(
      "SELECT DISTINCT actor FROM refund_history WHERE actor IN ('poller', 'backfill')",
    );
    expect(healers.length).toBeGreaterThan(0);

    // Each customer: exactly one email per customer-visible outcome Refundry went through, the
    // last one telling the final truth, with text, HTML and the link to their own refund.
    await until(
      async () => {
        const [row] = await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM notifications WHERE status = 'pending'",
        );
        return row!.n === 0;
      },
      30_000,
      'the outbox to drain',
    );
    phase('outbox drained');
    const history = await db.query<{ refund_id: string; to_status: string }>(
      "SELECT refund_id, to_status FROM refund_history WHERE to_status IN ('succeeded', 'failed') ORDER BY id",
    );
    const outcomes = new Map<string, string[]>();
    for (const h of history) outcomes.set(h.refund_id, [...(outcomes.get(h.refund_id) ?? []), h.to_status]);
    const tokens = new Map(
      (await db.query<{ id: string; customer_token: string }>('SELECT id, customer_token FROM refunds')).map(
        (r) => [r.id, r.customer_token],
      ),
    );
    const mailsTo = new Map<string, typeof smtp.messages>();
    for (const m of smtp.messages) for (const to of m.to) mailsTo.set(to, [...(mailsTo.get(to) ?? []), m]);
    let expectedMails = 0;
    for (const c of cases) {
      const seen = outcomes.get(c.refundId!) ?? [];
      const final = expected(c);
      const mails = mailsTo.get(c.email) ?? [];
      const kinds = mails.map((m) => (m.subject.endsWith('is on its way') ? 'succeeded' : 'failed'));
      expect(kinds, `${c.email} (${c.method}, ${c.action ?? ''})`).toEqual(seen);
      expect(new Set(kinds).size).toBe(kinds.length); // never the same outcome twice
      if (final === 'canceled') expect(kinds).toEqual([]);
      else expect(kinds.at(-1)).toBe(final);
      for (const m of mails) {
        expect(m.subject).toContain(c.money[2]);
        expect(m.text).toContain(`${PUBLIC_URL}/r/${tokens.get(c.refundId!)}`);
        expect(m.html).toContain(`${PUBLIC_URL}/r/${tokens.get(c.refundId!)}`);
      }
      expectedMails += kinds.length;
    }
    expect(smtp.messages).toHaveLength(expectedMails);
    expect(expectedMails).toBeGreaterThanOrEqual(REFUNDS - actionable.length * (2 / 3) - 1);

    // The merchant's endpoint: every delivery signed, one event per local status change.
    const events = merchant.deliveries.map((d) => {
      expect(
        verifyRefundrySignature(d.body, d.headers['refundry-signature'] as string, merchantSecret, 300),
      ).toBe(true);
      return JSON.parse(d.body) as { id: string; type: string; data: { object: { id: string } } };
    });
    const [changes] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM refund_history');
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events).toHaveLength(changes!.n); // refund.created + one per change after it
    const failedEvents = events.filter((e) => e.type === 'refund.failed').map((e) => e.data.object.id);
    expect(new Set(failedEvents)).toEqual(
      new Set(cases.filter((c) => c.method === 'pm_card_refundFail').map((c) => c.refundId)),
    );
    console.info(
      `end-to-end (${engine}): ${REFUNDS} refunds, ${expectedMails} emails, ${events.length} merchant events in ${((Date.now() - started) / 1000).toFixed(1)} s (${phases.join(', ')})`,
    );
  }, 240_000);
});
