// Fault injection for the sandbox: latency, 500s before the write, 500s and dropped connections
// after the write committed (the classic lost response), 429s from a token bucket, and webhook
// faults (drop, duplicate, delay, reorder). Shares are drawn from a seedable PRNG so that tests
// are deterministic. Set at start (SandboxOptions.faults / CLI flags) and at run time through
// `GET/POST /_sandbox/faults` (no Stripe key needed unless the sandbox pins one with --api-key).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomToken } from '../../shared/ids.ts';
import { isApiPath, routePath } from '../http/http.ts';
import { type Random, seededRandom } from './prng.ts';
import { createTokenBucket, type TokenBucket } from './token-bucket.ts';

export interface FaultConfig {
  seed: number;
  /** Added before every /v1 request, uniform in [min, max] ms (equal values = fixed latency). */
  latencyMinMs: number;
  latencyMaxMs: number;
  /** Share of POST /v1 requests answered 500 api_error before anything runs (nothing stored). */
  errorBeforeShare: number;
  /** Share of committed POST /v1 writes whose response is replaced by a 500 (the write stays). */
  errorAfterShare: number;
  /** Share of committed POST /v1 writes whose connection is destroyed instead of answered. */
  dropAfterShare: number;
  /** Requests per second allowed on /v1 (token bucket, burst = rate); 0 = unlimited. */
  rateLimit: number;
  webhookDropShare: number;
  webhookDuplicateShare: number;
  /** How many times a duplicated delivery is sent in all. */
  webhookDuplicateCount: number;
  webhookDelayMinMs: number;
  webhookDelayMaxMs: number;
  /** Share of deliveries held back so that the next delivery to the same endpoint overtakes them. */
  webhookReorderShare: number;
}

export const DEFAULT_FAULTS: FaultConfig = Object.freeze({
  seed: 1,
  latencyMinMs: 0,
  latencyMaxMs: 0,
  errorBeforeShare: 0,
  errorAfterShare: 0,
  dropAfterShare: 0,
  rateLimit: 0,
  webhookDropShare: 0,
  webhookDuplicateShare: 0,
  webhookDuplicateCount: 2,
  webhookDelayMinMs: 0,
  webhookDelayMaxMs: 0,
  webhookReorderShare: 0,
});

export type FaultInput = Partial<Record<keyof FaultConfig | 'latencyMs' | 'webhookDelayMs', unknown>>;

export class FaultConfigError extends Error {
  readonly param: string;
  constructor(param: string, message: string) {
    super(message);
    this.param = param;
  }
}

const SHARES = [
  'errorBeforeShare',
  'errorAfterShare',
  'dropAfterShare',
  'webhookDropShare',
  'webhookDuplicateShare',
  'webhookReorderShare',
] as const;
const NON_NEGATIVE = [
  'seed',
  'latencyMinMs',
  'latencyMaxMs',
  'rateLimit',
  'webhookDuplicateCount',
  'webhookDelayMinMs',
  'webhookDelayMaxMs',
] as const;

function toNumber(param: string, value: unknown): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n)) throw new FaultConfigError(param, `Invalid number for ${param}: ${String(value)}`);
  return n;
}

/** A range given as `5`, `"5"`, `"5..20"` or `[5, 20]`. */
function toRange(param: string, value: unknown): [number, number] {
  if (Array.isArray(value) && value.length === 2)
    return [toNumber(param, value[0]), toNumber(param, value[1])];
  if (typeof value === 'string' && value.includes('..')) {
    const [a, b] = value.split('..');
    return [toNumber(param, a), toNumber(param, b)];
  }
  const n = toNumber(param, value);
  return [n, n];
}

/** Merges `input` into `base`, validating every field; unknown fields are refused. */
export function mergeFaults(base: FaultConfig, input: FaultInput): FaultConfig {
  const next: FaultConfig = { ...base };
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (key === 'latencyMs') {
      [next.latencyMinMs, next.latencyMaxMs] = toRange(key, value);
    } else if (key === 'webhookDelayMs') {
      [next.webhookDelayMinMs, next.webhookDelayMaxMs] = toRange(key, value);
    } else if ((SHARES as readonly string[]).includes(key)) {
      const n = toNumber(key, value);
      if (n < 0 || n > 1) throw new FaultConfigError(key, `${key} must be a share between 0 and 1.`);
      next[key as (typeof SHARES)[number]] = n;
    } else if ((NON_NEGATIVE as readonly string[]).includes(key)) {
      const n = toNumber(key, value);
      if (n < 0) throw new FaultConfigError(key, `${key} must not be negative.`);
      next[key as (typeof NON_NEGATIVE)[number]] = n;
    } else {
      throw new FaultConfigError(key, `Unknown fault setting: ${key}`);
    }
  }
  for (const [min, max] of [
    ['latencyMinMs', 'latencyMaxMs'],
    ['webhookDelayMinMs', 'webhookDelayMaxMs'],
  ] as const) {
    if (next[min] > next[max]) throw new FaultConfigError(min, `${min} must not exceed ${max}.`);
  }
  if (next.webhookDuplicateCount < 1) next.webhookDuplicateCount = 1;
  return next;
}

