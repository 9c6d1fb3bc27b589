// Every API answer — success, refusal, not found, failure — is `Cache-Control: no-store` (bodies hold
// customer data and secrets shown once) and `X-Content-Type-Options: nosniff`; /readyz names the
// check that failed, never where the database lives.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { fakeGateway } from '../auth/helpers.ts';
import { createTestDb } from '../support/databases.ts';

describe('response headers and readiness', () => {
  let db: Db;
  let app: FastifyInstance;
  let key = '';

  beforeAll(async () => {
    db = await createTestDb('pglite');
    const gateway = fakeGateway();
    gateway.retrievePayment = async () => {
      throw new Error('Stripe is down');
    };
    app = await createServiceApp({
      db,
      gateway,
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      dashboardDir: false,
    });
    key = (await createApiKey(db, { name: 'admin', scopes: ['admin'] })).key;
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('API, auth, health and error answers are no-store and nosniff', async () => {
    const auth = { authorization: `Bearer ${key}` };
    const cases: Array<[string, string, Record<string, string>, number, object?]> = [
      ['GET', '/api/v1/refunds', auth, 200],
      ['POST', '/api/v1/api-keys', auth, 201, { name: 'shown once', scopes: ['refunds:read'] }],
      ['GET', '/api/v1/refunds', {}, 401],
      ['GET', '/api/v1/refunds/rf_missing', auth, 404],
      ['GET', '/api/v1/refunds?limit=oops', auth, 400],
      ['GET', '/api/v1/payments?q=pi_unknown', auth, 500],
      ['GET', '/api/v1/nowhere', auth, 404],
      ['POST', '/auth/login', {}, 400, {}],
      ['GET', '/auth/me', {}, 401],
      ['GET', '/healthz', {}, 200],
      ['GET', '/readyz', {}, 200],
      ['GET', '/r/AbCdEfGhIjKlMnOpQrStUvWxYz012345', {}, 404],
    ];
    for (const [method, url, headers, status, payload] of cases) {
      const res = await app.inject({
        method: method as 'GET' | 'POST',
        url,
        headers,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(status);
      expect(res.headers['cache-control'], `${method} ${url}`).toBe('no-store');
      expect(res.headers['x-content-type-options'], `${method} ${url}`).toBe('nosniff');
    }
  });

  it('/readyz says the database check failed, not the database host and port', async () => {
    const failing = await createServiceApp({
      db: {
        ...db,
        kind: db.kind,
        query: async () => {
          throw Object.assign(new Error('connect ECONNREFUSED 10.20.30.40:6543'), {
            code: 'ECONNREFUSED',
            address: '10.20.30.40',
            port: 6543,
          });
        },
        transaction: db.transaction,
        exec: db.exec,
        close: async () => {},
      },
      gateway: fakeGateway(),
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      dashboardDir: false,
      checkStripe: async () => {
        throw new Error('getaddrinfo ENOTFOUND stripe-proxy.internal.example');
      },
    });
    try {
      const res = await failing.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        status: 'unavailable',
        failed: [
          { check: 'database', message: 'The database did not answer.' },
          { check: 'stripe', message: 'Stripe did not answer or refused the credentials.' },
        ],
      });
      expect(res.body).not.toMatch(/10\.20\.30\.40|6543|ECONNREFUSED|internal\.example/);
    } finally {
      await failing.close();
    }
  });
});
