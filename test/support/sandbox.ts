import Stripe from 'stripe';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/server.ts';
import { silentLogger } from '../../src/shared/logger.ts';

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
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `seconds=${seconds}`,
      });
      if (res.status !== 200) throw new Error(`advance failed: ${res.status} ${await res.text()}`);
    },
    close: () => sandbox.close(),
  };
}