export interface WebhookFaultPlan {
  /** 0 = dropped; otherwise how many copies to send. */
  copies: number;
  delayMs: number;
  reorder: boolean;
}

/** The live fault settings plus the PRNG and bucket they draw from. */
export interface FaultController {
  readonly config: FaultConfig;
  set(input: FaultInput): FaultConfig;
  reset(): FaultConfig;
  /** Draws true with probability `share` (never draws when share is 0, to keep sequences stable). */
  chance(share: number): boolean;
  latencyMs(): number;
  takeRateToken(): boolean;
  webhookPlan(): WebhookFaultPlan;
}

export function createFaultController(initial: FaultInput = {}): FaultController {
  let config = mergeFaults(DEFAULT_FAULTS, initial);
  let random: Random = seededRandom(config.seed);
  let bucket: TokenBucket | null = null;
  const apply = (next: FaultConfig, reseed: boolean) => {
    if (reseed || next.seed !== config.seed) random = seededRandom(next.seed);
    if (next.rateLimit !== config.rateLimit || bucket === null)
      bucket = next.rateLimit > 0 ? createTokenBucket(next.rateLimit) : null;
    config = next;
    return config;
  };
  apply(config, true);
  const between = (min: number, max: number) => (max <= min ? min : min + random() * (max - min));
  const chance = (share: number) => share > 0 && (share >= 1 || random() < share);
  return {
    get config() {
      return config;
    },
    set(input) {
      return apply(mergeFaults(config, input), 'seed' in input);
    },
    reset() {
      return apply({ ...DEFAULT_FAULTS }, true);
    },
    chance,
    latencyMs: () => between(config.latencyMinMs, config.latencyMaxMs),
    takeRateToken: () => bucket === null || bucket.take(),
    webhookPlan() {
      if (chance(config.webhookDropShare)) return { copies: 0, delayMs: 0, reorder: false };
      const copies = chance(config.webhookDuplicateShare) ? config.webhookDuplicateCount : 1;
      return {
        copies,
        delayMs: between(config.webhookDelayMinMs, config.webhookDelayMaxMs),
        reorder: chance(config.webhookReorderShare),
      };
    },
  };
}

// One controller per sandbox, shared by the HTTP hooks here and the webhook dispatcher, whichever
// registers first creates it (from `sandbox.options.faults` when present).
const controllers = new WeakMap<object, FaultController>();

interface FaultHost {
  options?: { faults?: FaultInput; rateLimit?: number } | undefined;
}

export function faultsFor(sandbox: object): FaultController {
  let controller = controllers.get(sandbox);
  if (!controller) {
    const options = (sandbox as FaultHost).options;
    // `rateLimit` is also a top-level SandboxOptions field (the CLI's --rate-limit).
    const rate = options?.rateLimit ? { rateLimit: options.rateLimit } : {};
    controller = createFaultController({ ...rate, ...options?.faults });
    controllers.set(sandbox, controller);
  }
  return controller;
}

function stripeError(reply: FastifyReply, status: number, error: Record<string, unknown>) {
  if (!reply.hasHeader('request-id')) reply.header('Request-Id', `req_${randomToken(14)}`);
  return reply
    .code(status)
    .type('application/json')
    .send({ error: { ...error, request_log_url: null } });
}

const isApi = (request: FastifyRequest) => isApiPath(routePath(request));
const isWrite = (request: FastifyRequest) => request.method === 'POST' && isApi(request);

