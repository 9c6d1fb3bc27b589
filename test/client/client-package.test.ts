// `refundry/client` as a merchant's backend gets it: the package installed under node_modules,
// where Node does not strip TypeScript, so what runs is the build (`tsconfig.client.json`, made by
// npm's `prepare`). The build is imported by plain Node from a separate project and used against a
// stand-in Refundry over HTTP, and a consumer's TypeScript type-checks against its declarations.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRefundryPayload } from '../../src/notifications/signature.ts';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const TSC = join(ROOT, 'node_modules/.bin/tsc');

describe('refundry/client installed as a dependency', () => {
  let dir: string;
  let consumer: string;
  let server: Server;
  let baseUrl: string;
  const seen: Array<{ method: string; url: string; key: string | undefined; auth: string | undefined }> = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'refundry-client-'));
    consumer = join(dir, 'shop-backend');
    const pkg = join(consumer, 'node_modules', 'refundry');
    mkdirSync(pkg, { recursive: true });
    // What npm puts there: the package's manifest and its build, and its dependency beside it.
    await run(TSC, ['-p', join(ROOT, 'tsconfig.client.json'), '--outDir', join(pkg, 'dist', 'client')]);
    cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules', 'openapi-fetch'), join(consumer, 'node_modules', 'openapi-fetch'));
    symlinkSync(join(ROOT, 'node_modules', '@types'), join(consumer, 'node_modules', '@types'));
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'shop-backend', type: 'module' }));

    // A stand-in Refundry: one refund answer, and the first attempt of each POST lost (a 503).
    const attempts = new Map<string, number>();
    server = createServer((req, res) => {
      const key = req.headers['idempotency-key'] as string | undefined;
      seen.push({ method: req.method!, url: req.url!, key, auth: req.headers.authorization });
      const n = (attempts.get(key ?? '') ?? 0) + 1;
      attempts.set(key ?? '', n);
      res.setHeader('content-type', 'application/json');
      if (n === 1) {
        res.statusCode = 503;
        res.end(JSON.stringify({ error: { code: 'database_unavailable', message: 'Try again.' } }));
        return;
      }
      res.statusCode = 201;
      res.end(
        JSON.stringify({ id: 'rf_1', object: 'refund', amount: 1250, currency: 'usd', status: 'queued' }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs in plain Node: a refund requested with one Idempotency-Key across a retry, a delivery verified', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id: 'evt_1', type: 'refund.succeeded' });
    writeFileSync(
      join(consumer, 'app.js'),
      `import { Refundry, RefundryError, verifyRefundrySignature } from 'refundry/client';
const client = new Refundry({ baseUrl: process.env.REFUNDRY_URL, apiKey: 'rfk_test', retryDelayMs: () => 1 });
const refund = await client.refunds.create({ order_id: 'ord_1', amount: 1250, reason: 'requested_by_customer' });
const verified = verifyRefundrySignature(process.env.BODY, process.env.SIGNATURE, 'whsec_shop');
const forged = verifyRefundrySignature(process.env.BODY, process.env.SIGNATURE, 'whsec_other');
console.log(JSON.stringify({ refund, verified, forged, errorClass: typeof RefundryError }));
`,
    );
    const { stdout } = await run(process.execPath, ['app.js'], {
      cwd: consumer,
      env: {
        PATH: process.env.PATH,
        REFUNDRY_URL: baseUrl,
        BODY: body,
        SIGNATURE: signRefundryPayload(body, 'whsec_shop', now),
      },
    });
    const out = JSON.parse(stdout);
    expect(out.refund).toMatchObject({ id: 'rf_1', status: 'queued' });
    expect(out.errorClass).toBe('function');
    expect(out.verified).toBeTruthy();
    expect(out.forged).toBeFalsy();
    const posts = seen.filter((s) => s.method === 'POST');
    expect(posts.map((p) => p.url)).toEqual(['/api/v1/refunds', '/api/v1/refunds']);
    expect(posts[0]!.key).toMatch(/\S{8,}/);
    expect(posts[1]!.key).toBe(posts[0]!.key);
    expect(posts[0]!.auth).toBe('Bearer rfk_test');
  });

  it("type-checks a consumer's TypeScript against the declarations, and refuses a wrong field", async () => {
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
        },
        include: ['*.ts'],
      }),
    );
    writeFileSync(
      join(consumer, 'ok.ts'),
      `import { type Refund, Refundry, RefundryError } from 'refundry/client';
export async function refundOrder(client: Refundry, orderId: string): Promise<Refund['status'] | string> {
  try {
    const refund = await client.refunds.create({ order_id: orderId, amount: 500, reason: 'duplicate' });
    return refund.status;
  } catch (error) {
    if (error instanceof RefundryError) return error.code;
    throw error;
  }
}
`,
    );
    await run(TSC, ['-p', 'tsconfig.json'], { cwd: consumer });
    writeFileSync(
      join(consumer, 'wrong.ts'),
      `import { Refundry } from 'refundry/client';
export const go = (client: Refundry) => client.refunds.create({ order_id: 'ord_1', amount: '5.00' });
`,
    );
    const failed = await run(TSC, ['-p', 'tsconfig.json'], { cwd: consumer }).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );
    expect(failed).toContain('wrong.ts');
    expect(failed).toMatch(/TS2322: Type 'string' is not assignable to type 'number'/);
  });
});
