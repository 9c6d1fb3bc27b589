import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { webhooksFor } from '../../src/sandbox/webhooks/webhooks.ts';
import { expectStripeError, sandboxForFile, type TestSandbox } from '../support/sandbox.ts';
import { expectStripeShape } from '../support/stripe-shapes.ts';

// Connected accounts and the Stripe-Account header, through the official SDK (`stripeAccount`).
let t: TestSandbox;
let stripe: Stripe;
sandboxForFile({ webhookRetryBaseMs: 20 }, (s) => {
  t = s;
  stripe = s.stripe;
});

const on = (account: string) => ({ stripeAccount: account });

async function account(country = 'US', extra: Stripe.AccountCreateParams = {}) {
  const a = await stripe.accounts.create({ type: 'express', country, ...extra });
  expectStripeShape('account', a);
  return a;
}

describe('connected accounts', () => {
  it('creates (type, country, default currency), retrieves and lists accounts', async () => {
    const a = await account('US', { email: 'shop@example.com', metadata: { shop: '1' } });
    expect(a.id).toMatch(/^acct_/);
    expect(a).toMatchObject({
      object: 'account',
      type: 'express',
      country: 'US',
      default_currency: 'usd',
      email: 'shop@example.com',
      metadata: { shop: '1' },
      charges_enabled: true,
      payouts_enabled: true,
      details_submitted: true,
      capabilities: { card_payments: 'active', transfers: 'active' },
    });
    const de = await account('DE', { type: 'custom' });
    expect([de.country, de.default_currency, de.type]).toEqual(['DE', 'eur', 'custom']);
    const jp = await stripe.accounts.create({ country: 'JP', default_currency: 'usd' });
    expect([jp.type, jp.default_currency]).toEqual(['standard', 'usd']);

    const got = await stripe.accounts.retrieve(a.id);
    expectStripeShape('account', got);
    expect({ ...got, lastResponse: undefined }).toEqual({ ...a, lastResponse: undefined });
    const list = await stripe.accounts.list({ limit: 2 });
    expectStripeShape('list', list, 'account');
    expect([list.data.map((x) => x.id), list.has_more]).toEqual([[jp.id, de.id], true]);
    // An account sees itself with Stripe-Account, and no other.
    expect((await stripe.accounts.retrieve(a.id, {}, on(a.id))).id).toBe(a.id);
    await expectStripeError(stripe.accounts.retrieve(de.id, {}, on(a.id)), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'account',
      message: `No such account: '${de.id}'`,
    });
    await expectStripeError(stripe.accounts.retrieve('acct_missing'), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'account',
    });
  });

  it('validates account parameters', async () => {
    await expectStripeError(stripe.accounts.create({ type: 'bogus' as 'custom' }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_invalid_empty',
      param: 'type',
    });
    await expectStripeError(stripe.accounts.create({ country: 'USA' }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'country_code_invalid',
      param: 'country',
    });
    await expectStripeError(stripe.accounts.create({ country: 'ZA' }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'default_currency',
    });
    await expectStripeError(stripe.accounts.create({ settings: {} as never, tos: 1 } as never), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'tos',
    });
    const a = await account();
    await expectStripeError(stripe.accounts.create({ country: 'US' }, on(a.id)), {
      status: 400,
      type: 'invalid_request_error',
      code: 'platform_account_required',
    });
  });

  it('refuses a Stripe-Account the platform does not have, with a 403 account_invalid', async () => {
    const e = await expectStripeError(stripe.charges.list({}, on('acct_nope')), {
      status: 403,
      type: 'invalid_request_error',
      code: 'account_invalid',
      message:
        "The provided key 'sk_test_****_123' does not have access to account 'acct_nope' (or that account does not exist). Application access may have been revoked.",
    });
    expect(e).toBeInstanceOf(Stripe.errors.StripePermissionError);
    // Not stored under the idempotency key: the same key works once the account exists.
    await expectStripeError(
      stripe.charges.create(
        { amount: 1000, currency: 'usd', source: 'tok_visa' },
        { stripeAccount: 'acct_nope', idempotencyKey: 'k-403' },
      ),
      { status: 403, type: 'invalid_request_error', code: 'account_invalid' },
    );
    expect(t.sandbox.store.charges.size).toBe(0);
  });
});