/** Adds the fault hooks and the `/_sandbox/faults` control routes to the sandbox's Fastify app. */
export function registerFaults(app: FastifyInstance, sandbox: object): FaultController {
  const faults = faultsFor(sandbox);

  // Callback-style hooks, not async ones: they run on every request, and an async hook costs a
  // promise and a turn of the microtask queue each time even when no fault is configured.
  const refuseOrPass = (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (!faults.takeRateToken()) {
      reply.header('Stripe-Rate-Limited-Reason', 'global-rate');
      stripeError(reply, 429, {
        type: 'invalid_request_error',
        code: 'rate_limit',
        message:
          'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
        doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
      });
      return;
    }
    if (isWrite(request) && faults.chance(faults.config.errorBeforeShare)) {
      stripeError(reply, 500, {
        type: 'api_error',
        message: 'An unknown error occurred (injected by the sandbox before the write).',
      });
      return;
    }
    done();
  };
  app.addHook('onRequest', (request, reply, done) => {
    if (!isApi(request)) return done();
    const delay = faults.latencyMs();
    if (delay > 0) setTimeout(() => refuseOrPass(request, reply, done), delay);
    else refuseOrPass(request, reply, done);
  });

  // After the handler ran (and the idempotency layer stored the real result): replace the answer
  // with a 500 or drop the connection. Replays are not faulted, so a retry with the same key
  // returns the stored result, which is exactly what the classic lost-response scenario needs.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!isWrite(request) || reply.statusCode >= 300) return done(null, payload);
    if (reply.hasHeader('idempotent-replayed')) return done(null, payload);
    if (faults.chance(faults.config.dropAfterShare)) {
      request.raw.socket?.destroy();
      return done(null, payload);
    }
    if (faults.chance(faults.config.errorAfterShare)) {
      reply.code(500).type('application/json');
      reply.header('Stripe-Should-Retry', 'true');
      return done(
        null,
        JSON.stringify({
          error: {
            type: 'api_error',
            message: 'An unknown error occurred (injected by the sandbox after the write committed).',
            request_log_url: null,
          },
        }),
      );
    }
    done(null, payload);
  });

  app.get('/_sandbox/faults', async () => faults.config);
  app.post('/_sandbox/faults', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      if (body.reset === true || body.reset === 'true') {
        const { reset: _, ...rest } = body;
        faults.reset();
        return faults.set(rest as FaultInput);
      }
      return faults.set(body as FaultInput);
    } catch (error) {
      if (!(error instanceof FaultConfigError)) throw error;
      return reply.code(400).send({
        error: {
          type: 'invalid_request_error',
          code: 'parameter_invalid',
          param: error.param,
          message: error.message,
        },
      });
    }
  });
  return faults;
}

/**
 * Command-line flags for faults, for `refundry sandbox` (spread into its parseArgs options), and
 * their translation into SandboxOptions.faults. Values are validated by mergeFaults at start.
 */
export const FAULT_FLAGS = {
  'latency-ms': { type: 'string' },
  'error-before': { type: 'string' },
  'error-after': { type: 'string' },
  'drop-after': { type: 'string' },
  'webhook-drop': { type: 'string' },
  'webhook-duplicate': { type: 'string' },
  'webhook-delay-ms': { type: 'string' },
  'webhook-reorder': { type: 'string' },
  'fault-seed': { type: 'string' },
} as const;

export const FAULT_FLAGS_USAGE = `  --latency-ms MS|MIN..MAX   added latency on /v1 requests
  --error-before SHARE       share of POSTs answered 500 before the write (0..1)
  --error-after SHARE        share of committed writes answered 500 (the write stays)
  --drop-after SHARE         share of committed writes whose connection is dropped
  --webhook-drop SHARE       share of webhook deliveries lost
  --webhook-duplicate SHARE  share of webhook deliveries sent twice
  --webhook-delay-ms MS|MIN..MAX  delay before webhook deliveries
  --webhook-reorder SHARE    share of webhook deliveries overtaken by the next one
  --fault-seed N             seed of the fault PRNG (default 1)`;

const FLAG_KEYS: Record<keyof typeof FAULT_FLAGS, keyof FaultInput> = {
  'latency-ms': 'latencyMs',
  'error-before': 'errorBeforeShare',
  'error-after': 'errorAfterShare',
  'drop-after': 'dropAfterShare',
  'webhook-drop': 'webhookDropShare',
  'webhook-duplicate': 'webhookDuplicateShare',
  'webhook-delay-ms': 'webhookDelayMs',
  'webhook-reorder': 'webhookReorderShare',
  'fault-seed': 'seed',
};

/** Parsed flag values → FaultInput; throws FaultConfigError (param = the flag) on a bad value. */
export function faultsFromFlags(values: Record<string, unknown>): FaultInput {
  const input: FaultInput = {};
  for (const [flag, key] of Object.entries(FLAG_KEYS)) {
    if (values[flag] !== undefined) input[key] = values[flag];
  }
  try {
    mergeFaults(DEFAULT_FAULTS, input);
  } catch (error) {
    if (!(error instanceof FaultConfigError)) throw error;
    const flag = Object.entries(FLAG_KEYS).find(([, k]) => k === error.param)?.[0] ?? error.param;
    throw new FaultConfigError(`--${flag}`, error.message);
  }
  return input;
}
