// A service app with an injectable clock, and helpers to sign in and call it as a browser would.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { ScryptParams } from '../../src/auth/passwords.ts';
import type { Role } from '../../src/auth/roles.ts';
import { createUser } from '../../src/auth/users.ts';
import { type AuthConfig, DEFAULT_AUTH, type PolicySettings, type TrustProxy } from '../../src/config.ts';
import type { Db } from '../../src/db/db.ts';
import type { Metrics } from '../../src/metrics/metrics.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { StripeGateway, StripePayment } from '../../src/stripe/gateway.ts';
import { fakeResolver } from '../support/fake-dns.ts';

export const PASSWORD = 'correct horse battery staple';
/** Cheap scrypt for tests (1 MiB); the real parameters are tested in src/auth/passwords.test.ts. */
export const FAST_SCRYPT: ScryptParams = { ln: 10, r: 8, p: 1 };

export function fakeGateway(remote: Record<string, StripePayment> = {}): StripeGateway {
  return {
    createRefund: async () => {
      throw new Error('not used');
    },
    retrieveRefund: async () => {
      throw new Error('not used');
    },
    findRefundByRefundryId: async () => undefined,
    retrievePayment: async (id) => remote[id],
    // Stripe has no refunds in these tests.
    listRefunds: async function* () {},
  };
}

export interface TestApp {
  app: FastifyInstance;
  clock: { now: Date };
  advance(ms: number): void;
}

export async function authApp(
  db: Db,
  options: {
    auth?: Partial<AuthConfig>;
    policy?: PolicySettings;
    start?: Date;
    remote?: Record<string, StripePayment>;
    /** The Stripe the service talks to (e.g. a test sandbox's gateway); default: a fake. */
    gateway?: StripeGateway;
    metrics?: Metrics;
    trustProxy?: TrustProxy;
  } = {},
): Promise<TestApp> {
  const clock = { now: options.start ?? new Date('2026-06-01T12:00:00Z') };
  const app = await createServiceApp({
    db,
    gateway: options.gateway ?? fakeGateway(options.remote),
    config: {
      policy: options.policy ?? { refundWindowDays: 90, approvalThreshold: 50_000 },
      auth: { ...DEFAULT_AUTH, ...options.auth },
      ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    },
    logger: silentLogger(),
    now: () => clock.now,
    passwordHashing: FAST_SCRYPT,
    resolveHost: fakeResolver(),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const advance = (ms: number) => {
    clock.now = new Date(clock.now.getTime() + ms);
  };
  return { app, clock, advance };
}

export async function makeUser(
  db: Db,
  role: Role,
  email = `${role}-${Math.random().toString(36).slice(2)}@example.com`,
) {
  return createUser(db, { email, role, name: `${role} person`, password: PASSWORD }, FAST_SCRYPT);
}

/** A signed-in browser: the session cookie and the CSRF token from the login response. */
export interface Browser {
  cookie: string;
  csrf: string;
  login: LightMyRequestResponse;
}

export async function signIn(app: FastifyInstance, email: string, password = PASSWORD): Promise<Browser> {
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  const session = login.cookies.find((c) => c.name === 'refundry_session')!;
  return { cookie: `refundry_session=${session.value}`, csrf: login.json().csrf_token, login };
}

/** A request as the dashboard makes it: cookie, and the CSRF token on unsafe methods. */
export function asBrowser(
  app: FastifyInstance,
  browser: Browser,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method,
    url,
    headers: {
      cookie: browser.cookie,
      ...(method === 'GET' ? {} : { 'x-csrf-token': browser.csrf }),
      ...headers,
    },
    ...(payload !== undefined ? { payload } : {}),
  });
}