describe('Stripe-Account scopes every object to its account (direct charges)', () => {
  it('keeps charges, payment intents, refunds and their lists per account', async () => {
    const a = await account();
    const b = await account();
    const pi = await stripe.paymentIntents.create(
      {
        amount: 3000,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: true,
        allowed_payment_method_types: ['card'],
      },
      on(a.id),
    );
    expectStripeShape('payment_intent', pi);
    const ch = await stripe.charges.create({ amount: 1200, currency: 'usd', source: 'tok_visa' }, on(a.id));
    const platformCharge = await stripe.charges.create({ amount: 500, currency: 'usd', source: 'tok_visa' });
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 }, on(a.id));
    expectStripeShape('refund', refund);
    expect(refund).toMatchObject({ amount: 1000, charge: pi.latest_charge, payment_intent: pi.id });

    // Found in its account only.
    expect((await stripe.charges.retrieve(ch.id, {}, on(a.id))).id).toBe(ch.id);
    for (const where of [{}, on(b.id)]) {
      await expectStripeError(stripe.charges.retrieve(ch.id, {}, where), {
        status: 404,
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'id',
        message: `No such charge: '${ch.id}'`,
      });
      await expectStripeError(stripe.paymentIntents.retrieve(pi.id, {}, where), {
        status: 404,
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'id',
      });
      await expectStripeError(stripe.refunds.retrieve(refund.id, {}, where), {
        status: 404,
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'id',
      });
      // Refunding another account's charge: not found either.
      await expectStripeError(stripe.refunds.create({ charge: ch.id }, where), {
        status: 404,
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'charge',
      });
    }
    await expectStripeError(stripe.charges.retrieve(platformCharge.id, {}, on(a.id)), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
    });

    expect((await stripe.charges.list({}, on(a.id))).data.map((c) => c.id)).toEqual([
      ch.id,
      pi.latest_charge,
    ]);
    expect((await stripe.charges.list()).data.map((c) => c.id)).toEqual([platformCharge.id]);
    expect((await stripe.charges.list({}, on(b.id))).data).toEqual([]);
    expect((await stripe.refunds.list({}, on(a.id))).data.map((r) => r.id)).toEqual([refund.id]);
    expect((await stripe.refunds.list()).data).toEqual([]);
    // A list cursor from another account is unknown here.
    await expectStripeError(stripe.refunds.list({ starting_after: refund.id }), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'starting_after',
    });
  });

  it('gives each account its own events, carrying `account`', async () => {
    const a = await account();
    const ch = await stripe.charges.create({ amount: 1200, currency: 'usd', source: 'tok_visa' }, on(a.id));
    await stripe.refunds.create({ charge: ch.id, amount: 200 }, on(a.id));
    await stripe.charges.create({ amount: 500, currency: 'usd', source: 'tok_visa' });

    const events = await stripe.events.list({}, on(a.id));
    expectStripeShape('list', events, 'event');
    expect(events.data.map((e) => [e.type, e.account])).toEqual([
      ['charge.refunded', a.id],
      ['refund.created', a.id],
      ['charge.succeeded', a.id],
    ]);
    const platform = await stripe.events.list();
    expect(platform.data.map((e) => e.type)).toEqual(['charge.succeeded']);
    expect(platform.data[0]).not.toHaveProperty('account');
    const first = events.data[0]!;
    expect((await stripe.events.retrieve(first.id, {}, on(a.id))).account).toBe(a.id);
    await expectStripeError(stripe.events.retrieve(first.id), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
    });
    expect((await stripe.events.list({ type: 'refund.*' }, on(a.id))).data).toHaveLength(1);
  });

  it('scopes idempotency keys to the account', async () => {
    const a = await account();
    const b = await account();
    const key = 'order-42';
    const onPlatform = await stripe.charges.create(
      { amount: 1000, currency: 'usd', source: 'tok_visa' },
      { idempotencyKey: key },
    );
    // The same key with other parameters is a new request on another account, not an idempotency_error.
    const onA = await stripe.charges.create(
      { amount: 2000, currency: 'usd', source: 'tok_visa' },
      { idempotencyKey: key, stripeAccount: a.id },
    );
    expect(onA.id).not.toBe(onPlatform.id);
    const replay = await stripe.charges.create(
      { amount: 2000, currency: 'usd', source: 'tok_visa' },
      { idempotencyKey: key, stripeAccount: a.id },
    );
    expect(replay.id).toBe(onA.id);
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
    await expectStripeError(
      stripe.charges.create(
        { amount: 3000, currency: 'usd', source: 'tok_visa' },
        { idempotencyKey: key, stripeAccount: a.id },
      ),
      { status: 400, type: 'idempotency_error' },
    );
    const onB = await stripe.charges.create(
      { amount: 3000, currency: 'usd', source: 'tok_visa' },
      { idempotencyKey: key, stripeAccount: b.id },
    );
    expect(new Set([onPlatform.id, onA.id, onB.id]).size).toBe(3);
  });
});

