// Shutting down while a request is in flight: close() waits for that request's answer, then ends
// its kept-alive connection, instead of waiting for the server's keep-alive timeout (72 s, Fastify's
// default) to end it (src/shared/end-connections-on-close.ts). Before, a Stripe webhook delivery
// being stored when the service stopped held the shutdown, and a test's clean-up, for 72 s.
import type { Server } from 'node:http';
import { PassThrough } from 'node:stream';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { webhooksFor } from '../../src/sandbox/webhooks/webhooks.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { endConnectionsOnClose } from '../../src/shared/end-connections-on-close.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { STRIPE_WEBHOOK_PATH } from '../../src/webhooks/stripe-webhook-route.ts';
import { createTestDb } from '../support/databases.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

/** A promise and its resolve: the test lets a held request go on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** Resolves once the server has stopped listening: close() has reached server.close(). */
async function stoppedListening(server: Server): Promise<void> {
  while (server.listening) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** close() must resolve well before the keep-alive timeout would have ended the connection. */
async function closesWithin(close: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  const outcome = await Promise.race([close.then(() => 'closed' as const), late]);
  clearTimeout(timer);
  expect(outcome).toBe('closed');
}

describe('close() with a request in flight', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
  });

  it('the service stops while a Stripe webhook delivery is being stored: the delivery is answered, the stop is prompt', async () => {
    const db = await createTestDb('pglite');
    cleanups.push(() => db.close());
    const sandbox: TestSandbox = await startTestSandbox();
    cleanups.push(() => sandbox.close());
    // The receiver's INSERT waits until the test lets it go: the delivery is in flight.
    const storing = gate();
    const release = gate();
    const held: Db = {
      ...db,
      async query(sql, params) {
        if (sql.includes('INSERT INTO stripe_events')) {
          storing.open();
          await release.opened;
        }
        return db.query(sql, params);
      },
    };
    let secret = '';
    const app = await createServiceApp({
      db: held,
      gateway: createStripeGateway(sandbox.stripe),
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      dashboardDir: false,
      stripeWebhook: { secret: () => secret },
    });
    cleanups.push(() => app.close());
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const endpoint = await sandbox.stripe.webhookEndpoints.create({
      url: `http://127.0.0.1:${port}${STRIPE_WEBHOOK_PATH}`,
      enabled_events: ['payment_intent.succeeded'],
    });
    secret = endpoint.secret!;
    await sandbox.stripe.paymentIntents.create({
      amount: 2_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      allowed_payment_method_types: ['card'],
      confirm: true,
    });
    await storing.opened;

    const closing = app.close();
    await stoppedListening(app.server);
    release.open();
    await closesWithin(closing, 10_000);
    // The delivery in flight got its 200 (not cut off, not refused): Stripe does not send it again.
    const dispatcher = webhooksFor(sandbox.sandbox);
    await dispatcher.idle();
    expect(dispatcher.stats).toMatchObject({ attempts: 1, delivered: 1, failedAttempts: 0 });
    const [row] = await db.query<{ type: string }>('SELECT type FROM stripe_events');
    expect(row?.type).toBe('payment_intent.succeeded');
  });

  it('the sandbox closes while an SDK call is in flight: the call is answered, the close is prompt', async () => {
    const sandbox = await startTestSandbox();
    cleanups.push(() => sandbox.close());
    const writing = gate();
    const release = gate();
    sandbox.sandbox.hooks.beforeWrite.push(async () => {
      writing.open();
      await release.opened;
    });
    const call = sandbox.stripe.paymentIntents.create({
      amount: 1_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      allowed_payment_method_types: ['card'],
      confirm: true,
    });
    await writing.opened;

    const closing = sandbox.close();
    await stoppedListening(sandbox.sandbox.app.server);
    release.open();
    await closesWithin(closing, 10_000);
    expect((await call).status).toBe('succeeded');
  });

  it('an answer whose headers went out before close() (a stream): its connection ends once it is written', async () => {
    const app = Fastify();
    endConnectionsOnClose(app);
    const body = new PassThrough();
    app.get('/stream', (_request, reply) => reply.type('text/plain').send(body));
    cleanups.push(() => app.close());
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    body.write('first,');
    const res = await fetch(`http://127.0.0.1:${port}/stream`); // undici keeps connections alive
    expect(res.headers.get('connection')).not.toBe('close');

    const closing = app.close();
    await stoppedListening(app.server);
    body.end('last');
    expect(await res.text()).toBe('first,last');
    await closesWithin(closing, 10_000);
  });
});
