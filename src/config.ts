// Refundry's configuration, read from the environment once at start-up and validated, so a typo
// fails loudly with the variable's name instead of surfacing later as odd behaviour.
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { isRefundReason, REFUND_REASONS } from './refunds/reasons.ts';

export interface PolicySettings {
  /** Days after capture during which a refund may be requested. */
  refundWindowDays: number;
  /**
   * Refunds above this amount wait for someone with refunds:approve: the default, in the minor
   * unit of whatever currency the payment is in (50000 = $500.00, €500.00, ¥50,000).
   */
  approvalThreshold: number;
  /** Per-currency thresholds (lowercase ISO code → minor units) that override the default. */
  approvalThresholds?: Readonly<Record<string, number>> | undefined;
  /** Refund reasons the merchant does not accept (e.g. 'other'); optional for older callers. */
  blockedReasons?: readonly string[] | undefined;
  /** A platform's Connect defaults (src/policy/connect-policy.ts); optional for older callers. */
  connect?: ConnectSettings | undefined;
  /** Whoever requested a refund may also approve it (one-person shops); default false: four eyes. */
  allowSelfApproval?: boolean | undefined;
  /** Fraud-flagged payments: 'refuse' refunds (default), or refund them 'with_approval'. */
  fraudFlaggedRefunds?: FraudFlaggedRefunds | undefined;
}

/** The platform's defaults for refunds of Connect payments. */
export interface ConnectSettings {
  /** Reverse a destination charge's transfer with each refund unless the request says otherwise. */
  reverseTransfer: boolean;
  /** Refund the platform's application fee with each refund unless the request says otherwise. */
  refundApplicationFee: boolean;
  /** A refund whose share of the transfer is more than the transfer has left waits for an approver. */
  approveUncovered: boolean;
}

/** Connect defaults when nothing is configured: Stripe's own (take nothing back), and ask a person. */
export const DEFAULT_CONNECT_SETTINGS: ConnectSettings = {
  reverseTransfer: false,
  refundApplicationFee: false,
  approveUncovered: true,
};

export const FRAUD_FLAGGED_REFUNDS = ['refuse', 'with_approval'] as const;
export type FraudFlaggedRefunds = (typeof FRAUD_FLAGGED_REFUNDS)[number];

/** Dashboard accounts and sessions (issue #6). */
export interface AuthConfig {
  /** The URL people open (e.g. https://refunds.example.com); https makes the session cookie Secure. */
  publicUrl: string | undefined;
  /** A session ends after this long without a request… */
  sessionIdleMinutes: number;
  /** …and this long after login, whatever happens. */
  sessionAbsoluteHours: number;
  /** Failed logins on one account before it is locked for loginLockMinutes. */
  loginMaxFailures: number;
  loginLockMinutes: number;
  /** Failed logins from one client address (any account) before it must wait loginLockMinutes. */
  loginMaxFailuresPerClient: number;
}

/**
 * Which reverse proxies may tell the client's address in X-Forwarded-For (Fastify's trustProxy):
 * false (none: the socket's peer is the client), true (any: only when nothing can reach the
 * service but the proxy), a number of proxy hops, or the proxies' addresses and CIDR ranges.
 */
export type TrustProxy = boolean | number | string[];

