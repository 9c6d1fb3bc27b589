// The API reference at /docs in headless Chromium: Swagger UI, served by Refundry itself (no CDN),
// renders every operation of the document under the dashboard's Content-Security-Policy, with no
// console error and no CSP violation, and fetches nothing from anywhere but this service.
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/dashboard/serve-dashboard.ts';
import type { Db } from '../../src/db/db.ts';
import { REFUND_EVENT_TYPES } from '../../src/notifications/plan.ts';
import { ALL_OPERATIONS } from '../../src/openapi/document.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { fakeGateway } from '../auth/helpers.ts';
import { createTestDb } from '../support/databases.ts';
import { axeViolations, chromiumAvailable, launchChromium, screenshot } from '../support/e2e.ts';

describe.skipIf(!chromiumAvailable())('the API reference at /docs in Chromium', { timeout: 60_000 }, () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    db = await createTestDb('pglite');
    app = await createServiceApp({
      db,
      gateway: fakeGateway(),
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      dashboardDir: false,
    });
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  it('renders every operation, with no console error, no CSP violation and nothing from elsewhere', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    const res = await page.goto('/docs');
    expect(res?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.locator('.opblock').count(), { timeout: 15_000 })
      // Every operation, and every webhook event Refundry sends.
      .toBe(ALL_OPERATIONS.length + REFUND_EVENT_TYPES.length);
    expect(await page.getByText('Request a refund').count()).toBeGreaterThan(0);
    // Open one operation: its parameters and responses render too.
    await page.locator('.opblock-summary', { hasText: 'Request a refund' }).first().click();
    await page.locator('.responses-wrapper').first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'docs-reference');
    expect(problems).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    expect(requests.filter((u) => !u.startsWith(baseUrl) && !u.startsWith('data:'))).toEqual([]);
    await context.close();
  });
});
