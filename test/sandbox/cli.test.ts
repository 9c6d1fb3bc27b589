import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';

// `refundry sandbox` prints its URL, serves the API and stops cleanly on SIGTERM.
const MAIN = new URL('../../bin/refundry.js', import.meta.url).pathname;

describe('refundry sandbox', () => {
  it('starts, serves, and stops on SIGTERM', { timeout: 20_000 }, async () => {
    const child = spawn(process.execPath, [MAIN, 'sandbox', '--port', '0', '--settle-delay-ms', '10'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    const lines = createInterface({ input: child.stdout! });
    const [line] = (await once(lines, 'line')) as [string];
    const url = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(line);
    expect(url, line).not.toBeNull();
    const stripe = new Stripe('sk_test_cli', {
      host: '127.0.0.1',
      port: Number(url![2]),
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const ch = await stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_pendingRefund' });
    const refund = await stripe.refunds.create({ charge: ch.id });
    expect(refund.status).toBe('pending');
    await new Promise((r) => setTimeout(r, 100));
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
  });

  it('refuses bad flags with exit code 2', async () => {
    const child = spawn(process.execPath, [MAIN, 'sandbox', '--port', 'abc'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => {
      stderr += d;
    });
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(2);
    expect(stderr).toMatch(/--port must be an integer/);
  });
});

describe('refundry sandbox --data', () => {
  it('keeps refunds across a restart', { timeout: 30_000 }, async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'refundry-sandbox-'));
    try {
      const start = async () => {
        const child = spawn(process.execPath, [MAIN, 'sandbox', '--port', '0', '--data', dir], {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, LOG_LEVEL: 'silent' },
        });
        const lines = createInterface({ input: child.stdout! });
        const [line] = (await once(lines, 'line')) as [string];
        const port = Number(/:(\d+)/.exec(line)![1]);
        const stripe = new Stripe('sk_test_cli', {
          host: '127.0.0.1',
          port,
          protocol: 'http',
          maxNetworkRetries: 0,
        });
        return { child, stripe };
      };
      const first = await start();
      const ch = await first.stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
      const refund = await first.stripe.refunds.create({ charge: ch.id, amount: 400 });
      first.child.kill('SIGTERM');
      expect((await once(first.child, 'exit'))[0]).toBe(0);
      const second = await start();
      expect((await second.stripe.refunds.retrieve(refund.id)).amount).toBe(400);
      expect((await second.stripe.charges.retrieve(ch.id)).amount_refunded).toBe(400);
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
