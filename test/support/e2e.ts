// End-to-end support: the real service (runService: PGlite in a temp folder, the in-process Stripe
// sandbox, workers, the webhook receiver) on a loopback port with demo payments and one account
// per role, the dashboard built once, and Debian's Chromium driven by playwright-core.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
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

/**
 * Starts the service for one suite. `suite` names its screenshot folder, emptied first: the
 * screenshots are of this run only (suites run in parallel, each clears only its own).
 */
export async function startE2eService(suite = 'dashboard'): Promise<E2eService> {
  await rm(join(SCREENSHOTS, suite), { recursive: true, force: true });
  currentSuite = suite;
  await ensureDashboardBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'refundry-e2e-'));
  await mkdir(dataDir, { recursive: true });
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    REFUNDRY_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    APPROVAL_THRESHOLD: '50000',
    // The refund window is the default (14 days).
    // As in the demo: merchant webhook URLs are not resolved or refused (nothing is delivered).
    WEBHOOK_ALLOW_PRIVATE: 'true',
  });
  // Asynchronous sandbox refunds settle only when the test advances the sandbox clock.
  const service = await runService(config, 'all', silentLogger(), { sandboxSettleDelayMs: 3_600_000 });
  const seeded = await seedDemo(service.db, service.stripe, { sandboxUrl: service.sandboxUrl });
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

/** expect.poll with room for a loaded CI machine (its default is one second). */
export const poll = <T>(fn: () => Promise<T> | T, timeout = 15_000) =>
  expect.poll(fn, { timeout, interval: 100 });

export interface E2eSuite {
  svc: E2eService;
  browser: Browser;
  /** Every page signed in through the suite; a failed test leaves a screenshot of each. */
  pages: RolePage[];
  /** Signs `role` in on a fresh browser context, kept in `pages`. */
  signIn(role: Role, viewport?: { width: number; height: number }): Promise<RolePage>;
}

/**
 * The hooks of one browser suite, registered in its describe: before all, the service (its
 * screenshots under `suite`), Chromium and a signed-in page for each of `roles`, handed to
 * `ready`; after a failed test, a screenshot of every page; after all, the browser and the service
 * closed.
 */
export function e2eSuite<R extends Role>(
  suite: string,
  roles: readonly R[],
  ready: (suite: E2eSuite, as: Record<R, RolePage>) => void = () => {},
): E2eSuite {
  const e2e = { pages: [] as RolePage[] } as unknown as E2eSuite;
  e2e.signIn = async (role, viewport) => {
    const page = await signIn(e2e.browser, e2e.svc.baseUrl, role, viewport);
    e2e.pages.push(page);
    return page;
  };
  beforeAll(async () => {
    [e2e.svc, e2e.browser] = await Promise.all([startE2eService(suite), launchChromium()]);
    const signedIn = await Promise.all(roles.map((role) => e2e.signIn(role)));
    ready(e2e, Object.fromEntries(roles.map((role, i) => [role, signedIn[i]!])) as Record<R, RolePage>);
  }, 120_000);
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    for (const [i, p] of e2e.pages.entries())
      await screenshot(p.page, `failed-${task.name.slice(0, 40)}-${i}`).catch(() => {});
  });
  afterAll(async () => {
    await e2e.browser?.close();
    await e2e.svc?.close();
  });
  return e2e;
}

export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');
let currentSuite = 'dashboard';

/** test-results/screenshots/<suite>/<name>.png */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(join(SCREENSHOTS, currentSuite), { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, currentSuite, `${name}.png`), fullPage: true });
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 740 };

/**
 * The page as it is now at 1280 and at 375 px: a screenshot at each width
 * (`<name>-1280.png`, `<name>-375.png`) and axe-core run at each, returning the serious and
 * critical violations found (the caller expects none). Resizing keeps the page's state.
 */
export async function shootBoth(page: Page, name: string): Promise<string[]> {
  const found: string[] = [];
  for (const [size, label] of [
    [PHONE, '375'],
    [DESKTOP, '1280'],
  ] as const) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await screenshot(page, `${name}-${label}`);
    found.push(...(await axeViolations(page)).map((v) => `${name} @${label}: ${v}`));
  }
  return found;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical violations on the page as it is, as readable lines. axe is put
 * into the page through the DevTools protocol (not a <script>), so the page's strict CSP stays on.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return (
      result.violations as Array<{
        id: string;
        impact: string;
        help: string;
        nodes: Array<{ target: string[] }>;
      }>
    ).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.targets.slice(0, 3).join(', ')}`);
}
