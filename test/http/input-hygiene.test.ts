// The cases issue #10 reported, one by one, on both databases: each was a 500 (or Fastify's own
// error body) and is now a 400 in our error shape naming the field. The property test beside this
// file drives every route with many more.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

describe.each(engines())('input hygiene on %s', (engine) => {
  let db: Db;
  let sb: TestSandbox;
  let app: FastifyInstance;
  let key: string;

  beforeAll(async () => {
    db = await createTestDb(engine);
    sb = await startTestSandbox();
    app = await createServiceApp({
      db,
      gateway: createStripeGateway(sb.stripe),
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      dashboardDir: false,
    });
    key = (await createApiKey(db, { name: 'admin', scopes: ['admin'] })).key;
  });
  afterAll(async () => {
    await app?.close();
    await sb?.close();
    await db?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: string, contentType = 'application/json') =>
    app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${key}`,
        ...(payload !== undefined ? { 'content-type': contentType } : {}),
      },
      ...(payload !== undefined ? { payload } : {}),
    });

  const expectRefusal = async (
    res: Awaited<ReturnType<typeof call>>,
    expected: { status?: number; code?: string; param: string; message?: RegExp },
  ) => {
    expect(res.statusCode, res.body).toBe(expected.status ?? 400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const { error } = res.json();
    expect(error).toMatchObject({ code: expected.code ?? 'invalid_request', param: expected.param });
    if (expected.message) expect(error.message).toMatch(expected.message);
  };

  it('a NUL byte in a query, a path id, a JSON field or a CSV cell: 400 naming it', async () => {
    await expectRefusal(await call('GET', '/api/v1/payments?q=ord%00'), { param: 'q', message: /NUL/ });
    await expectRefusal(await call('GET', '/api/v1/refunds?starting_after=rf_%00'), {
      param: 'starting_after',
    });
    await expectRefusal(await call('GET', '/api/v1/refunds/rf_%00'), { param: 'id' });
    await expectRefusal(await call('GET', '/api/v1/payments/pay_%00/eligibility'), { param: 'id' });
    await expectRefusal(
      await call('POST', '/api/v1/refunds', '{"payment_id":"pay_1","reason":"other","note":"a\\u0000b"}'),
      {
        param: 'note',
      },
    );
    await expectRefusal(
      await call(
        'POST',
        '/api/v1/refunds',
        '{"payment_id":"pay_1","reason":"duplicate","metadata":{"k":"\\ud800"}}',
      ),
      { param: 'metadata.k', message: /surrogate/ },
    );
    await expectRefusal(
      await call(
        'POST',
        '/api/v1/refund-batches',
        'payment_id,amount,reason,note\npay_1,5.00,duplicate,a\u0000b\n',
        'text/csv',
      ),
      {
        code: 'invalid_csv',
        param: 'body',
        message: /Line 2, column note: the cell must not contain a NUL byte/,
      },
    );
    await expectRefusal(
      await call('POST', '/auth/login', '{"email":"a\\u0000@example.com","password":"x"}'),
      {
        param: 'email',
      },
    );
    expect(await db.query('SELECT 1 FROM refund_batches')).toEqual([]);
  });

  it('dates of year 0 or 10000: 400 naming the field', async () => {
    await expectRefusal(await call('GET', '/api/v1/refunds?created_gte=0000-01-01T00:00:00Z'), {
      param: 'created_gte',
      message: /between 1970 and 9999/,
    });
    await expectRefusal(await call('GET', '/api/v1/stats/overview?from=0000-01-01'), { param: 'from' });
    await expectRefusal(await call('POST', '/api/v1/reconciliation/runs', '{"from":"0000-01-01"}'), {
      param: 'from',
    });
    await expectRefusal(await call('GET', '/api/v1/refunds?created_lte=10000-01-01T00:00:00Z'), {
      param: 'created_lte',
    });
  });

  it('export.csv refuses in our error shape, never Fastify’s, and never a cut-off CSV', async () => {
    await expectRefusal(await call('GET', '/api/v1/refunds/export.csv?q=%00'), { param: 'q' });
    await expectRefusal(await call('GET', '/api/v1/refunds/export.csv?created_gte=0000-01-01T00:00:00Z'), {
      param: 'created_gte',
    });
    const ok = await call('GET', '/api/v1/refunds/export.csv');
    expect(ok.statusCode).toBe(200);
    expect(ok.body.split('\n')[0]).toMatch(/^id,created_at,status,/);
  });

  it('Fastify’s own refusals (bad JSON, wrong type, too large, bad URL encoding) answer in our shape', async () => {
    await expectRefusal(await call('POST', '/api/v1/refunds', '{"payment_id":'), {
      param: 'body',
      message: /not valid JSON/,
    });
    await expectRefusal(await call('POST', '/api/v1/refunds', ''), { param: 'body' });
    await expectRefusal(await call('POST', '/api/v1/refunds', '<refund/>', 'application/xml'), {
      status: 415,
      code: 'unsupported_media_type',
      param: 'Content-Type',
    });
    await expectRefusal(await call('POST', '/api/v1/refunds', `{"note":"${'x'.repeat(1_100_000)}"}`), {
      status: 413,
      code: 'request_too_large',
      param: 'body',
    });
    await expectRefusal(await call('GET', '/api/v1/refunds/%E0%A4%A'), {
      param: 'path',
      message: /percent-encoded/,
    });
    await expectRefusal(await call('GET', '/r/%ED%A0%80'), { param: 'path' });
    await expectRefusal(await call('GET', `/api/v1/refunds/${'r'.repeat(1000)}`), {
      status: 414,
      code: 'uri_too_long',
      param: 'path',
    });
    await expectRefusal(await call('POST', '/api/v1/refunds', '{"__proto__":{"admin":true}}'), {
      param: 'body',
    });
  });
});
