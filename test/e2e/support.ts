// End-to-end support: the real service (runService: PGlite in a temp folder, the in-process Stripe
// sandbox, workers, the webhook receiver) on a loopback port with demo payments and one account
// per role, the dashboard built once, and Debian's Chromium driven by playwright-core.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Role } from '../../src/auth/roles.ts';
import { createUser } from '../../src/auth/users.ts';
import { loadConfig } from '../../src/config.ts';
import { ensureDashboardBuilt } from '../../src/dashboard/build-dashboard.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import type { Payment } from '../../src/payments/payments.ts';
import { type RunningService, runService } from '../../src/service/run-service.ts';
import { silentLogger } from '../../src/shared/logger.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether the browser tests can run; in CI a missing Chromium is a failure, never a skip. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') {
    throw new Error(
      `CI=true but ${CHROMIUM} is missing: the dashboard's browser tests cannot be skipped in CI.`,
    );
  }
  return false;
}

export const PASSWORD = 'correct horse battery staple';
export const ROLES: Role[] = ['viewer', 'agent', 'approver', 'admin'];
export const emailOf = (role: Role) => `${role}@example.com`;
export const NAMES: Record<Role, string> = {
  viewer: 'Vera Viewer',
  agent: 'Alex Agent',
  approver: 'Pat Approver',
  admin: 'Ada Admin',
};

export interface E2eService {
  service: RunningService;
  baseUrl: string;
  payments: Map<string, Payment>;
  /** POST /_sandbox/clock/advance on the in-process sandbox. */
  advanceSandbox(seconds: number): Promise<void>;
  close(): Promise<void>;
}

export async function startE2eService(): Promise<E2eService> {
  // Screenshots of this run only: none left over from an earlier (maybe failed) run.
  await rm(SCREENSHOTS, { recursive: true, force: true });
  await ensureDashboardBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'refundry-e2e-'));
  await mkdir(dataDir, { recursive: true });
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    REFUNDRY_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    APPROVAL_THRESHOLD: '50000',
    REFUND_WINDOW_DAYS: '90',
    // As in the demo: merchant webhook URLs are not resolved or refused (nothing is delivered).
    WEBHOOK_ALLOW_PRIVATE: 'true',
  });
  // Asynchronous sandbox refunds settle only when the test advances the sandbox clock.
  const service = await runService(config, 'all', silentLogger(), { sandboxSettleDelayMs: 3_600_000 });
  const seeded = await seedDemo(service.db, service.stripe);
  for (const role of ROLES) {
    // Cheap scrypt parameters: the test logs in a handful of times.
    await createUser(
      service.db,
      { email: emailOf(role), name: NAMES[role], role, password: PASSWORD },
      { ln: 10, r: 8, p: 1 },
    );
  }
  const baseUrl = service.dashboardUrl!.replace(/\/$/, '');
  return {
    service,
    baseUrl,
    payments: new Map(seeded.map((p) => [p.orderId!, p])),
    async advanceSandbox(seconds) {
      const res = await fetch(`${service.sandboxUrl}/_sandbox/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `seconds=${seconds}`,
      });
      if (res.status !== 200) throw new Error(`advance failed: ${res.status} ${await res.text()}`);
    },
    async close() {
      await service.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  // launch() gives every run a fresh, temporary user-data-dir of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface RolePage {
  context: BrowserContext;
  page: Page;
  /** Console errors and CSP violations seen on this page. */
  problems: string[];
}

/** A fresh browser context (own cookies) for one person, signed in through the login form. */
export async function signIn(
  browser: Browser,
  baseUrl: string,
  role: Role,
  viewport = { width: 1280, height: 900 },
): Promise<RolePage> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto('/');
  await page.getByLabel('Email').fill(emailOf(role));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('current-user').waitFor();
  return { context, page, problems };
}

export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
