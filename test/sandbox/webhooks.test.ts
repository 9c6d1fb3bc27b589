import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { webhooksFor } from '../../src/sandbox/webhooks/webhooks.ts';
import { expectStripeError, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { expectStripeShape, type ShapeKind } from '../support/stripe-shapes.ts';

// stripe-shapes.ts checks any fixtures.json kind; its ShapeKind union just doesn't list this one.
const WEBHOOK_ENDPOINT = 'webhook_endpoint' as ShapeKind;

interface Received {
  body: string;
  signature: string;
}

/** A local webhook receiver; `respond` decides the status of each delivery (by arrival number). */
async function startReceiver(respond: (n: number) => number = () => 200) {
  const received: Received[] = [];
  let n = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = respond(++n);
      if (status >= 200 && status < 300) {
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(req.headers['stripe-signature']),
        });
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, attempts: () => n, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(opts: Record<string, unknown> = {}, respond?: (n: number) => number) {
  const receiver = await startReceiver(respond);
  const t: TestSandbox = await startTestSandbox({ webhookRetryBaseMs: 20, ...opts });
  cleanups.push(receiver.close, t.close);
  return { t, receiver, stripe: t.stripe };
}

async function setFaults(t: TestSandbox, body: string) {
  const res = await fetch(`${t.url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  expect(res.status).toBe(200);
}

describe('webhook endpoints', () => {
  it('creates (with a whsec_ secret), retrieves, lists, updates and deletes as Stripe does', async () => {
    const { stripe } = await setup();
    const created = await stripe.webhookEndpoints.create({
      url: 'https://example.com/hook',
      enabled_events: ['refund.created', 'charge.refunded'],
      description: 'mine',
      metadata: { team: 'pay' },
    });
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.id).toMatch(/^we_/);
    const { secret: _secret, lastResponse: _lr, ...shape } = created;
    expectStripeShape(WEBHOOK_ENDPOINT, shape);
    expectStripeShape(WEBHOOK_ENDPOINT, await stripe.webhookEndpoints.retrieve(created.id));
    const got = await stripe.webhookEndpoints.retrieve(created.id);
    expect(got.secret).toBeUndefined();
    expect(got.enabled_events).toEqual(['refund.created', 'charge.refunded']);
    const second = await stripe.webhookEndpoints.create({
      url: 'https://example.com/2',
      enabled_events: ['*'],
    });
    const list = await stripe.webhookEndpoints.list({ limit: 1 });
    expect(list.data.map((e) => e.id)).toEqual([second.id]);
    expect(list.has_more).toBe(true);
    const updated = await stripe.webhookEndpoints.update(created.id, {
      disabled: true,
      metadata: { team: '' },
    });
    expect(updated.status).toBe('disabled');
    expect(updated.metadata).toEqual({});
    const deleted = await stripe.webhookEndpoints.del(created.id);
    expect(deleted).toMatchObject({ id: created.id, deleted: true });
    await expectStripeError(stripe.webhookEndpoints.retrieve(created.id), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
    });
    await expectStripeError(stripe.webhookEndpoints.create({ url: 'ftp://x', enabled_events: ['*'] }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'url_invalid',
      param: 'url',
    });
    await expectStripeError(stripe.webhookEndpoints.create({ enabled_events: ['*'] } as never), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'url',
    });
  });
});

describe('webhook deliveries', () => {
  it('signs deliveries so constructEvent accepts them with the endpoint secret only', async () => {
    const { t, receiver, stripe } = await setup();
    const endpoint = await stripe.webhookEndpoints.create({
      url: receiver.url,
      enabled_events: ['refund.created', 'charge.refunded'],
    });
    const charge = await stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
    const refund = await stripe.refunds.create({ charge: charge.id, amount: 400 });
    await webhooksFor(t.sandbox).idle();
    expect(receiver.received.map((r) => JSON.parse(r.body).type).sort()).toEqual([
      'charge.refunded',
      'refund.created',
    ]);
    for (const r of receiver.received) {
      const event = stripe.webhooks.constructEvent(r.body, r.signature, endpoint.secret!);
      if (event.type === 'refund.created') expect(event.data.object.id).toBe(refund.id);
      expect(() => stripe.webhooks.constructEvent(r.body, r.signature, 'whsec_wrong')).toThrow(
        Stripe.errors.StripeSignatureVerificationError,
      );
    }
    const events = await stripe.events.list({ type: 'refund.created' });
    expect(events.data[0]!.pending_webhooks).toBe(0);
  });

  it('registers --webhook URLs at start for every event', async () => {
    const receiver = await startReceiver();
    const t = await startTestSandbox({ webhookUrls: [receiver.url], quiet: true });
    cleanups.push(receiver.close, t.close);
    const [endpoint] = [...webhooksFor(t.sandbox).endpoints.values()];
    expect(endpoint!.enabled_events).toEqual(['*']);
    await t.stripe.charges.create({ amount: 500, currency: 'eur', source: 'tok_visa' });
    await webhooksFor(t.sandbox).idle();
    expect(receiver.received.length).toBeGreaterThanOrEqual(1);
    const event = t.stripe.webhooks.constructEvent(
      receiver.received[0]!.body,
      receiver.received[0]!.signature,
      endpoint!.secret,
    );
    expect(event.type).toBe('charge.succeeded');
  });

  it('retries a failed delivery with backoff until the receiver accepts it', async () => {
    const { t, receiver, stripe } = await setup({}, (n) => (n <= 2 ? 500 : 200));
    await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['charge.succeeded'] });
    const charge = await stripe.charges.create({ amount: 700, currency: 'usd', source: 'tok_visa' });
    const event = (await stripe.events.list({ type: 'charge.succeeded' })).data[0]!;
    expect(event.pending_webhooks).toBe(1);
    await webhooksFor(t.sandbox).idle();
    expect(receiver.attempts()).toBe(3);
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]!.body).data.object.id).toBe(charge.id);
    expect((await stripe.events.retrieve(event.id)).pending_webhooks).toBe(0);
  });

  it('gives up after the bounded number of attempts', async () => {
    const { t, receiver, stripe } = await setup({ webhookMaxAttempts: 3 }, () => 503);
    await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'] });
    await stripe.charges.create({ amount: 700, currency: 'usd', source: 'tok_visa' });
    await webhooksFor(t.sandbox).idle();
    expect(receiver.attempts()).toBe(3);
    expect(webhooksFor(t.sandbox).stats.gaveUp).toBe(1);
  });

  it('honours drop, duplicate and reorder shares roughly', async () => {
    const { t, receiver, stripe } = await setup({ webhookConcurrency: 1 });
    await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['charge.succeeded'] });
    await setFaults(t, 'seed=7&webhookDropShare=0.2&webhookDuplicateShare=0.2&webhookReorderShare=0.2');
    const n = 120;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push((await stripe.charges.create({ amount: 100 + i, currency: 'usd', source: 'tok_visa' })).id);
    }
    await webhooksFor(t.sandbox).idle();
    const got = receiver.received.map((r) => JSON.parse(r.body).data.object.id as string);
    const distinct = new Set(got);
    const dropShare = 1 - distinct.size / n;
    const dupShare = (got.length - distinct.size) / distinct.size;
    expect(dropShare).toBeGreaterThan(0.08);
    expect(dropShare).toBeLessThan(0.35);
    expect(dupShare).toBeGreaterThan(0.08);
    expect(dupShare).toBeLessThan(0.35);
    // Reordered: a delivery arriving after one for a later charge.
    const order = [...distinct].map((id) => ids.indexOf(id));
    let inversions = 0;
    for (let i = 1; i < order.length; i++) if (order[i]! < order[i - 1]!) inversions++;
    expect(inversions).toBeGreaterThan(5);
  });

  it('delays deliveries by the configured range', async () => {
    const { t, receiver, stripe } = await setup();
    await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['charge.succeeded'] });
    await setFaults(t, 'webhookDelayMs=150..200');
    const t0 = performance.now();
    await stripe.charges.create({ amount: 100, currency: 'usd', source: 'tok_visa' });
    expect(receiver.received).toHaveLength(0);
    await webhooksFor(t.sandbox).idle();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(receiver.received).toHaveLength(1);
  });
});
