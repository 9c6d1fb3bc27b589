// The customer status page over real HTTP: the right progress for the token's refund and nothing
// else, the same bare 404 for unknown and malformed tokens, strict security headers.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import type { RefundStatus } from '../../src/refunds/refund-states.ts';
import { transitionRefund } from '../../src/refunds/transition.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { StripeGateway } from '../../src/stripe/gateway.ts';
import { createTestDb, engines } from '../support/databases.ts';

describe.each(engines())('customer status page on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let base: string;
  let n = 0;

  beforeAll(async () => {
    db = await createTestDb(engine);
    app = await createServiceApp({
      db,
      gateway: {} as StripeGateway,
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  async function refund(orderId: string, email: string) {
    n++;
    await db.query(
      `INSERT INTO payments (id, stripe_payment_intent_id, order_id, customer_email, amount, currency, captured_at)
       VALUES ($1, $2, $3, $4, 100000, 'gbp', now())`,
      [`pay_s${n}`, `pi_s${n}wxyz`, orderId, email],
    );
    const token = `S${String(n).padStart(10, '0')}abcdefghijKLMNOPQRSTU`;
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, customer_token)
       VALUES ($1, $2, 3999, 'gbp', 'requested_by_customer', 'queued', 'test', $3, $4)`,
      [`rf_s${n}`, `pay_s${n}`, `ks_${n}`, token],
    );
    await db.query(
      `INSERT INTO refund_history (refund_id, from_status, to_status, actor) VALUES ($1, NULL, 'queued', 'test')`,
      [`rf_s${n}`],
    );
    return { id: `rf_s${n}`, token };
  }
  const move = (refundId: string, to: RefundStatus, extra = {}) =>
    db.transaction((tx) => transitionRefund(tx, { refundId, to, actor: 'webhook', ...extra }));

  it('shows the amount, the order and the progress as the refund moves, in HTML and JSON', async () => {
    const mine = await refund('A-1001', 'mine@example.com');
    const page = async () => {
      const res = await fetch(`${base}/r/${mine.token}`);
      expect(res.status).toBe(200);
      return res.text();
    };
    let html = await page();
    expect(html).toContain('£39.99');
    expect(html).toContain('Order A-1001');
    expect(html).toMatch(/<li id="step-requested" class="current" aria-current="step">/);
    expect(html).toMatch(/<li id="step-outcome" class="upcoming">/);

    await move(mine.id, 'pending', { stripeRefundId: 're_secret_1' });
    html = await page();
    expect(html).toMatch(/<li id="step-processing" class="current"/);
    expect(html).toContain('Your refund is being processed');

    await move(mine.id, 'succeeded');
    html = await page();
    expect(html).toContain('Your refund is on its way');
    expect(html).toMatch(/<li id="step-outcome" class="done">\s*<span class="step-label">Refunded<\/span>/);
    expect(html).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+">\d{1,2} \w{3} \d{4}, \d\d:\d\d UTC<\/time>/);

    await move(mine.id, 'failed', { failureCode: 'lost_or_stolen_card' });
    const json = await fetch(`${base}/r/${mine.token}/status.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const view = await json.json();
    expect(view).toMatchObject({
      stage: 'failed',
      amount: '£39.99',
      payment: 'Order A-1001',
      done: true,
      steps: [
        { key: 'requested', state: 'done' },
        { key: 'processing', state: 'done' },
        { key: 'outcome', state: 'failed', label: 'Failed' },
      ],
    });
    expect(view.message).toContain('reported lost or stolen');
    // No identifiers in what the customer gets: not the refund's, the payment's, Stripe's or the email.
    for (const body of [JSON.stringify(view), await page()]) {
      for (const secret of [mine.id, 'pay_s', 're_secret_1', 'pi_s', 'mine@example.com']) {
        expect(body).not.toContain(secret);
      }
    }
  });

  it("shows only the token's own refund", async () => {
    const a = await refund('ORDER-AAA', 'a@example.com');
    const b = await refund('ORDER-BBB', 'b@example.com');
    const pageA = await (await fetch(`${base}/r/${a.token}`)).text();
    expect(pageA).toContain('ORDER-AAA');
    expect(pageA).not.toContain('ORDER-BBB');
    expect(pageA).not.toContain(b.token);
    // A token differing in one character (case) is another, unknown token.
    const flipped = a.token.slice(0, -1) + (a.token.endsWith('U') ? 'u' : 'U');
    expect((await fetch(`${base}/r/${flipped}`)).status).toBe(404);
  });

  it('answers unknown and malformed tokens with the same bare 404', async () => {
    await refund('ORDER-X', 'x@example.com');
    const bodies = new Set<string>();
    for (const token of [
      'A'.repeat(32),
      'short',
      `${'a'.repeat(31)}!`,
      'a'.repeat(33),
      '%27%20OR%201%3D1--',
      encodeURIComponent('../../api/v1/refunds'),
    ]) {
      const res = await fetch(`${base}/r/${token}`);
      expect(res.status, token).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      const body = await res.text();
      expect(body).not.toContain('ORDER-X');
      bodies.add(body.replace(/nonce="[^"]+"/g, ''));
      const json = await fetch(`${base}/r/${token}/status.json`);
      expect(json.status).toBe(404);
      expect(await json.json()).toEqual({ error: { code: 'not_found', message: 'Not found.' } });
    }
    expect(bodies.size).toBe(1);
  });

  it('sends strict security headers and an accessible, phone-friendly page', async () => {
    const mine = await refund('ORDER-H', 'h@example.com');
    const res = await fetch(`${base}/r/${mine.token}`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:|\*|unsafe-inline|unsafe-eval/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1]!;
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain(`<style nonce="${nonce}">`);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toMatch(/<main>/);
    expect(html).toMatch(/<header>/);
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain('<html lang="en">');
    // Each response gets its own nonce.
    const again = (await fetch(`${base}/r/${mine.token}`)).headers.get('content-security-policy')!;
    expect(again).not.toContain(nonce);
  });
});
