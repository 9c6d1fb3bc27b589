// Platforms through the API, on both engines, against the sandbox: payments know their account,
// fee and transfer (read from Stripe); refunds ask to reverse the transfer and refund the fee (the
// request, else the policy's defaults), are sent with Stripe-Account for direct charges, and wait
// for approval when the transfer cannot cover their share; lists filter by account; bulk rows carry
// the Connect columns; the look-up past the idempotency key's lifetime searches the right account.
import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { parseBulkCsv } from '../../src/bulk/bulk-rows.ts';
import { createRowRunner } from '../../src/bulk/run-row.ts';
import type { Db } from '../../src/db/db.ts';
import { createMetrics } from '../../src/metrics/metrics.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { withNotFoundCache, withRequestBudget } from '../../src/stripe/gateway-budget.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { applyStoredEvents } from '../../src/stripe-sync/event-applier.ts';
import { storeEvents } from '../../src/stripe-sync/event-store.ts';
import { claimNext } from '../../src/worker/claim-next.ts';
import { submitRefund } from '../../src/worker/submit-refund.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { connectedAccount, destinationCharge, directCharge } from './platform.ts';

const POLICY = { refundWindowDays: 90, approvalThreshold: 1_000_000 };

describe.each(engines())('Connect through the API on %s', (engine) => {
  let db: Db;
  let sb: TestSandbox;
  let stripe: Stripe;
  let app: FastifyInstance;
  let key: string;
  let shop: string;
  let maker: string;
  const gateway = () => createStripeGateway(sb.stripe);
  const logger = silentLogger();

  beforeAll(async () => {
    db = await createTestDb(engine);
    sb = await startTestSandbox();
    stripe = sb.stripe;
    // The API's gateway decorated as the running service decorates it (the request budget, the
    // memory of unknown ids): the connected account must pass through both.
    const requestGateway = withNotFoundCache(withRequestBudget(gateway(), { acquire: async () => {} }), {
      ttlMs: 60_000,
    });
    app = await createServiceApp({ db, gateway: requestGateway, config: { policy: POLICY }, logger });
    key = (await createApiKey(db, { name: 'platform', scopes: ['admin'] })).key;
    shop = await connectedAccount(stripe, 'Shop One');
    maker = await connectedAccount(stripe, 'Maker Two', 'FR');
  });
  afterAll(async () => {
    await app?.close();
    await sb?.close();
    await db?.close();
  });

  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => {
    const res = await app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${key}` },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    return { status: res.statusCode, body: res.json() };
  };

  /** Registers a platform payment by its Stripe id (looked up at Stripe, as a search does). */
  const byStripeId = async (stripeId: string, account?: string) => {
    const res = await call('GET', `/payments?q=${stripeId}${account ? `&account=${account}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    return res.body.data[0];
  };

  /** Sends every queued refund the way the worker does, and returns what Stripe answered. */
  const sendQueued = async () => {
    const claimed = await claimNext(db, { workerId: 'test', limit: 100, leaseMs: 30_000 });
    for (const refund of claimed) {
      const outcome = await submitRefund({ db, gateway: gateway(), logger, workerId: 'test' }, refund);
      expect(outcome.kind, JSON.stringify(outcome)).toBe('sent');
    }
    return claimed.length;
  };

  /** Stores and applies the platform's events (the webhook path, without the webhook). */
  const applyPlatformEvents = async () => {
    const events = await stripe.events.list({ limit: 100 });
    await storeEvents(db, events.data, 'webhook');
    while ((await applyStoredEvents({ db, logger, gateway: gateway() }, 100)).claimed > 0) {}
  };

  it('a payment knows its account, fee and transfer from Stripe; a direct charge registers on its account', async () => {
    const destination = await byStripeId(
      await destinationCharge(stripe, shop, { amount: 10_000, fee: 1_230 }),
    );
    expect(destination).toMatchObject({
      charge_type: 'destination',
      stripe_account: null,
      connected_account: shop,
      application_fee: { amount: 1_230, amount_refunded: 0 },
      transfer: { destination: shop, amount: 10_000, amount_reversed: 0 },
    });
    expect(destination.application_fee.id).toMatch(/^fee_/);
    expect(destination.transfer.id).toMatch(/^tr_/);

    const pi = await directCharge(stripe, maker, { amount: 5_000, currency: 'eur', fee: 250 });
    // On another account Stripe has no such payment: a 404 naming the field (and remembered as
    // unknown there only, not on its own account).
    const onPlatform = await call('POST', '/payments', { stripe_id: pi, stripe_account: shop });
    expect(onPlatform.status).toBe(404);
    expect(onPlatform.body.error).toMatchObject({ code: 'not_found', param: 'stripe_id' });
    // Money facts are Stripe's: given anyway, they are refused, naming the field.
    for (const [field, value] of [
      ['amount', 4_999],
      ['currency', 'usd'],
    ] as const) {
      const wrong = await call('POST', '/payments', { stripe_id: pi, stripe_account: maker, [field]: value });
      expect(wrong.status, field).toBe(400);
      expect(wrong.body.error).toMatchObject({ code: 'field_from_stripe', param: field });
    }
    // Registered on its account: Stripe's facts, not the caller's (none given).
    const direct = await call('POST', '/payments', {
      stripe_id: pi,
      stripe_account: maker,
      order_id: 'ord_m1',
    });
    expect(direct.status).toBe(201);
    expect(direct.body).toMatchObject({
      charge_type: 'direct',
      stripe_account: maker,
      connected_account: maker,
      amount: 5_000,
      currency: 'eur',
      order_id: 'ord_m1',
      application_fee: { amount: 250, amount_refunded: 0 },
      transfer: null,
    });
    // The same payment named with another account: refused, not re-registered.
    const clash = await call('POST', '/payments', { stripe_id: pi, stripe_account: shop });
    expect(clash.status).toBe(404);
    const [row] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM payments WHERE stripe_payment_intent_id = $1',
      [pi],
    );
    expect(row?.n).toBe(1);
    // A refund naming the payment by its Stripe id and another account: the two disagree.
    const mismatch = await call('POST', '/refunds', {
      stripe_id: pi,
      stripe_account: shop,
      reason: 'duplicate',
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error).toMatchObject({ code: 'account_mismatch', param: 'stripe_account' });
    // A direct charge not registered yet is found on the account the request names.
    const unseen = await directCharge(stripe, maker, { amount: 1_200 });
    const first = await call('POST', '/refunds', {
      stripe_id: unseen,
      stripe_account: maker,
      amount: 200,
      reason: 'duplicate',
    });
    expect(first.status).toBe(201);
    expect((await call('GET', `/payments/${first.body.payment_id}`)).body).toMatchObject({
      charge_type: 'direct',
      stripe_account: maker,
    });
    await call('POST', `/refunds/${first.body.id}/cancel`, {});
    // The accounts are known, with Stripe's names once fetched.
    const accounts = await call('GET', '/connect/accounts');
    expect(accounts.body.data.map((a: { id: string }) => a.id).sort()).toEqual([maker, shop].sort());
    expect((await call('GET', `/connect/accounts/${maker}`)).body).toMatchObject({
      id: maker,
      name: 'Maker Two',
      country: 'FR',
      default_currency: 'eur',
    });

    // A platform payment has no Connect facts.
    const own = await byStripeId(
      (
        await stripe.paymentIntents.create({
          amount: 700,
          currency: 'usd',
          payment_method: 'pm_card_visa',
          confirm: true,
        })
      ).id,
    );
    expect(own).toMatchObject({
      charge_type: 'platform',
      connected_account: null,
      application_fee: null,
      transfer: null,
    });
  });

  it('a destination refund reverses the transfer and refunds the fee, and records what Stripe did', async () => {
    const payment = await byStripeId(await destinationCharge(stripe, shop, { amount: 10_000, fee: 1_230 }));
    const res = await call('POST', '/refunds', {
      payment_id: payment.id,
      amount: 5_000,
      reason: 'requested_by_customer',
      reverse_transfer: true,
      refund_application_fee: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'queued',
      reverse_transfer: true,
      refund_application_fee: true,
      transfer_reversal: null,
      fee_refund: null,
    });
    expect(await sendQueued()).toBe(1);
    const refund = (await call('GET', `/refunds/${res.body.id}`)).body;
    // Half the charge: half the transfer, half the fee (615), as Stripe made them.
    expect(refund.transfer_reversal).toMatchObject({ amount: 5_000 });
    expect(refund.transfer_reversal.id).toMatch(/^trr_/);
    expect(refund.fee_refund).toMatchObject({ amount: 615 });
    expect(refund.fee_refund.id).toMatch(/^fr_/);
    const atStripe = await stripe.refunds.retrieve(refund.stripe_refund_id);
    expect(atStripe.transfer_reversal).toBe(refund.transfer_reversal.id);
    // The payment's totals follow Stripe's events (transfer.reversed, application_fee.refunded).
    await applyPlatformEvents();
    const after = (await call('GET', `/payments/${payment.id}`)).body;
    expect(after.transfer).toMatchObject({ amount_reversed: 5_000 });
    expect(after.application_fee).toMatchObject({ amount_refunded: 615 });

    // Without the flags (and defaults off), nothing is taken back.
    const plain = await call('POST', '/refunds', {
      payment_id: payment.id,
      amount: 1_000,
      reason: 'duplicate',
    });
    expect(plain.body).toMatchObject({ reverse_transfer: false, refund_application_fee: false });
    await sendQueued();
    const sent = (await call('GET', `/refunds/${plain.body.id}`)).body;
    expect(sent.transfer_reversal).toBeNull();
    expect((await stripe.refunds.retrieve(sent.stripe_refund_id)).transfer_reversal).toBeNull();
  });

  it('asking to reverse or refund what the payment does not have is a policy violation naming the field', async () => {
    const own = await byStripeId(
      (
        await stripe.paymentIntents.create({
          amount: 900,
          currency: 'usd',
          payment_method: 'pm_card_visa',
          confirm: true,
        })
      ).id,
    );
    const res = await call('POST', '/refunds', {
      payment_id: own.id,
      reason: 'duplicate',
      reverse_transfer: true,
      refund_application_fee: true,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('policy_violation');
    expect(res.body.error.violations.map((v: { code: string; param: string }) => [v.code, v.param])).toEqual([
      ['no_transfer_to_reverse', 'reverse_transfer'],
      ['no_application_fee', 'refund_application_fee'],
    ]);
    const direct = (
      await call('POST', '/payments', {
        stripe_id: await directCharge(stripe, maker, { amount: 800 }),
        stripe_account: maker,
      })
    ).body;
    const noTransfer = await call('POST', '/refunds', {
      payment_id: direct.id,
      reason: 'duplicate',
      reverse_transfer: true,
    });
    expect(noTransfer.body.error.violations[0]).toMatchObject({
      code: 'no_transfer_to_reverse',
      param: 'reverse_transfer',
    });
    // Wrong-typed flags are a 400 naming the field.
    const typed = await call('POST', '/refunds', {
      payment_id: direct.id,
      reason: 'duplicate',
      reverse_transfer: 'yes',
    });
    expect(typed.status).toBe(400);
    expect(typed.body.error.param).toBe('reverse_transfer');
  });

  it("the policy settings give the platform's defaults", async () => {
    const put = await call('PUT', '/settings/policy', {
      connect: { reverse_transfer: true, refund_application_fee: true },
    });
    expect(put.status).toBe(200);
    expect(put.body.connect).toMatchObject({
      reverse_transfer: true,
      refund_application_fee: true,
      approve_uncovered: true,
    });
    expect(put.body.overridden.connect).toEqual({
      reverse_transfer: true,
      refund_application_fee: true,
      approve_uncovered: false,
    });
    try {
      const payment = await byStripeId(await destinationCharge(stripe, shop, { amount: 4_000, fee: 400 }));
      const eligibility = await call('GET', `/payments/${payment.id}/eligibility?amount=1000`);
      expect(eligibility.body.connect).toMatchObject({
        reverse_transfer: true,
        refund_application_fee: true,
        transfer_share: 1_000,
        fee_share: 100,
      });
      const refund = await call('POST', '/refunds', {
        payment_id: payment.id,
        amount: 1_000,
        reason: 'duplicate',
      });
      expect(refund.body).toMatchObject({ reverse_transfer: true, refund_application_fee: true });
      // The request's own choice wins over the default.
      const off = await call('POST', '/refunds', {
        payment_id: payment.id,
        amount: 1_000,
        reason: 'duplicate',
        reverse_transfer: false,
      });
      expect(off.body).toMatchObject({ reverse_transfer: false, refund_application_fee: true });
      // Defaults never apply where there is nothing to take back.
      const direct = (
        await call('POST', '/payments', {
          stripe_id: await directCharge(stripe, maker, { amount: 600 }),
          stripe_account: maker,
        })
      ).body;
      const d = await call('POST', '/refunds', { payment_id: direct.id, reason: 'duplicate' });
      expect(d.body).toMatchObject({
        status: 'queued',
        reverse_transfer: false,
        refund_application_fee: false,
      });
      await sendQueued();
    } finally {
      await call('PUT', '/settings/policy', {
        connect: { reverse_transfer: null, refund_application_fee: null },
      });
    }
  });

  it('a refund whose share of the transfer is more than the transfer has left waits for approval', async () => {
    const payment = await byStripeId(await destinationCharge(stripe, shop, { amount: 10_000 }));
    // The platform reversed 9,500 of the transfer outside any refund: Stripe's transfer.reversed
    // event says so (the sandbox makes reversals only through refunds, so the event is written here).
    const event = {
      id: `evt_reversed_${payment.id}`,
      object: 'event',
      type: 'transfer.reversed',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: { id: payment.transfer.id, object: 'transfer', amount: 10_000, amount_reversed: 9_500 },
      },
    };
    await storeEvents(db, [event], 'webhook');
    while ((await applyStoredEvents({ db, logger }, 100)).claimed > 0) {}
    expect((await call('GET', `/payments/${payment.id}`)).body.transfer.amount_reversed).toBe(9_500);

    // 400 of the charge: its share (400) is covered by the 500 left.
    const covered = await call('POST', '/refunds', {
      payment_id: payment.id,
      amount: 400,
      reason: 'duplicate',
      reverse_transfer: true,
    });
    expect(covered.body.status).toBe('queued');
    // Half the charge: its share (5,000) is more than the 100 left once the 400 is counted.
    const why = await call('GET', `/payments/${payment.id}/eligibility?amount=5000&reverse_transfer=true`);
    expect(why.body).toMatchObject({
      eligible: true,
      needs_approval: true,
      approval_reasons: ['transfer_uncovered'],
    });
    expect(why.body.connect).toMatchObject({
      transfer_share: 5_000,
      transfer_left: 100,
      uncovered: 4_900,
      needs_approval: true,
    });
    const waits = await call('POST', '/refunds', {
      payment_id: payment.id,
      amount: 5_000,
      reason: 'duplicate',
      reverse_transfer: true,
    });
    expect(waits.status).toBe(201);
    expect(waits.body.status).toBe('awaiting_approval');
    // Why it waits is kept on the refund (the approvals queue says it in words).
    expect(waits.body.approval_reasons).toEqual(['transfer_uncovered']);
    expect(covered.body.approval_reasons).toEqual([]);
    // Not reversing: the platform bears the refund by its own choice; no approval.
    const bears = await call('POST', '/refunds', {
      payment_id: payment.id,
      amount: 100,
      reason: 'duplicate',
      reverse_transfer: false,
    });
    expect(bears.body.status).toBe('queued');
    // The rule can be turned off.
    await call('PUT', '/settings/policy', { connect: { approve_uncovered: false } });
    try {
      const off = await call('POST', '/refunds', {
        payment_id: payment.id,
        amount: 100,
        reason: 'other',
        note: 'n',
        reverse_transfer: true,
      });
      expect(off.body.status).toBe('queued');
    } finally {
      await call('PUT', '/settings/policy', { connect: { approve_uncovered: null } });
    }
    expect((await call('POST', `/refunds/${waits.body.id}/reject`, {})).status).toBe(200);
    await sendQueued();
  });

  it('requests arriving together cannot share what is left of the transfer: one passes, the others wait', async () => {
    const payment = await byStripeId(await destinationCharge(stripe, shop, { amount: 10_000 }));
    const event = {
      id: `evt_reversed_${payment.id}`,
      object: 'event',
      type: 'transfer.reversed',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: { id: payment.transfer.id, object: 'transfer', amount: 10_000, amount_reversed: 9_500 },
      },
    };
    await storeEvents(db, [event as never], 'webhook');
    while ((await applyStoredEvents({ db, logger }, 100)).claimed > 0) {}
    // 500 left; four requests of 300 at once (accepted in groups of those arriving together): the
    // first leaves 200, which covers none of the others.
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() =>
        call('POST', '/refunds', {
          payment_id: payment.id,
          amount: 300,
          reason: 'duplicate',
          reverse_transfer: true,
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const statuses = answers.map((a) => a.body.status).sort();
    expect(statuses).toEqual(['awaiting_approval', 'awaiting_approval', 'awaiting_approval', 'queued']);
    for (const a of answers.filter((x) => x.body.status === 'awaiting_approval')) {
      expect(a.body.approval_reasons).toEqual(['transfer_uncovered']);
      expect((await call('POST', `/refunds/${a.body.id}/reject`, {})).status).toBe(200);
    }
    await sendQueued();
  });

  it('a direct charge is refunded on its account with Stripe-Account, fee included, exactly once', async () => {
    const pi = await directCharge(stripe, maker, { amount: 3_000, currency: 'eur', fee: 300 });
    const payment = (await call('POST', '/payments', { stripe_id: pi, stripe_account: maker })).body;
    const res = await call('POST', '/refunds', {
      payment_id: payment.id,
      reason: 'requested_by_customer',
      refund_application_fee: true,
    });
    expect(res.body).toMatchObject({ amount: 3_000, refund_application_fee: true, reverse_transfer: false });
    await sendQueued();
    const refund = (await call('GET', `/refunds/${res.body.id}`)).body;
    expect(refund.fee_refund).toMatchObject({ amount: 300 });
    const onAccount = await stripe.refunds.list({ payment_intent: pi }, { stripeAccount: maker });
    expect(onAccount.data.map((r) => [r.id, r.metadata?.refundry_refund_id])).toEqual([
      [refund.stripe_refund_id, refund.id],
    ]);
    // Not on the platform.
    expect(
      (await stripe.refunds.list({ limit: 100 })).data.some((r) => r.id === refund.stripe_refund_id),
    ).toBe(false);
  });

  it('past the key lifetime, the look-up before a re-submission searches the payment’s account', async () => {
    const pi = await directCharge(stripe, maker, { amount: 2_000 });
    const payment = (await call('POST', '/payments', { stripe_id: pi, stripe_account: maker })).body;
    const res = await call('POST', '/refunds', { payment_id: payment.id, amount: 700, reason: 'duplicate' });
    const id = res.body.id;
    // A first attempt 25 h ago reached Stripe (its answer was lost): the refund exists on the account.
    const made = await stripe.refunds.create(
      { payment_intent: pi, amount: 700, metadata: { refundry_refund_id: id } },
      { stripeAccount: maker, idempotencyKey: 'an_expired_key' },
    );
    await db.query(
      `UPDATE refunds SET attempts = 1, first_attempt_at = now() - interval '25 hours' WHERE id = $1`,
      [id],
    );
    const [claimed] = await claimNext(db, { workerId: 'late', limit: 1, leaseMs: 30_000 });
    expect(claimed).toMatchObject({ id, keyMayHaveExpired: true, stripeAccount: maker });
    const outcome = await submitRefund({ db, gateway: gateway(), logger, workerId: 'late' }, claimed!);
    expect(outcome).toMatchObject({ kind: 'sent', adopted: true, stripeRefundId: made.id });
    const onAccount = await stripe.refunds.list({ payment_intent: pi }, { stripeAccount: maker });
    expect(onAccount.data).toHaveLength(1);
  });

  it('lists filter by account: refunds, payments, and the overview', async () => {
    const onShop = await call('GET', `/refunds?account=${shop}&limit=100`);
    expect(onShop.status).toBe(200);
    expect(onShop.body.data.length).toBeGreaterThan(0);
    const shopPayments = new Set(
      (await call('GET', `/payments?account=${shop}&limit=100`)).body.data.map((p: { id: string }) => p.id),
    );
    for (const r of onShop.body.data) expect(shopPayments.has(r.payment_id)).toBe(true);
    const onMaker = await call('GET', `/refunds?account=${maker}&limit=100`);
    const platform = await call('GET', '/refunds?account=platform&limit=100');
    const all = await call('GET', '/refunds?limit=100');
    const ids = (list: { body: { data: { id: string }[] } }) => list.body.data.map((r) => r.id);
    expect(new Set([...ids(onShop), ...ids(onMaker), ...ids(platform)])).toEqual(new Set(ids(all)));
    expect(ids(onShop).filter((id) => ids(onMaker).includes(id))).toEqual([]);
    const bad = await call('GET', '/refunds?account=shop');
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('account');
    const overview = await call('GET', '/stats/overview');
    const accounts = overview.body.accounts.map((a: { account: string }) => a.account);
    expect(accounts).toContain(shop);
    expect(accounts).toContain(maker);
    const one = await call('GET', `/stats/overview?account=${maker}`);
    const total = (o: {
      refunds_per_day: Record<'succeeded' | 'failed' | 'in_flight' | 'canceled' | 'rejected', number>[];
    }) =>
      o.refunds_per_day.reduce(
        (sum, d) => sum + d.succeeded + d.failed + d.in_flight + d.canceled + d.rejected,
        0,
      );
    expect(total(one.body)).toBe(onMaker.body.data.length);

    // Metrics split by account: an account listed in METRICS_ACCOUNTS by its id, the others as
    // 'other' (a bounded number of series).
    const metrics = createMetrics({ db, labelledAccounts: [shop], defaultMetrics: false });
    const scrape = await metrics.registry.metrics();
    expect(scrape).toMatch(
      new RegExp(`refundry_account_refunds_final_total\\{account="${shop}",status="succeeded"\\} [1-9]`),
    );
    expect(scrape).toMatch(
      /refundry_account_refunds_final_total\{account="other",status="succeeded"\} [1-9]/,
    );
    expect(scrape).not.toContain(`account="${maker}"`);
  });

  it('bulk rows carry reverse_transfer and refund_application_fee (dry run and real), and refuse other values', async () => {
    const payment = await byStripeId(await destinationCharge(stripe, shop, { amount: 8_000, fee: 800 }));
    const csv = `payment_id,amount,reason,reverse_transfer,refund_application_fee
${payment.id},20.00,duplicate,true,yes
${payment.id},10.00,duplicate,,false
${payment.id},1.00,duplicate,maybe,
`;
    const rows = parseBulkCsv(csv);
    const deps = { db, gateway: gateway(), settings: POLICY, actor: 'test:bulk' };
    const dry = createRowRunner(deps, { dryRun: true });
    expect((await dry.run(rows[0]!)).outcome).toBe('would_accept');
    const real = createRowRunner(deps, { dryRun: false });
    const outcomes = [];
    for (const row of rows) outcomes.push(await real.run(row));
    expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted', 'error']);
    expect(outcomes[2]).toMatchObject({ errorCode: 'invalid_flag' });
    const stored = await db.query<{
      amount: string;
      reverse_transfer: boolean;
      refund_application_fee: boolean;
    }>(
      'SELECT amount, reverse_transfer, refund_application_fee FROM refunds WHERE id = ANY($1) ORDER BY amount DESC',
      [[outcomes[0]!.refundId, outcomes[1]!.refundId]],
    );
    expect(stored.map((r) => [Number(r.amount), r.reverse_transfer, r.refund_application_fee])).toEqual([
      [2_000, true, true],
      [1_000, false, false],
    ]);
    // A file without the Connect columns keeps the keys it always had.
    const legacy = parseBulkCsv(`payment_id,amount,reason\n${payment.id},1.00,duplicate\n`);
    const withEmpty = parseBulkCsv(
      `payment_id,amount,reason,reverse_transfer\n${payment.id},1.00,duplicate,\n`,
    );
    expect(withEmpty[0]!.key).toBe(legacy[0]!.key);
    await sendQueued();
  });
});