export interface Config {
  databaseUrl: string | undefined;
  trustProxy: TrustProxy;
  dataDir: string;
  /** The password `refundry users create` / `set-password` give the user (REFUNDRY_PASSWORD, as typed). */
  cliPassword: string | undefined;
  stripeSecretKey: string | undefined;
  stripeWebhookSecret: string | undefined;
  /** The Connect webhook endpoint's secret (events of connected accounts, POST /webhooks/stripe/connect). */
  stripeConnectWebhookSecret: string | undefined;
  port: number;
  host: string;
  policy: PolicySettings;
  auth: AuthConfig;
  worker: {
    /** Stripe write requests per second shared by all workers. */
    stripeRateLimit: number;
    /** Concurrent Stripe requests across all workers. */
    stripeConcurrency: number;
    /** Worker loops in this process. */
    concurrency: number;
    /** How long a claimed refund is held without a heartbeat: a crashed worker's refunds wait this long. */
    leaseMs: number;
    /** How often a worker renews the leases of the refunds it is sending. */
    heartbeatMs: number;
  };
  logLevel: string;
  /** Metrics: the connected accounts given their own `account` label value (the rest are `other`). */
  metricsAccounts: readonly string[];
  // Notifications (customer emails, merchant webhooks, the customer status page).
  notifications: {
    /** Base URL customers reach the status page at; undefined = http://HOST:PORT. */
    publicUrl: string | undefined;
    /** SMTP when SMTP_HOST is set; otherwise .eml files in a folder. */
    mail:
      | {
          kind: 'smtp';
          host: string;
          port: number;
          user: string | undefined;
          password: string | undefined;
          from: string;
        }
      | { kind: 'dir'; dir: string; from: string };
    /** Delivery attempts before a notification is given up (kept as failed). */
    maxAttempts: number;
    /** WEBHOOK_ALLOW_PRIVATE: merchant webhooks may reach loopback and private addresses (development). */
    webhookAllowPrivate: boolean;
  };
  /** Learning what Stripe did: webhook receiver, event applier, polling fallback, event backfill. */
  stripeSync: StripeSyncSettings;
  // Reconciliation (src/reconciliation/).
  reconcile: {
    /** Daily run time (UTC) inside `serve`; null turns the schedule off. */
    at: { hour: number; minute: number } | null;
    /** Days of Stripe refunds each run covers, up to its start (also the CLI's default window). */
    windowDays: number;
  };
  /** Another Stripe API base (e.g. a standalone sandbox, http://127.0.0.1:12111); default api.stripe.com. */
  stripeApiBase: string | undefined;
  /** Seconds an id Stripe does not know is answered as unknown without asking Stripe again. */
  stripeNotFoundTtlSeconds: number;
  /**
   * An admin API key for `refundry users|keys …` to go through the running service's API when that
   * service holds the embedded database (the demo's own key is used when this is unset).
   */
  cliApiKey: string | undefined;
}

export interface StripeSyncSettings {
  /** Seconds a webhook's signature timestamp may be old (replays beyond are refused). */
  webhookToleranceSeconds: number;
  /** How often the applier looks for stored events when not woken (ms). */
  applyIntervalMs: number;
  /** Pending / requires_action refunds with no news for this long are fetched from Stripe (s). */
  pollAfterSeconds: number;
  /** Longest wait between two polls of one refund (the backoff's cap, s). */
  pollMaxIntervalSeconds: number;
  /** How often the poller looks for due refunds (ms). */
  pollIntervalMs: number;
  /** Extra checks of a succeeded refund (late failures), the first after pollSucceededAfterSeconds. */
  pollSucceededChecks: number;
  pollSucceededAfterSeconds: number;
  /** Seconds between two reads of GET /v1/events (also read at start-up); 0 = off. */
  backfillIntervalSeconds: number;
  /** How far back the very first backfill reads (s). */
  backfillLookbackSeconds: number;
  /** Each backfill rereads this much before its cursor, in case events landed out of order (s). */
  backfillOverlapSeconds: number;
}

/** WORKER_LEASE_MS's default: a crashed worker's refunds are sent by another within ~6 s. */
export const DEFAULT_WORKER_LEASE_MS = 6_000;
/** Stripe requests/s for all processes together (Stripe allows 25 in test mode, 100 live). */
export const DEFAULT_STRIPE_RATE_LIMIT = 25;

/** The dashboard defaults, also used by tests and embedders that build a partial config. */
export const DEFAULT_AUTH: AuthConfig = {
  publicUrl: undefined,
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  loginMaxFailures: 5,
  loginLockMinutes: 15,
  loginMaxFailuresPerClient: 100,
};

const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const t = v?.trim().toLowerCase();
      if (t === undefined || t === '') return fallback;
      if (t === 'true' || t === '1' || t === 'yes') return true;
      if (t === 'false' || t === '0' || t === 'no') return false;
      ctx.addIssue({ code: 'custom', message: 'must be true or false' });
      return z.NEVER;
    });
