import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFaultController,
  DEFAULT_FAULTS,
  FaultConfigError,
  faultsFor,
  faultsFromFlags,
  mergeFaults,
  registerFaults,
} from '../../src/sandbox/faults/faults.ts';

describe('mergeFaults', () => {
  it('accepts strings, ranges and shorthands', () => {
    const c = mergeFaults(DEFAULT_FAULTS, {
      latencyMs: '5..20',
      errorBeforeShare: '0.25',
      webhookDelayMs: 7,
    });
    expect([
      c.latencyMinMs,
      c.latencyMaxMs,
      c.errorBeforeShare,
      c.webhookDelayMinMs,
      c.webhookDelayMaxMs,
    ]).toEqual([5, 20, 0.25, 7, 7]);
  });
  it('refuses shares outside 0..1, unknown keys and inverted ranges', () => {
    expect(() => mergeFaults(DEFAULT_FAULTS, { errorAfterShare: 1.5 })).toThrow(FaultConfigError);
    expect(() => mergeFaults(DEFAULT_FAULTS, { nope: 1 } as never)).toThrow(/Unknown/);
    expect(() => mergeFaults(DEFAULT_FAULTS, { latencyMs: '9..3' })).toThrow(/exceed/);
  });
});

describe('createFaultController', () => {
  it('honours shares roughly and reproducibly from the seed', () => {
    const draw = () => {
      const f = createFaultController({ seed: 42, webhookDropShare: 0.3 });
      return Array.from({ length: 2000 }, () => f.webhookPlan().copies === 0);
    };
    const a = draw();
    expect(a).toEqual(draw());
    const share = a.filter(Boolean).length / a.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
  });
});

describe('registerFaults', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  async function start(faults: Record<string, unknown>) {
    const instance = Fastify();
    app = instance;
    const sandbox = { options: { faults } };
    const writes: number[] = [];
    registerFaults(instance, sandbox);
    instance.post('/v1/things', async (request, reply) => {
      writes.push(1);
      if (request.headers['x-replay']) reply.header('Idempotent-Replayed', 'true');
      return { id: 'thing_1' };
    });
    instance.get('/v1/things', async () => ({ object: 'list' }));
    const url = await instance.listen({ port: 0, host: '127.0.0.1' });
    return { url, writes };
  }

  it('answers 500 before the write without running the handler', async () => {
    const { url, writes } = await start({ errorBeforeShare: 1 });
    const res = await fetch(`${url}/v1/things`, { method: 'POST' });
    expect(res.status).toBe(500);
    expect((await res.json()).error.type).toBe('api_error');
    expect(writes).toHaveLength(0);
  });

  it('answers 500 after the write, but not on a replay', async () => {
    const { url, writes } = await start({ errorAfterShare: 1 });
    expect((await fetch(`${url}/v1/things`, { method: 'POST' })).status).toBe(500);
    expect(writes).toHaveLength(1);
    const replay = await fetch(`${url}/v1/things`, { method: 'POST', headers: { 'x-replay': '1' } });
    expect(replay.status).toBe(200);
  });

  it('drops the connection after the write', async () => {
    const { url, writes } = await start({ dropAfterShare: 1 });
    await expect(fetch(`${url}/v1/things`, { method: 'POST' })).rejects.toThrow();
    expect(writes).toHaveLength(1);
  });

  it('rate limits with a Stripe-shaped 429 above the rate', async () => {
    const { url } = await start({ rateLimit: 5 });
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${url}/v1/things`);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('stripe-rate-limited-reason')).toBe('global-rate');
        expect((await res.json()).error).toMatchObject({ type: 'invalid_request_error', code: 'rate_limit' });
      } else await res.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(7);
  });

  it('adds latency and is controlled at run time through /_sandbox/faults', async () => {
    const { url } = await start({});
    const set = await fetch(`${url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: 120 }),
    });
    expect((await set.json()).latencyMinMs).toBe(120);
    const t0 = performance.now();
    await (await fetch(`${url}/v1/things`)).arrayBuffer();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(115);
    const bad = await fetch(`${url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errorBeforeShare: 3 }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.param).toBe('errorBeforeShare');
  });
});

describe('faultsFromFlags / faultsFor', () => {
  it('maps CLI flags to fault settings and names the flag in errors', () => {
    expect(faultsFromFlags({ 'latency-ms': '10..20', 'error-after': '0.1', 'fault-seed': '9' })).toEqual({
      latencyMs: '10..20',
      errorAfterShare: '0.1',
      seed: '9',
    });
    expect(() => faultsFromFlags({ 'drop-after': '2' })).toThrow(
      expect.objectContaining({ param: '--drop-after' }) as unknown as Error,
    );
  });
  it('takes the top-level rateLimit option (--rate-limit) into the controller', () => {
    const f = faultsFor({ options: { rateLimit: 7, faults: { latencyMs: 3 } } });
    expect(f.config.rateLimit).toBe(7);
    expect(f.config.latencyMinMs).toBe(3);
  });
});
