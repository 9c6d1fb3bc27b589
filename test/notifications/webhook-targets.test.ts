// Merchant webhooks go only to public addresses unless WEBHOOK_ALLOW_PRIVATE says otherwise: the
// API refuses private, loopback, link-local, unique-local and metadata hosts in any spelling; a
// delivery re-resolves the host and connects only to the address it checked (a name that turned
// private after registration — DNS rebinding — reaches nothing); and what the API shows about a
// failed delivery is its class, not the socket's words about an internal port.
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { startNotificationWorker } from '../../src/notifications/delivery-worker.ts';
import { createMailer } from '../../src/notifications/mailer.ts';
import { sendWebhook } from '../../src/notifications/webhook-sender.ts';
import { transitionRefund } from '../../src/refunds/transition.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { fakeGateway } from '../auth/helpers.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { fakeResolver, PUBLIC_ADDRESS } from '../support/fake-dns.ts';
import { type MerchantReceiver, startMerchantReceiver } from '../support/merchant-receiver.ts';

async function until(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('delivery failures are reported by class', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });
  const send = (url: string, timeoutMs = 2_000) =>
    sendWebhook({
      url,
      secret: 'whsec_test',
      eventId: 'evt_1',
      body: '{}',
      timeoutMs,
      nowSec: 1,
      target: { allowPrivate: true },
    });

  it('connection_failed, timeout, tls_error, http_status_500 and dns_failed, without socket detail', async () => {
    const closed = createHttpServer();
    const closedPort = await listen(closed);
    await new Promise((r) => closed.close(r)); // nothing listens there now
    const silent = createHttpServer(() => {}); // accepts, never answers
    servers.push(silent);
    const plain = createHttpServer((_req, res) => res.end('ok')); // http, spoken to with https
    servers.push(plain);
    const failing = createHttpServer((_req, res) => res.writeHead(500).end());
    servers.push(failing);
    const results = {
      refused: await send(`http://127.0.0.1:${closedPort}/h`),
      timeout: await send(`http://127.0.0.1:${await listen(silent)}/h`, 200),
      tls: await send(`https://127.0.0.1:${await listen(plain)}/h`),
      status: await send(`http://127.0.0.1:${await listen(failing)}/h`),
      dns: await sendWebhook({
        url: 'https://nowhere.example/h',
        secret: 'whsec_test',
        eventId: 'evt_1',
        body: '{}',
        timeoutMs: 2_000,
        nowSec: 1,
        target: { allowPrivate: false, resolve: fakeResolver({ 'nowhere.example': () => [] }) },
      }),
    };
    expect(Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.ok ? 'ok' : r.error]))).toEqual({
      refused: 'connection_failed',
      timeout: 'timeout',
      tls: 'tls_error',
      status: 'http_status_500',
      dns: 'dns_failed',
    });
    // The socket's own code stays for the log.
    expect(results.refused.ok ? undefined : results.refused.detail).toBe('ECONNREFUSED');
  });

  it('without WEBHOOK_ALLOW_PRIVATE an IP literal that is not public is not even connected to', async () => {
    const receiver = await startMerchantReceiver();
    try {
      for (const host of ['127.0.0.1', '0x7f000001', '2130706433', '[::ffff:127.0.0.1]']) {
        const url = receiver.url.replace('http://127.0.0.1', `https://${host}`);
        const result = await sendWebhook({
          url,
          secret: 'whsec_test',
          eventId: 'evt_1',
          body: '{}',
          timeoutMs: 2_000,
          nowSec: 1,
        });
        expect(result, host).toEqual({ ok: false, error: 'address_not_allowed' });
      }
      expect(receiver.deliveries).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });
});

