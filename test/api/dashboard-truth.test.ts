// Issue #13 through HTTP, on both engines: the policy speaks money, thresholds per currency, the
// 14-day default window, people's names instead of ids everywhere, the search box (ids, prefixes,
// any case, refunds' ids), next steps on a failed refund, customer emails in the timeline, and the
// merchant's name and support contact on the customer's page.
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/db.ts';
import { transitionRefund } from '../../src/refunds/transition.ts';
import { asBrowser, authApp, type Browser, makeUser, signIn, type TestApp } from '../auth/helpers.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { type StoredPaymentInput, storePayment } from '../support/payments.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
type Json = Record<string, unknown> & { id: string };

describe.each(engines())('dashboard truth (issue #13) on %s', (engine) => {
  let db: Db;
  let t: TestApp;
  let key = '';
  let admin: Browser;
  let agent: Browser;
  let agentUser: { id: string; email: string; name: string };
  let n = 0;

  beforeAll(async () => {
    db = await createTestDb(engine);
    // The configured defaults, as a fresh install has them.
    t = await authApp(db, { start: NOW, policy: loadConfig({}).policy });
    key = (await createApiKey(db, { name: 'shop backend', scopes: ['admin'] })).key;
    admin = await signIn(t.app, (await makeUser(db, 'admin')).email);
    agentUser = await makeUser(db, 'agent', `agent-${engine}@example.com`);
    agent = await signIn(t.app, agentUser.email);
  });
  afterAll(async () => {
    await t?.app.close();
    await db?.close();
  });

  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${key}` },
      ...(body !== undefined ? { payload: body } : {}),
    });

  async function payment(over: Partial<StoredPaymentInput> = {}) {
    n++;
    const payment = await storePayment(db, {
      stripeId: `pi_truth${engine}${n}`,
      orderId: `ord_truth${engine}${n}`,
      customerId: `cus_truth${engine}${n}`,
      customerEmail: `buyer${n}@example.com`,
      amount: 4_999,
      currency: 'usd',
      capturedAt: new Date(NOW.getTime() - DAY),
      ...over,
    });
    return payment;
  }
  async function refund(body: Record<string, unknown>, who: Browser | 'key' = 'key'): Promise<Json> {
    const payload = { reason: 'requested_by_customer', ...body };
    const res =
      who === 'key'
        ? await api('POST', '/refunds', payload)
        : await asBrowser(t.app, who, 'POST', '/api/v1/refunds', payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  async function fail(refundId: string, code = 'expired_or_canceled_card', message: string | null = null) {
    await db.transaction(async (tx) => {
      await transitionRefund(tx, {
        refundId,
        to: 'pending',
        actor: 'worker',
        stripeRefundId: `re_${refundId}`,
      });
      await transitionRefund(tx, {
        refundId,
        to: 'failed',
        actor: 'webhook',
        failureCode: code,
        failureMessage: message,
        stripeEventId: `evt_${refundId}`,
      });
    });
  }

  describe('the policy speaks money', () => {
    it('a violation names amounts in the currency, and carries them as integers for the page', async () => {
      const p = await payment();
      const res = await api('GET', `/payments/${p.id}/eligibility?amount=6000&reason=duplicate`);
      const [v] = res.json().violations;
      expect(v).toEqual({
        code: 'amount_exceeds_remaining',
        message: '$60.00 is more than the $49.99 that remains refundable (counting refunds in flight).',
        param: 'amount',
        currency: 'usd',
        amount: 6_000,
        remaining: 4_999,
      });
      const refused = await api('POST', '/refunds', { payment_id: p.id, amount: 6_000, reason: 'duplicate' });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.message).toContain('$60.00 is more than the $49.99');
      expect(refused.json().error.message).not.toMatch(/6000|4999/);
      // Zero-decimal currencies: yen are whole.
      const yen = await payment({ amount: 5_400, currency: 'jpy' });
      const jpy = (await api('GET', `/payments/${yen.id}/eligibility?amount=6000`)).json().violations[0];
      expect(jpy.message).toBe(
        '¥6,000 is more than the ¥5,400 that remains refundable (counting refunds in flight).',
      );
      expect(jpy).toMatchObject({ amount: 6_000, remaining: 5_400, currency: 'jpy' });
    });

    it('the refund window defaults to 14 days, and says so with the numbers', async () => {
      expect(loadConfig({}).policy.refundWindowDays).toBe(14);
      const inside = await payment({ capturedAt: new Date(NOW.getTime() - 14 * DAY) });
      expect((await api('GET', `/payments/${inside.id}/eligibility`)).json().eligible).toBe(true);
      const old = await payment({ capturedAt: new Date(NOW.getTime() - 15 * DAY) });
      const [v] = (await api('GET', `/payments/${old.id}/eligibility`)).json().violations;
      expect(v).toMatchObject({
        code: 'outside_refund_window',
        captured_days_ago: 15,
        refund_window_days: 14,
      });
      expect(v.message).toBe('The payment was captured 15 days ago; refunds are allowed for 14 days.');
    });
  });

  describe('approval thresholds per currency', () => {
    it('are stored in minor units per currency, with a default for the rest, and the policy uses the payment’s', async () => {
      const before = (await api('GET', '/settings/policy')).json();
      expect(before).toMatchObject({ approval_threshold: 50_000, approval_thresholds: {} });
      const put = await api('PUT', '/settings/policy', { approval_thresholds: { jpy: 3_000, eur: 2_000 } });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json()).toMatchObject({
        approval_threshold: 50_000,
        approval_thresholds: { jpy: 3_000, eur: 2_000 },
        overridden: { approval_thresholds: true, approval_threshold: false },
        updated_by_name: 'API key shop backend',
      });
      const yen = await payment({ amount: 5_400, currency: 'jpy' });
      const e = (await api('GET', `/payments/${yen.id}/eligibility?amount=3001`)).json();
      expect(e).toMatchObject({ needs_approval: true, needs_approval_above: 3_000, currency: 'jpy' });
      expect((await api('GET', `/payments/${yen.id}/eligibility?amount=3000`)).json().needs_approval).toBe(
        false,
      );
      // USD has no value of its own: the default (50,000 cents).
      const usd = await payment({ amount: 90_000 });
      expect((await api('GET', `/payments/${usd.id}/eligibility?amount=50001`)).json()).toMatchObject({
        needs_approval: true,
        needs_approval_above: 50_000,
      });
      // The refund request follows the same threshold.
      expect((await refund({ payment_id: yen.id, amount: 4_000 })).status).toBe('awaiting_approval');
      expect((await refund({ payment_id: yen.id, amount: 1_000 })).status).toBe('queued');
      // Refused: unknown or upper-case currencies, zero, fractions.
      for (const bad of [{ USD: 100 }, { xyz: 100 }, { usd: 0 }, { usd: 1.5 }, { usd: -3 }]) {
        const res = await api('PUT', '/settings/policy', { approval_thresholds: bad });
        expect(res.statusCode, JSON.stringify(bad)).toBe(400);
        expect(res.json().error.param).toMatch(/^approval_thresholds/);
      }
      // null returns to the configured (none).
      const reset = await api('PUT', '/settings/policy', { approval_thresholds: null });
      expect(reset.json()).toMatchObject({
        approval_thresholds: {},
        overridden: { approval_thresholds: false },
      });
    });
  });

  describe('people, not ids', () => {
    it('the refunds list, a refund and its timeline name people (and keys) with their email', async () => {
      const p = await payment({ amount: 90_000 });
      const mine = await refund({ payment_id: p.id, amount: 60_000 }, agent); // waits for approval
      const approver = await makeUser(db, 'approver', `approver-${engine}@example.com`);
      const ap = await signIn(t.app, approver.email);
      expect((await asBrowser(t.app, ap, 'POST', `/api/v1/refunds/${mine.id}/approve`, {})).statusCode).toBe(
        200,
      );
      const list = (await api('GET', `/refunds?payment_id=${p.id}`)).json().data[0];
      expect(list).toMatchObject({
        requested_by: `user:${agentUser.id}`,
        requested_by_name: 'agent person',
        requested_by_email: agentUser.email,
        approved_by_name: 'approver person',
        approved_by_email: approver.email,
      });
      const detail = (await api('GET', `/refunds/${mine.id}`)).json();
      expect(detail.history.map((h: Json) => [h.actor_name, h.actor_email])).toEqual([
        ['agent person', agentUser.email],
        ['approver person', approver.email],
      ]);
      const byKey = await refund({ payment_id: p.id, amount: 100 });
      const keyDetail = (await api('GET', `/refunds/${byKey.id}`)).json();
      expect(keyDetail).toMatchObject({
        requested_by_name: 'API key shop backend',
        requested_by_email: null,
      });
      // System actors have words too.
      await fail(byKey.id);
      const names = (await api('GET', `/refunds/${byKey.id}`)).json().history.map((h: Json) => h.actor_name);
      expect(names).toEqual(['API key shop backend', 'Refundry worker', 'Stripe event']);
    });

    it('the CSV export has each person’s name and email beside the actor', async () => {
      const p = await payment();
      await refund({ payment_id: p.id, amount: 100 }, agent);
      const res = await api('GET', `/refunds/export.csv?payment_id=${p.id}`);
      const [row] = parseCsv(res.body, { columns: true }) as Record<string, string>[];
      expect(row).toMatchObject({
        requested_by: `user:${agentUser.id}`,
        requested_by_name: 'agent person',
        requested_by_email: agentUser.email,
        approved_by_name: '',
      });
    });

    it('reconciliation runs and resolutions name who started and resolved them', async () => {
      await db.query(
        `INSERT INTO reconciliation_runs (id, window_start, window_end, status, triggered_by)
         VALUES ($1, '2026-05-01Z', '2026-05-02Z', 'completed', $2)`,
        [`rec_${engine}`, `user:${agentUser.id}`],
      );
      await db.query(
        `INSERT INTO reconciliation_discrepancies (id, run_id, kind, action, detail)
         VALUES ($1, $2, 'missing_here', 'flagged', 'x')`,
        [`dis_${engine}`, `rec_${engine}`],
      );
      const resolved = await asBrowser(
        t.app,
        admin,
        'POST',
        `/api/v1/reconciliation/discrepancies/dis_${engine}/resolve`,
        {
          note: 'checked',
        },
      );
      expect(resolved.json()).toMatchObject({
        resolved_by_name: 'admin person',
        resolved_by_email: expect.stringContaining('@'),
      });
      const run = (await api('GET', `/reconciliation/runs/rec_${engine}`)).json();
      expect(run).toMatchObject({ triggered_by_name: 'agent person', triggered_by_email: agentUser.email });
      expect(run.discrepancies.data[0]).toMatchObject({ resolved_by_name: 'admin person' });
      const runs = (await api('GET', '/reconciliation/runs')).json().data;
      expect(runs.find((r: Json) => r.id === `rec_${engine}`)).toMatchObject({
        triggered_by_name: 'agent person',
      });
      const again = await api('POST', `/reconciliation/discrepancies/dis_${engine}/resolve`, { note: 'x' });
      expect(again.json().error.message).toBe(
        `Discrepancy dis_${engine} was already resolved by admin person.`,
      );
    });
  });

  describe('search', () => {
    let p: Awaited<ReturnType<typeof payment>>;
    let r: Json;
    beforeAll(async () => {
      p = await payment({
        stripeId: `pi_SeArCh${engine}Xy`,
        orderId: `ORD-Find-${engine}-77`,
        customerId: `cus_Find${engine}`,
        customerEmail: `Zed.Find.${engine}@Example.com`,
      });
      await payment({ orderId: `ORD-Find-${engine}-770` }); // shares a prefix
      r = await refund({ payment_id: p.id, amount: 100 });
      await db.query('UPDATE refunds SET stripe_refund_id = $2 WHERE id = $1', [r.id, `re_FoUnD${engine}`]);
    });
    const found = async (q: string) => {
      const res = await api('GET', `/payments?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data.map((x: Json) => x.id);
    };

    it('finds a payment by any of its ids, its refunds’ ids, order, customer and email, in any case', async () => {
      for (const q of [
        p.id,
        p.id.toUpperCase(),
        `pi_search${engine}xy`,
        r.id,
        `re_found${engine}`,
        // A whole order id that also starts another ("…-770"): the one it names.
        `ord-find-${engine}-77`,
        `CUS_FIND${engine}`,
        `zed.find.${engine}@example.com`,
      ]) {
        expect(await found(q), q).toEqual([p.id]);
      }
    });

    it('by prefix from three characters; shorter text must match whole', async () => {
      expect(await found(`ord-find-${engine}-7`)).toHaveLength(2); // both orders start so
      expect(await found('zed.f')).toContain(p.id);
      expect(await found(r.id.slice(0, 10))).toContain(p.id);
      expect(await found('re_fou')).toContain(p.id);
      expect(await found('ze')).toEqual([]); // two characters: no prefix search
      expect(await found('%')).toEqual([]); // no LIKE wildcards: the text is taken as it is
      expect(await found('zed_')).toEqual([]); // nor is _ one
    });

    it('answers with the amounts and the fraud flag the results show', async () => {
      const res = (await api('GET', `/payments?q=${p.id}`)).json().data[0];
      expect(res).toMatchObject({ amount_refunded: 0, amount_in_flight: 100, fraud_flagged: false });
    });
  });

  describe('a failed refund', () => {
    it('shows Stripe’s own code and message to staff, in words that do not blame a bank', async () => {
      const p = await payment();
      const f = await refund({ payment_id: p.id, amount: 1_000 });
      await db.transaction((tx) =>
        transitionRefund(tx, {
          refundId: f.id,
          to: 'failed',
          actor: 'worker',
          failureCode: 'resource_missing',
          failureMessage: "No such payment_intent: 'pi_gone'",
        }),
      );
      const detail = (await api('GET', `/refunds/${f.id}`)).json();
      expect(detail).toMatchObject({
        failure_code: 'resource_missing',
        failure_message: "No such payment_intent: 'pi_gone'",
      });
      expect(detail.failure_text).toContain('Stripe does not have the payment');
      expect(detail.failure_text).not.toContain('bank did not give');
    });

    it('"try again" makes a new refund through the policy, linked to the failed one, once', async () => {
      const p = await payment();
      const f = await refund({ payment_id: p.id, amount: 1_500, reason: 'other', note: 'wrong size' });
      await fail(f.id);
      const retry = await asBrowser(t.app, agent, 'POST', `/api/v1/refunds/${f.id}/retry`, {});
      expect(retry.statusCode, retry.body).toBe(201);
      expect(retry.json()).toMatchObject({
        amount: 1_500,
        reason: 'other',
        note: 'wrong size',
        retry_of: f.id,
        status: 'queued',
        requested_by: `user:${agentUser.id}`,
      });
      expect((await api('GET', `/refunds/${f.id}`)).json().retried_as).toBe(retry.json().id);
      const twice = await api('POST', `/refunds/${f.id}/retry`, {});
      expect(twice.statusCode).toBe(409);
      expect(twice.json().error).toMatchObject({ code: 'already_retried', retried_as: retry.json().id });
      // …and, retried, it cannot also be recorded as refunded another way.
      const other = await api('POST', `/refunds/${f.id}/refunded-another-way`, { note: 'bank transfer' });
      expect(other.json().error.code).toBe('already_retried');
      // A refund that did not fail cannot be retried.
      const notFailed = await api('POST', `/refunds/${retry.json().id}/retry`, {});
      expect(notFailed.json().error.code).toBe('not_retryable');
    });

    it('"try again" is refused by the policy like any refund (here: the window has passed)', async () => {
      const p = await payment({ capturedAt: new Date(NOW.getTime() - 10 * DAY) });
      const f = await refund({ payment_id: p.id, amount: 500 });
      await fail(f.id);
      t.advance(5 * DAY);
      try {
        const res = await api('POST', `/refunds/${f.id}/retry`, {});
        expect(res.statusCode).toBe(422);
        expect(res.json().error.violations.map((v: Json) => v.code)).toEqual(['outside_refund_window']);
      } finally {
        t.advance(-5 * DAY);
      }
    });

    it('"refunded another way" counts as refunded, keeps the note, and never over-refunds', async () => {
      const p = await payment({ amount: 5_000 });
      const f = await refund({ payment_id: p.id, amount: 3_000 });
      await fail(f.id);
      expect((await api('GET', `/payments/${p.id}`)).json()).toMatchObject({
        amount_refunded: 0,
        amount_refundable: 5_000,
      });
      const noNote = await api('POST', `/refunds/${f.id}/refunded-another-way`, { note: '  ' });
      expect(noNote.statusCode).toBe(400);
      expect(noNote.json().error.param).toBe('note');
      const done = await asBrowser(t.app, agent, 'POST', `/api/v1/refunds/${f.id}/refunded-another-way`, {
        note: 'Bank transfer, ref 8812',
      });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json().status).toBe('refunded_another_way');
      expect((await api('GET', `/payments/${p.id}`)).json()).toMatchObject({
        amount_refunded: 3_000,
        amount_refundable: 2_000,
      });
      const detail = (await api('GET', `/refunds/${f.id}`)).json();
      expect(detail.history.at(-1)).toMatchObject({
        from: 'failed',
        to: 'refunded_another_way',
        actor_name: 'agent person',
        reason: 'Refunded another way: Bank transfer, ref 8812',
      });
      // The policy counts it: only $20.00 remains.
      const more = (await api('GET', `/payments/${p.id}/eligibility?amount=2001`)).json().violations[0];
      expect(more).toMatchObject({ code: 'amount_exceeds_remaining', remaining: 2_000 });
      const again = await api('POST', `/refunds/${f.id}/refunded-another-way`, { note: 'x' });
      expect(again.json().error.code).toBe('not_failed');
      expect((await api('POST', `/refunds/${f.id}/retry`, {})).json().error.code).toBe('not_retryable');

      // No room left: a second failed refund whose amount was refunded meanwhile is refused.
      const q = await payment({ amount: 1_000 });
      const f1 = await refund({ payment_id: q.id, amount: 1_000 });
      await fail(f1.id);
      await refund({ payment_id: q.id, amount: 1_000 }); // refunded again through Stripe
      const over = await api('POST', `/refunds/${f1.id}/refunded-another-way`, { note: 'cash' });
      expect(over.statusCode).toBe(409);
      expect(over.json().error).toMatchObject({
        code: 'amount_exceeds_remaining',
        remaining: 0,
        currency: 'usd',
      });
      expect(over.json().error.message).toBe(
        '$10.00 is more than the $0.00 that remains refundable on the payment (counting refunds in flight).',
      );
    });

    it('its customer emails (queued, sent, failed) come with the refund for the timeline', async () => {
      const p = await payment({ customerEmail: 'cy@example.com' });
      const f = await refund({ payment_id: p.id, amount: 700 });
      await fail(f.id);
      let detail = (await api('GET', `/refunds/${f.id}`)).json();
      expect(detail.emails).toEqual([
        expect.objectContaining({
          kind: 'refund_failed',
          to: 'cy@example.com',
          status: 'pending',
          attempts: 0,
        }),
      ]);
      await db.query(
        `UPDATE notifications SET status = 'failed', attempts = 12, last_error = 'SMTP 550 mailbox unavailable',
           last_attempt_at = now() WHERE refund_id = $1`,
        [f.id],
      );
      detail = (await api('GET', `/refunds/${f.id}`)).json();
      expect(detail.emails[0]).toMatchObject({
        status: 'failed',
        attempts: 12,
        last_error: 'SMTP 550 mailbox unavailable',
      });
      expect(Date.parse(detail.emails[0].queued_at)).not.toBeNaN();
    });
  });

  describe("the customer's page", () => {
    it('shows the merchant’s name and support contacts set by an admin, on every state', async () => {
      const put = await asBrowser(t.app, admin, 'PUT', '/api/v1/settings/merchant', {
        name: 'Acme Outfitters',
        support_email: 'help@acme.example',
        support_phone: '+1 (555) 010-2000',
        support_url: 'https://acme.example/help',
      });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json()).toMatchObject({ name: 'Acme Outfitters', updated_by_name: 'admin person' });
      for (const bad of [
        { support_email: 'nope' },
        { support_url: 'javascript:alert(1)' },
        { support_phone: 'call me' },
      ]) {
        const res = await api('PUT', '/settings/merchant', bad);
        expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      }
      const p = await payment();
      const queued = await refund({ payment_id: p.id, amount: 100 });
      const failed = await refund({ payment_id: p.id, amount: 200 });
      await fail(failed.id);
      const another = await refund({ payment_id: p.id, amount: 300 });
      await fail(another.id);
      await api('POST', `/refunds/${another.id}/refunded-another-way`, { note: 'cash' });
      for (const r of [queued, failed, another]) {
        const page = await t.app.inject({ method: 'GET', url: `/r/${r.customer_token}` });
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain('Acme Outfitters');
        expect(page.body).toContain('href="mailto:help@acme.example"');
        expect(page.body).toContain('href="tel:+15550102000"');
        expect(page.body).toContain('href="https://acme.example/help"');
        const json = (
          await t.app.inject({ method: 'GET', url: `/r/${r.customer_token}/status.json` })
        ).json();
        expect(json.merchant.name).toBe('Acme Outfitters');
      }
      const settled = (
        await t.app.inject({ method: 'GET', url: `/r/${another.customer_token}/status.json` })
      ).json();
      expect(settled).toMatchObject({
        stage: 'refunded_another_way',
        headline: 'Your refund was paid another way',
      });
      // Clearing a field hides it.
      await api('PUT', '/settings/merchant', { support_phone: '' });
      expect((await api('GET', '/settings/merchant')).json().support_phone).toBeNull();
    });
  });
});
