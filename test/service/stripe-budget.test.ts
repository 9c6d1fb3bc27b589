// Every Stripe call a request causes draws on the shared request budget, reads included: a key
// with payments:read looking up unknown pi_ ids cannot push Refundry past Stripe's rate limit, and
// an id Stripe does not know is remembered as unknown for a while. Through the real wiring
// (runService with its in-process sandbox, whose rate limiter answers 429 as Stripe does).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningService, runService } from '../../src/service/run-service.ts';
import { silentLogger } from '../../src/shared/logger.ts';

const RATE = 10; // Refundry's shared budget, requests/s
const STRIPE_LIMIT = 15; // what the sandbox lets through, requests/s (burst as large)
const LOOKUPS = 30;

function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('the Stripe request budget covers lookups made for requests', () => {
  let dir: string;
  let service: RunningService;
  let key: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'refundry-budget-'));
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      REFUNDRY_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      STRIPE_RATE_LIMIT: String(RATE),
      STRIPE_NOT_FOUND_TTL_S: '60',
      RECONCILE_AT: 'off',
    });
    service = await runService(config, 'api', silentLogger());
    key = (await createApiKey(service.db, { name: 'reader', scopes: ['payments:read'] })).key;
    // Stripe's own limit, as the sandbox enforces it: more than this per second is a 429.
    const res = await fetch(`${service.sandboxUrl}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `rateLimit=${STRIPE_LIMIT}`,
    });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await service?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const lookup = (id: string) =>
    service.app!.inject({
      method: 'GET',
      url: `/api/v1/payments?q=${id}`,
      headers: { authorization: `Bearer ${key}` },
    });
  const stripeCalls = async () => {
    const text = (await service.app!.inject({ method: 'GET', url: '/metrics' })).body;
    return {
      ok: sample(text, 'refundry_stripe_requests_total{operation="retrieve_payment",outcome="ok"}'),
      rateLimited: sample(
        text,
        'refundry_stripe_requests_total{operation="retrieve_payment",outcome="rate_limited"}',
      ),
    };
  };

  it(`${LOOKUPS} concurrent lookups of unknown ids stay within the budget: no 429 from Stripe, no error`, async () => {
    const ids = Array.from({ length: LOOKUPS }, (_, i) => `pi_unknownlookup${i}`);
    const started = Date.now();
    const answers = await Promise.all(ids.map(lookup));
    const elapsed = Date.now() - started;
    expect(answers.map((a) => a.statusCode)).toEqual(ids.map(() => 200));
    expect(answers.every((a) => a.json().data.length === 0)).toBe(true);
    expect(await stripeCalls()).toEqual({ ok: LOOKUPS, rateLimited: 0 });
    // Spread at the budget's rate: a reservation per call, so they cannot all go at once. (A lower
    // bound, which a slow machine only makes longer.)
    expect(elapsed).toBeGreaterThanOrEqual(((LOOKUPS - 2) / RATE) * 1000);
  });

  it('the same unknown ids again cost no Stripe call: they are remembered as unknown', async () => {
    const ids = Array.from({ length: LOOKUPS }, (_, i) => `pi_unknownlookup${i}`);
    const answers = await Promise.all(ids.map(lookup));
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    expect(await stripeCalls()).toEqual({ ok: LOOKUPS, rateLimited: 0 });
  });

  it('registering and refund requests by an unknown Stripe id are refused (404) through the same budget and memory', async () => {
    const writer = (
      await createApiKey(service.db, { name: 'writer', scopes: ['payments:write', 'refunds:write'] })
    ).key;
    const post = (url: string, payload: object) =>
      service.app!.inject({ method: 'POST', url, headers: { authorization: `Bearer ${writer}` }, payload });
    const register = await post('/api/v1/payments', { stripe_id: 'pi_unknownlookup0' });
    expect(register.statusCode).toBe(404);
    expect(register.json().error.param).toBe('stripe_id');
    const refund = await post('/api/v1/refunds', { stripe_id: 'pi_unknownlookup1', reason: 'duplicate' });
    expect(refund.statusCode).toBe(404);
    expect((await stripeCalls()).ok).toBe(LOOKUPS);
  });
});
