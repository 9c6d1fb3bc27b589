// Issue #13 in Chromium against the real service: the refund form tells the truth (money in the
// payment's currency, "Other" needs a note before submit, focus on errors, "Fully refunded"),
// thresholds per currency, the approvals queue an approver can decide from, people's names, search
// like Stripe's, a failed refund's Stripe error and next steps with its customer emails, and the
// merchant on the customer's page. Each state is photographed at 1280 and 375 px
// (test-results/screenshots/refund-truth/) and checked by axe-core at both widths.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  type E2eService,
  e2eSuite,
  emailOf,
  NAMES,
  poll,
  type RolePage,
  shootBoth,
} from '../support/e2e.ts';
import { storePayment } from '../support/payments.ts';

const run = chromiumAvailable();

describe.skipIf(!run)('the dashboard tells the truth (issue #13)', { timeout: 90_000 }, () => {
  let svc: E2eService;
  let agent: RolePage;
  let approver: RolePage;
  let admin: RolePage;
  const e2e = e2eSuite('refund-truth', ['agent', 'approver', 'admin'], (s, as) => {
    svc = s.svc;
    ({ agent, approver, admin } = as);
  });
  /** Serious or critical axe findings from every state photographed. */
  const a11y: string[] = [];
  const shoot = async (page: Page, name: string) => {
    a11y.push(...(await shootBoth(page, name)));
  };

  const payment = (order: string) => svc.payments.get(order)!;
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
  const refundsOf = (paymentId: string) =>
    svc.service.db.query<{ id: string; amount: string; status: string; retry_of: string | null }>(
      'SELECT id, amount, status, retry_of FROM refunds WHERE payment_id = $1 ORDER BY created_at',
      [paymentId],
    );
  /** A call to the API as the signed-in person in `page` (cookie and CSRF token). */
  const api = (page: Page, method: string, path: string, body?: unknown) =>
    page.evaluate(
      async ([method, path, body]) => {
        const me = await (await fetch('/auth/me')).json();
        const res = await fetch(path as string, {
          method: method as string,
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: res.status, body: await res.json() };
      },
      [method, path, body] as const,
    );
  const openPayment = async (page: Page, order: string) => {
    await page.goto(`/payments/${payment(order).id}`);
    await poll(() => heading(page)).toBe(`Payment ${order}`);
  };
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

  it('search finds by any id, by prefix and in any case; one match opens it; results show status, refunded and fraud', async () => {
    const { page } = agent;
    // Give the list something to show: ord_1001 fully refunded, ord_1002 with a refund in flight.
    const full = await api(page, 'POST', '/api/v1/refunds', {
      payment_id: payment('ord_1001').id,
      reason: 'duplicate',
    });
    expect(full.status).toBe(201);
    await api(page, 'POST', '/api/v1/refunds', {
      payment_id: payment('ord_1002').id,
      amount: 2_000,
      reason: 'duplicate',
    });
    await poll(async () => (await refundsOf(payment('ord_1001').id))[0]?.status).toBe('succeeded');

    await page.goto('/payments?q=ORD_100');
    const results = page.getByTestId('search-results');
    await poll(() => results.locator('tbody tr').count()).toBe(8);
    const row = (order: string) => results.locator(`tr[data-payment="${payment(order).id}"]`);
    expect(await row('ord_1001').textContent()).toMatch(/Refunded.*\$49\.99.*\$49\.99/);
    expect(await row('ord_1002').textContent()).toContain('$20.00 in progress');
    expect(await row('ord_1005').getByTestId('fraud-badge').textContent()).toBe('Flagged as fraud');
    expect(await row('ord_1006').textContent()).toContain('¥5,400');
    await shoot(page, 'search-results');

    // One match opens the payment: a refund's Stripe id by its start, in capitals.
    const [stripeRefund] = await svc.service.db.query<{ stripe_refund_id: string; id: string }>(
      'SELECT id, stripe_refund_id FROM refunds WHERE payment_id = $1',
      [payment('ord_1001').id],
    );
    // (The sandbox's own ids share a per-process start and end in a counter, so its refund id is
    // given whole, in capitals; Refundry's are random, so their start is enough.)
    for (const q of [
      stripeRefund!.stripe_refund_id.toUpperCase(),
      stripeRefund!.id.slice(0, 10),
      'cus_jun',
      'JUN@EXAMPLE.COM',
    ]) {
      await page.goto('/payments');
      await page.getByRole('searchbox').fill(q);
      await page.getByRole('button', { name: 'Search' }).click();
      await poll(() => heading(page), 10_000).toMatch(/^Payment ord_100[16]$/);
    }
    // Two characters are not a prefix search.
    await page.goto('/payments?q=or');
    await poll(() => page.getByText('Type at least three characters').count()).toBe(1);
  });

  it('the refund form: money in the payment’s currency, "Other" needs a note before submit, focus on errors', async () => {
    const { page } = agent;
    // Over what remains, in yen: the message is money, never minor units.
    await openPayment(page, 'ord_1006');
    await page.getByLabel('Partial refund').check();
    await page.getByLabel('Amount (JPY)').fill('6000');
    const rule = page.locator('[data-rule="amount_exceeds_remaining"]');
    await poll(() => rule.textContent()).toContain('¥6,000 is more than the ¥5,400 that remains refundable');
    expect(await page.getByRole('button', { name: /^Refund/ }).isDisabled()).toBe(true);
    await shoot(page, 'form-blocked-amount');

    await openPayment(page, 'ord_1004');
    await poll(() => page.locator('[data-rule="outside_refund_window"]').textContent()).toContain(
      'captured 120 days ago; refunds are allowed for 14 days',
    );
    await shoot(page, 'form-blocked-window');

    await openPayment(page, 'ord_1007');
    await page.locator('[data-verdict="approval"]').waitFor();
    expect(await page.getByTestId('policy-verdict').textContent()).toContain(
      '$900.00 is above the $500.00 approval threshold',
    );
    await shoot(page, 'form-approval');

    // "Other": the note is marked required as soon as the reason is chosen, before any submit.
    await openPayment(page, 'ord_1002');
    await page.getByLabel('Reason').selectOption('other');
    await poll(() => page.locator('label[for="refund-note"]').textContent()).toBe('Note (required)');
    expect(await page.locator('#refund-note').getAttribute('aria-required')).toBe('true');
    await page.locator('[data-verdict="allowed"]').waitFor();
    await shoot(page, 'form-note-required');
    await page.getByRole('button', { name: 'Refund $100.00' }).click();
    // Nothing was sent; the field says why and has the focus.
    await poll(() => focusedId(page)).toBe('refund-note');
    expect(await page.locator('.field-invalid').textContent()).toContain(
      'a note is required when the reason is Other',
    );
    expect(await page.locator('#refund-note').getAttribute('aria-invalid')).toBe('true');
    expect((await refundsOf(payment('ord_1002').id)).length).toBe(1);
    await shoot(page, 'form-note-missing');
    await page.getByLabel('Note').fill('Wrong colour');
    await page.locator('[data-verdict="allowed"]').waitFor();
    await shoot(page, 'form-allowed');

    // The policy answers differently at submit (an admin stopped accepting "Other" meanwhile): the
    // refusal is shown and takes the focus.
    const block = await api(admin.page, 'PUT', '/api/v1/settings/policy', { blocked_reasons: ['other'] });
    expect(block.status).toBe(200);
    await page.getByRole('button', { name: 'Refund $100.00' }).click();
    await poll(() => focusedId(page)).toBe('policy-verdict-message');
    expect(await page.locator('#policy-verdict-message').textContent()).toContain('Reason not allowed');
    expect((await refundsOf(payment('ord_1002').id)).length).toBe(1);
    await shoot(page, 'form-refused-at-submit');
    await api(admin.page, 'PUT', '/api/v1/settings/policy', { blocked_reasons: null });
  });

  it('a fully refunded payment says so, with its refunds, instead of a form with an error', async () => {
    const { page } = agent;
    await openPayment(page, 'ord_1001');
    const done = page.getByTestId('nothing-left');
    await poll(() => done.getByRole('heading').textContent()).toBe('Fully refunded');
    expect(await done.textContent()).toContain('All of $49.99 has been refunded');
    expect(await page.getByRole('button', { name: /^Refund/ }).count()).toBe(0);
    expect(await page.locator('.note-bad').count()).toBe(0);
    expect(await page.locator('tbody tr').count()).toBe(1);
    await shoot(page, 'form-fully-refunded');
  });

  it('approval thresholds are set per currency in its own units, and the form uses the payment’s', async () => {
    const { page } = admin;
    await page.goto('/settings?tab=policy');
    await page.getByRole('button', { name: 'Add a currency' }).click();
    await page.getByLabel('Currency', { exact: true }).selectOption('jpy');
    await page.getByLabel('Amount (JPY)').fill('3,000');
    expect(await page.getByLabel('Any other currency').inputValue()).toBe('500.00');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await poll(() => page.getByText(/Last changed by/).textContent()).toContain(NAMES.admin);
    // The form shows the stored amount once the save is back (an earlier change may already have
    // put the admin's name under "Last changed by", so that alone does not say the save is done).
    await poll(() => page.getByLabel('Amount (JPY)').inputValue()).toBe('3000');
    await poll(() => page.getByTestId('thresholds').textContent()).toContain('Above ¥3,000');
    await shoot(page, 'settings-thresholds');
    const stored = await api(page, 'GET', '/api/v1/settings/policy');
    expect(stored.body).toMatchObject({ approval_thresholds: { jpy: 3_000 }, approval_threshold: 50_000 });

    await openPayment(agent.page, 'ord_1006');
    await agent.page.locator('[data-verdict="approval"]').waitFor();
    expect(await agent.page.getByTestId('policy-verdict').textContent()).toContain(
      '¥5,400 is above the ¥3,000 approval threshold',
    );
    await agent.page.getByRole('button', { name: 'Refund ¥5,400' }).click();
    await agent.page.waitForURL(/\/refunds\/rf_/);
    await poll(() => agent.page.getByTestId('refund-status').textContent()).toBe('Awaiting approval');
  });

  it('the approvals queue shows order, customer, amount, what remains and who asked', async () => {
    const req = await api(agent.page, 'POST', '/api/v1/refunds', {
      payment_id: payment('ord_1007').id,
      amount: 60_000,
      reason: 'requested_by_customer',
      note: 'Returned two of three',
    });
    expect(req.body.status).toBe('awaiting_approval');
    const { page } = approver;
    await page.getByRole('link', { name: 'Approvals' }).click();
    const row = page.locator(`tr[data-refund="${req.body.id}"]`);
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('ord_1007');
    expect(text).toContain('max@example.com');
    expect(text).toContain('$600.00');
    expect(await row.getByTestId('left-after').textContent()).toMatch(/\$300\.00.*of \$900\.00 paid/);
    expect(text).toContain(NAMES.agent);
    expect(await row.locator('.person').getAttribute('title')).toBe(emailOf('agent'));
    expect(text).toContain('Returned two of three');
    expect(await page.locator('main').textContent()).not.toMatch(/usr_/);
    await shoot(page, 'approvals');
  });

  it('a failed refund shows Stripe’s code and message, its customer emails, and can be recorded as refunded another way', async () => {
    // A payment Stripe does not have (another account, a deleted one): Stripe answers resource_missing.
    const gone = await storePayment(svc.service.db, {
      stripeId: 'pi_3NotAtThisStripe00000000',
      orderId: 'ord_gone',
      customerId: 'cus_gone',
      customerEmail: 'gone@example.com',
      amount: 7_500,
      currency: 'usd',
      capturedAt: new Date(),
    });
    const { page } = agent;
    await page.goto(`/payments/${gone.id}`);
    await page.locator('[data-verdict="allowed"]').waitFor();
    await page.getByRole('button', { name: 'Refund $75.00' }).click();
    await page.waitForURL(/\/refunds\/rf_/);
    await poll(() => page.getByTestId('refund-status').textContent(), 20_000).toBe('Failed');
    const stripeError = page.getByTestId('stripe-error');
    expect(await stripeError.textContent()).toContain('resource_missing');
    expect(await stripeError.textContent()).toContain('No such payment_intent');
    const words = await page.getByTestId('failure-reason').textContent();
    expect(words).toContain('Stripe does not have the payment');
    expect(words).not.toContain('the bank did not give');
    // The customer's "could not be completed" email is in the timeline.
    await poll(() => page.locator('[data-testid="timeline"] li.tl-email').textContent(), 20_000).toMatch(
      /Email (queued|sent).*could not be completed.*gone@example\.com/,
    );
    await poll(() => page.locator('li.tl-email').getAttribute('data-email'), 20_000).toBe('sent');
    await shoot(page, 'refund-failed');

    // Refunded another way: the note is required (said, and focused), then it counts as refunded.
    await page.getByRole('button', { name: 'Record as refunded another way' }).click();
    await poll(() => focusedId(page)).toBe('another-way-note');
    await page.getByLabel('How the customer was refunded').fill('Bank transfer, reference 8812');
    await page.getByRole('button', { name: 'Record as refunded another way' }).click();
    await poll(() => page.getByTestId('refund-status').textContent()).toBe('Refunded another way');
    expect(await page.getByTestId('timeline').textContent()).toContain(
      'Refunded another way: Bank transfer, reference 8812',
    );
    await shoot(page, 'refund-refunded-another-way');
    await page.goto(`/payments/${gone.id}`);
    await poll(() => page.getByTestId('amount-refunded').textContent()).toContain('$75.00');
    expect(await page.getByTestId('nothing-left').textContent()).toContain('Fully refunded');
  });

  it('"Try again" on a refund that failed at the bank makes a new one through the policy, linked both ways', async () => {
    const { page } = agent;
    await openPayment(page, 'ord_1003');
    await page.getByLabel('Partial refund').check();
    await page.getByLabel('Amount (EUR)').fill('10.00');
    await page.locator('[data-verdict="allowed"]').waitFor();
    await page.getByRole('button', { name: 'Refund €10.00' }).click();
    await page.waitForURL(/\/refunds\/rf_/);
    const failedUrl = page.url();
    await poll(() => page.getByTestId('refund-status').textContent(), 15_000).toBe('Succeeded');
    await svc.advanceSandbox(7_200); // the test card's refund fails later at the bank
    await poll(() => page.getByTestId('refund-status').textContent(), 20_000).toBe('Failed');
    expect(await page.getByTestId('failure-reason').textContent()).toContain('expired or was canceled');
    expect(await page.getByTestId('stripe-error').textContent()).toContain('expired_or_canceled_card');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.waitForURL((url) => url.toString() !== failedUrl && /\/refunds\/rf_/.test(url.pathname));
    await poll(() => page.getByTestId('retry-of').textContent()).toContain(failedUrl.split('/').pop()!);
    const refunds = await refundsOf(payment('ord_1003').id);
    expect(refunds.map((r) => [Number(r.amount), r.retry_of])).toEqual([
      [1_000, null],
      [1_000, refunds[0]!.id],
    ]);
    await page.goto(failedUrl);
    await poll(() => page.getByTestId('retried-as').textContent()).toContain(refunds[1]!.id);
    expect(await page.getByTestId('next-steps').count()).toBe(0);
  });

  it('people are named everywhere they acted: lists, timelines, reconciliation, exports', async () => {
    const { page } = admin;
    await page.goto('/refunds');
    await poll(() => page.locator('tbody tr').count()).toBeGreaterThan(3);
    const people = await page.locator('tbody td[data-label="Requested by"]').allTextContents();
    expect(people).toContain(NAMES.agent);
    expect(await page.locator('main').textContent()).not.toMatch(/usr_|key_/);
    const [one] = await svc.service.db.query<{ id: string }>(
      "SELECT id FROM refunds WHERE approved_by IS NOT NULL OR status = 'refunded_another_way' ORDER BY created_at LIMIT 1",
    );
    await page.goto(`/refunds/${one!.id}`);
    await poll(() => page.getByTestId('timeline').textContent()).toContain(NAMES.agent);
    expect(await page.locator('main').textContent()).not.toMatch(/usr_/);

    await page.goto('/reconciliation');
    await page.getByRole('button', { name: 'Run reconciliation now' }).click();
    await page.waitForURL(/\/reconciliation\/.+/);
    await poll(() => page.getByTestId('run-status').textContent(), 20_000).toBe('Completed');
    expect(await page.locator('.facts').textContent()).toContain(`Started by${NAMES.admin}`);

    const csv = await page.evaluate(async () => (await fetch('/api/v1/refunds/export.csv')).text());
    const header = csv.split('\n')[0]!;
    expect(header).toContain('requested_by_name,requested_by_email');
    expect(csv).toContain(`${NAMES.agent},${emailOf('agent')}`);
  });

  it("the customer's page shows the merchant's name and support contact on every state", async () => {
    const { page } = admin;
    await page.goto('/settings?tab=merchant');
    await page.getByLabel('Shop name').fill('Acme Outfitters');
    await page.getByLabel('Support email').fill('help@acme.example');
    await page.getByLabel('Support phone').fill('+1 555 010 2000');
    await page.getByLabel('Help page').fill('javascript:alert(1)');
    await page.getByRole('button', { name: 'Save' }).click();
    // Refused, said at the field, which takes the focus.
    await poll(() => focusedId(page)).toBe('merchant-support_url');
    await page.getByLabel('Help page').fill('https://acme.example/help');
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByText(/Last changed by/).count()).toBe(1);
    await shoot(page, 'settings-customer-page');

    const tokens = await svc.service.db.query<{ status: string; customer_token: string }>(
      `SELECT DISTINCT ON (status) status, customer_token FROM refunds
        WHERE status IN ('awaiting_approval', 'queued', 'pending', 'succeeded', 'failed', 'refunded_another_way')
        ORDER BY status, created_at`,
    );
    expect(tokens.map((t) => t.status)).toEqual(
      expect.arrayContaining(['awaiting_approval', 'failed', 'refunded_another_way', 'succeeded']),
    );
    const customer = await page.context().newPage();
    try {
      for (const t of tokens) {
        await customer.goto(`/r/${t.customer_token}`);
        expect(await customer.locator('#merchant-name').textContent(), t.status).toBe('Acme Outfitters');
        const help = customer.getByTestId('support');
        expect(await help.getByRole('link', { name: 'help@acme.example' }).getAttribute('href')).toBe(
          'mailto:help@acme.example',
        );
        expect(await help.getByRole('link', { name: '+1 555 010 2000' }).getAttribute('href')).toBe(
          'tel:+15550102000',
        );
        expect(await help.getByRole('link', { name: 'acme.example/help' }).getAttribute('href')).toBe(
          'https://acme.example/help',
        );
        await shoot(customer, `status-page-${t.status}`);
      }
    } finally {
      await customer.close();
    }
  });

  it('every state photographed has no serious or critical axe violation, at 1280 and 375 px, and no console error', () => {
    expect(a11y).toEqual([]);
    for (const p of e2e.pages) expect(p.problems, 'console errors').toEqual([]);
  });
});
