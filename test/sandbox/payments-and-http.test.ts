import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { expectStripeError, sandboxForFile, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { expectStripeShape } from '../support/stripe-shapes.ts';

// Payment intents, charges, auth, headers, unknown routes and events, through the SDK.
let t: TestSandbox;
let stripe: Stripe;
sandboxForFile({}, (s) => {
  t = s;
  stripe = s.stripe;
});

describe('auth and headers', () => {
  it('accepts Bearer and Basic test keys, refuses live and malformed keys with a masked message', async () => {
    const res = await fetch(`${t.url}/v1/refunds`, {
      headers: {
        authorization: `Basic ${Buffer.from('sk_test_abc:').toString('base64')}`,
        'stripe-version': '2024-01-01',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    expect(res.headers.get('stripe-version')).toBe('2024-01-01');
    expectStripeShape('list', await res.json());

    await expectStripeError(t.client('sk_live_abcdef1234').refunds.list(), {
      status: 401,
      type: 'invalid_request_error',
      message: /sk_live_\*\*\*\*1234/,
    });
    const bad = await expectStripeError(t.client('pk_test_nope9876').refunds.list(), {
      status: 401,
      type: 'invalid_request_error',
      message: 'Invalid API Key provided: ****9876',
    });
    expect(bad).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    const none = await fetch(`${t.url}/v1/refunds`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(
      /did not provide an API key/,
    );
  });

  it('pins one key with apiKey', async () => {
    const pinned = await startTestSandbox({ apiKey: 'sk_test_only' });
    try {
      expect((await pinned.client('sk_test_only').refunds.list()).data).toEqual([]);
      await expectStripeError(pinned.stripe.refunds.list(), {
        status: 401,
        type: 'invalid_request_error',
        message: 'Invalid API Key provided: sk_test_****_123',
      });
    } finally {
      await pinned.close();
    }
  });

  it('answers 404 for Stripe endpoints it does not serve under known resources (search)', async () => {
    for (const call of [
      stripe.charges.search({ query: "status:'succeeded'" }),
      stripe.paymentIntents.search({ query: "status:'succeeded'" }),
    ]) {
      await expectStripeError(call, {
        status: 404,
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: /^Unrecognized request URL \(GET: \/v1\/(charges|payment_intents)\/search\)/,
      });
    }
  });

  it('answers unknown routes with a Stripe 404', async () => {
    const res = await fetch(`${t.url}/v1/nothing`, { headers: { authorization: 'Bearer sk_test_1' } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: Record<string, string> };
    expectStripeShape('error', body);
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/nothing\)/);
  });
});

describe('form encoding', () => {
  it('reads expand[]= (curl) and expand[0]= (SDK), metadata[k] and created[gte] in the query string', async () => {
    const auth = {
      authorization: 'Bearer sk_test_form',
      'content-type': 'application/x-www-form-urlencoded',
    };
    const ch = (await (
      await fetch(`${t.url}/v1/charges`, {
        method: 'POST',
        headers: auth,
        body: 'amount=1000&currency=usd&source=tok_visa&metadata[order]=6735',
      })
    ).json()) as Stripe.Charge;
    expect(ch.metadata).toEqual({ order: '6735' });
    const res = await fetch(`${t.url}/v1/refunds`, {
      method: 'POST',
      headers: auth,
      body: `charge=${ch.id}&amount=100&expand[]=charge&expand[]=payment_intent`,
    });
    const refund = (await res.json()) as Stripe.Refund;
    expectStripeShape('refund', refund);
    expect((refund.charge as Stripe.Charge).id).toBe(ch.id);
    const got = (await (
      await fetch(`${t.url}/v1/refunds/${refund.id}?expand%5B0%5D=charge`, { headers: auth })
    ).json()) as Stripe.Refund;
    expect((got.charge as Stripe.Charge).amount_refunded).toBe(100);
    const list = (await (
      await fetch(`${t.url}/v1/refunds?created[gte]=${refund.created}&limit=5`, { headers: auth })
    ).json()) as Stripe.ApiList<Stripe.Refund>;
    expect(list.data.map((r) => r.id)).toEqual([refund.id]);
    const deep = await fetch(`${t.url}/v1/refunds?created[a][b][c][d][e][f][g]=1`, { headers: auth });
    expect(deep.status).toBe(400);
    expectStripeShape('error', await deep.json());
  });
});

describe('payment intents and charges', () => {
  it('creates, retrieves and confirms a payment intent', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      metadata: { order: '1' },
      customer: 'cus_1',
      description: 'Order 1',
      allowed_payment_method_types: ['card'],
    });
    expectStripeShape('payment_intent', pi);
    expect([pi.status, pi.latest_charge, pi.metadata]).toEqual([
      'requires_confirmation',
      null,
      { order: '1' },
    ]);
    const confirmed = await stripe.paymentIntents.confirm(pi.id, { expand: ['latest_charge'] });
    expectStripeShape('payment_intent', confirmed);
    expect(confirmed.status).toBe('succeeded');
    const ch = confirmed.latest_charge as Stripe.Charge;
    expectStripeShape('charge', ch);
    expect([ch.amount, ch.payment_intent, ch.customer, ch.status, ch.paid]).toEqual([
      2000,
      pi.id,
      'cus_1',
      'succeeded',
      true,
    ]);
    const fetched = await stripe.paymentIntents.retrieve(pi.id);
    expect(fetched.latest_charge).toBe(ch.id);
    await expectStripeError(stripe.paymentIntents.confirm(pi.id), {
      status: 400,
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
    });
    await expectStripeError(stripe.paymentIntents.retrieve('pi_missing'), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
      message: "No such payment_intent: 'pi_missing'",
    });
  });

  it('validates payment intent parameters', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ currency: 'usd' }, 'parameter_missing', 'amount'],
      [{ amount: 100 }, 'parameter_missing', 'currency'],
      [{ amount: 100, currency: 'zzz' }, 'payment_intent_invalid_parameter', 'currency'],
      [{ amount: 10, currency: 'usd' }, 'amount_too_small', 'amount'],
      [{ amount: 100_000_000_0, currency: 'usd' }, 'amount_too_large', 'amount'],
      [{ amount: 1.5, currency: 'usd' }, 'parameter_invalid_integer', 'amount'],
      [{ amount: 100, currency: 'usd', colour: 'red' }, 'parameter_unknown', 'colour'],
      [{ amount: 100, currency: 'usd', payment_method: 'pm_nope' }, 'resource_missing', 'payment_method'],
    ];
    for (const [params, code, param] of cases) {
      await expectStripeError(stripe.paymentIntents.create(params as never), {
        status: 400,
        type: 'invalid_request_error',
        code,
        param,
      });
    }
    expect(t.sandbox.store.paymentIntents.size).toBe(0);
  });

  it('declines test cards with a 402 card_error', async () => {
    for (const pm of ['pm_card_chargeDeclined', 'pm_card_visa_chargeDeclined']) {
      const e = await expectStripeError(
        stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm, confirm: true }),
        { status: 402, type: 'card_error', code: 'card_declined' },
      );
      expect(e).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect(e.decline_code).toBe('generic_decline');
      expectStripeShape('payment_intent', e.payment_intent);
      expect(e.payment_intent?.status).toBe('requires_payment_method');
    }
    const e = await expectStripeError(
      stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_chargeDeclined' }),
      {
        status: 402,
        type: 'card_error',
        code: 'card_declined',
      },
    );
    expect(e.decline_code).toBe('generic_decline');
    const failed = await stripe.charges.retrieve((e.raw as { charge: string }).charge);
    expect([failed.status, failed.paid]).toEqual(['failed', false]);
    await expectStripeError(stripe.refunds.create({ charge: failed.id }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'charge_not_refundable',
      param: 'charge',
    });
  });

  it('keeps receipt_email on the payment intent and its charge (create, then confirm)', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1500,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      receipt_email: 'jenny@example.com',
      allowed_payment_method_types: ['card'],
    });
    expect(pi.receipt_email).toBe('jenny@example.com');
    const confirmed = await stripe.paymentIntents.confirm(pi.id, {
      receipt_email: 'jenny.rosen@example.com',
      expand: ['latest_charge'],
    });
    expectStripeShape('payment_intent', confirmed);
    expect(confirmed.receipt_email).toBe('jenny.rosen@example.com');
    expect((confirmed.latest_charge as Stripe.Charge).receipt_email).toBe('jenny.rosen@example.com');
    expect((await stripe.paymentIntents.retrieve(pi.id)).receipt_email).toBe('jenny.rosen@example.com');
    const ch = await stripe.charges.create({
      amount: 1000,
      currency: 'usd',
      source: 'tok_visa',
      receipt_email: 'sam@example.com',
    });
    expect(ch.receipt_email).toBe('sam@example.com');
    const plain = await stripe.paymentIntents.create({
      amount: 1500,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      allowed_payment_method_types: ['card'],
    });
    expect(plain.receipt_email).toBeNull();
  });

  it('turns a test payment method alias into a PaymentMethod of its own (pm_…), also in card errors', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1500,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      allowed_payment_method_types: ['card'],
    });
    expect(pi.payment_method).toMatch(/^pm_/);
    expect(pi.payment_method).not.toBe('pm_card_visa');
    const ch = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(ch.payment_method).toBe(pi.payment_method);
    const e = await expectStripeError(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        payment_method: 'pm_card_chargeDeclined',
        confirm: true,
      }),
      { status: 402, type: 'card_error', code: 'card_declined' },
    );
    const pm = e.payment_method!;
    expectStripeShape('payment_method', pm);
    expect(pm.id).toMatch(/^pm_/);
    expect(pm.id).not.toBe('pm_card_chargeDeclined');
    expect(pm.id).toBe(e.payment_intent?.payment_method);
    expect([pm.type, pm.card?.last4, pm.livemode, typeof pm.created]).toEqual([
      'card',
      '0002',
      false,
      'number',
    ]);
    expect(pm.billing_details).toEqual({
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: null,
      name: null,
      phone: null,
      tax_id: null,
    });
    // Confirming again with the intent's own PaymentMethod id is allowed.
    const retry = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
    });
    const again = await stripe.paymentIntents.confirm(retry.id, {
      payment_method: retry.payment_method as string,
    });
    expect([again.status, again.payment_method]).toEqual(['succeeded', retry.payment_method]);
  });

  it('sends no card reference on a fresh refund (Stripe omits it until the acquirer gives one)', async () => {
    const ch = await stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
    const refund = await stripe.refunds.create({ charge: ch.id });
    expectStripeShape('refund', refund);
    expect(refund.destination_details?.card).not.toHaveProperty('reference');
    expect(refund.destination_details).toEqual({
      type: 'card',
      card: { type: 'refund', reference_status: 'pending', reference_type: 'acquirer_reference_number' },
    });
  });

  it('creates, retrieves and lists charges', async () => {
    const a = await stripe.charges.create({
      amount: 1000,
      currency: 'usd',
      source: 'tok_visa',
      metadata: { k: 'v' },
    });
    const b = await stripe.charges.create({ amount: 500, currency: 'jpy', source: 'tok_mastercard' });
    expectStripeShape('charge', a);
    expect([b.currency, b.payment_method_details?.card?.brand]).toEqual(['jpy', 'mastercard']);
    const list = await stripe.charges.list({ limit: 1 });
    expectStripeShape('list', list, 'charge');
    expect([list.data[0]!.id, list.has_more, list.url]).toEqual([b.id, true, '/v1/charges']);
    const all = await stripe.charges.list().autoPagingToArray({ limit: 10 });
    expect(all.map((c) => c.id)).toEqual([b.id, a.id]);
    await expectStripeError(stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_nope' }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'source',
    });
    await expectStripeError(stripe.charges.retrieve('ch_missing'), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
    });
  });
});

