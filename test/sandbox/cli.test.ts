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