const int = (min: number) => z.coerce.number().int(`must be an integer`).min(min, `must be at least ${min}`);
/** A comma-separated list: items trimmed, empty ones dropped (unset or '' is the empty list). */
const commaList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const schema = z.object({
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'must be a postgres:// or postgresql:// URL',
  }),
  REFUNDRY_DATA_DIR: z.string().min(1).default('./.refundry'),
  // `refundry users …` (src/cli/users-command.ts), taken as it is: a password may start or end with a space.
  REFUNDRY_PASSWORD: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  STRIPE_SECRET_KEY: optionalText.refine((v) => v === undefined || /^(sk|rk)_(test|live)_/.test(v), {
    message: 'must be a Stripe secret key (sk_test_…, sk_live_…, rk_…)',
  }),
  STRIPE_WEBHOOK_SECRET: optionalText.refine((v) => v === undefined || v.startsWith('whsec_'), {
    message: 'must start with whsec_',
  }),
  // The signing secret of the Connect webhook endpoint (connect=true: connected accounts' events).
  STRIPE_CONNECT_WEBHOOK_SECRET: optionalText.refine((v) => v === undefined || v.startsWith('whsec_'), {
    message: 'must start with whsec_',
  }),
  // A platform's Connect defaults (src/policy/connect-policy.ts).
  CONNECT_REVERSE_TRANSFER: bool(DEFAULT_CONNECT_SETTINGS.reverseTransfer),
  CONNECT_REFUND_APPLICATION_FEE: bool(DEFAULT_CONNECT_SETTINGS.refundApplicationFee),
  CONNECT_APPROVE_UNCOVERED: bool(DEFAULT_CONNECT_SETTINGS.approveUncovered),
  // Connected accounts named in the `account` label of metrics; every other one is `other`.
  METRICS_ACCOUNTS: commaList
    .refine((list) => list.every((a) => /^acct_[A-Za-z0-9]+$/.test(a)), {
      message: 'must be a comma-separated list of connected account ids (acct_…)',
    })
    .refine((list) => list.length <= 50, {
      message: 'may name at most 50 accounts (each one adds a series per label value)',
    }),
  PORT: int(0).max(65535, 'must be at most 65535').default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  REFUND_WINDOW_DAYS: int(0).default(14),
  APPROVAL_THRESHOLD: int(1).default(50_000),
  STRIPE_RATE_LIMIT: int(1).default(DEFAULT_STRIPE_RATE_LIMIT),
  // A refund takes Stripe 0.3–1 s: 32 in flight keep one process at the request budget's 25/s
  // (and near live mode's 100/s), and a busy worker claims and stores 16–32 refunds at a time.
  STRIPE_CONCURRENCY: int(1).default(32),
  WORKER_CONCURRENCY: int(1).default(4),
  WORKER_LEASE_MS: int(100)
    .max(3_600_000, 'must be at most 3600000 (an hour)')
    .default(DEFAULT_WORKER_LEASE_MS),
  // Default: a third of the lease, so two heartbeats may be missed before the lease runs out.
  WORKER_HEARTBEAT_MS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    int(10).optional(),
  ),
  // Learning what Stripe did (webhooks, polling, backfill).
  STRIPE_WEBHOOK_TOLERANCE_S: int(1).default(300),
  EVENT_APPLY_INTERVAL_MS: int(10).default(250),
  POLL_AFTER_S: int(1).default(600),
  POLL_MAX_INTERVAL_S: int(1).default(6 * 3600),
  POLL_INTERVAL_MS: int(10).default(5_000),
  POLL_SUCCEEDED_CHECKS: int(0).default(2),
  POLL_SUCCEEDED_AFTER_S: int(1).default(86_400),
  BACKFILL_INTERVAL_S: int(0).default(300),
  BACKFILL_LOOKBACK_S: int(0)
    .max(30 * 86_400, 'must be at most 30 days (Stripe keeps events 30 days)')
    .default(86_400),
  BACKFILL_OVERLAP_S: int(0).default(60),
  // Reconciliation: RECONCILE_AT=HH:MM (UTC) or off; RECONCILE_WINDOW_DAYS.
  RECONCILE_AT: z
    .string()
    .trim()
    .default('02:00')
    .refine((v) => v.toLowerCase() === 'off' || /^([01]?\d|2[0-3]):[0-5]\d$/.test(v), {
      message: "must be a UTC time HH:MM (e.g. 02:00) or 'off'",
    }),
  RECONCILE_WINDOW_DAYS: int(1).max(366, 'must be at most 366').default(3),
  STRIPE_NOT_FOUND_TTL_S: int(0).max(86_400, 'must be at most 86400 (a day)').default(60),
  STRIPE_API_BASE: optionalText.refine((v) => v === undefined || /^https?:\/\/[^/]+\/?$/.test(v), {
    message: 'must be a base URL such as http://127.0.0.1:12111',
  }),
  // Dashboard accounts and sessions (issue #6).
  BLOCKED_REFUND_REASONS: commaList.refine((list) => list.every(isRefundReason), {
    message: `must be a comma-separated list of ${REFUND_REASONS.join(', ')}`,
  }),
  ALLOW_SELF_APPROVAL: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  FRAUD_FLAGGED_REFUNDS: z
    .enum(FRAUD_FLAGGED_REFUNDS, { error: 'must be refuse or with_approval' })
    .default('refuse'),
  // PUBLIC_URL (declared with the notifications below) also makes the session cookie Secure.
  SESSION_IDLE_MINUTES: int(1).default(DEFAULT_AUTH.sessionIdleMinutes),
  SESSION_ABSOLUTE_HOURS: int(1).default(DEFAULT_AUTH.sessionAbsoluteHours),
  LOGIN_MAX_FAILURES: int(1).default(DEFAULT_AUTH.loginMaxFailures),
  LOGIN_LOCK_MINUTES: int(1).default(DEFAULT_AUTH.loginLockMinutes),
  LOGIN_MAX_FAILURES_PER_CLIENT: int(1).default(DEFAULT_AUTH.loginMaxFailuresPerClient),
  TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((v, ctx): TrustProxy => {
      const lower = v.toLowerCase();
      if (lower === '' || lower === 'false') return false;
      if (lower === 'true') return true;
      if (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 20) return Number(v);
      const items = v.split(',').map((item) => item.trim());
      const named = ['loopback', 'linklocal', 'uniquelocal'];
      // Addresses written out in full (ipaddr.js alone would also take '0' or '10.1' as IPv4).
      const valid = (item: string) =>
        named.includes(item) ||
        ipaddr.IPv4.isValidFourPartDecimal(item) ||
        ipaddr.IPv4.isValidCIDRFourPartDecimal(item) ||
        ipaddr.IPv6.isValid(item) ||
        ipaddr.IPv6.isValidCIDR(item);
      const bad = items.filter((item) => !valid(item));
      if (bad.length === 0) return items;
      ctx.addIssue({
        code: 'custom',
        message: `must be false, true, a number of proxy hops (1-20), or proxy addresses / CIDR ranges separated by commas (not ${bad.map((b) => JSON.stringify(b)).join(', ')})`,
      });
      return z.NEVER;
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Notifications.
  PUBLIC_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
    message: 'must be an http:// or https:// URL',
  }),
  SMTP_HOST: optionalText,
  SMTP_PORT: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    int(1).max(65535, 'must be at most 65535').optional(),
  ),
  SMTP_USER: optionalText,
  SMTP_PASSWORD: optionalText,
  MAIL_FROM: z.string().trim().min(3).default('Refunds <refunds@localhost>'),
  MAIL_DIR: optionalText,
  NOTIFY_MAX_ATTEMPTS: int(1).max(100, 'must be at most 100').default(12),
  WEBHOOK_ALLOW_PRIVATE: z
    .string()
    .trim()
    .toLowerCase()
    .default('false')
    .refine((v) => v === 'true' || v === 'false' || v === '', { message: 'must be true or false' })
    .transform((v) => v === 'true'),
  // The CLI beside a running service (src/cli/running-service.ts).
  REFUNDRY_API_KEY: optionalText.refine((v) => v === undefined || /^rfk_[0-9A-Za-z]{32}$/.test(v), {
    message: 'must be a Refundry API key (rfk_…)',
  }),
});