describe('events', () => {
  it('records every change with its request and lists by type, wildcard, types[] and pages', async () => {
    const pi = await stripe.paymentIntents.create(
      { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true },
      { idempotencyKey: 'ev-1' },
    );
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
    await stripe.refunds.update(refund.id, { metadata: { a: 'b' } });
    const all = await stripe.events.list({ limit: 100 });
    expectStripeShape('list', all, 'event');
    expect(all.data.map((e) => e.type).reverse()).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'refund.created',
      'charge.refunded',
      'refund.updated',
      'charge.refund.updated',
    ]);
    const created = all.data.find((e) => e.type === 'payment_intent.created')!;
    expect(created.request).toEqual({ id: pi.lastResponse.requestId, idempotency_key: 'ev-1' });
    const updated = all.data.find((e) => e.type === 'refund.updated')!;
    expect(updated.data.previous_attributes).toEqual({ metadata: {} });
    expect((updated.data.object as Stripe.Refund).metadata).toEqual({ a: 'b' });
    const refunded = all.data.find((e) => e.type === 'charge.refunded')!;
    expect((refunded.data.object as Stripe.Charge).amount_refunded).toBe(100);

    expect((await stripe.events.list({ type: 'refund.*' })).data.map((e) => e.type)).toEqual([
      'refund.updated',
      'refund.created',
    ]);
    expect((await stripe.events.list({ type: 'charge.refunded' })).data).toHaveLength(1);
    expect(
      (await stripe.events.list({ types: ['charge.succeeded', 'refund.created'] })).data.map((e) => e.type),
    ).toEqual(['refund.created', 'charge.succeeded']);
    const paged = await stripe.events.list({ limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(paged.map((e) => e.id)).toEqual(all.data.map((e) => e.id));
    const newer = await stripe.events.list({ limit: 2, ending_before: all.data[3]!.id });
    expect(newer.data.map((e) => e.id)).toEqual([all.data[1]!.id, all.data[2]!.id]);
    const one = await stripe.events.retrieve(created.id);
    expectStripeShape('event', one);
    expect(one.id).toBe(created.id);
    await expectStripeError(stripe.events.retrieve('evt_missing'), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
    });
    await expectStripeError(stripe.events.list({ type: 'a', types: ['b'] }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameters_exclusive',
      param: 'types',
    });
    const future = await stripe.events.list({ created: { gt: created.created + 10 } });
    expect(future.data).toEqual([]);
  });

  it('calls store.events.subscribe listeners with every event', async () => {
    const seen: string[] = [];
    const off = t.sandbox.store.events.subscribe((e) => seen.push(e.type));
    await stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
    off();
    await stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
    expect(seen).toEqual(['charge.succeeded']);
  });
});
