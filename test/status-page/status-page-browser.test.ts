// The status page in a real browser (Debian's Chromium through playwright-core): the inline script
// runs under the strict CSP, the page updates itself when the refund moves, and fits a phone.
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import type { RefundStatus } from '../../src/refunds/refund-states.ts';
import { transitionRefund } from '../../src/refunds/transition.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { StripeGateway } from '../../src/stripe/gateway.ts';
import { createTestDb } from '../support/databases.ts';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') throw new Error(`${CHROMIUM} is required in CI`);

describe.skipIf(!available)('customer status page in Chromium', () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    db = await createTestDb('pglite');
    app = await createServiceApp({
      db,
      gateway: {} as StripeGateway,
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      statusPagePollMs: 100,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  const move = (to: RefundStatus, extra = {}) =>
    db.transaction((tx) => transitionRefund(tx, { refundId: 'rf_b', to, actor: 'webhook', ...extra }));

  it('updates itself as the refund moves, with no CSP violation, on a phone-sized screen', async () => {
    const token = 'BrowserToken0123456789abcdefABCD';
    await db.query(
      `INSERT INTO payments (id, stripe_charge_id, order_id, amount, currency, captured_at)
       VALUES ('pay_b', 'ch_b', 'PHONE-7', 5000, 'eur', now())`,
    );
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, customer_token)
       VALUES ('rf_b', 'pay_b', 2500, 'eur', 'requested_by_customer', 'queued', 't', 'kb', $1)`,
      [token],
    );
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/r/${token}`);
    expect(await page.textContent('#headline')).toBe('We have received your refund request');
    expect(await page.getAttribute('#step-requested', 'aria-current')).toBe('step');

    await move('pending');
    await page.waitForFunction(() => document.getElementById('headline')?.textContent?.includes('processed'));
    expect(await page.getAttribute('#step-processing', 'aria-current')).toBe('step');
    expect(await page.getAttribute('#step-requested', 'class')).toBe('done');

    await move('succeeded');
    await move('failed', { failureCode: 'expired_or_canceled_card' });
    await page.waitForFunction(() => document.body.dataset.stage === 'failed');
    expect(await page.textContent('#headline')).toBe('Your refund could not be completed');
    expect(await page.getAttribute('#step-outcome', 'class')).toBe('failed');
    expect(await page.textContent('#step-outcome .step-label')).toBe('Failed');
    // The script rewrote the dates in the browser's own format.
    expect(await page.textContent('#step-outcome time')).not.toContain('UTC');
    expect(await page.textContent('#step-outcome time')).toMatch(/\d/);

    // Fits the phone: nothing wider than the screen, steps stacked.
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    const boxes = await Promise.all(
      ['#step-requested', '#step-outcome'].map(async (s) => (await page.locator(s).boundingBox())!),
    );
    expect(boxes[1]!.y).toBeGreaterThan(boxes[0]!.y);
    expect(problems).toEqual([]);
    await context.close();
  });
});
