// Running reconciliations: a run waits for the lease, streams Stripe's refunds for its window page
// by page, pairs each page with the local refunds in one query, lets the pure `classify` decide,
// heals what the normal path may heal (through applyStripeRefund, actor 'reconciliation') and
// stores the rest for a person. Memory is bounded by the page: Stripe ids seen go to a table and
// "sent here, absent at Stripe" is an anti-join at the end.
import type Stripe from 'stripe';
import { accountsAfter } from '../connect/accounts.ts';
import type { Db } from '../db/db.ts';
import { fieldsOf } from '../db/row-fields.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { RefundStatus } from '../refunds/refund-states.ts';
import type { Logger } from '../shared/logger.ts';
import { REFUNDRY_METADATA_KEY, type StripeGateway } from '../stripe/gateway.ts';
import { applyStripeRefund } from '../stripe-sync/apply-stripe-refund.ts';
import {
  classify,
  type DiscrepancyKind,
  type LocalSide,
  type PairKind,
  type StripeSide,
  type Verdict,
} from './classify.ts';
import { acquireLease, type Lease, LeaseWaitAborted } from './lease.ts';
import {
  addAccountCounts,
  beat,
  createRun,
  earlierResolution,
  failAbandonedRuns,
  finishRun,
  forgetSeen,
  getRun,
  insertDiscrepancies,
  knownPaymentIds,
  type LocalRefundRow,
  markRunning,
  type NewDiscrepancy,
  type Run,
  type RunAccount,
  saveProgress,
  seeAndLoadLocal,
  unseenLocalRefunds,
} from './runs.ts';

/** How a Stripe observation is applied: `applyStripeRefund` (replaceable in tests). */
export type ApplyStripeRefund = typeof applyStripeRefund;

export interface ReconcilerDeps {
  db: Db;
  gateway: StripeGateway;
  logger: Logger;
  applyStripeRefund?: ApplyStripeRefund | undefined;
  metrics?: Metrics | undefined;
  /** Called before each Stripe request (the shared request budget). */
  beforeStripeRequest?: (() => Promise<void>) | undefined;
  /** Lease lifetime without renewal (default 60 s); a crashed run's lease is taken over after it. */
  leaseMs?: number | undefined;
  /** How often a waiting run tries the lease again (default 1 s). */
  pollMs?: number | undefined;
}

export interface RunWindow {
  start: Date;
  /** Exclusive. */
  end: Date;
}

export interface Progress {
  runId: string;
  phase: 'waiting' | 'stripe' | 'local' | 'done';
  stripeRefunds: number;
  discrepancies: number;
  /** The account being listed ('platform' or acct_…) during the 'stripe' phase. */
  account?: string | undefined;
}

export interface StartOptions {
  window: RunWindow;
  triggeredBy: string;
  /** Scheduled runs: one run per key across all processes. */
  scheduleKey?: string | undefined;
  onProgress?: ((progress: Progress) => void) | undefined;
}

export interface StartedRun {
  run: Run;
  /** Resolves with the run as stored once it ended (completed, failed or canceled); never rejects. */
  done: Promise<Run>;
}

export interface Reconciler {
  /**
   * Records a run and works on it in the background; it waits while another run (in any process)
   * holds the lease. Undefined when the schedule key's run already exists.
   */
  start(options: StartOptions): Promise<StartedRun | undefined>;
  /** Cancels waiting runs, stops running ones after the current page, and waits for them. */
  stop(): Promise<void>;
}

const LOCAL_PAGE = 100;

