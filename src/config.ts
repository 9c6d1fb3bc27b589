// Refundry's configuration, read from the environment once at start-up and validated, so a typo
// fails loudly with the variable's name instead of surfacing later as odd behaviour.
import { z } from 'zod';

export interface PolicySettings {
  /** Days after capture during which a refund may be requested. */
  refundWindowDays: number;
  /** Refunds above this amount (minor units) wait for someone with refunds:approve. */
  approvalThreshold: number;
}

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  stripeSecretKey: string | undefined;
  stripeWebhookSecret: string | undefined;
  port: number;
  host: string;
  policy: PolicySettings;
  worker: {
    /** Stripe write requests per second shared by all workers. */
    stripeRateLimit: number;
    /** Concurrent Stripe requests across all workers. */
    stripeConcurrency: number;
    /** Worker loops in this process. */
    concurrency: number;
  };
  logLevel: string;
}

const int = (min: number) => z.coerce.number().int(`must be an integer`).min(min, `must be at least ${min}`);
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const schema = z.object({
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'must be a postgres:// or postgresql:// URL',
  }),
  REFUNDRY_DATA_DIR: z.string().min(1).default('./.refundry'),
  STRIPE_SECRET_KEY: optionalText.refine((v) => v === undefined || /^(sk|rk)_(test|live)_/.test(v), {
    message: 'must be a Stripe secret key (sk_test_…, sk_live_…, rk_…)',
  }),
  STRIPE_WEBHOOK_SECRET: optionalText.refine((v) => v === undefined || v.startsWith('whsec_'), {
    message: 'must start with whsec_',
  }),
  PORT: int(0).max(65535, 'must be at most 65535').default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  REFUND_WINDOW_DAYS: int(0).default(90),
  APPROVAL_THRESHOLD: int(1).default(50_000),
  STRIPE_RATE_LIMIT: int(1).default(25),
  STRIPE_CONCURRENCY: int(1).default(10),
  WORKER_CONCURRENCY: int(1).default(4),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export class ConfigError extends Error {}

/** Validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.REFUNDRY_DATA_DIR,
    stripeSecretKey: e.STRIPE_SECRET_KEY,
    stripeWebhookSecret: e.STRIPE_WEBHOOK_SECRET,
    port: e.PORT,
    host: e.HOST,
    policy: { refundWindowDays: e.REFUND_WINDOW_DAYS, approvalThreshold: e.APPROVAL_THRESHOLD },
    worker: {
      stripeRateLimit: e.STRIPE_RATE_LIMIT,
      stripeConcurrency: e.STRIPE_CONCURRENCY,
      concurrency: e.WORKER_CONCURRENCY,
    },
    logLevel: e.LOG_LEVEL,
  };
}
