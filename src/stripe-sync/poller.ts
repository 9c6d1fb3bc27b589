// The polling fallback: refunds still pending / requires_action with no news from Stripe for a
// while are fetched (GET /v1/refunds/:id) and the answer applied like any other observation, with
// exponential backoff per refund until final. Succeeded refunds get a few late checks with a long
// backoff (a card refund can fail days later; webhooks and backfill remain the main path).
//
// The schedule lives on the refund row (next_poll_at, poll_attempts; the trigger in migration 003
// restarts it on every status change). Claiming moves next_poll_at forward by a lease under
// FOR UPDATE SKIP LOCKED, so several processes share the work and a crashed poller's refunds come
// back when the lease runs out.
import type Stripe from 'stripe';
import type { Db } from '../db/db.ts';
import type { Logger } from '../shared/logger.ts';
import { startPollingLoop } from '../shared/polling-loop.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import type { BudgetHooks } from '../stripe/request-budget.ts';
import { classifyStripeError } from '../worker/classify-error.ts';
import { applyStripeRefund } from './apply-stripe-refund.ts';

export interface PollSettings {
  /** No news for this long → fetch (ms); also the first backoff step. */
  afterMs: number;
  /** Cap of the backoff (ms). */
  maxIntervalMs: number;
  /** Late checks of a succeeded refund (0 = none). */
  succeededChecks: number;
  succeededAfterMs: number;
  /** How long a claimed refund is held before another poller may take it (ms). */
  leaseMs?: number;
}

export interface ClaimedPoll {
  id: string;
  stripeRefundId: string;
  status: string;
  pollAttempts: number;
  /** The connected account the refund lives on (a direct charge's); null: the platform. */
  stripeAccount?: string | null;
}

/** Claims refunds due for a poll. Rows due but heard from recently are only pushed back. */
export async function claimDuePolls(db: Db, settings: PollSettings, limit: number): Promise<ClaimedPoll[]> {
  const rows = await db.query<{
    id: string;
    stripe_refund_id: string;
    status: string;
    poll_attempts: number;
    poll: boolean;
    stripe_account: string | null;
  }>(
    `WITH due AS (
       SELECT id FROM refunds
       WHERE next_poll_at IS NOT NULL AND next_poll_at <= clock_timestamp()
       ORDER BY next_poll_at LIMIT $1
       FOR UPDATE SKIP LOCKED
     ), decided AS (
       SELECT r.id,
         (r.stripe_refund_id IS NOT NULL
           AND r.status IN ('pending', 'requires_action', 'succeeded')
           AND NOT (r.status = 'succeeded' AND r.poll_attempts >= $2::int)) AS pollable,
         COALESCE(r.last_news_at, r.updated_at)
           + (CASE WHEN r.status = 'succeeded' THEN $3::float8 ELSE $4::float8 END) * interval '1 millisecond' AS quiet_until
       FROM refunds r JOIN due ON due.id = r.id
     )
     UPDATE refunds r SET next_poll_at = CASE
         WHEN NOT d.pollable THEN NULL
         WHEN d.quiet_until > clock_timestamp() THEN d.quiet_until
         ELSE clock_timestamp() + $5::float8 * interval '1 millisecond' END
     FROM decided d
     WHERE r.id = d.id
     RETURNING r.id, r.stripe_refund_id, r.status, r.poll_attempts,
       (d.pollable AND d.quiet_until <= clock_timestamp()) AS poll,
       (SELECT p.stripe_account FROM payments p WHERE p.id = r.payment_id) AS stripe_account`,
    [
      limit,
      settings.succeededChecks,
      settings.succeededAfterMs,
      settings.afterMs,
      settings.leaseMs ?? 60_000,
    ],
  );
  return rows
    .filter((r) => r.poll)
    .map((r) => ({
      id: r.id,
      stripeRefundId: r.stripe_refund_id,
      status: r.status,
      pollAttempts: r.poll_attempts,
      stripeAccount: r.stripe_account,
    }));
}

/** Backoff before the next poll: base × 2^attempts, capped, ±10 % jitter so polls spread out. */
export function pollDelayMs(
  settings: PollSettings,
  status: string,
  attemptsDone: number,
  random = Math.random,
): number {
  const base = status === 'succeeded' ? settings.succeededAfterMs : settings.afterMs;
  const raw = Math.min(settings.maxIntervalMs, base * 2 ** Math.min(30, attemptsDone));
  const cap = Math.max(raw, status === 'succeeded' ? base : 0);
  return Math.round(cap * (0.9 + 0.2 * random()));
}