export function createReconciler(deps: ReconcilerDeps): Reconciler {
  const leaseMs = deps.leaseMs ?? 60_000;
  const pollMs = deps.pollMs ?? 1_000;
  const active = new Set<Promise<Run>>();
  const controller = new AbortController();

  return {
    async start(options) {
      if (controller.signal.aborted) throw new Error('the reconciler is stopped');
      const run = await createRun(deps.db, {
        windowStart: options.window.start,
        windowEnd: options.window.end,
        triggeredBy: options.triggeredBy,
        scheduleKey: options.scheduleKey,
      });
      if (!run) return undefined;
      const done = execute(deps, run, options, { leaseMs, pollMs, signal: controller.signal });
      active.add(done);
      void done.finally(() => active.delete(done));
      return { run, done };
    },
    async stop() {
      controller.abort();
      await Promise.all([...active]);
    },
  };
}

interface ExecuteOptions {
  leaseMs: number;
  pollMs: number;
  signal: AbortSignal;
}

class Stopped extends Error {}

async function execute(
  deps: ReconcilerDeps,
  run: Run,
  options: StartOptions,
  ex: ExecuteOptions,
): Promise<Run> {
  const { db, logger } = deps;
  const log = logger.child({ runId: run.id });
  const progress: Progress = { runId: run.id, phase: 'waiting', stripeRefunds: 0, discrepancies: 0 };
  const report = () => options.onProgress?.({ ...progress });
  // The heartbeat shows the run is alive while it waits and works (a crashed one stops beating).
  const heartbeat = setInterval(() => void beat(db, run.id).catch(() => {}), Math.max(10, ex.leaseMs / 3));
  heartbeat.unref();
  let lease: Lease | undefined;
  try {
    let waiting = false;
    lease = await acquireLease(db, run.id, {
      leaseMs: ex.leaseMs,
      pollMs: ex.pollMs,
      signal: ex.signal,
      onWait: async () => {
        if (!waiting) report(); // another run holds the lease
        waiting = true;
        await failAbandonedRuns(db, ex.leaseMs * 2);
        return beat(db, run.id);
      },
    });
    // A run whose process died (no heartbeat) is marked failed even when nobody had to wait for it.
    await failAbandonedRuns(db, ex.leaseMs * 2);
    await markRunning(db, run.id);
    log.info({ window: options.window }, 'reconciliation started');
    const started = Date.now();
    const state = new RunState(deps, run.id, progress, log);
    const checkStop = () => {
      if (ex.signal.aborted) throw new Stopped('stopped before the end (shutting down)');
      if (!lease?.held()) throw new Error('lost the reconciliation lease (renewal failed for too long)');
    };

    progress.phase = 'stripe';
    report();
    // Stripe lists refunds per account: the platform's, then each connected account's Refundry
    // knows (a page of account ids at a time), each reported on its own.
    const listAccount = async (account: string | null) => {
      progress.account = account ?? 'platform';
      const pages = deps.gateway
        .listRefunds({ gte: options.window.start, lt: options.window.end }, account)
        [Symbol.asyncIterator]();
      try {
        const fetchPage = async () => {
          await deps.beforeStripeRequest?.();
          return pages.next();
        };
        let next = fetchPage();
        for (;;) {
          const page = await next;
          if (page.done) break;
          checkStop();
          // Read ahead: Stripe prepares the next page while this one is compared and stored.
          next = fetchPage();
          next.catch(() => {}); // handled when awaited; must not count as unhandled meanwhile
          await state.comparePage(page.value, account);
          report();
        }
      } finally {
        await pages.return?.();
      }
      await state.flushAccounts();
    };
    await listAccount(null);
    let afterAccount = '';
    for (;;) {
      const accounts = await accountsAfter(db, afterAccount, 100);
      for (const account of accounts) await listAccount(account);
      if (accounts.length < 100) break;
      afterAccount = accounts[accounts.length - 1]!;
    }
    progress.account = undefined;

    progress.phase = 'local';
    report();
    let after = '';
    for (;;) {
      checkStop();
      const batch = await unseenLocalRefunds(db, run.id, options.window, after, LOCAL_PAGE);
      if (batch.length === 0) break;
      after = batch[batch.length - 1]!.id;
      await state.compareUnseen(batch);
      await state.flushAccounts();
      report();
    }
    await state.save();
    await finishRun(db, run.id, 'completed');
    progress.phase = 'done';
    report();
    const seconds = (Date.now() - started) / 1000;
    log.info(
      { counts: state.counts, flagged: state.flagged, healed: state.healed, seconds },
      state.flagged > 0 ? 'reconciliation found discrepancies for a person' : 'reconciliation completed',
    );
  } catch (error) {
    const canceled = error instanceof Stopped || error instanceof LeaseWaitAborted;
    const message = error instanceof Error ? error.message : String(error);
    await finishRun(db, run.id, canceled ? 'canceled' : 'failed', message).catch(() => {});
    if (canceled) log.warn({ reason: message }, 'reconciliation canceled');
    else log.error({ err: error }, 'reconciliation failed');
  } finally {
    clearInterval(heartbeat);
    await forgetSeen(db, run.id).catch(() => {});
    await lease?.release().catch((err) => log.warn({ err }, 'could not release the reconciliation lease'));
  }
  return (await getRun(db, run.id))!;
}

