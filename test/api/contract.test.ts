// The OpenAPI document is the truth: a walk through every operation (successes and the refusals
// a client meets) holds each answer to it with a standard validator (test/support/contract.ts),
// the document itself is valid OpenAPI 3.1, every route the service registers is in it and every
// operation in it is a route, and every example in it is a request its route accepts.

import { readFileSync, writeFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { API_VERSION, openApiPath } from '../../src/http/operation.ts';
import { parse } from '../../src/http/validate.ts';
import { createMetrics } from '../../src/metrics/metrics.ts';
import { ALL_OPERATIONS } from '../../src/openapi/document.ts';
import { DOCS_ASSET_PATHS } from '../../src/openapi/routes.ts';
import type { RefundStatus } from '../../src/refunds/refund-states.ts';
import { transitionRefund } from '../../src/refunds/transition.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { StripePayment } from '../../src/stripe/gateway.ts';
import { FAST_SCRYPT, fakeGateway } from '../auth/helpers.ts';
import { Contract, pointer, scrubbed } from '../support/contract.ts';
import { createTestDb } from '../support/databases.ts';
import { fakeResolver } from '../support/fake-dns.ts';
import { runCli } from '../support/run-cli.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const WHSEC = 'whsec_contract_test';
const WHSEC_CONNECT = 'whsec_contract_connect';
const EXAMPLES_FILE = new URL('../../src/openapi/examples.json', import.meta.url);

describe('the OpenAPI document and the service agree', () => {
  let db: Db;
  let app: FastifyInstance;
  const routes: Array<{ method: string; url: string }> = [];
  const contract = new Contract();
  const key: Record<string, string> = {};
  /** The payments "Stripe" has (the fake gateway reads this map when asked). */
  const stripe: Record<string, StripePayment> = {};
  const atStripe = (id: string, amount: number, over: Partial<StripePayment> = {}) => {
    stripe[id] = {
      paymentIntentId: id,
      chargeId: null,
      amount,
      amountRefunded: 0,
      currency: 'usd',
      customerId: 'cus_stripe_1',
      customerEmail: 'ada@example.com',
      capturedAt: new Date('2026-05-20T00:00:00Z'),
      captured: true,
      disputed: false,
      metadata: {},
      ...over,
    };
  };

  beforeAll(async () => {
    db = await createTestDb('pglite');
    app = await createServiceApp({
      db,
      gateway: fakeGateway(stripe),
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      now: () => NOW,
      metrics: createMetrics(),
      passwordHashing: FAST_SCRYPT,
      resolveHost: fakeResolver(),
      stripeWebhook: { secret: () => WHSEC, connectSecret: () => WHSEC_CONNECT },
      dashboardDir: false,
      onRoute: (r) => {
        for (const method of [r.method].flat()) routes.push({ method, url: r.url });
      },
    });
    await app.ready();
    key.admin = (await createApiKey(db, { name: 'admin', scopes: ['admin'] })).key;
    key.shop = (
      await createApiKey(db, {
        name: 'shop',
        scopes: ['payments:write', 'payments:read', 'refunds:read', 'refunds:write'],
      })
    ).key;
    key.reader = (await createApiKey(db, { name: 'reader', scopes: ['refunds:read'] })).key;
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const as = (who: string, headers: Record<string, string> = {}) => ({
    authorization: `Bearer ${key[who]}`,
    ...headers,
  });
  const call = (id: string, c: Parameters<Contract['call']>[2] = {}) => contract.call(app, id, c);
  const expectCode = (res: LightMyRequestResponse, status: number, code: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
  };

  it('is a valid OpenAPI 3.1 document, served without authentication, with its version', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['refundry-version']).toBe(API_VERSION);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.version).toBe(API_VERSION);
    const result = await new Validator().validate(doc);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    // Every operation: a summary, its scope when it needs one, and a documented refusal set.
    type DocOp = { summary?: string; 'x-refundry-scope'?: string; responses: Record<string, unknown> };
    for (const [path, item] of Object.entries<Record<string, DocOp>>(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        if (path.startsWith('/api/v1/') && path !== '/api/v1/openapi.json') {
          expect(op['x-refundry-scope'], `${method} ${path}`).toBeTruthy();
          expect(op.responses['401'], `${method} ${path}`).toBeTruthy();
        }
      }
    }
    expect(Object.keys(doc.webhooks)).toContain('refund.succeeded');
    // `refundry openapi` prints the same document.
    const cli = await runCli(['openapi']);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.out)).toEqual(doc);
  });

  it('documents every route the service registers, and registers every route it documents', () => {
    const ignored = new Set(['/*', '/', ...DOCS_ASSET_PATHS]);
    const served = new Set(
      routes
        .filter((r) => r.method !== 'HEAD' && !ignored.has(r.url))
        .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.url)}`),
    );
    const documented = new Set(ALL_OPERATIONS.map((op) => `${op.method} ${openApiPath(op.path)}`));
    expect(
      [...served].filter((r) => !documented.has(r)),
      'routes missing from the document',
    ).toEqual([]);
    expect(
      [...documented].filter((r) => !served.has(r)),
      'documented operations with no route',
    ).toEqual([]);
  });

  it("every example in the document is a request its route's schema accepts", () => {
    let examples = 0;
    for (const op of ALL_OPERATIONS) {
      if (op.example === undefined) continue;
      expect(op.body, op.operationId).toBeDefined();
      expect(() => parse(op.body!, op.example, 'body'), op.operationId).not.toThrow();
      examples++;
    }
    expect(examples).toBeGreaterThan(5);
  });

  it('every operation shows an example of its request body and its success answer, each valid against its schema', () => {
    type Media = { schema?: unknown; example?: unknown };
    const doc = contract.doc as unknown as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, Media> };
            responses: Record<string, { content?: Record<string, Media> }>;
          }
        >
      >;
      webhooks: Record<string, { post: { requestBody: { content: Record<string, Media> } } }>;
    };
    const missing: string[] = [];
    const invalid: string[] = [];
    let checked = 0;
    /** `at` is the JSON pointer of the media object in the served document. */
    const check = (media: Media | undefined, at: string[], json: boolean) => {
      if (!media) return;
      const where = at.join(' ');
      if (media.example === undefined) return void missing.push(where);
      checked++;
      if (!json) return void (typeof media.example !== 'string' && invalid.push(`${where}: not text`));
      const validate = contract.ajv.getSchema(`openapi.json#/${pointer(...at, 'schema')}`)!;
      if (!validate(media.example)) invalid.push(`${where}: ${contract.ajv.errorsText(validate.errors)}`);
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const body = ['paths', path, method, 'requestBody', 'content', 'application/json'];
        check(op.requestBody?.content['application/json'], body, true);
        for (const [status, response] of Object.entries(op.responses)) {
          if (!status.startsWith('2')) continue;
          for (const [type, media] of Object.entries(response.content ?? {})) {
            check(
              media,
              ['paths', path, method, 'responses', status, 'content', type],
              type === 'application/json',
            );
          }
        }
      }
    }
    for (const [type, hook] of Object.entries(doc.webhooks)) {
      const at = ['webhooks', type, 'post', 'requestBody', 'content', 'application/json'];
      check(hook.post.requestBody.content['application/json'], at, true);
    }
    expect(missing, 'without an example').toEqual([]);
    expect(invalid, 'examples their schema refuses').toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('fails an undocumented status, field or error code', () => {
    const op = contract.byId.get('getPayment')!;
    const fake = (statusCode: number, body: unknown): LightMyRequestResponse =>
      ({
        statusCode,
        headers: { 'content-type': 'application/json; charset=utf-8', 'refundry-version': API_VERSION },
        body: JSON.stringify(body),
        json: () => body,
      }) as unknown as LightMyRequestResponse;
    const notFound = { error: { code: 'not_found', message: 'No payment.', param: 'id' } };
    expect(() => contract.check(op, fake(404, notFound))).not.toThrow();
    expect(() => contract.check(op, fake(418, notFound))).toThrow(/undocumented status/);
    expect(() =>
      contract.check(op, fake(404, { error: { ...notFound.error, code: 'gone_fishing' } })),
    ).toThrow(/does not match/);
    expect(() =>
      contract.check(op, fake(404, { error: { ...notFound.error, internal_detail: 'x' } })),
    ).toThrow(/does not match/);
  });

  it('walks every operation: answers, refusals and error codes are the documented ones', async () => {
    // Health and the reference.
    await call('liveness');
    await call('readiness');
    await call('metrics');
    await call('getOpenApiDocument');
    const page = await call('getReference');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");

    // Administration: users, keys, policy.
    const user = await call('createUser', {
      headers: as('admin'),
      body: { email: 'agent@example.com', name: 'Agent', role: 'approver' },
    });
    expect(user.statusCode).toBe(201);
    const password = user.json().password as string;
    expectCode(
      await call('createUser', { headers: as('admin'), body: { email: 'agent@example.com', role: 'agent' } }),
      409,
      'email_taken',
    );
    expectCode(await call('createUser', { headers: as('shop'), body: {} }), 403, 'forbidden');
    expectCode(await call('listUsers'), 401, 'unauthenticated');
    await call('listUsers', { headers: as('admin') });
    await call('updateUser', {
      headers: as('admin'),
      params: { id: user.json().id },
      body: { name: 'A. Gent' },
    });
    expectCode(
      await call('updateUser', { headers: as('admin'), params: { id: 'usr_nope' }, body: { name: 'x' } }),
      404,
      'not_found',
    );
    const reset = await call('resetPassword', {
      headers: as('admin'),
      params: { id: user.json().id },
      body: { password },
    });
    expect(reset.statusCode).toBe(200);
    const made = await call('createApiKey', {
      headers: as('admin'),
      body: { name: 'tmp', scopes: ['refunds:read'] },
    });
    expect(made.statusCode).toBe(201);
    await call('listApiKeys', { headers: as('admin') });
    await call('revokeApiKey', { headers: as('admin'), params: { id: made.json().id } });
    expectCode(
      await call('revokeApiKey', { headers: as('admin'), params: { id: 'key_nope' } }),
      404,
      'not_found',
    );
    await call('getMerchantProfile', { headers: as('admin') });
    await call('updateMerchantProfile', {
      headers: as('admin'),
      body: { name: 'Shop Example', support_email: 'help@shop.example' },
    });
    await call('getPolicySettings', { headers: as('admin') });
    await call('updatePolicySettings', { headers: as('admin'), body: { refund_window_days: 60 } });
    expectCode(
      await call('updatePolicySettings', { headers: as('admin'), body: { refund_window_days: -1 } }),
      400,
      'invalid_request',
    );

    // Webhook endpoints first, so refunds below make deliveries.
    const endpoint = await call('createWebhookEndpoint', {
      headers: as('admin'),
      body: { url: 'https://hooks.shop.example/refundry' },
    });
    expect(endpoint.statusCode).toBe(201);
    await call('listWebhookEndpoints', { headers: as('admin') });
    await call('getWebhookEndpoint', { headers: as('admin'), params: { id: endpoint.json().id } });
    expectCode(
      await call('getWebhookEndpoint', { headers: as('admin'), params: { id: 'we_nope' } }),
      404,
      'not_found',
    );

    // Payments.
    const register = (n: number, amount = 10_000, over: Record<string, unknown> = {}) => {
      atStripe(`pi_contract${n}`, amount);
      return call('registerPayment', {
        headers: as('shop'),
        body: {
          stripe_id: `pi_contract${n}`,
          order_id: `ord_${n}`,
          customer_id: 'cus_1',
          customer_email: 'ada@example.com',
          ...over,
        },
      });
    };
    const pay = await register(1);
    expect(pay.statusCode).toBe(201);
    expect((await register(1)).statusCode).toBe(200);
    const big = await register(2, 300_000);
    const third = await register(3);
    await register(4, 10_000, { order_id: 'ord_twice' });
    await register(5, 10_000, { order_id: 'ord_twice' });
    expectCode(await register(6, 10_000, { amount: 1_000 }), 400, 'field_from_stripe');
    expectCode(await register(7, 10_000, { stripe_id: 'nope' }), 400, 'invalid_request');
    expectCode(
      await call('registerPayment', { headers: as('shop'), body: { stripe_id: 'pi_unknown_at_stripe' } }),
      404,
      'not_found',
    );
    atStripe('pi_uncaptured', 0, { captured: false });
    expectCode(
      await call('registerPayment', { headers: as('shop'), body: { stripe_id: 'pi_uncaptured' } }),
      400,
      'payment_not_captured',
    );
    expectCode(await call('registerPayment', { headers: as('reader'), body: {} }), 403, 'forbidden');
    expectCode(
      await call('registerPayment', {
        headers: as('shop'),
        raw: { payload: '<amount>1</amount>', type: 'application/xml' },
      }),
      415,
      'unsupported_media_type',
    );
    atStripe('pi_remote1', 4_200, { currency: 'eur', metadata: { order_id: 'ord_remote' } });
    await call('searchPayments', { headers: as('shop'), query: { q: 'ada@example.com' } });
    await call('searchPayments', { headers: as('shop'), query: { order_id: 'ord_1' } });
    await call('searchPayments', { headers: as('shop'), query: { q: 'pi_remote1' } });
    expectCode(
      await call('searchPayments', { headers: as('shop'), query: { q: 'ada', starting_after: 'pay_nope' } }),
      404,
      'not_found',
    );
    expectCode(await call('searchPayments', { headers: as('shop') }), 400, 'invalid_request');
    await call('getPayment', { headers: as('shop'), params: { id: pay.json().id } });
    expectCode(
      await call('getPayment', { headers: as('shop'), params: { id: 'pay_nope' } }),
      404,
      'not_found',
    );
    expectCode(
      await call('getPayment', { headers: as('shop'), params: { id: 'pay\u0007x' } }),
      400,
      'invalid_request',
    );
    expectCode(
      await call('getPayment', { headers: as('shop'), params: { id: 'x'.repeat(150) } }),
      414,
      'uri_too_long',
    );
    await call('getEligibility', {
      headers: as('shop'),
      params: { id: pay.json().id },
      query: { amount: '500', reason: 'duplicate', customer_id: 'cus_1' },
    });

    // Refunds.
    const idem = (k: string) => as('shop', { 'idempotency-key': k });
    const first = await call('createRefund', {
      headers: idem('k-1'),
      body: {
        payment_id: pay.json().id,
        amount: 2_500,
        reason: 'requested_by_customer',
        customer_id: 'cus_1',
      },
    });
    expect(first.statusCode).toBe(201);
    const replay = await call('createRefund', {
      headers: idem('k-1'),
      body: {
        payment_id: pay.json().id,
        amount: 2_500,
        reason: 'requested_by_customer',
        customer_id: 'cus_1',
      },
    });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expectCode(
      await call('createRefund', {
        headers: idem('k-1'),
        body: { payment_id: pay.json().id, amount: 2_600, reason: 'requested_by_customer' },
      }),
      422,
      'idempotency_conflict',
    );
    const violation = await call('createRefund', {
      headers: as('shop'),
      body: { payment_id: pay.json().id, amount: 99_999, reason: 'duplicate', customer_id: 'cus_other' },
    });
    expectCode(violation, 422, 'policy_violation');
    expect(violation.json().error.violations.length).toBeGreaterThan(0);
    expectCode(
      await call('createRefund', {
        headers: as('shop'),
        body: { payment_id: 'pay_nope', reason: 'duplicate' },
      }),
      404,
      'not_found',
    );
    expectCode(
      await call('createRefund', {
        headers: as('shop'),
        body: { order_id: 'ord_twice', reason: 'duplicate' },
      }),
      400,
      'ambiguous_order',
    );
    expectCode(
      await call('createRefund', {
        headers: as('shop'),
        body: { payment_id: pay.json().id, reason: 'because' },
      }),
      400,
      'invalid_request',
    );
    const held = await call('createRefund', {
      headers: as('shop'),
      body: { payment_id: big.json().id, amount: 55_000, reason: 'duplicate' },
    });
    expect(held.json().status).toBe('awaiting_approval');
    const held2 = await call('createRefund', {
      headers: as('shop'),
      body: { payment_id: big.json().id, amount: 60_000, reason: 'other', note: 'two rings' },
    });
    expect([held2.statusCode, held2.json().error?.code]).toEqual([201, undefined]);
    const toCancel = await call('createRefund', {
      headers: as('shop'),
      body: { payment_id: third.json().id, amount: 100, reason: 'duplicate' },
    });

    await call('listRefunds', { headers: as('shop'), query: { expand: 'payment', limit: '5' } });
    await call('listRefunds', { headers: as('reader'), query: { status: 'queued' } });
    expectCode(
      await call('listRefunds', { headers: as('shop'), query: { starting_after: 'rf_nope' } }),
      404,
      'not_found',
    );
    await call('getRefund', { headers: as('shop'), params: { id: first.json().id } });
    expectCode(await call('getRefund', { headers: as('shop'), params: { id: 'rf_nope' } }), 404, 'not_found');
    await call('cancelRefund', {
      headers: as('shop'),
      params: { id: toCancel.json().id },
      body: { reason: 'The customer kept the order after all.' },
    });
    expectCode(
      await call('cancelRefund', { headers: as('shop'), params: { id: toCancel.json().id } }),
      409,
      'not_cancelable',
    );
    await call('approveRefund', {
      headers: as('admin'),
      params: { id: held.json().id },
      body: { reason: 'ok' },
    });
    expectCode(
      await call('approveRefund', { headers: as('admin'), params: { id: held.json().id } }),
      409,
      'not_approvable',
    );
    expectCode(
      await call('approveRefund', { headers: as('shop'), params: { id: held2.json().id } }),
      403,
      'forbidden',
    );
    // Four eyes: whoever asked for a refund does not approve it.
    const own = await call('createRefund', {
      headers: as('admin'),
      body: { payment_id: big.json().id, amount: 55_000, reason: 'duplicate' },
    });
    expect(own.json().status).toBe('awaiting_approval');
    expectCode(
      await call('approveRefund', { headers: as('admin'), params: { id: own.json().id } }),
      403,
      'self_approval_forbidden',
    );
    await call('rejectRefund', {
      headers: as('admin'),
      params: { id: held2.json().id },
      body: { reason: 'Outside the goodwill policy: the item was used.' },
    });
    expectCode(
      await call('rejectRefund', { headers: as('admin'), params: { id: held2.json().id } }),
      409,
      'not_rejectable',
    );
    // A refund Stripe failed (set here directly): tried again, or recorded as paid another way.
    const failOne = async (amount: number) => {
      const r = await call('createRefund', {
        headers: as('shop'),
        body: { payment_id: third.json().id, amount, reason: 'duplicate' },
      });
      await moveAsStripeWould(r.json().id, ['pending', 'requires_action', 'failed']);
      return r.json().id as string;
    };
    /** The changes the worker and Stripe's events make, through the one writer of status (events included). */
    const moveAsStripeWould = async (refundId: string, path: RefundStatus[]) => {
      for (const to of path) {
        await db.transaction((tx) =>
          transitionRefund(tx, {
            refundId,
            to,
            actor: 'worker',
            stripeRefundId: `re_${refundId}`,
            ...(to === 'failed'
              ? { failureCode: 'expired_or_canceled_card', failureMessage: 'The card was canceled.' }
              : {}),
          }),
        );
      }
    };
    const paid = await call('createRefund', {
      headers: as('shop'),
      body: { payment_id: third.json().id, amount: 100, reason: 'requested_by_customer' },
    });
    await moveAsStripeWould(paid.json().id, ['pending', 'succeeded']);
    const failed1 = await failOne(200);
    const retried = await call('retryRefund', { headers: as('shop'), params: { id: failed1 }, body: {} });
    expect(retried.json().retry_of).toBe(failed1);
    expectCode(
      await call('retryRefund', { headers: as('shop'), params: { id: failed1 } }),
      409,
      'already_retried',
    );
    expectCode(
      await call('retryRefund', { headers: as('shop'), params: { id: retried.json().id } }),
      409,
      'not_retryable',
    );
    const failed2 = await failOne(300);
    await call('markRefundedAnotherWay', {
      headers: as('shop'),
      params: { id: failed2 },
      body: { note: 'Paid back by bank transfer' },
    });
    expectCode(
      await call('markRefundedAnotherWay', {
        headers: as('shop'),
        params: { id: failed2 },
        body: { note: 'again' },
      }),
      409,
      'not_failed',
    );
    await call('getRefund', { headers: as('shop'), params: { id: failed1 } });

    const csv = await call('exportRefunds', { headers: as('reader'), query: { status: 'queued' } });
    expect(csv.body.split('\n')[0]).toContain('amount_minor');
    await call('getOverview', { headers: as('reader') });
    expectCode(
      await call('getOverview', { headers: as('reader'), query: { from: '2026-06-01', to: '2026-05-01' } }),
      400,
      'invalid_request',
    );

    // Platforms (Stripe Connect, docs/connect.md): a destination charge with an application fee and
    // a transfer mostly reversed already, a direct charge on a connected account; refunds that take
    // back the transfer and the fee; the account filters; the connected accounts.
    const shop = 'acct_contractShop1';
    atStripe('pi_dest1', 10_000, {
      connect: {
        account: null,
        applicationFee: { id: 'fee_contract1', amount: 500, amountRefunded: 0 },
        transfer: { id: 'tr_contract1', destination: shop, amount: 10_000, amountReversed: 9_500 },
      },
    });
    const destination = await call('registerPayment', {
      headers: as('shop'),
      body: { stripe_id: 'pi_dest1', order_id: 'ord_dest1' },
    });
    expect(destination.json()).toMatchObject({ charge_type: 'destination', connected_account: shop });
    atStripe('pi_direct1', 3_000, {
      connect: {
        account: shop,
        applicationFee: { id: 'fee_contract2', amount: 300, amountRefunded: 0 },
        transfer: null,
      },
    });
    const direct = await call('registerPayment', {
      headers: as('shop'),
      body: { stripe_id: 'pi_direct1', stripe_account: shop, order_id: 'ord_direct1' },
    });
    expect(direct.json()).toMatchObject({ charge_type: 'direct', stripe_account: shop });
    expectCode(
      await call('registerPayment', {
        headers: as('shop'),
        body: { stripe_id: 'pi_direct1', stripe_account: 'acct_contractOther' },
      }),
      400,
      'account_mismatch',
    );
    const uncovered = await call('getEligibility', {
      headers: as('shop'),
      params: { id: destination.json().id },
      query: { amount: '5000', reverse_transfer: 'true', refund_application_fee: 'true' },
    });
    expect(uncovered.json()).toMatchObject({
      approval_reasons: ['transfer_uncovered'],
      connect: { needs_approval: true },
    });
    const waits = await call('createRefund', {
      headers: as('shop'),
      body: {
        payment_id: destination.json().id,
        amount: 5_000,
        reason: 'requested_by_customer',
        reverse_transfer: true,
        refund_application_fee: true,
      },
    });
    expect(waits.json()).toMatchObject({
      status: 'awaiting_approval',
      approval_reasons: ['transfer_uncovered'],
    });
    const onAccount = await call('createRefund', {
      headers: as('shop'),
      body: {
        stripe_id: 'pi_direct1',
        stripe_account: shop,
        reason: 'duplicate',
        refund_application_fee: true,
      },
    });
    expect(onAccount.json()).toMatchObject({ status: 'queued', refund_application_fee: true });
    expectCode(
      await call('createRefund', {
        headers: as('shop'),
        body: { stripe_id: 'pi_direct1', stripe_account: 'acct_contractOther', reason: 'duplicate' },
      }),
      400,
      'account_mismatch',
    );
    const nothingToReverse = await call('createRefund', {
      headers: as('shop'),
      body: { payment_id: pay.json().id, amount: 100, reason: 'duplicate', reverse_transfer: true },
    });
    expectCode(nothingToReverse, 422, 'policy_violation');
    expect(nothingToReverse.json().error.violations[0].code).toBe('no_transfer_to_reverse');
    await call('searchPayments', { headers: as('shop'), query: { account: shop } });
    await call('listRefunds', { headers: as('reader'), query: { account: shop } });
    await call('listRefunds', { headers: as('reader'), query: { account: 'platform' } });
    await call('getOverview', { headers: as('reader'), query: { account: shop } });
    await call('getOverview', { headers: as('reader') });
    await call('listConnectedAccounts', { headers: as('shop') });
    await call('getConnectedAccount', { headers: as('shop'), params: { id: shop } });
    expectCode(
      await call('getConnectedAccount', { headers: as('shop'), params: { id: 'acct_contractNope' } }),
      404,
      'not_found',
    );
    expectCode(
      await call('getConnectedAccount', { headers: as('shop'), params: { id: 'not_an_account' } }),
      400,
      'invalid_request',
    );

    // Notifications: the refunds above made webhook deliveries; disabling the endpoint skips them.
    await call('listNotifications', { headers: as('reader'), query: { channel: 'webhook' } });
    await call('disableWebhookEndpoint', { headers: as('admin'), params: { id: endpoint.json().id } });
    const skipped = await call('listNotifications', { headers: as('reader'), query: { status: 'skipped' } });
    // A delivery that gave up (set here directly when disabling skipped none) is put back in the queue.
    let skippedId = skipped.json().data[0]?.id as string | undefined;
    if (!skippedId) {
      const [row] = await db.query<{ id: string }>(
        `UPDATE notifications SET status = 'failed' WHERE id = (SELECT id FROM notifications ORDER BY id LIMIT 1) RETURNING id`,
      );
      skippedId = row?.id;
    }
    expect(skippedId, 'the refunds above made notifications').toBeTruthy();
    await call('retryNotification', { headers: as('admin'), params: { id: skippedId! } });
    expectCode(
      await call('retryNotification', { headers: as('admin'), params: { id: 'ntf_nope' } }),
      404,
      'not_found',
    );

    // Bulk refunds.
    const batchBody = { dry_run: true, rows: [{ order_id: 'ord_1', amount: '1.00', reason: 'duplicate' }] };
    const batch = await call('createRefundBatch', {
      headers: as('shop', { 'idempotency-key': 'b-1' }),
      body: batchBody,
    });
    expect(batch.statusCode).toBe(202);
    const again = await call('createRefundBatch', {
      headers: as('shop', { 'idempotency-key': 'b-1' }),
      body: batchBody,
    });
    expect(again.statusCode).toBe(200);
    expectCode(
      await call('createRefundBatch', {
        headers: as('shop', { 'idempotency-key': 'b-1' }),
        body: { ...batchBody, dry_run: false },
      }),
      422,
      'idempotency_conflict',
    );
    expectCode(
      await call('createRefundBatch', {
        headers: as('shop'),
        raw: { payload: 'nonsense\n1', type: 'text/csv' },
      }),
      400,
      'invalid_csv',
    );
    await call('listRefundBatches', { headers: as('reader') });
    await call('getRefundBatch', { headers: as('reader'), params: { id: batch.json().id } });
    expectCode(
      await call('getRefundBatch', { headers: as('reader'), params: { id: 'bat_nope' } }),
      404,
      'not_found',
    );
    await call('listRefundBatchRows', { headers: as('reader'), params: { id: batch.json().id } });
    await call('exportRefundBatchRows', { headers: as('reader'), params: { id: batch.json().id } });

    // Reconciliation.
    const run = await call('startReconciliationRun', {
      headers: as('admin'),
      body: { from: '2026-05-01T00:00:00Z', to: '2026-06-01T12:00:00Z' },
    });
    expect(run.statusCode).toBe(202);
    let status = run.json().status as string;
    for (let i = 0; i < 200 && (status === 'waiting' || status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 25));
      status = (
        await call('getReconciliationRun', { headers: as('reader'), params: { id: run.json().id } })
      ).json().status;
    }
    await call('listReconciliationRuns', { headers: as('reader') });
    await db.query(
      `INSERT INTO reconciliation_discrepancies (id, run_id, kind, action, detail)
       VALUES ('dsc_contract', $1, 'missing_at_stripe', 'flagged', 'Stripe has no such refund.')`,
      [run.json().id],
    );
    await call('getReconciliationRun', {
      headers: as('reader'),
      params: { id: run.json().id },
      query: { open: 'true' },
    });
    await call('resolveDiscrepancy', {
      headers: as('admin'),
      params: { id: 'dsc_contract' },
      body: { note: 'Checked with finance.' },
    });
    expectCode(
      await call('resolveDiscrepancy', {
        headers: as('admin'),
        params: { id: 'dsc_contract' },
        body: { note: 'again' },
      }),
      409,
      'already_resolved',
    );

    // The customer's status page.
    const token = first.json().customer_token as string;
    await call('customerStatusPage', { params: { token } });
    await call('customerStatusPage', { params: { token: 'x'.repeat(32) } });
    await call('customerStatus', { params: { token } });
    expectCode(await call('customerStatus', { params: { token: 'nope' } }), 404, 'not_found');

    // Dashboard sign-in.
    expectCode(
      await call('signIn', { body: { email: 'agent@example.com', password: 'wrong password' } }),
      401,
      'invalid_credentials',
    );
    const login = await call('signIn', { body: { email: 'agent@example.com', password } });
    expect(login.statusCode).toBe(200);
    const cookie = `refundry_session=${login.cookies.find((c) => c.name === 'refundry_session')!.value}`;
    await call('getSession', { headers: { cookie } });
    expectCode(await call('getSession'), 401, 'unauthenticated');
    expectCode(await call('signOut', { headers: { cookie } }), 403, 'csrf_token_missing');
    const out = await call('signOut', { headers: { cookie, 'x-csrf-token': login.json().csrf_token } });
    expect(out.statusCode).toBe(204);

    // Stripe's webhooks.
    const event = JSON.stringify({
      id: 'evt_contract1',
      object: 'event',
      type: 'customer.created',
      created: Math.floor(NOW.getTime() / 1000),
      data: { object: { id: 'cus_x', object: 'customer' } },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload: event,
      secret: WHSEC,
      timestamp: Math.floor(NOW.getTime() / 1000),
    });
    const received = await call('receiveStripeEvent', {
      raw: { payload: event, type: 'application/json' },
      headers: { 'stripe-signature': signature },
    });
    expect(received.statusCode).toBe(200);
    expectCode(
      await call('receiveStripeEvent', { raw: { payload: event, type: 'application/json' } }),
      400,
      'missing_signature',
    );
    // A connected account's event, on the Connect endpoint with its own secret.
    const connectEvent = JSON.stringify({
      id: 'evt_contract_connect1',
      object: 'event',
      type: 'customer.created',
      account: shop,
      created: Math.floor(NOW.getTime() / 1000),
      data: { object: { id: 'cus_y', object: 'customer' } },
    });
    const connectReceived = await call('receiveStripeConnectEvent', {
      raw: { payload: connectEvent, type: 'application/json' },
      headers: {
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({
          payload: connectEvent,
          secret: WHSEC_CONNECT,
          timestamp: Math.floor(NOW.getTime() / 1000),
        }),
      },
    });
    expect(connectReceived.statusCode).toBe(200);
    expectCode(
      await call('receiveStripeConnectEvent', {
        raw: { payload: connectEvent, type: 'application/json' },
        headers: { 'stripe-signature': signature },
      }),
      400,
      'invalid_signature',
    );

    expect(contract.failures, 'answers the document does not allow').toEqual([]);
    expect(contract.unwalked(), 'operations the walk never answered with a success').toEqual([]);

    // The document's response examples are real answers of this walk (src/openapi/examples.json):
    // `RECORD_OPENAPI_EXAMPLES=1 npx vitest run test/api/contract.test.ts` records them again (then
    // `node tools/openapi-types/generate.ts`: the typed client shows them).
    const recorded: Record<string, Record<string, unknown>> = contract.examples();
    // The events the walk caused, as its webhook endpoint would receive them (one per type).
    const events = await db.query<{ kind: string; payload: Record<string, unknown> }>(
      `SELECT DISTINCT ON (kind) kind, payload FROM notifications WHERE channel = 'webhook' ORDER BY kind, created_at`,
    );
    for (const { kind, payload } of events)
      recorded[`webhook:${kind}`] = scrubbed(payload) as Record<string, unknown>;
    if (process.env.RECORD_OPENAPI_EXAMPLES) {
      writeFileSync(EXAMPLES_FILE, `${JSON.stringify(recorded, null, 2)}\n`);
    }
    const stored = JSON.parse(readFileSync(EXAMPLES_FILE, 'utf8')) as Record<string, Record<string, unknown>>;
    const missing = Object.entries(recorded)
      .filter(([id, byStatus]) => Object.keys(byStatus).some((status) => stored[id]?.[status] === undefined))
      .map(([id]) => id);
    expect(
      missing,
      'operations answering with a body that have no recorded example (record them again)',
    ).toEqual([]);
  });
});
