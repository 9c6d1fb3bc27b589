// The dashboard end to end in headless Chromium (Debian's, driven by playwright-core) against the
// real service: login, finding a payment, refunds through the policy (allowed, over the approval
// threshold, blocked), roles, the customer status page following a pending refund, the CSV import
// with a dry run, reconciliation and settings. One browser for the file; one context per person.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  type E2eService,
  e2eSuite,
  emailOf,
  NAMES,
  PASSWORD,
  poll,
  type RolePage,
  screenshot,
} from '../support/e2e.ts';

const run = chromiumAvailable();

describe.skipIf(!run)('dashboard in Chromium', { timeout: 60_000 }, () => {
  let svc: E2eService;
  let browser: Browser;
  let agent: RolePage;
  let approver: RolePage;
  // A failed step leaves a screenshot of every page signed in here, to see what the browser saw.
  const e2e = e2eSuite('dashboard', ['agent', 'approver'], (s, as) => {
    ({ svc, browser } = s);
    ({ agent, approver } = as);
  });

  /** Refunds of a payment as the service has them (the truth behind the screen). */
  const refundsOf = (order: string) =>
    svc.service.db.query<{ id: string; amount: string; status: string }>(
      'SELECT r.id, r.amount, r.status FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.order_id = $1 ORDER BY r.created_at',
      [order],
    );

  /** Searches the order id: one match opens the payment directly. */
  async function openPayment(page: Page, order: string) {
    await page.getByRole('link', { name: 'Find a payment' }).click();
    await page.getByRole('searchbox').fill(order);
    await page.getByRole('button', { name: 'Search' }).click();
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Payment ${order}`);
  }

  it('refuses a wrong password, then signs in and lands on the payment search', async () => {
    const context = await browser.newContext({ baseURL: svc.baseUrl, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    await page.goto('/refunds');
    await page.getByLabel('Email').fill(emailOf('agent'));
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain('The email or password is wrong');
    await screenshot(page, '01-login');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.getByTestId('current-user').textContent()).toContain(NAMES.agent);
    // The address asked for before signing in is kept.
    expect(new URL(page.url()).pathname).toBe('/refunds');
    // The session is an HttpOnly cookie: scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('refundry_session');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'refundry_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await context.close();
  });

  it('after sign-in follows ?next= only to paths of this dashboard (/\\evil.example and the like land on the search)', async () => {
    const context = await browser.newContext({ baseURL: svc.baseUrl, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // Signed out: the login form, then the bounce that must not happen.
    await page.goto('/login?next=%2F%5Cevil.example');
    await page.getByLabel('Email').fill(emailOf('agent'));
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => new URL(page.url()).pathname).toBe('/payments');
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Find a payment');
    // Signed in: every spelling of another origin is ignored, a path of this one is followed.
    for (const next of [
      '/\\evil.example',
      '//evil.example',
      'https://evil.example/x',
      '/\\/evil.example/refunds',
    ]) {
      await page.goto(`/?next=${encodeURIComponent(next)}`);
      await poll(() => new URL(page.url()).pathname, 5_000).toBe('/payments');
      expect(new URL(page.url()).origin).toBe(svc.baseUrl);
      await page.getByRole('heading', { level: 1, name: 'Find a payment' }).waitFor();
    }
    await page.goto(`/?next=${encodeURIComponent('/refunds?status=queued')}`);
    await poll(() => new URL(page.url()).pathname).toBe('/refunds');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('finds a payment by order id, customer email and Stripe id', async () => {
    const { page } = agent;
    const p1001 = svc.payments.get('ord_1001')!;
    await page.goto(`/payments?q=${encodeURIComponent(p1001.stripePaymentIntentId!)}`);
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Payment ord_1001');
    await page.goto('/payments?q=ada%40example.com');
    // Ada has two payments.
    await poll(() => page.locator('tbody tr').count()).toBe(2);
    await screenshot(page, '02-payment-search');
    await openPayment(page, 'ord_1001');
    expect(await page.getByTestId('amount-captured').textContent()).toContain('$49.99');
    expect(await page.getByTestId('amount-still-refundable').textContent()).toContain('$49.99');
  });

  it('a partial refund the policy allows goes to succeeded once, even on a double click, and the timeline shows each step', async () => {
    const { page } = agent;
    await page.goto(`/payments/${svc.payments.get('ord_1001')!.id}`);
    await page.getByLabel('Partial refund').check();
    await page.getByLabel('Amount (USD)').fill('12.50');
    await page.getByLabel('Reason').selectOption('requested_by_customer');
    await page.getByLabel('Note', { exact: true }).fill('Damaged box');
    await page.locator('[data-verdict="allowed"]').waitFor();
    expect(await page.getByTestId('policy-verdict').textContent()).toContain('The policy allows this refund');
    await screenshot(page, '03-payment-refund-form');
    await page.getByRole('button', { name: 'Refund $12.50' }).dblclick();
    await page.waitForURL(/\/refunds\/rf_/);
    await poll(() => page.getByTestId('refund-status').textContent(), 15_000).toBe('Succeeded');
    const timeline = page.getByTestId('timeline');
    await poll(() =>
      timeline.locator('li[data-to]').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-to'))),
    ).toEqual(['queued', 'succeeded']);
    const text = await timeline.textContent();
    expect(text).toContain(NAMES.agent);
    expect(text).toMatch(/Stripe refund re_/);
    await screenshot(page, '04-refund-timeline');
    // Exactly one refund, for exactly 12.50.
    expect((await refundsOf('ord_1001')).map((r) => [Number(r.amount), r.status])).toEqual([
      [1250, 'succeeded'],
    ]);
  });

  it('a refund over the approval threshold waits; the agent cannot approve, an approver approves, it succeeds', async () => {
    const { page } = agent;
    await openPayment(page, 'ord_1007');
    await page.locator('[data-verdict="approval"]').waitFor();
    expect(await page.getByTestId('policy-verdict').textContent()).toContain(
      'above the $500.00 approval threshold',
    );
    await page.getByRole('button', { name: 'Refund $900.00' }).click();
    await page.waitForURL(/\/refunds\/rf_/);
    const refundUrl = new URL(page.url()).pathname;
    await poll(() => page.getByTestId('refund-status').textContent()).toBe('Awaiting approval');
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Approvals' }).count()).toBe(0);

    const a = approver.page;
    await a.getByRole('link', { name: 'Approvals' }).click();
    const id = refundUrl.split('/').pop()!;
    await a.getByRole('button', { name: `Approve refund ${id}` }).waitFor();
    await screenshot(a, '05-approvals');
    await a.getByRole('button', { name: `Approve refund ${id}` }).click();
    await poll(() => a.getByText('Nothing waits for approval.').count()).toBe(1);
    // The agent's open page follows by itself.
    await poll(() => page.getByTestId('refund-status').textContent(), 15_000).toBe('Succeeded');
    const steps = await page
      .getByTestId('timeline')
      .locator('li[data-to]')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-to')));
    expect(steps).toEqual(['awaiting_approval', 'queued', 'succeeded']);
    expect(await page.getByTestId('timeline').textContent()).toContain(NAMES.approver);
    // Both people, named on the refund's page: who asked, who approved.
    expect(await page.getByTestId('requested-by').textContent()).toContain(NAMES.agent);
    expect(await page.getByTestId('approved-by').textContent()).toContain(NAMES.approver);
  });

  it('a blocked refund shows the rule and why, and cannot be submitted', async () => {
    const { page } = agent;
    await openPayment(page, 'ord_1004');
    const blocked = page.locator('[data-verdict="blocked"]');
    await blocked.waitFor();
    expect(await blocked.locator('[data-rule="outside_refund_window"]').textContent()).toMatch(
      /Outside the refund window.*captured 120 days ago; refunds are allowed for 14 days/,
    );
    expect(await page.getByRole('button', { name: /^Refund/ }).isDisabled()).toBe(true);
    await screenshot(page, '06-blocked-refund');

    await openPayment(page, 'ord_1005');
    await page.locator('[data-rule="fraud_flagged"]').waitFor();
    // An amount over what remains names that rule too.
    await openPayment(page, 'ord_1001');
    await page.getByLabel('Partial refund').check();
    await page.getByLabel('Amount (USD)').fill('40.00');
    await page.locator('[data-rule="amount_exceeds_remaining"]').waitFor();
    // A decimal comma in an en-US browser is refused, never read as 4000.
    await page.getByLabel('Amount (USD)').fill('40,00');
    expect(await page.getByText('Type the amount as you would write it in USD').count()).toBe(1);
    expect(await refundsOf('ord_1004')).toEqual([]);
  });

  it('a viewer sees payments and refunds but no refund form, and the server refuses a refund anyway', async () => {
    const viewer = await e2e.signIn('viewer');
    const { page } = viewer;
    expect(await page.getByRole('link', { name: 'Bulk import' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await openPayment(page, 'ord_1006');
    expect(await page.getByText('Your role can view payments but not refund them.').count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Refund/ }).count()).toBe(0);
    // Hiding the form is a courtesy; the API is the guard.
    const paymentId = svc.payments.get('ord_1006')!.id;
    const status = await page.evaluate(async (id) => {
      const me = await (await fetch('/auth/me')).json();
      const res = await fetch('/api/v1/refunds', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
        body: JSON.stringify({ payment_id: id, reason: 'duplicate' }),
      });
      return res.status;
    }, paymentId);
    expect(status).toBe(403);
    expect(await refundsOf('ord_1006')).toEqual([]);
  });

  it('the customer status page follows a pending refund to its end', async () => {
    const { page } = agent;
    await openPayment(page, 'ord_1002');
    await page.locator('[data-verdict="allowed"]').waitFor();
    await page.getByRole('button', { name: 'Refund $120.00' }).click();
    await page.waitForURL(/\/refunds\/rf_/);
    await poll(() => page.getByTestId('refund-status').textContent(), 15_000).toBe('Pending at Stripe');
    const [customer] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('link', { name: 'Open the customer’s view' }).click(),
    ]);
    await customer.waitForLoadState();
    expect(new URL(customer.url()).pathname).toMatch(/^\/r\//);
    await poll(() => customer.locator('body').getAttribute('data-stage')).toBe('processing');
    await screenshot(customer, '07-customer-status-processing');
    await svc.advanceSandbox(7200);
    // Stripe's webhook reaches the service; both pages update by themselves, without a reload.
    await poll(() => page.getByTestId('refund-status').textContent(), 20_000).toBe('Succeeded');
    await poll(() => customer.locator('body').getAttribute('data-stage'), 20_000).toBe('refunded');
    await screenshot(customer, '08-customer-status-refunded');
    const timeline = await page.getByTestId('timeline').textContent();
    expect(timeline).toMatch(/webhook event evt_/);
    await customer.close();
  });

  it('imports a CSV: the dry run shows each row, confirming refunds the allowed ones, progress to the end', async () => {
    const { page } = agent;
    const csv = join(tmpdir(), `refundry-e2e-${process.pid}.csv`);
    await writeFile(
      csv,
      'order_id,amount,reason,note\nord_1006,1000,requested_by_customer,first\nord_1003,5.00,duplicate,second\nord_1005,all,fraudulent,third\n',
    );
    await page.getByRole('link', { name: 'Bulk import' }).click();
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(csv);
    await page.getByRole('button', { name: 'Dry run' }).click();
    const dry = page.locator('[data-testid="batch"][data-status="completed"]');
    await dry.waitFor({ timeout: 15_000 });
    await poll(() => dry.locator('tbody tr').count()).toBe(3);
    const outcomes = await dry
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-outcome')));
    expect(outcomes).toEqual(['would_accept', 'would_accept', 'would_reject']);
    expect(await dry.locator('[data-rule="fraud_flagged"]').count()).toBe(1);
    await screenshot(page, '09-bulk-dry-run');
    // Nothing was refunded by the dry run.
    expect(await refundsOf('ord_1006')).toEqual([]);

    await page.getByRole('button', { name: 'Confirm: refund 2 rows' }).click();
    await page.waitForURL(/\/bulk\/.+/);
    const done = page.locator('[data-testid="batch"][data-status="completed"]');
    await done.waitFor({ timeout: 15_000 });
    await poll(() =>
      done.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-outcome'))),
    ).toEqual(['accepted', 'accepted', 'rejected']);
    await screenshot(page, '10-bulk-done');
    expect((await refundsOf('ord_1006')).map((r) => Number(r.amount))).toEqual([1000]);
    expect((await refundsOf('ord_1003')).map((r) => Number(r.amount))).toEqual([500]);
  });

  it('shows the main pages without console errors or CSP violations, and reads on a 375 px phone', async () => {
    const admin = await e2e.signIn('admin');
    const { page } = admin;
    for (const [path, name, heading] of [
      ['/refunds', '11-refunds', 'Refunds'],
      ['/overview', '12-overview', 'Overview'],
      ['/reconciliation', '13-reconciliation', 'Reconciliation'],
      ['/settings?tab=users', '15-settings-users', 'Settings'],
      ['/settings?tab=policy', '16-settings-policy', 'Settings'],
    ] as const) {
      await page.goto(path);
      await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
      await page.waitForLoadState('networkidle');
      await screenshot(page, name);
    }
    await page.goto('/overview');
    await poll(() => page.locator('.recharts-surface').count()).toBeGreaterThan(0);
    // Reconciliation: an admin starts a run and watches it finish; anything flagged can be resolved.
    await page.goto('/reconciliation');
    await page.getByRole('button', { name: 'Run reconciliation now' }).click();
    await page.waitForURL(/\/reconciliation\/.+/);
    await poll(() => page.getByTestId('run-status').textContent(), 20_000).toBe('Completed');
    await screenshot(page, '14-reconciliation-run');
    const note = page.getByLabel('Resolution note');
    if ((await note.count()) > 0) {
      await note.first().fill('Checked in the Stripe dashboard');
      await page.getByRole('button', { name: 'Mark resolved' }).first().click();
      await poll(() => page.getByText(/Checked in the Stripe dashboard/).count()).toBeGreaterThan(0);
    }

    // An API key is shown once, then only its prefix; it works at once.
    await page.goto('/settings?tab=api-keys');
    await page.getByLabel('Name').fill('shop backend');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('secret-value').textContent())!;
    expect(secret).toMatch(/^rfk_/);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.getByTestId('secret-value').count()).toBe(0);
    expect(await page.locator('table').textContent()).toContain(secret.slice(0, 8));
    expect(await page.locator('table').textContent()).not.toContain(secret);
    const withKey = await fetch(`${svc.baseUrl}/api/v1/refunds`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(withKey.status).toBe(200);

    // A merchant webhook endpoint: its signing secret is shown once.
    await page.goto('/settings?tab=webhooks');
    await page.getByLabel('URL').fill('http://127.0.0.1:9/refund-events');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    expect(await page.getByTestId('secret-value').textContent()).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await poll(() => page.locator('code', { hasText: 'http://127.0.0.1:9/refund-events' }).count()).toBe(1);

    // A policy change applies at once: blocking the reason "other" shows that rule on the form.
    await page.goto('/settings?tab=policy');
    await page.getByLabel('Other', { exact: true }).check();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await poll(() => page.getByText(/Last changed by/).count()).toBe(1);
    await page.goto(`/payments/${svc.payments.get('ord_1006')!.id}`);
    await page.getByLabel('Reason').selectOption('other');
    await page.locator('[data-rule="reason_blocked"]').waitFor();

    // An admin lets fraud-flagged payments be refunded after approval (Stripe's advice). Four eyes:
    // whoever requested the refund (here the admin) cannot approve it; an approver does, and the
    // refund's page names both.
    await page.goto('/settings?tab=policy');
    await page.getByLabel(/Refund them after an approver agrees/).check();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await poll(() => page.getByText(/Last changed by/).count()).toBe(1);
    await openPayment(page, 'ord_1005');
    await page.locator('[data-verdict="approval"]').waitFor();
    expect(await page.getByTestId('policy-verdict').textContent()).toContain('flagged as fraudulent');
    await page.getByLabel('Reason').selectOption('fraudulent');
    await page.getByRole('button', { name: 'Refund $300.00' }).click();
    await page.waitForURL(/\/refunds\/rf_/);
    await poll(() => page.getByTestId('refund-status').textContent()).toBe('Awaiting approval');
    expect(await page.getByTestId('own-request').textContent()).toContain('someone else must approve it');
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await approver.page.goto(new URL(page.url()).pathname);
    await approver.page.getByRole('button', { name: 'Approve' }).click();
    await poll(() => page.getByTestId('approved-by').textContent(), 15_000).toContain(NAMES.approver);
    expect(await page.getByTestId('requested-by').textContent()).toContain(NAMES.admin);
    await screenshot(page, '17-four-eyes');

    await page.goto('/refunds?status=succeeded');
    await poll(() => page.locator('tbody tr').count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe(
      '/api/v1/refunds/export.csv?status=succeeded',
    );

    // A phone: nothing scrolls sideways, the menu opens from its button.
    const phone = await e2e.signIn('agent', { width: 375, height: 740 });
    for (const path of [
      '/payments?q=ord_1001',
      `/payments/${svc.payments.get('ord_1001')!.id}`,
      '/refunds',
    ]) {
      await phone.page.goto(path);
      await phone.page.getByRole('heading', { level: 1 }).waitFor();
      await phone.page.waitForLoadState('networkidle');
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBeLessThanOrEqual(375);
    }
    await screenshot(phone.page, '17-phone-refunds');
    await phone.page.getByRole('button', { name: 'Menu' }).click();
    await phone.page.getByRole('link', { name: 'Find a payment' }).click();
    await poll(() => new URL(phone.page.url()).pathname).toBe('/payments');

    // Keyboard: a new page puts focus on its heading; the skip link is the first stop of the Tab
    // order, and it moves focus to the content.
    await page.goto('/refunds');
    await poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    const firstTabStop = await page.evaluate(
      () =>
        document.querySelector<HTMLElement>('a[href], button, input, select, textarea, [tabindex="0"]')
          ?.textContent,
    );
    expect(firstTabStop).toBe('Skip to content');
    await page.getByRole('link', { name: 'Skip to content' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    for (const p of e2e.pages) expect(p.problems, 'console errors').toEqual([]);
  });
});