/**
 * A run's counters and the per-page work. Nothing here grows with the number of refunds; the
 * per-account counts held are those of the account being listed (or of one batch of the final
 * check), written to the database after it.
 */
class RunState {
  readonly counts: Partial<Record<PairKind, number>> = {};
  private readonly perAccount = new Map<string, RunAccount>();
  flagged = 0;
  healed = 0;
  private savedAt = Date.now();
  private readonly log: Logger;
  private readonly deps: ReconcilerDeps;
  private readonly runId: string;
  private readonly progress: Progress;

  constructor(deps: ReconcilerDeps, runId: string, progress: Progress, log: Logger) {
    this.deps = deps;
    this.log = log;
    this.runId = runId;
    this.progress = progress;
  }

  /** Writes the per-account counts gathered since the last flush. */
  async flushAccounts(): Promise<void> {
    for (const delta of this.perAccount.values()) await addAccountCounts(this.deps.db, this.runId, delta);
    this.perAccount.clear();
  }

  private accountCounts(account: string | null): RunAccount {
    const key = account ?? 'platform';
    let entry = this.perAccount.get(key);
    if (!entry) {
      entry = { account: key, stripeRefunds: 0, counts: {} };
      this.perAccount.set(key, entry);
    }
    return entry;
  }

  async comparePage(refunds: Stripe.Refund[], account: string | null): Promise<void> {
    const { db } = this.deps;
    this.accountCounts(account).stripeRefunds += refunds.length;
    const stripeIds = refunds.map((r) => r.id);
    const refundryIds = refunds
      .map((r) => r.metadata?.[REFUNDRY_METADATA_KEY])
      .filter((id): id is string => !!id);
    const locals = await seeAndLoadLocal(db, this.runId, stripeIds, refundryIds);
    const byStripeId = new Map<string, LocalRefundRow>();
    const byId = new Map<string, LocalRefundRow>();
    for (const l of locals) {
      byId.set(l.id, l);
      if (l.stripe_refund_id) byStripeId.set(l.stripe_refund_id, l);
    }
    const pairs = refunds.map((refund) => {
      const meta = refund.metadata?.[REFUNDRY_METADATA_KEY];
      return { refund, local: byStripeId.get(refund.id) ?? (meta ? byId.get(meta) : undefined) };
    });
    const unmatchedPayments = pairs
      .filter((p) => !p.local)
      .flatMap((p) => [idOf(p.refund.payment_intent), idOf(p.refund.charge)])
      .filter((id): id is string => id !== null);
    const known = await knownPaymentIds(db, unmatchedPayments);
    const found: NewDiscrepancy[] = [];
    for (const { refund, local } of pairs) {
      const stripe = stripeSide(refund);
      const paymentKnown =
        (stripe.paymentIntentId !== null && known.has(stripe.paymentIntentId)) ||
        (stripe.chargeId !== null && known.has(stripe.chargeId));
      const localSide = local ? toLocalSide(local) : undefined;
      const verdict = classify({ stripe, local: localSide, paymentKnown });
      const d = await this.act(verdict, refund, stripe, localSide, account);
      if (d) found.push(d);
    }
    this.progress.stripeRefunds += refunds.length;
    await this.store(found);
  }

