// The Stripe request budget, shared by every worker in every process through one rate_buckets
// row. Each request reserves a token in ONE atomic UPDATE (lazy refill from clock_timestamp());
// tokens may go negative, which is a reservation: the caller waits until its token has accrued.
// A 429 cuts the rate multiplicatively (once per second at most); it then recovers additively.
import type { Queryable } from '../db/db.ts';
import { batcher } from '../shared/batcher.ts';

export interface BudgetSettings {
  /** Requests/s to Stripe for all processes together (Stripe test mode allows 25, live 100). */
  maxRate: number;
  /** Burst size in tokens (default: a tenth of a second's worth, at least 1). */
  capacity?: number;
  /** Multiplier applied on a 429 (default 0.7). */
  cutFactor?: number;
  /** Lowest rate a cut may reach (default 1/s). */
  minRate?: number;
  /** Additive recovery, requests/s gained per second (default maxRate/20). */
  recoverPerSecond?: number;
  name?: string;
}

export interface RequestBudget {
  /** Waits until one request may be sent. */
  acquire(): Promise<void>;
  /**
   * Counts one request without waiting for it (a readiness probe must answer within its timeout):
   * the token is still drawn, so the others wait for it as for any request.
   */
  record(): Promise<void>;
  /** Stripe answered 429: everyone slows down. */
  rateLimited(): Promise<void>;
  currentRate(): Promise<number>;
}

export async function createRequestBudget(
  db: Queryable,
  settings: BudgetSettings,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<RequestBudget> {
  const name = settings.name ?? 'stripe';
  const capacity = settings.capacity ?? Math.max(1, settings.maxRate / 10);
  const cutFactor = settings.cutFactor ?? 0.7;
  const minRate = settings.minRate ?? 1;
  const recover = settings.recoverPerSecond ?? settings.maxRate / 20;
  await db.query(
    `INSERT INTO rate_buckets (name, rate, max_rate, capacity, tokens, updated_at)
     VALUES ($1, $2, $2, $3, $3, clock_timestamp())
     ON CONFLICT (name) DO UPDATE SET max_rate = EXCLUDED.max_rate, capacity = EXCLUDED.capacity,
       rate = LEAST(rate_buckets.rate, EXCLUDED.max_rate)`,
    [name, settings.maxRate, capacity],
  );
  // Requests that ask at once reserve their tokens together, in one UPDATE (as many statements
  // and commits as turns of the event loop, not as requests), each waiting as if it had asked alone:
  // the i-th of n reserved owns balance `tokens + (n - 1 - i)` after the group took n.
  const reserve = batcher(async (asks: null[]): Promise<number[]> => {
    const [row] = await db.query<{ tokens: number; rate: number }>(
      `UPDATE rate_buckets SET
         tokens = LEAST(capacity, tokens + rate * EXTRACT(EPOCH FROM (clock_timestamp() - updated_at))) - $3,
         rate = LEAST(max_rate, rate + $2 * EXTRACT(EPOCH FROM (clock_timestamp() - updated_at))),
         updated_at = clock_timestamp()
       WHERE name = $1
       RETURNING tokens, rate`,
      [name, recover, asks.length],
    );
    if (!row) throw new Error(`rate bucket ${name} is missing`);
    const tokens = Number(row.tokens);
    const rate = Number(row.rate);
    return asks.map((_, i) => {
      const balance = tokens + (asks.length - 1 - i);
      return balance < 0 ? (-balance / rate) * 1000 : 0;
    });
  });
  return {
    async acquire() {
      const waitMs = await reserve(null);
      if (waitMs > 0) await sleep(waitMs);
    },
    async record() {
      await reserve(null);
    },
    async rateLimited() {
      await db.query(
        `UPDATE rate_buckets SET rate = GREATEST($2, rate * $3), tokens = LEAST(tokens, 0), cut_at = clock_timestamp()
         WHERE name = $1 AND (cut_at IS NULL OR cut_at < clock_timestamp() - interval '1 second')`,
        [name, minRate, cutFactor],
      );
    },
    async currentRate() {
      const [row] = await db.query<{ rate: number }>('SELECT rate FROM rate_buckets WHERE name = $1', [name]);
      return Number(row?.rate ?? 0);
    },
  };
}

/**
 * What every caller of Stripe is handed by whoever owns the shared budget: a hook before each
 * request, and one for Stripe's 429. Optional: a test or a one-off caller runs without a budget.
 */
export interface BudgetHooks {
  /** Called before every Stripe request (the shared budget). */
  beforeRequest?: () => Promise<void>;
  /** Called when Stripe answered 429. */
  onRateLimited?: () => Promise<void>;
}
