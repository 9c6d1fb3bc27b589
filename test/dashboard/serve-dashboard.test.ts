// The service serves the built dashboard: pages fall back to index.html, server paths never do,
// hashed assets are cached for a year and the HTML never, and every answer carries a strict CSP.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt, WEB_DIR } from '../../src/dashboard/build-dashboard.ts';
import { isClientRoute } from '../../src/dashboard/serve-dashboard.ts';
import type { Db } from '../../src/db/db.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { StripeGateway } from '../../src/stripe/gateway.ts';
import { createTestDb } from '../support/databases.ts';

const BIG = `export const words = ${JSON.stringify('refund '.repeat(2000))};`;
const INDEX =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script></body></html>';

describe('serving the dashboard', () => {
  let db: Db;
  let dir: string;
  let app: FastifyInstance;
  let unbuilt: FastifyInstance;

  beforeAll(async () => {
    db = await createTestDb('pglite');
    dir = await mkdtemp(join(tmpdir(), 'refundry-dist-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'assets', 'index-abc123.js'), 'console.log("hi")');
    // Precompressed beside it, as the build writes them (different bytes, so the test can tell).
    await writeFile(join(dir, 'assets', 'big-abc123.js'), BIG);
    await writeFile(join(dir, 'assets', 'big-abc123.js.br'), brotliCompressSync(BIG));
    await writeFile(join(dir, 'assets', 'big-abc123.js.gz'), gzipSync(BIG));
    await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const deps = {
      db,
      gateway: {} as StripeGateway,
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
    };
    app = await createServiceApp({ ...deps, dashboardDir: dir });
    unbuilt = await createServiceApp({ ...deps, dashboardDir: join(dir, 'missing') });
  });
  afterAll(async () => {
    await app?.close();
    await unbuilt?.close();
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers / and client routes with index.html, never cached, with a strict CSP', async () => {
    for (const url of ['/', '/payments', '/refunds/rf_123?x=1', '/settings?tab=users', '/login']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toBe(INDEX);
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/https?:|unsafe-inline|unsafe-eval|\*/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('serves hashed assets cacheable for a year, and other files revalidated', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe('console.log("hi")');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('sends the precompressed file the browser accepts (brotli, then gzip), immutable, varying by encoding', async () => {
    const get = (encoding?: string) =>
      app.inject({
        method: 'GET',
        url: '/assets/big-abc123.js',
        headers: encoding ? { 'accept-encoding': encoding } : {},
      });
    const br = await get('gzip, deflate, br, zstd');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(BIG);
    expect(br.rawPayload.length).toBeLessThan(BIG.length / 10);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.headers['content-type']).toMatch(/javascript/);
    const gz = await get('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(BIG);
    const plain = await get();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BIG);
  });

  it('the real build writes .br and .gz beside every script and stylesheet, each smaller', async () => {
    await ensureDashboardBuilt();
    const assets = join(WEB_DIR, 'dist', 'assets');
    const files = (await readdir(assets)).filter((f) => /\.(js|css)$/.test(f));
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    for (const f of files) {
      const size = (await stat(join(assets, f))).size;
      if (size < 1024) continue;
      const br = await readFile(join(assets, `${f}.br`));
      const gz = await readFile(join(assets, `${f}.gz`));
      expect(brotliDecompressSync(br).equals(await readFile(join(assets, f))), f).toBe(true);
      expect(br.length, f).toBeLessThan(size / 2);
      expect(gz.length, f).toBeLessThan(size / 2);
    }
    // React's production build: its development build (twice the size) must never ship.
    const main = files.find((f) => f.startsWith('index-') && f.endsWith('.js'))!;
    expect(await readFile(join(assets, main), 'utf8')).not.toContain('Download the React DevTools');
  });

  it('never answers server paths, missing files or other methods with the dashboard', async () => {
    for (const url of [
      '/api/v1/nope',
      '/api',
      '/auth/nope',
      '/r/not-a-token/extra',
      '/webhooks/nope',
      '/metrics/x',
      '/healthz/x',
      '/readyz/x',
      '/assets/missing-123.js',
      '/favicon.ico',
      '/../package.json',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.headers['content-type'], url).toMatch(/application\/json/);
      expect(res.body, url).not.toContain('<div id="root">');
    }
    const post = await app.inject({ method: 'POST', url: '/refunds/rf_1', payload: {} });
    expect(post.statusCode).toBe(404);
    expect(post.json().error.code).toBe('not_found');
    // The API still demands authentication.
    const api = await app.inject({ method: 'GET', url: '/api/v1/refunds' });
    expect(api.statusCode).toBe(401);
  });

  it('says how to build the dashboard when web/dist is missing', async () => {
    const res = await unbuilt.inject({ method: 'GET', url: '/refunds' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
    const health = await unbuilt.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok' });
  });

  it('tells client routes from server paths', () => {
    expect(isClientRoute('GET', '/refunds/rf_1')).toBe(true);
    expect(isClientRoute('HEAD', '/')).toBe(true);
    expect(isClientRoute('POST', '/refunds')).toBe(false);
    expect(isClientRoute('GET', '/r/tok_1')).toBe(false);
    expect(isClientRoute('GET', '/reconciliation')).toBe(true);
    expect(isClientRoute('GET', '/apis')).toBe(true);
    expect(isClientRoute('GET', '/api/v1/refunds')).toBe(false);
    expect(isClientRoute('GET', '/assets/x.css')).toBe(false);
  });
});
