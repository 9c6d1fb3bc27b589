// Every page of the dashboard (and the customer's status page, and the login page) checked by
// axe-core in Chromium at 1280 and 375 px: no serious or critical violation, so it stays at zero.
// And the Overview, the heaviest page, arrives compressed: what the browser downloads is measured.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  axeViolations,
  chromiumAvailable,
  DESKTOP,
  type E2eService,
  e2eSuite,
  PHONE,
  poll,
  type RolePage,
  screenshot,
} from '../support/e2e.ts';

const run = chromiumAvailable();

describe.skipIf(!run)('accessibility and weight of every page', { timeout: 120_000 }, () => {
  let svc: E2eService;
  let browser: Browser;
  let admin: RolePage;
  e2eSuite('accessibility', ['admin'], (s, as) => {
    ({ svc, browser } = s);
    admin = as.admin;
  });

  /** Goes to `path`, waits for its heading and for the network to settle. */
  async function visit(page: Page, path: string, heading: RegExp) {
    await page.goto(path);
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(heading);
    await page.waitForLoadState('networkidle');
  }

  /** axe at both widths on the page as it is; the page's own screenshot at 375 px for the record. */
  async function check(page: Page, name: string): Promise<string[]> {
    const found: string[] = [];
    for (const [size, label] of [
      [DESKTOP, '1280'],
      [PHONE, '375'],
    ] as const) {
      await page.setViewportSize(size);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      found.push(...(await axeViolations(page)).map((v) => `${name} @${label}: ${v}`));
    }
    await screenshot(page, `${name}-375`);
    await page.setViewportSize(DESKTOP);
    return found;
  }

  it('axe finds no serious or critical violation on any page at 1280 and 375 px', async () => {
    const { page } = admin;
    const db = svc.service.db;
    // Something on every page: a refund in each interesting state, one waiting for approval, a
    // reconciliation run, a bulk batch.
    const refund = async (order: string, body: Record<string, unknown>) =>
      page.evaluate(
        async ([paymentId, body]) => {
          const me = await (await fetch('/auth/me')).json();
          const res = await fetch('/api/v1/refunds', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
            body: JSON.stringify({ payment_id: paymentId, reason: 'duplicate', ...body }),
          });
          return (await res.json()) as { id: string; customer_token: string };
        },
        [svc.payments.get(order)!.id, body] as const,
      );
    const done = await refund('ord_1001', {});
    const waiting = await refund('ord_1007', {});
    await refund('ord_1003', { amount: 500 });
    await poll(
      async () => (await db.query("SELECT 1 FROM refunds WHERE status = 'succeeded'")).length,
      15_000,
    ).toBe(2);
    await svc.advanceSandbox(7_200);
    await poll(
      async () => (await db.query("SELECT 1 FROM refunds WHERE status = 'failed'")).length,
      15_000,
    ).toBe(1);
    const [failed] = await db.query<{ id: string }>("SELECT id FROM refunds WHERE status = 'failed'");

    const found: string[] = [];
    const pages: Array<[string, RegExp, string]> = [
      ['/payments', /^Find a payment$/, 'find-payment'],
      ['/payments?q=ord_100', /^Find a payment$/, 'search-results'],
      [`/payments/${svc.payments.get('ord_1002')!.id}`, /^Payment ord_1002$/, 'payment-form'],
      [`/payments/${svc.payments.get('ord_1001')!.id}`, /^Payment ord_1001$/, 'payment-fully-refunded'],
      [`/payments/${svc.payments.get('ord_1005')!.id}`, /^Payment ord_1005$/, 'payment-fraud-blocked'],
      ['/refunds', /^Refunds$/, 'refunds'],
      [`/refunds/${done.id}`, /^Refund /, 'refund-succeeded'],
      [`/refunds/${failed!.id}`, /^Refund /, 'refund-failed'],
      [`/refunds/${waiting.id}`, /^Refund /, 'refund-awaiting-approval'],
      ['/approvals', /^Approvals$/, 'approvals'],
      ['/overview', /^Overview$/, 'overview'],
      ['/reconciliation', /^Reconciliation$/, 'reconciliation'],
      ['/bulk', /^Bulk import$/, 'bulk'],
      ['/settings?tab=users', /^Settings$/, 'settings-users'],
      ['/settings?tab=api-keys', /^Settings$/, 'settings-api-keys'],
      ['/settings?tab=policy', /^Settings$/, 'settings-policy'],
      ['/settings?tab=merchant', /^Settings$/, 'settings-customer-page'],
      ['/settings?tab=webhooks', /^Settings$/, 'settings-webhooks'],
      ['/nowhere', /^Page not found$/, 'not-found'],
    ];
    for (const [path, heading, name] of pages) {
      await visit(page, path, heading);
      if (name === 'overview') await poll(() => page.locator('.recharts-surface').count()).toBeGreaterThan(0);
      found.push(...(await check(page, name)));
    }
    // A reconciliation run's page.
    await visit(page, '/reconciliation', /^Reconciliation$/);
    await page.getByRole('button', { name: 'Run reconciliation now' }).click();
    await page.waitForURL(/\/reconciliation\/.+/);
    await poll(() => page.getByTestId('run-status').textContent(), 20_000).toBe('Completed');
    found.push(...(await check(page, 'reconciliation-run')));
    // The phone menu, opened.
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'Menu' }).click();
    found.push(...(await axeViolations(page)).map((v) => `menu-open @375: ${v}`));
    await page.setViewportSize(DESKTOP);

    // The customer's status page (no session needed), and the login page.
    const customer = await browser.newPage();
    try {
      for (const [token, name] of [
        [done.customer_token, 'status-refunded'],
        [waiting.customer_token, 'status-requested'],
      ] as const) {
        await customer.goto(`${svc.baseUrl}/r/${token}`);
        await customer.locator('#headline').waitFor();
        found.push(...(await check(customer, name)));
      }
      await customer.goto(`${svc.baseUrl}/payments`);
      await customer.getByRole('button', { name: 'Sign in' }).waitFor();
      found.push(...(await check(customer, 'login')));
    } finally {
      await customer.close();
    }
    expect(found).toEqual([]);
    expect(admin.problems, 'console errors').toEqual([]);
  });

  it('the Overview downloads its scripts precompressed: brotli, well under its uncompressed size', async () => {
    const context = await browser.newContext({ baseURL: svc.baseUrl, viewport: DESKTOP });
    // A fresh context signs in and opens the Overview with an empty cache.
    const page = await context.newPage();
    const scripts: Array<{ url: string; encoding: string | undefined; bytes: number }> = [];
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const requests = new Map<string, { url: string; encoding?: string; js: boolean }>();
    cdp.on('Network.responseReceived', (e) => {
      const headers = Object.fromEntries(
        Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]),
      );
      requests.set(e.requestId, {
        url: e.response.url,
        encoding: headers['content-encoding'] as string | undefined,
        js: e.type === 'Script',
      });
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = requests.get(e.requestId);
      if (r?.js) scripts.push({ url: r.url, encoding: r.encoding, bytes: e.encodedDataLength });
    });
    await page.goto('/');
    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('current-user').waitFor();
    await page.goto('/overview');
    await poll(() => page.locator('.recharts-surface').count()).toBeGreaterThan(0);
    await page.waitForLoadState('networkidle');
    await context.close();

    expect(scripts.length).toBeGreaterThanOrEqual(2); // the app and the lazily loaded charts
    for (const s of scripts) expect(s.encoding, s.url).toBe('br');
    const total = scripts.reduce((sum, s) => sum + s.bytes, 0);
    console.log(
      `Overview scripts over the wire: ${(total / 1024).toFixed(0)} KiB (${scripts.map((s) => `${s.url.split('/').pop()} ${(s.bytes / 1024).toFixed(0)} KiB ${s.encoding}`).join(', ')})`,
    );
    // 712 KiB of uncompressed JavaScript before; brotli brings it to about a quarter.
    expect(total).toBeLessThan(260 * 1024);
  });
});