/** Every environment variable Refundry reads (docs/configuration.md lists each; a test checks). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export class ConfigError extends Error {}

/** Validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if ((e.SMTP_HOST === undefined) !== (e.SMTP_PORT === undefined)) {
    throw new ConfigError('Invalid configuration:\n  SMTP_HOST and SMTP_PORT must be set together');
  }
  const heartbeatMs = e.WORKER_HEARTBEAT_MS ?? Math.floor(e.WORKER_LEASE_MS / 3);
  if (heartbeatMs >= e.WORKER_LEASE_MS) {
    throw new ConfigError(
      'Invalid configuration:\n  WORKER_HEARTBEAT_MS must be shorter than WORKER_LEASE_MS (a third of it is a good choice)',
    );
  }
  if (e.SMTP_PASSWORD !== undefined && e.SMTP_USER === undefined) {
    throw new ConfigError('Invalid configuration:\n  SMTP_PASSWORD needs SMTP_USER');
  }
  return {
    databaseUrl: e.DATABASE_URL,
    trustProxy: e.TRUST_PROXY,
    dataDir: e.REFUNDRY_DATA_DIR,
    cliPassword: e.REFUNDRY_PASSWORD,
    stripeSecretKey: e.STRIPE_SECRET_KEY,
    stripeWebhookSecret: e.STRIPE_WEBHOOK_SECRET,
    stripeConnectWebhookSecret: e.STRIPE_CONNECT_WEBHOOK_SECRET,
    port: e.PORT,
    host: e.HOST,
    policy: {
      refundWindowDays: e.REFUND_WINDOW_DAYS,
      approvalThreshold: e.APPROVAL_THRESHOLD,
      blockedReasons: e.BLOCKED_REFUND_REASONS,
      connect: {
        reverseTransfer: e.CONNECT_REVERSE_TRANSFER,
        refundApplicationFee: e.CONNECT_REFUND_APPLICATION_FEE,
        approveUncovered: e.CONNECT_APPROVE_UNCOVERED,
      },
      allowSelfApproval: e.ALLOW_SELF_APPROVAL === 'true',
      fraudFlaggedRefunds: e.FRAUD_FLAGGED_REFUNDS,
    },
    auth: {
      publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
      sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
      sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
      loginMaxFailures: e.LOGIN_MAX_FAILURES,
      loginLockMinutes: e.LOGIN_LOCK_MINUTES,
      loginMaxFailuresPerClient: e.LOGIN_MAX_FAILURES_PER_CLIENT,
    },
    worker: {
      stripeRateLimit: e.STRIPE_RATE_LIMIT,
      stripeConcurrency: e.STRIPE_CONCURRENCY,
      concurrency: e.WORKER_CONCURRENCY,
      leaseMs: e.WORKER_LEASE_MS,
      heartbeatMs,
    },
    logLevel: e.LOG_LEVEL,
    metricsAccounts: e.METRICS_ACCOUNTS,
    stripeSync: {
      webhookToleranceSeconds: e.STRIPE_WEBHOOK_TOLERANCE_S,
      applyIntervalMs: e.EVENT_APPLY_INTERVAL_MS,
      pollAfterSeconds: e.POLL_AFTER_S,
      pollMaxIntervalSeconds: e.POLL_MAX_INTERVAL_S,
      pollIntervalMs: e.POLL_INTERVAL_MS,
      pollSucceededChecks: e.POLL_SUCCEEDED_CHECKS,
      pollSucceededAfterSeconds: e.POLL_SUCCEEDED_AFTER_S,
      backfillIntervalSeconds: e.BACKFILL_INTERVAL_S,
      backfillLookbackSeconds: e.BACKFILL_LOOKBACK_S,
      backfillOverlapSeconds: e.BACKFILL_OVERLAP_S,
    },
    notifications: {
      publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
      mail:
        e.SMTP_HOST !== undefined && e.SMTP_PORT !== undefined
          ? {
              kind: 'smtp',
              host: e.SMTP_HOST,
              port: e.SMTP_PORT,
              user: e.SMTP_USER,
              password: e.SMTP_PASSWORD,
              from: e.MAIL_FROM,
            }
          : { kind: 'dir', dir: e.MAIL_DIR ?? join(e.REFUNDRY_DATA_DIR, 'mail'), from: e.MAIL_FROM },
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    },
    reconcile: {
      at:
        e.RECONCILE_AT.toLowerCase() === 'off'
          ? null
          : {
              hour: Number(e.RECONCILE_AT.split(':')[0]),
              minute: Number(e.RECONCILE_AT.split(':')[1]),
            },
      windowDays: e.RECONCILE_WINDOW_DAYS,
    },
    stripeApiBase: e.STRIPE_API_BASE,
    stripeNotFoundTtlSeconds: e.STRIPE_NOT_FOUND_TTL_S,
    cliApiKey: e.REFUNDRY_API_KEY,
  };
}
