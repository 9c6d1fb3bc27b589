// The delivery worker against real receivers: an SMTP server (smtp-server) for customer emails and
// an HTTP server for merchant webhooks. Exactly one email per outcome, with text and HTML parts
// and the status link; signed webhooks retried after a 500; deliveries given up after N attempts.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { createMetrics } from '../../src/metrics/metrics.ts';
import { type NotificationWorker, startNotificationWorker } from '../../src/notifications/delivery-worker.ts';
import { createMailer, type Mailer } from '../../src/notifications/mailer.ts';
import { verifyRefundrySignature } from '../../src/notifications/signature.ts';
import { createWebhookEndpoint, disableWebhookEndpoint } from '../../src/notifications/webhook-endpoints.ts';
import type { RefundStatus } from '../../src/refunds/refund-states.ts';
import { transitionRefund } from '../../src/refunds/transition.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { startMerchantReceiver } from '../support/merchant-receiver.ts';
import { parseMime, startSmtpReceiver } from '../support/smtp-receiver.ts';

const PUBLIC_URL = 'https://refunds.shop.example';

async function until(check: () => Promise<boolean>, timeoutMs = 30_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(engines())('notification delivery on %s', (engine) => {
  let db: Db;
  let n = 0;
  const running: Array<{ stop(): Promise<void> } | Mailer> = [];
  beforeAll(async () => {
    db = await createTestDb(engine);
  });
  afterEach(async () => {
    for (const r of running.splice(0).reverse()) {
      if ('stop' in r) await r.stop();
      else r.close();
    }
    // Each test starts with an empty outbox and no endpoints.
    await db.query("UPDATE notifications SET status = 'skipped' WHERE status = 'pending'");
    await db.query("UPDATE webhook_endpoints SET status = 'disabled'");
  });
  afterAll(async () => db?.close());

  async function refund(opts: { email?: string | null; currency?: string; amount?: number } = {}) {
    n++;
    await db.query(
      `INSERT INTO payments (id, stripe_payment_intent_id, order_id, customer_email, amount, currency, captured_at)
       VALUES ($1, $2, $3, $4, 100000, $5, now())`,
      [
        `pay_${n}`,
        `pi_${n}`,
        `ord-${n}`,
        opts.email === undefined ? `c${n}@example.com` : opts.email,
        opts.currency ?? 'eur',
      ],
    );
    const token = `T${String(n).padStart(31, '0')}`;
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, customer_token)
       VALUES ($1, $2, $3, $4, 'requested_by_customer', 'queued', 'test', $5, $6)`,
      [`rf_${n}`, `pay_${n}`, opts.amount ?? 1250, opts.currency ?? 'eur', `k_${n}`, token],
    );
    return { id: `rf_${n}`, token, email: `c${n}@example.com` };
  }
  const move = (refundId: string, to: RefundStatus, extra = {}) =>
    db.transaction((tx) => transitionRefund(tx, { refundId, to, actor: 'webhook', ...extra }));
  const pending = async () => {
    const [row] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM notifications WHERE status = 'pending'",
    );
    return row!.n;
  };

  async function worker(mailer: Mailer, over: Partial<Parameters<typeof startNotificationWorker>[0]> = {}) {
    const w = await startNotificationWorker({
      db,
      logger: silentLogger(),
      mailer,
      publicUrl: PUBLIC_URL,
      pollIntervalMs: 20,
      backoff: { baseMs: 20, capMs: 100 },
      webhookTarget: { allowPrivate: true }, // the merchant receivers are on loopback
      ...over,
    });
    running.push(w);
    return w;
  }

  it('emails each customer exactly once per outcome over SMTP, with text, HTML and the status link', async () => {
    const smtp = await startSmtpReceiver();
    running.push({ stop: () => smtp.close() });
    const mailer = createMailer({
      kind: 'smtp',
      host: '127.0.0.1',
      port: smtp.port,
      from: 'Shop <refunds@shop.example>',
    });
    running.push(mailer);

    const ok = await refund();
    const late = await refund({ currency: 'jpy', amount: 5000 });
    const canceled = await refund();
    const noEmail = await refund({ email: null });
    await move(ok.id, 'pending');
    await move(ok.id, 'succeeded');
    await move(late.id, 'succeeded');
    await move(late.id, 'failed', { failureCode: 'expired_or_canceled_card' });
    await move(canceled.id, 'requires_action');
    await move(canceled.id, 'canceled');
    await move(noEmail.id, 'succeeded');
    // Duplicated and replayed changes (as from webhooks ×3): nothing more to send.
    for (let i = 0; i < 3; i++) {
      await move(ok.id, 'succeeded');
      await move(late.id, 'failed');
    }

    const w = await worker(mailer);
    await until(async () => (await pending()) === 0);
    expect(w.stats.sent).toBe(3);

    const byRecipient = (to: string) => smtp.messages.filter((m) => m.to.includes(to));
    expect(smtp.messages).toHaveLength(3);
    expect(byRecipient(canceled.email)).toEqual([]);

    const [onItsWay] = byRecipient(ok.email);
    expect(onItsWay!.subject).toBe('Your refund of €12.50 is on its way');
    expect(onItsWay!.from).toBe('refunds@shop.example');
    expect(onItsWay!.text).toContain(`${PUBLIC_URL}/r/${ok.token}`);
    expect(onItsWay!.html).toContain(`href="${PUBLIC_URL}/r/${ok.token}"`);
    expect(onItsWay!.text).toContain('order ord-');
    expect(onItsWay!.messageId).toMatch(/^<ntf_[0-9a-f]+@refundry>$|^<ntf_\w+@refundry>$/);

    const late2 = byRecipient(late.email);
    expect(late2.map((m) => m.subject)).toEqual([
      'Your refund of ¥5,000 is on its way',
      'Your refund of ¥5,000 could not be completed',
    ]);
    const failed = late2[1]!;
    expect(failed.text).toContain('has expired or been canceled');
    expect(failed.text).toContain('What happens next');
    expect(failed.text).toContain(`${PUBLIC_URL}/r/${late.token}`);
    expect(failed.html).toContain('What happens next');
    expect(failed.html).toContain(`${PUBLIC_URL}/r/${late.token}`);
  });

  it('logs in to SMTP with the configured user and never logs the password', async () => {
    const password = 'pa55-w0rd-very-secret';
    const smtp = await startSmtpReceiver({ auth: { user: 'mailer', password } });
    running.push({ stop: () => smtp.close() });
    let logged = '';
    const logger = pino(
      { level: 'trace' },
      new Writable({
        write(chunk, _enc, cb) {
          logged += chunk.toString();
          cb();
        },
      }),
    );
    const wrong = createMailer({
      kind: 'smtp',
      host: '127.0.0.1',
      port: smtp.port,
      user: 'mailer',
      password: 'wrong',
      from: 'r@shop.example',
    });
    running.push(wrong);
    const a = await refund();
    await move(a.id, 'succeeded');
    const w1 = await worker(wrong, { logger, maxAttempts: 2 });
    await until(async () => w1.stats.gaveUp === 1);
    expect(smtp.messages).toHaveLength(0);
    const [row] = await db.query<{ status: string; attempts: number; last_error: string }>(
      "SELECT status, attempts, last_error FROM notifications WHERE refund_id = $1 AND channel = 'email'",
      [a.id],
    );
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    expect(row!.last_error).toMatch(/auth|535|invalid/i);
    // The worker with the wrong password stops first: left running, it could claim the next
    // email too and give it up before the right one sees it.
    await w1.stop();

    const right = createMailer({
      kind: 'smtp',
      host: '127.0.0.1',
      port: smtp.port,
      user: 'mailer',
      password,
      from: 'r@shop.example',
    });
    running.push(right);
    const b = await refund();
    await move(b.id, 'succeeded');
    await worker(right, { logger });
    await until(async () => smtp.messages.length === 1);
    expect(smtp.logins).toContain('mailer');
    expect(logged).toContain('notification given up');
    expect(logged).not.toContain(password);
    expect(logged).not.toContain('wrong"');
  });

  it('writes .eml files with both parts in folder mode', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'refundry-mail-'));
    try {
      const mailer = createMailer({ kind: 'dir', dir: join(dir, 'mail'), from: 'r@shop.example' });
      running.push(mailer);
      const a = await refund();
      await move(a.id, 'succeeded');
      await worker(mailer);
      await until(async () => (await pending()) === 0);
      const files = await readdir(join(dir, 'mail'));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^ntf_\w+\.eml$/);
      const mail = parseMime(await readFile(join(dir, 'mail', files[0]!), 'utf8'));
      expect(mail.headers.get('to')).toBe(a.email);
      expect(mail.text).toContain(`${PUBLIC_URL}/r/${a.token}`);
      expect(mail.html).toContain(`${PUBLIC_URL}/r/${a.token}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('signs merchant webhooks so the receiver can verify them, and retries after a 500', async () => {
    const failedOnce = new Set<string>();
    const receiver = await startMerchantReceiver((_body, headers) => {
      const id = String(headers['refundry-event-id']);
      if (failedOnce.has(id)) return 200;
      failedOnce.add(id);
      return 500;
    });
    running.push({ stop: () => receiver.close() });
    const { endpoint, secret } = await createWebhookEndpoint(db, {
      url: receiver.url,
      enabledEvents: ['refund.succeeded'],
      createdBy: 't',
    });
    const a = await refund();
    await move(a.id, 'pending');
    await move(a.id, 'succeeded');
    const mailer = createMailer({
      kind: 'dir',
      dir: join(tmpdir(), `refundry-null-${n}`),
      from: 'r@x.example',
    });
    running.push(mailer);
    const metrics = createMetrics({ db, defaultMetrics: false });
    await worker(mailer, { metrics });
    await until(async () => receiver.deliveries.some((d) => d.status === 200));
    expect(receiver.deliveries.map((d) => d.status)).toEqual([500, 200]);
    const [first, second] = receiver.deliveries;
    expect(first!.headers['refundry-event-id']).toBe(second!.headers['refundry-event-id']);
    expect(first!.body).toBe(second!.body);
    for (const d of receiver.deliveries) {
      expect(d.headers['content-type']).toBe('application/json');
      expect(verifyRefundrySignature(d.body, d.headers['refundry-signature'] as string, secret, 300)).toBe(
        true,
      );
      expect(
        verifyRefundrySignature(d.body, d.headers['refundry-signature'] as string, 'whsec_wrong', 300),
      ).toBe(false);
    }
    const event = JSON.parse(second!.body);
    expect(event).toMatchObject({
      id: second!.headers['refundry-event-id'],
      type: 'refund.succeeded',
      data: { object: { id: a.id, status: 'succeeded' }, previous_attributes: { status: 'pending' } },
    });
    await until(async () => {
      const [row] = await db.query<{ status: string }>(
        'SELECT status FROM notifications WHERE endpoint_id = $1',
        [endpoint.id],
      );
      return row?.status === 'sent';
    });
    const [row] = await db.query<{ attempts: number }>(
      'SELECT attempts FROM notifications WHERE endpoint_id = $1',
      [endpoint.id],
    );
    expect(row!.attempts).toBe(2);
    const scrape = await metrics.registry.metrics();
    expect(scrape).toContain('refundry_notification_deliveries_total{channel="webhook",outcome="retry"} 1');
    expect(scrape).toContain('refundry_notification_deliveries_total{channel="webhook",outcome="sent"} 1');
  });

  it('gives up after the maximum attempts, keeps the delivery as failed, and counts it', async () => {
    const receiver = await startMerchantReceiver(() => 503);
    running.push({ stop: () => receiver.close() });
    const { endpoint } = await createWebhookEndpoint(db, {
      url: receiver.url,
      enabledEvents: ['*'],
      createdBy: 't',
    });
    const a = await refund({ email: null });
    await move(a.id, 'succeeded');
    const mailer = createMailer({
      kind: 'dir',
      dir: join(tmpdir(), `refundry-null-${n}`),
      from: 'r@x.example',
    });
    running.push(mailer);
    const metrics = createMetrics({ db, defaultMetrics: false });
    const w = await worker(mailer, { maxAttempts: 4, metrics });
    await until(async () => w.stats.gaveUp === 1);
    expect(receiver.deliveries).toHaveLength(4);
    expect(w.stats.retried).toBe(3);
    const [row] = await db.query<{ status: string; attempts: number; last_error: string }>(
      'SELECT status, attempts, last_error FROM notifications WHERE endpoint_id = $1',
      [endpoint.id],
    );
    expect(row).toEqual({ status: 'failed', attempts: 4, last_error: 'http_status_503' });
    // Nothing more is tried.
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.deliveries).toHaveLength(4);
    const scrape = await metrics.registry.metrics();
    expect(scrape).toContain('refundry_notification_deliveries_total{channel="webhook",outcome="gave_up"} 1');
    expect(scrape).toMatch(/refundry_notifications\{channel="webhook",status="failed"\} [1-9]/);
  });

  it('retries a refused connection, and skips deliveries for an endpoint disabled meanwhile', async () => {
    const closed = await startMerchantReceiver();
    await closed.close(); // nothing listens there any more
    const { endpoint } = await createWebhookEndpoint(db, {
      url: closed.url,
      enabledEvents: ['*'],
      createdBy: 't',
    });
    const a = await refund({ email: null });
    await move(a.id, 'succeeded');
    const mailer = createMailer({
      kind: 'dir',
      dir: join(tmpdir(), `refundry-null-${n}`),
      from: 'r@x.example',
    });
    running.push(mailer);
    const w = await worker(mailer, { maxAttempts: 50 });
    await until(async () => w.stats.retried >= 2);
    const [retrying] = await db.query<{ status: string; last_error: string }>(
      'SELECT status, last_error FROM notifications WHERE endpoint_id = $1',
      [endpoint.id],
    );
    expect(retrying!.status).toBe('pending');
    expect(retrying!.last_error).toBe('connection_failed'); // the class, not the socket's words
    await disableWebhookEndpoint(db, endpoint.id);
    await until(async () => w.stats.skipped === 1);
    const [skipped] = await db.query<{ status: string }>(
      'SELECT status FROM notifications WHERE endpoint_id = $1',
      [endpoint.id],
    );
    expect(skipped!.status).toBe('skipped');
  });

  it('shares the outbox between several workers: every delivery made once', async () => {
    const receiver = await startMerchantReceiver();
    running.push({ stop: () => receiver.close() });
    await createWebhookEndpoint(db, { url: receiver.url, enabledEvents: ['*'], createdBy: 't' });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await refund({ email: null });
      ids.push(r.id);
      await move(r.id, 'pending');
      await move(r.id, 'succeeded');
    }
    const mailer = createMailer({
      kind: 'dir',
      dir: join(tmpdir(), `refundry-null-${n}`),
      from: 'r@x.example',
    });
    running.push(mailer);
    const workers: NotificationWorker[] = [];
    for (let i = 0; i < 3; i++) workers.push(await worker(mailer, { concurrency: 4, workerId: `w${i}` }));
    await until(async () => (await pending()) === 0);
    const eventIds = receiver.deliveries.map((d) => String(d.headers['refundry-event-id']));
    expect(eventIds).toHaveLength(60);
    expect(new Set(eventIds).size).toBe(60);
    expect(workers.reduce((sum, w) => sum + w.stats.sent, 0)).toBe(60);
  });
});
