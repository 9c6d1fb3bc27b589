// `--api-key` pins the one key the sandbox accepts, on every path that reaches Stripe's API however
// it is spelled (`/v%31/…`, `//v1/…`, `/v1/./…`), and on the control API (`/_sandbox/…`: reset,
// clock, faults), which is open only when no key is pinned. Through the SDK and raw HTTP.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

const PINNED = 'sk_test_pinnedKey42';

describe('a sandbox with a pinned key', () => {
  let t: TestSandbox;
  let open: TestSandbox;
  beforeAll(async () => {
    t = await startTestSandbox({ apiKey: PINNED });
    open = await startTestSandbox();
  });
  afterAll(async () => {
    await t?.close();
    await open?.close();
  });

  const raw = (path: string, init: RequestInit & { key?: string } = {}) =>
    fetch(`${t.url}${path}`, {
      ...init,
      headers: {
        ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
        ...(init.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
    });

  it('refuses other keys through the SDK, also on percent-encoded paths', async () => {
    const intruder = t.client('sk_test_intruder');
    await expectStripeError(intruder.webhookEndpoints.list(), { status: 401, type: 'invalid_request_error' });
    await expectStripeError(
      intruder.rawRequest('POST', '/v%31/webhook_endpoints', {
        url: 'https://evil.example/hook',
        enabled_events: ['*'],
      }) as Promise<unknown>,
      { status: 401, type: 'invalid_request_error' },
    );
    const owner = t.client(PINNED);
    // The encoded path is the same route: with the pinned key it answers.
    const listed = (await owner.rawRequest('GET', '/v%31/webhook_endpoints')) as Stripe.ApiList<unknown>;
    expect(listed.data).toEqual([]);
  });

  it('checks the key on the decoded, normalized path over raw HTTP', async () => {
    const paths = [
      '/v1/webhook_endpoints',
      '/v%31/webhook_endpoints',
      '/%76%31/webhook_endpoints',
      '//v1/webhook_endpoints',
      '/v1//webhook_endpoints',
      '/./v1/webhook_endpoints',
      '/x/../v1/webhook_endpoints',
      '/v1/webhook_endpoints/',
      '/v1%2Fwebhook_endpoints',
    ];
    for (const path of paths) {
      expect((await raw(path)).status, `GET ${path}`).toBe(401);
      expect((await raw(path, { key: 'sk_test_intruder' })).status, `GET ${path} wrong key`).toBe(401);
      const created = await raw(path, {
        method: 'POST',
        body: 'url=https%3A%2F%2Fevil.example%2Fhook&enabled_events[]=*',
      });
      expect(created.status, `POST ${path}`).toBe(401);
    }
    expect((await t.client(PINNED).webhookEndpoints.list()).data).toEqual([]);
  });

  it('guards /_sandbox/* (reset, clock, faults) with the pinned key', async () => {
    const control: Array<[string, string, string?]> = [
      ['POST', '/_sandbox/reset'],
      ['POST', '/_sandbox/clock/advance', 'seconds=3600'],
      ['GET', '/_sandbox/clock'],
      ['GET', '/_sandbox/faults'],
      ['POST', '/_sandbox/faults', 'errorBeforeShare=1'],
      ['POST', '/_sandb%6fx/reset'],
      ['POST', '//_sandbox/clock/advance', 'seconds=3600'],
    ];
    for (const [method, path, body] of control) {
      for (const key of [undefined, 'sk_test_intruder']) {
        const res = await raw(path, { method, ...(body ? { body } : {}), ...(key ? { key } : {}) });
        expect(res.status, `${method} ${path} ${key ?? 'no key'}`).toBe(401);
      }
    }
    // Nothing moved: the clock, the faults.
    const clock = await raw('/_sandbox/clock', { key: PINNED });
    expect(clock.status).toBe(200);
    expect(((await clock.json()) as { offset_seconds: number }).offset_seconds).toBe(0);
    const faults = await raw('/_sandbox/faults', { key: PINNED });
    expect(((await faults.json()) as { errorBeforeShare: number }).errorBeforeShare).toBe(0);
    // With the pinned key the control API works.
    expect(
      (await raw('/_sandbox/clock/advance', { method: 'POST', body: 'seconds=60', key: PINNED })).status,
    ).toBe(200);
    expect((await raw('/_sandbox/reset', { method: 'POST', key: PINNED })).status).toBe(200);
  });

  it('without a pinned key the control API stays open (local development)', async () => {
    const res = await fetch(`${open.url}/_sandbox/clock`);
    expect(res.status).toBe(200);
  });
});
