import { connect } from 'node:net';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

// Fault injection through the official SDK over HTTP (the SDK's own retries included).

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(opts: Record<string, unknown> = {}) {
  const t: TestSandbox = await startTestSandbox(opts);
  cleanups.push(t.close);
  const retrying = new Stripe('sk_test_123', {
    host: '127.0.0.1',
    port: t.sandbox.port,
    protocol: 'http',
    maxNetworkRetries: 2,
  });
  return { t, stripe: t.stripe, retrying };
}

async function setFaults(t: TestSandbox, body: string) {
  const res = await fetch(`${t.url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

describe('fault injection', () => {
  it('a 500 before the write stores nothing; the same key later runs for real', async () => {
    const { t, stripe } = await setup();
    const charge = await stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
    await setFaults(t, 'errorBeforeShare=1');
    const error = await stripe.refunds
      .create({ charge: charge.id }, { idempotencyKey: 'k-before' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(error.statusCode).toBe(500);
    await setFaults(t, 'errorBeforeShare=0');
    expect((await stripe.refunds.list({ charge: charge.id })).data).toHaveLength(0);
    expect((await stripe.charges.retrieve(charge.id)).amount_refunded).toBe(0);
    const refund = await stripe.refunds.create({ charge: charge.id }, { idempotencyKey: 'k-before' });
    expect(refund.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(refund.amount).toBe(1000);
  });

  for (const [name, setting] of [
    ['a 500 after the write', 'errorAfterShare=1'],
    ['a dropped connection after the write', 'dropAfterShare=1'],
  ] as const) {
    it(`${name} leaves exactly one refund, and the SDK retry with the same key replays it`, async () => {
      const { t, stripe, retrying } = await setup();
      const charge = await stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
      await setFaults(t, setting);
      const refund = await retrying.refunds.create({ charge: charge.id, amount: 300 });
      expect(refund.lastResponse.headers['idempotent-replayed']).toBe('true');
      await setFaults(t, 'reset=true');
      const list = await stripe.refunds.list({ charge: charge.id });
      expect(list.data.map((r) => r.id)).toEqual([refund.id]);
      expect((await stripe.charges.retrieve(charge.id)).amount_refunded).toBe(300);
    });
  }

  it('without retries, the lost response surfaces to the client but the write stays', async () => {
    const { t, stripe } = await setup();
    const charge = await stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
    await setFaults(t, 'errorAfterShare=1');
    const error = await stripe.refunds
      .create({ charge: charge.id }, { idempotencyKey: 'k-after' })
      .catch((e) => e);
    expect(error.statusCode).toBe(500);
    await setFaults(t, 'reset=true');
    expect((await stripe.refunds.list({ charge: charge.id })).data).toHaveLength(1);
    const replay = await stripe.refunds.create({ charge: charge.id }, { idempotencyKey: 'k-after' });
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
  });

  it('answers 429 rate_limit above the token-bucket rate', async () => {
    const { stripe } = await setup({ faults: { rateLimit: 5 } });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        stripe.refunds.list({ limit: 1 }).then(
          () => 200,
          (e: Stripe.errors.StripeError) => e,
        ),
      ),
    );
    const limited = results.filter((r) => r !== 200) as Stripe.errors.StripeError[];
    expect(limited.length).toBeGreaterThanOrEqual(8); // burst 5 + refill while the 20 run
    expect(limited.length).toBeLessThanOrEqual(16);
    for (const e of limited) {
      expect(e).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(e.statusCode).toBe(429);
      expect(e.code).toBe('rate_limit');
      expect(e.rawType).toBe('invalid_request_error');
      expect(e.headers?.['stripe-rate-limited-reason']).toBe('global-rate');
    }
  });

  it('adds the configured latency', async () => {
    const { t, stripe } = await setup();
    const config = await setFaults(t, 'latencyMs=100..150');
    expect(config).toMatchObject({ latencyMinMs: 100, latencyMaxMs: 150 });
    const t0 = performance.now();
    await stripe.refunds.list({ limit: 1 });
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(95);
    const shown = await (await fetch(`${t.url}/_sandbox/faults`)).json();
    expect(shown.latencyMaxMs).toBe(150);
  });

  it('while it shuts down, a request gets a Stripe-shaped 503 that the SDK reads as an API error', async () => {
    const t = await startTestSandbox();
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await t.close();
    });
    await setFaults(t, 'latencyMs=400');
    const request = `GET /v1/refunds?limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk_test_123\r\n`;
    const exchange = (socket: ReturnType<typeof connect>) => {
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString('utf8');
      });
      return new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
    };
    // One client is still sending its request's headers when the sandbox starts closing (its
    // connection is not idle, so the close waits for it): that request reaches a closing sandbox.
    const late = connect(t.sandbox.port, '127.0.0.1');
    const lateAnswer = exchange(late);
    await new Promise((resolve) => late.once('connect', resolve));
    late.write(request);
    // Another's request is in flight (400 ms) when the close begins: it is answered, and told
    // that the connection closes (it is not left kept alive, which would hold the close).
    const busy = connect(t.sandbox.port, '127.0.0.1');
    const busyAnswer = exchange(busy);
    const firstArrived = new Promise((resolve) => t.sandbox.app.server.once('request', resolve));
    busy.write(`${request}\r\n`);
    await firstArrived;
    const closing = t.close().then(() => {
      closed = true;
    });
    while (t.sandbox.app.server.listening) await new Promise((resolve) => setTimeout(resolve, 5));
    late.write('\r\n');
    const [answered, refused] = [await busyAnswer, await lateAnswer];
    await closing;
    expect(answered).toMatch(/^HTTP\/1\.1 200 /);
    expect(answered).toMatch(/\r\nconnection: close\r\n/i);
    expect(refused).toMatch(/^HTTP\/1\.1 503 /);
    expect(refused).toMatch(/\r\nconnection: close\r\n/i);
    const body = JSON.parse(refused.slice(refused.indexOf('\r\n\r\n') + 4)) as {
      error: Record<string, unknown>;
    };
    expect(body.error).toMatchObject({ type: 'api_error', message: expect.any(String) });
    // What the SDK makes of it: a retryable API error, not an OAuth error.
    const error = Stripe.errors.StripeError.generate(
      body.error as Parameters<typeof Stripe.errors.StripeError.generate>[0],
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
  });
});
