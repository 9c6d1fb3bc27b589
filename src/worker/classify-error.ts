// Sorts what went wrong when sending a refund into what the worker does next. Pure: no I/O.

export type ErrorClass =
  | { kind: 'retry'; rateLimited: boolean; code: string | null; message: string }
  | { kind: 'permanent'; code: string; message: string }
  | { kind: 'auth'; code: string | null; message: string };

interface ErrorLike {
  type?: string;
  rawType?: string;
  code?: string;
  statusCode?: number;
  message?: string;
}

/**
 * Rate limits, 5xx, 409 (idempotency key in use), lock timeouts, timeouts and lost connections are
 * retried: the idempotency key makes a resend safe. 401/403 pause sending for everyone (a bad key
 * would otherwise fail every refund). Other 4xx are Stripe refusing this refund: permanent.
 * Anything unrecognised (a bug, a non-Stripe error) is retried rather than failing money movement.
 */
export function classifyStripeError(error: unknown): ErrorClass {
  const e = (error ?? {}) as ErrorLike;
  const message = e.message ?? String(error);
  const code = e.code ?? null;
  const status = e.statusCode;
  const type = e.type ?? '';
  if (
    status === 401 ||
    status === 403 ||
    type === 'StripeAuthenticationError' ||
    type === 'StripePermissionError'
  ) {
    return { kind: 'auth', code, message };
  }
  if (status === 429 || code === 'rate_limit' || type === 'StripeRateLimitError') {
    return { kind: 'retry', rateLimited: code !== 'lock_timeout', code, message };
  }
  if (code === 'lock_timeout' || code === 'idempotency_key_in_use' || status === 409) {
    return { kind: 'retry', rateLimited: false, code, message };
  }
  if (status !== undefined && status >= 500) return { kind: 'retry', rateLimited: false, code, message };
  if (type === 'StripeConnectionError' || type === 'StripeAPIError' || status === undefined) {
    return { kind: 'retry', rateLimited: false, code, message };
  }
  if (status >= 400 && status < 500) {
    return { kind: 'permanent', code: code ?? e.rawType ?? `http_${status}`, message };
  }
  return { kind: 'retry', rateLimited: false, code, message };
}

/** Exponential backoff with full jitter: uniform in [0, min(cap, base·2^(attempt-1))]. */
export function backoffMs(
  attempt: number,
  options: { baseMs?: number; capMs?: number; random?: () => number } = {},
): number {
  const base = options.baseMs ?? 500;
  const cap = options.capMs ?? 60_000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.floor(random() * ceiling);
}