  /** Local refunds sent in the window whose Stripe id the listing did not return. */
  async compareUnseen(batch: LocalRefundRow[]): Promise<void> {
    const found: NewDiscrepancy[] = [];
    for (const row of batch) {
      const local = toLocalSide(row);
      // Confirm one by one (these are rare): the refund may exist at Stripe but have been created
      // just outside the window (sent_at and Stripe's created differ by the network round trip,
      // an external refund is recorded when learnt). Then it is compared like any other pair.
      await this.deps.beforeStripeRequest?.();
      const remote = await this.deps.gateway
        .retrieveRefund(row.stripe_refund_id!, row.stripe_account)
        .catch((error: unknown) => {
          if ((error as { code?: string }).code === 'resource_missing') return undefined;
          throw error;
        });
      const stripe = remote ? stripeSide(remote) : undefined;
      const verdict = classify({ stripe, local });
      const d = await this.act(verdict, remote, stripe, local, row.stripe_account);
      if (d) found.push(d);
    }
    await this.store(found);
  }

  async save(): Promise<void> {
    await saveProgress(this.deps.db, this.runId, {
      stripeRefunds: this.progress.stripeRefunds,
      counts: this.counts,
      flagged: this.flagged,
      healed: this.healed,
    });
  }

  private async store(found: NewDiscrepancy[]): Promise<void> {
    await insertDiscrepancies(this.deps.db, this.runId, found);
    for (const d of found) this.deps.metrics?.reconciliationDiscrepancies.inc({ kind: d.kind });
    this.progress.discrepancies += found.length;
    // Progress is readable while the run works, refreshed at most once a second (and at the end).
    if (Date.now() - this.savedAt >= 1_000) {
      this.savedAt = Date.now();
      await this.save();
    }
  }