describe('webhook endpoints per account, and Connect endpoints', () => {
  interface Hook {
    url: string;
    events: Stripe.Event[];
    close(): Promise<void>;
  }
  async function receiver(): Promise<Hook> {
    const events: Stripe.Event[] = [];
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Stripe.Event);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      events,
      close: () => new Promise<void>((r) => server.close(() => r())),
    };
  }

  it('delivers platform events to platform endpoints, connected-account events to Connect endpoints and the account’s own', async () => {
    const hooks = { platform: await receiver(), connect: await receiver(), ownA: await receiver() };
    try {
      const a = await account();
      const b = await account();
      const platformEndpoint = await stripe.webhookEndpoints.create({
        url: hooks.platform.url,
        enabled_events: ['charge.succeeded'],
      });
      const connectEndpoint = await stripe.webhookEndpoints.create({
        url: hooks.connect.url,
        enabled_events: ['charge.succeeded'],
        connect: true,
      });
      const ownEndpoint = await stripe.webhookEndpoints.create(
        { url: hooks.ownA.url, enabled_events: ['charge.succeeded'] },
        on(a.id),
      );
      for (const e of [platformEndpoint, connectEndpoint, ownEndpoint]) {
        const { secret: _s, ...shape } = e;
        expectStripeShape('webhook_endpoint', shape);
        expect(e).not.toHaveProperty('connect');
      }
      const p = await stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
      const ca = await stripe.charges.create({ amount: 1100, currency: 'usd', source: 'tok_visa' }, on(a.id));
      const cb = await stripe.charges.create({ amount: 1200, currency: 'usd', source: 'tok_visa' }, on(b.id));
      await webhooksFor(t.sandbox).idle();
      const seen = (h: Hook) =>
        h.events.map((e) => [(e.data.object as Stripe.Charge).id, e.account ?? null]).sort();
      expect(seen(hooks.platform)).toEqual([[p.id, null]]);
      expect(seen(hooks.connect)).toEqual(
        [
          [ca.id, a.id],
          [cb.id, b.id],
        ].sort(),
      );
      expect(seen(hooks.ownA)).toEqual([[ca.id, a.id]]);
      for (const e of [...hooks.connect.events, ...hooks.ownA.events]) expectStripeShape('event', e);

      // Endpoints are listed, found, updated and deleted in their own account only.
      expect((await stripe.webhookEndpoints.list()).data.map((e) => e.id).sort()).toEqual(
        [platformEndpoint.id, connectEndpoint.id].sort(),
      );
      expect((await stripe.webhookEndpoints.list({}, on(a.id))).data.map((e) => e.id)).toEqual([
        ownEndpoint.id,
      ]);
      expect((await stripe.webhookEndpoints.list({}, on(b.id))).data).toEqual([]);
      await expectStripeError(stripe.webhookEndpoints.retrieve(ownEndpoint.id), {
        status: 404,
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'id',
      });
      await expectStripeError(stripe.webhookEndpoints.del(ownEndpoint.id, {}, on(b.id)), {
        status: 404,
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'id',
      });
      expect((await stripe.webhookEndpoints.del(ownEndpoint.id, {}, on(a.id))).deleted).toBe(true);
    } finally {
      for (const h of Object.values(hooks)) await h.close();
    }
  });
});
