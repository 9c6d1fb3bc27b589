// Platforms in the dashboard (issue #15), in headless Chromium against the real service (embedded
// sandbox): a destination charge's payment page shows its connected account, application fee and
// transfer; a refund asking to reverse the transfer and refund the fee shows, on its own page, what
// Stripe reversed and refunded, and the payment page follows; the refunds list filters by account;
// a refund whose share the transfer cannot cover waits for an approver, and the approvals queue
// says why in words.
// axe-core finds no serious or critical violation on each of these pages, at 1280 and 375 px.
import { describe, expect, it } from 'vitest';
import { registerFromStripe } from '../../src/payments/payments.ts';
import { storeEvents } from '../../src/stripe-sync/event-store.ts';
import { connectedAccount, destinationCharge } from '../connect/platform.ts';
import {
  chromiumAvailable,
  type E2eService,
  e2eSuite,
  poll,
  type RolePage,
  shootBoth,
} from '../support/e2e.ts';

const run = chromiumAvailable();

describe.skipIf(!run)('platforms (Connect) in the dashboard', { timeout: 60_000 }, () => {
  let svc: E2eService;
  let agent: RolePage;
  const e2e = e2eSuite('connect', ['agent'], (s, as) => {
    svc = s.svc;
    agent = as.agent;
  });

  it('shows the account, fee refunded and transfer reversed on the payment and refund pages', async () => {
    const { stripe, db, gateway } = svc.service;
    const shop = await connectedAccount(stripe, 'Corner Shop');
    const pi = await destinationCharge(stripe, shop, {
      amount: 10_000,
      fee: 1_230,
      metadata: { order_id: 'ord_connect_1' },
    });
    const { payment } = await registerFromStripe(db, (await gateway.retrievePayment(pi))!);
    const { page } = agent;

    await page.goto(`/payments/${payment.id}`);
    const card = page.getByTestId('connect-card');
    await poll(() => card.getByTestId('connect-account').textContent()).toBe(`Corner Shop (${shop})`);
    expect(await card.getByTestId('connect-fee').textContent()).toBe('$12.30, refunded $0.00');
    expect(await card.getByTestId('connect-transfer').textContent()).toBe(
      `$100.00 to ${shop}, reversed $0.00`,
    );

    await page.getByLabel('Partial refund').check();
    await page.getByLabel('Amount (USD)').fill('50.00');
    await page.getByLabel('Reverse the transfer').check();
    await page.getByLabel('Refund the application fee').check();
    await page.locator('[data-verdict="allowed"]').waitFor();
    await poll(() => page.getByTestId('connect-options').textContent()).toContain('about $50.00');
    const a11y = await shootBoth(page, 'connect-01-payment-refund-form');
    await page.getByRole('button', { name: 'Refund $50.00' }).click();
    await page.waitForURL(/\/refunds\/rf_/);
    const refundId = new URL(page.url()).pathname.split('/').pop()!;
    await poll(() => page.getByTestId('refund-status').textContent()).toBe('Succeeded');
    expect(await page.getByTestId('refund-account').textContent()).toBe(`Corner Shop (${shop})`);
    await poll(() => page.getByTestId('refund-transfer-reversed').textContent()).toMatch(/^\$50\.00 trr_/);
    expect(await page.getByTestId('refund-fee-refunded').textContent()).toMatch(/^\$6\.15 fr_/);
    a11y.push(...(await shootBoth(page, 'connect-02-refund')));

    // The payment page follows Stripe's totals (its transfer.reversed and application_fee.refunded events).
    await page.goto(`/payments/${payment.id}`);
    await poll(() => page.getByTestId('connect-transfer').textContent()).toBe(
      `$100.00 to ${shop}, reversed $50.00`,
    );
    await poll(() => page.getByTestId('connect-fee').textContent()).toBe('$12.30, refunded $6.15');

    // The refunds list filters by account.
    await page.goto('/refunds');
    await page.getByLabel('Account').selectOption(shop);
    await page.getByRole('button', { name: 'Apply' }).click();
    await poll(() =>
      page.locator('tr[data-refund]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-refund'))),
    ).toEqual([refundId]);
    a11y.push(...(await shootBoth(page, 'connect-03-refunds-by-account')));
    await page.getByLabel('Account').selectOption('platform');
    await page.getByRole('button', { name: 'Apply' }).click();
    await poll(() => new URL(page.url()).searchParams.get('account')).toBe('platform');
    await page.getByRole('heading', { level: 1, name: 'Refunds' }).waitFor();
    await poll(() => page.locator('.loading').count()).toBe(0);
    expect(await page.locator(`tr[data-refund="${refundId}"]`).count()).toBe(0);

    // The overview splits refunds by account; one account's overview counts only its refunds.
    await page.goto('/overview');
    const byAccount = page.getByTestId('overview-accounts');
    await poll(() => byAccount.locator(`tr[data-account="${shop}"] td`).first().textContent()).toBe('1');
    a11y.push(...(await shootBoth(page, 'connect-04-overview-by-account')));
    await byAccount.getByRole('link', { name: `Corner Shop (${shop})` }).click();
    await poll(() => new URL(page.url()).searchParams.get('account')).toBe(shop);
    expect(await page.getByLabel('Account').inputValue()).toBe(shop);
    await poll(() => page.getByTestId('overview-accounts').count()).toBe(0);
    expect(a11y).toEqual([]);
    expect(agent.problems).toEqual([]);
  });

  it("an admin sets the platform's Connect defaults, and the refund form starts from them", async () => {
    const { stripe, db, gateway } = svc.service;
    const admin = await e2e.signIn('admin');
    try {
      const { page } = admin;
      await page.goto('/settings?tab=policy');
      const connect = page.getByTestId('policy-connect');
      await connect.waitFor();
      expect(await page.getByLabel(/Reverse the transfer/).isChecked()).toBe(false);
      expect(await page.getByLabel(/Ask an approver when the transfer cannot cover/).isChecked()).toBe(true);
      const a11y = await shootBoth(page, 'connect-05-policy');
      await page.getByLabel(/Reverse the transfer/).check();
      await page.getByLabel(/Refund the application fee/).check();
      await page.getByRole('button', { name: 'Save policy' }).click();
      await poll(() => page.getByText(/Last changed by/).count()).toBe(1);
      const [row] = await db.query<{ t: boolean; f: boolean }>(
        'SELECT connect_reverse_transfer AS t, connect_refund_application_fee AS f FROM policy_settings',
      );
      expect(row).toEqual({ t: true, f: true });

      // A new destination charge: the form's options start checked, as the policy now says.
      const shop = await connectedAccount(stripe, 'Second Shop');
      const pi = await destinationCharge(stripe, shop, { amount: 4_000, fee: 400 });
      const { payment } = await registerFromStripe(db, (await gateway.retrievePayment(pi))!);
      await page.goto(`/payments/${payment.id}`);
      await page.getByTestId('connect-options').waitFor();
      await poll(() => page.getByLabel('Reverse the transfer').isChecked()).toBe(true);
      expect(await page.getByLabel('Refund the application fee').isChecked()).toBe(true);
      a11y.push(...(await shootBoth(page, 'connect-06-form-defaults')));
      expect(a11y).toEqual([]);
      expect(admin.problems).toEqual([]);
    } finally {
      await admin.context.close();
    }
  });

  it('a refund the transfer cannot cover waits for an approver, and the approvals queue says why', async () => {
    const { stripe, db, gateway } = svc.service;
    const shop = await connectedAccount(stripe, 'Thin Margins');
    const pi = await destinationCharge(stripe, shop, { amount: 10_000, fee: 500 });
    const { payment } = await registerFromStripe(db, (await gateway.retrievePayment(pi))!);
    // Stripe reversed most of the transfer outside Refundry: its transfer.reversed event says so.
    await storeEvents(
      db,
      [
        {
          id: `evt_reversed_${payment.id}`,
          object: 'event',
          type: 'transfer.reversed',
          created: Math.floor(Date.now() / 1000),
          data: {
            object: {
              id: payment.connect.transfer!.id,
              object: 'transfer',
              amount: 10_000,
              amount_reversed: 9_500,
            },
          },
        } as never,
      ],
      'webhook',
    );
    const { page } = agent;
    await page.goto(`/payments/${payment.id}`);
    await poll(async () => {
      await page.reload();
      return page.getByTestId('connect-transfer').textContent();
    }).toBe(`$100.00 to ${shop}, reversed $95.00`);
    await page.getByLabel('Partial refund').check();
    await page.getByLabel('Amount (USD)').fill('20.00');
    await page.getByLabel('Reverse the transfer').check();
    const verdict = page.locator('[data-verdict="approval"]');
    await verdict.waitFor();
    expect(await verdict.textContent()).toContain('transfer cannot cover this refund’s share');
    await page.getByRole('button', { name: /^Refund \$20\.00/ }).click();
    await page.waitForURL(/\/refunds\/rf_/);
    const refundId = new URL(page.url()).pathname.split('/').pop()!;
    await poll(() => page.getByTestId('refund-status').textContent()).toBe('Awaiting approval');
    expect(await page.getByTestId('approval-reasons').textContent()).toContain(
      `The transfer to ${shop} cannot cover this refund’s share`,
    );

    await page.goto('/approvals');
    const row = page.locator(`tr[data-refund="${refundId}"]`);
    await row.waitFor();
    const why = row.getByTestId('approval-reasons');
    expect(
      await why
        .locator('[data-approval-reason]')
        .evaluateAll((li) => li.map((l) => l.getAttribute('data-approval-reason'))),
    ).toEqual(['transfer_uncovered']);
    expect(await why.textContent()).toBe(
      `The transfer to ${shop} cannot cover this refund’s share of it: reversing it would leave the platform paying the difference.`,
    );
    const a11y = await shootBoth(page, 'connect-07-approvals-why');
    expect(a11y).toEqual([]);
    expect(agent.problems).toEqual([]);
  });
});