  private count(kind: PairKind, account: string | null): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    const a = this.accountCounts(account).counts;
    a[kind] = (a[kind] ?? 0) + 1;
  }

  /** Carries out a verdict; returns the discrepancy to store, if any. */
  private async act(
    verdict: Verdict,
    refund: Stripe.Refund | undefined,
    stripe: StripeSide | undefined,
    local: LocalSide | undefined,
    account: string | null,
  ): Promise<NewDiscrepancy | undefined> {
    const base = {
      refundId: local?.id ?? null,
      stripeRefundId: stripe?.id ?? local?.stripeRefundId ?? null,
      paymentId: local?.paymentId ?? null,
      account,
      stripeValues: stripe && refund ? stripeValues(refund) : null,
      localValues: local ? localValues(local) : null,
    };
    if (verdict.action === 'none') {
      this.count(verdict.kind, account);
      return undefined;
    }
    if (verdict.action === 'flag') return this.flag(verdict.kind, verdict.detail, base);
    const outcome = await this.apply(refund!);
    if (verdict.action === 'record_and_flag') {
      const recorded =
        outcome.kind === 'external_recorded'
          ? ` Recorded as external refund ${outcome.refundId}, so the refundable amount counts it.`
          : '';
      return this.flag(verdict.kind, verdict.detail + recorded, base);
    }
    const kind: DiscrepancyKind = verdict.kind === 'matched' ? 'status_mismatch' : verdict.kind;
    const healedBase = { ...base, refundId: base.refundId ?? outcome.refundId ?? null };
    switch (outcome.kind) {
      case 'applied':
      case 'noop':
        if (verdict.kind === 'matched') {
          this.count('matched', account); // only the Stripe id was stored
          return undefined;
        }
        return this.heal(
          kind,
          outcome.kind === 'applied'
            ? `Adopted Stripe's status: ${outcome.from ?? local?.status} → ${outcome.to ?? stripe?.status}.`
            : `Already in step with Stripe when healed (${outcome.from ?? stripe?.status}).`,
          healedBase,
        );
      case 'external_recorded':
        return this.heal(
          'missing_here',
          `Recorded Stripe refund ${stripe?.id} as external refund ${outcome.refundId ?? '(unknown id)'} on its payment.`,
          { ...healedBase, paymentId: await this.paymentOf(outcome.refundId) },
        );
      case 'unknown_payment':
        return this.flag(
          'unknown_payment',
          `Stripe refund ${stripe?.id} is on ${stripe?.paymentIntentId ?? stripe?.chargeId}, a payment Refundry does not know.`,
          base,
        );
      default:
        return this.flag(
          kind,
          `Stripe says ${stripe?.status}, refund ${local?.id ?? outcome.refundId} is ${outcome.from ?? local?.status}; not adopted (${outcome.kind}).`,
          healedBase,
        );
    }
  }

  /** Healing goes through the same path webhooks use, in its own transaction. */
  private apply(refund: Stripe.Refund) {
    return this.deps.db.transaction((tx) =>
      (this.deps.applyStripeRefund ?? applyStripeRefund)(tx, refund, {
        actor: 'reconciliation',
        observedAt: new Date(),
      }),
    );
  }

  private heal(kind: DiscrepancyKind, detail: string, base: DiscrepancyBase): NewDiscrepancy {
    this.count(kind, base.account);
    this.healed++;
    this.log.info({ refundId: base.refundId, stripeRefundId: base.stripeRefundId, kind }, detail);
    return { ...base, kind, action: 'healed', detail, resolvedBy: 'reconciliation', resolutionNote: detail };
  }

  private async flag(kind: DiscrepancyKind, detail: string, base: DiscrepancyBase): Promise<NewDiscrepancy> {
    this.count(kind, base.account);
    const d: NewDiscrepancy = { ...base, kind, action: 'flagged', detail };
    // The same discrepancy, already resolved by a person in an earlier run: not asked again.
    const earlier = await earlierResolution(this.deps.db, d);
    if (earlier) {
      d.resolvedBy = earlier.resolvedBy;
      d.resolutionNote = `Resolved earlier (${earlier.id}).`;
    } else {
      this.flagged++;
      this.log.warn({ refundId: base.refundId, stripeRefundId: base.stripeRefundId, kind }, detail);
    }
    return d;
  }

  private async paymentOf(refundId: string | undefined): Promise<string | null> {
    if (!refundId) return null;
    const [row] = await this.deps.db.query<{ payment_id: string }>(
      'SELECT payment_id FROM refunds WHERE id = $1',
      [refundId],
    );
    return row?.payment_id ?? null;
  }
}

type DiscrepancyBase = Pick<
  NewDiscrepancy,
  'refundId' | 'stripeRefundId' | 'paymentId' | 'account' | 'stripeValues' | 'localValues'
>;

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

function stripeSide(r: Stripe.Refund): StripeSide {
  return {
    id: r.id,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    paymentIntentId: idOf(r.payment_intent),
    chargeId: idOf(r.charge),
    refundryRefundId: r.metadata?.[REFUNDRY_METADATA_KEY] ?? null,
    sourceTransferReversal: idOf(r.source_transfer_reversal),
  };
}

function toLocalSide(r: LocalRefundRow): LocalSide {
  return {
    ...fieldsOf(r, 'id', 'payment_id', 'amount', 'currency'),
    status: r.status as RefundStatus,
    ...fieldsOf(r, 'origin', 'stripe_refund_id'),
  };
}

function stripeValues(r: Stripe.Refund): Record<string, unknown> {
  return {
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    payment_intent: idOf(r.payment_intent),
    charge: idOf(r.charge),
    created: new Date(r.created * 1000).toISOString(),
  };
}

function localValues(l: LocalSide): Record<string, unknown> {
  return { amount: l.amount, currency: l.currency, status: l.status, origin: l.origin };
}
