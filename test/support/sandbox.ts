import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/server.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { expectStripeShape } from './stripe-shapes.ts';

export interface TestSandbox {
  sandbox: Sandbox;
  url: string;
  stripe: Stripe;
  /** Another client on the same sandbox with a different key (idempotency scoping). */
  client(apiKey: string): Stripe;
  /** POST /_sandbox/clock/advance. */
  advance(seconds: number): Promise<void>;
  close(): Promise<void>;
}

/** A sandbox on an ephemeral loopback port and an official SDK client pointed at it. */
export async function startTestSandbox(opts: SandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ logger: silentLogger(), settleDelayMs: 3_600_000, ...opts, port: 0 });
  const client = (apiKey: string) =>
    new Stripe(apiKey, { host: '127.0.0.1', port: sandbox.port, protocol: 'http', maxNetworkRetries: 0 });
  return {
    sandbox,
    url: sandbox.url,
    stripe: client('sk_test_123'),
    client,
    async advance(seconds) {
      const res = await fetch(`${sandbox.url}/_sandbox/clock/advance`, {
        method: 'POST',
        // The pinned key when there is one (it guards the control API too).
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Bearer ${opts.apiKey ?? 'sk_test_123'}`,
        },
        body: `seconds=${seconds}`,
      });
      if (res.status !== 200) throw new Error(`advance failed: ${res.status} ${await res.text()}`);
    },
    close: () => sandbox.close(),
  };
}

/**
 * One sandbox for the tests of a file: started before them (handed to `ready`), reset before each
 * test, closed after them all.
 */
export function sandboxForFile(opts: SandboxOptions, ready: (t: TestSandbox) => void): void {
  let t: TestSandbox | undefined;
  beforeAll(async () => {
    t = await startTestSandbox(opts);
    ready(t);
  });
  beforeEach(() => t?.sandbox.reset());
  afterAll(() => t?.close());
}

export interface ExpectedError {
  status: number;
  type: string;
  code?: string | undefined;
  param?: string | undefined;
  message?: string | RegExp;
}

/** Awaits a rejected SDK call and checks Stripe's error fields (and the error body's shape). */
export async function expectStripeError(
  call: Promise<unknown>,
  expected: ExpectedError,
): Promise<Stripe.errors.StripeError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the call should fail').toBeInstanceOf(Stripe.errors.StripeError);
  const e = error as Stripe.errors.StripeError;
  expect({ status: e.statusCode, type: e.rawType, code: e.code, param: e.param }).toEqual({
    status: expected.status,
    type: expected.type,
    code: expected.code,
    param: expected.param,
  });
  if (expected.message instanceof RegExp) expect(e.message).toMatch(expected.message);
  else if (expected.message !== undefined) expect(e.message).toBe(expected.message);
  expect(e.requestId).toMatch(/^req_/);
  // The SDK adds headers, statusCode and requestId to the raw error body.
  const { headers: _h, statusCode: _s, requestId: _r, ...body } = e.raw as Record<string, unknown>;
  expectStripeShape('error', { error: body });
  return e;
}