export interface PollDeps extends BudgetHooks {
  db: Db;
  gateway: StripeGateway;
  logger: Logger;
  settings: PollSettings;
  now?: () => Date;
}

export type PollResult = { kind: string; refundId: string };

/** Fetches one claimed refund from Stripe and applies what Stripe says; reschedules the next poll. */
export async function pollRefund(deps: PollDeps, claimed: ClaimedPoll): Promise<PollResult> {
  const now = deps.now ?? (() => new Date());
  let fetched: Stripe.Refund;
  const observedAt = now();
  try {
    await deps.beforeRequest?.();
    fetched = await deps.gateway.retrieveRefund(claimed.stripeRefundId, claimed.stripeAccount ?? null);
  } catch (error) {
    const verdict = classifyStripeError(error);
    if (verdict.kind === 'retry' && verdict.rateLimited) await deps.onRateLimited?.();
    deps.logger.warn({ refundId: claimed.id, code: verdict.code }, 'polling a refund at Stripe failed');
    await reschedule(deps, claimed, claimed.status);
    return { kind: 'error', refundId: claimed.id };
  }
  const outcome = await deps.db.transaction(async (tx) => {
    const applied = await applyStripeRefund(tx, fetched, { actor: 'poller', observedAt });
    // A status change restarted the schedule (trigger); otherwise back off.
    if (applied.kind !== 'applied') {
      const [row] = await tx.query<{ status: string }>('SELECT status FROM refunds WHERE id = $1', [
        claimed.id,
      ]);
      await rescheduleIn(tx, claimed, row?.status ?? claimed.status, deps.settings);
    }
    return applied;
  });
  if (outcome.kind === 'applied') {
    deps.logger.info(
      { refundId: claimed.id, from: outcome.from, to: outcome.to },
      'poller learnt a refund status',
    );
  }
  return { kind: outcome.kind, refundId: claimed.id };
}

async function reschedule(deps: PollDeps, claimed: ClaimedPoll, status: string) {
  await rescheduleIn(deps.db, claimed, status, deps.settings);
}

async function rescheduleIn(
  db: Pick<Db, 'query'>,
  claimed: ClaimedPoll,
  status: string,
  settings: PollSettings,
): Promise<void> {
  const attempts = claimed.pollAttempts + 1;
  const final = !['pending', 'requires_action', 'succeeded'].includes(status);
  await db.query(
    `UPDATE refunds SET poll_attempts = $2,
       next_poll_at = CASE WHEN $3::boolean THEN NULL ELSE clock_timestamp() + $4::float8 * interval '1 millisecond' END
     WHERE id = $1 AND status = $5`,
    [claimed.id, attempts, final, pollDelayMs(settings, status, attempts - 1), status],
  );
}

export interface Poller {
  stop(): Promise<void>;
  /** Runs one round now (tests); resolves with what each poll did. */
  runOnce(): Promise<PollResult[]>;
}

/** Every `intervalMs`, claims due refunds and polls them, `concurrency` at a time. */
export function startPoller(deps: PollDeps & { intervalMs: number; concurrency?: number }): Poller {
  const concurrency = deps.concurrency ?? 4;
  const round = async (): Promise<PollResult[]> => {
    const results: PollResult[] = [];
    for (;;) {
      const claimed = await claimDuePolls(deps.db, deps.settings, concurrency * 4);
      if (claimed.length === 0) return results;
      for (let i = 0; i < claimed.length && !loop.stopping; i += concurrency) {
        results.push(
          ...(await Promise.all(claimed.slice(i, i + concurrency).map((c) => pollRefund(deps, c)))),
        );
      }
      if (loop.stopping) return results;
    }
  };
  let current: Promise<unknown> = Promise.resolve();
  const loop = startPollingLoop({
    pass: async () => {
      current = round();
      await current;
      return false;
    },
    intervalMs: deps.intervalMs,
    onError: (error) => deps.logger.error({ err: error }, 'poller error'),
  });
  return {
    async runOnce() {
      await current.catch(() => {});
      return round();
    },
    stop: () => loop.stop(),
  };
}