describe.each(engines())('merchant webhook targets on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let open: FastifyInstance;
  let admin = '';
  let receiver: MerchantReceiver;
  let n = 0;
  // rebind.example resolves to a public address when registered, and to loopback afterwards.
  let rebindTarget = PUBLIC_ADDRESS;
  const dns = fakeResolver({
    localhost: ['127.0.0.1', '::1'],
    'internal.example': ['10.0.0.5'],
    'metadata.google.internal': ['169.254.169.254'],
    'rebind.example': () => [rebindTarget],
    'shop.example': ['127.0.0.1'],
  });

  beforeAll(async () => {
    db = await createTestDb(engine);
    const deps = {
      db,
      gateway: fakeGateway(),
      logger: silentLogger(),
      resolveHost: dns,
      dashboardDir: false as const,
    };
    app = await createServiceApp({
      ...deps,
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
    });
    open = await createServiceApp({
      ...deps,
      config: {
        policy: { refundWindowDays: 90, approvalThreshold: 50_000 },
        notifications: { webhookAllowPrivate: true },
      },
    });
    admin = (await createApiKey(db, { name: 'admin', scopes: ['admin'] })).key;
    receiver = await startMerchantReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await app?.close();
    await open?.close();
    await db?.close();
  });

  const register = (target: FastifyInstance, url: string) =>
    target.inject({
      method: 'POST',
      url: '/api/v1/webhook-endpoints',
      headers: { authorization: `Bearer ${admin}` },
      payload: { url, enabled_events: ['*'] },
    });

  it('refuses private, loopback, link-local, unique-local and metadata hosts, however spelled or resolved', async () => {
    const refused = [
      'https://127.0.0.1/h',
      'https://127.1/h',
      'https://0x7f000001/h',
      'https://2130706433/h',
      'https://017700000001/h',
      'https://[::1]/h',
      'https://[::ffff:127.0.0.1]/h',
      'https://[::ffff:7f00:1]/h',
      'https://10.1.2.3/h',
      'https://172.16.5.4/h',
      'https://192.168.0.10/h',
      'https://169.254.169.254/latest/meta-data/',
      'https://[fe80::1]/h',
      'https://[fd00:ec2::254]/h',
      'https://100.100.100.200/h',
      'https://0.0.0.0/h',
      'https://localhost/h',
      'https://internal.example/h',
      'https://metadata.google.internal/computeMetadata/v1/',
    ];
    for (const url of refused) {
      const res = await register(app, url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error, url).toMatchObject({ code: 'address_not_allowed', param: 'url' });
    }
    const plainHttp = await register(app, 'http://shop.example/h');
    expect(plainHttp.json().error).toMatchObject({ code: 'invalid_request', param: 'url' });
    const [stored] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_endpoints');
    expect(stored!.n).toBe(0);
    // A public address is fine; WEBHOOK_ALLOW_PRIVATE=true takes loopback and plain http.
    expect((await register(app, `https://${PUBLIC_ADDRESS}/h`)).statusCode).toBe(201);
    expect((await register(open, 'http://127.0.0.1:9/h')).statusCode).toBe(201);
    await db.query("UPDATE webhook_endpoints SET status = 'disabled'");
  });

  async function refundEvent() {
    n++;
    await db.query(
      `INSERT INTO payments (id, stripe_payment_intent_id, amount, currency, captured_at)
       VALUES ($1, $2, 100000, 'eur', now())`,
      [`pay_${engine}_${n}`, `pi_${engine}_${n}`],
    );
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, customer_token)
       VALUES ($1, $2, 1000, 'eur', 'requested_by_customer', 'queued', 'test', $3, $4)`,
      [`rf_${engine}_${n}`, `pay_${engine}_${n}`, `k_${engine}_${n}`, `T${String(n).padStart(31, '0')}`],
    );
    await db.transaction((tx) =>
      transitionRefund(tx, { refundId: `rf_${engine}_${n}`, to: 'succeeded', actor: 'webhook' }),
    );
  }

  async function deliverOnce(allowPrivate: boolean) {
    const mailer = createMailer({
      kind: 'dir',
      dir: join(tmpdir(), `refundry-targets-${engine}`),
      from: 'r@x.example',
    });
    const worker = await startNotificationWorker({
      db,
      logger: silentLogger(),
      mailer,
      publicUrl: 'https://refunds.example',
      pollIntervalMs: 20,
      maxAttempts: 1,
      webhookTarget: { allowPrivate, resolve: dns },
    });
    await until(async () => {
      const [row] = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM notifications WHERE channel = 'webhook' AND status = 'pending'",
      );
      return row!.n === 0;
    });
    await worker.stop();
    mailer.close();
  }

  it('a host that turns private after registration (DNS rebinding) is not connected to', async () => {
    const port = new URL(receiver.url).port;
    rebindTarget = PUBLIC_ADDRESS;
    const created = await register(app, `https://rebind.example:${port}/hooks`);
    expect(created.statusCode).toBe(201);
    rebindTarget = '127.0.0.1'; // now it points at the receiver on this machine
    await refundEvent();
    await deliverOnce(false);
    expect(receiver.deliveries).toHaveLength(0);
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/notifications?channel=webhook&status=failed',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(list.json().data.map((d: { last_error: string }) => d.last_error)).toEqual([
      'address_not_allowed',
    ]);
    await db.query("UPDATE webhook_endpoints SET status = 'disabled'");
  });

  it('the connection goes to the address the check resolved (with WEBHOOK_ALLOW_PRIVATE, loopback is reached by name)', async () => {
    // shop.example resolves (in this test's DNS) to 127.0.0.1, where the receiver listens: the
    // socket used the guarded lookup, not the system's resolver.
    const port = new URL(receiver.url).port;
    expect((await register(open, `http://shop.example:${port}/hooks`)).statusCode).toBe(201);
    await refundEvent();
    await deliverOnce(true);
    expect(receiver.deliveries).toHaveLength(1);
    expect(receiver.deliveries[0]!.headers.host).toBe(`shop.example:${port}`);
    await db.query("UPDATE webhook_endpoints SET status = 'disabled'");
  });

  it('the API shows a failed delivery by class, not the socket error or the internal port', async () => {
    const closed = createHttpServer();
    const closedPort = await listen(closed);
    await new Promise((r) => closed.close(r));
    expect((await register(open, `http://127.0.0.1:${closedPort}/hooks`)).statusCode).toBe(201);
    await refundEvent();
    await deliverOnce(true);
    const list = await open.inject({
      method: 'GET',
      url: '/api/v1/notifications?channel=webhook&status=failed',
      headers: { authorization: `Bearer ${admin}` },
    });
    const [latest] = list.json().data as Array<{ last_error: string }>;
    expect(latest!.last_error).toBe('connection_failed');
    expect(list.body).not.toMatch(/ECONNREFUSED|connect /);
    expect(list.body).not.toContain(String(closedPort));
  });
});
