// The one place a bulk row becomes an outcome, shared by the CLI import and the API's batch worker.
// A real run asks requestRefund (the same policy, payment row lock and rejection record as the
// API); a dry run asks the pure policy, counting what earlier rows of the same file would already
// have committed against each payment, and writes nothing.

import type { PolicySettings } from '../config.ts';
import type { Db, Queryable } from '../db/db.ts';
import { ApiError } from '../http/http-error.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Payment } from '../payments/payments.ts';
import type { Violation } from '../policy/policy.ts';
import { loadDecision } from '../refunds/decide.ts';
import { isRefundReason, REFUND_REASONS_TEXT } from '../refunds/reasons.ts';
import { requestRefund, resolvePayment } from '../refunds/request-refund.ts';
import { formatMoney, minorUnitDigits, parseMajorAmount } from '../shared/money.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import { ambiguousForCurrency, type BulkRow, parseAmountText, parseFlagText } from './bulk-rows.ts';

export const BULK_KEY_METADATA = 'refundry_bulk_key';

export const ROW_OUTCOMES = [
  'accepted',
  'needs_approval',
  'rejected',
  'already_imported',
  'error',
  'would_accept',
  'would_need_approval',
  'would_reject',
] as const;
export type RowOutcomeKind = (typeof ROW_OUTCOMES)[number];

/** Outcomes that leave something for a person to look at (the CLI exits 1 when any row has one). */
export const ATTENTION_OUTCOMES: ReadonlySet<RowOutcomeKind> = new Set(['rejected', 'error', 'would_reject']);

export interface RowOutcome {
  outcome: RowOutcomeKind;
  refundId?: string | undefined;
  /** Refundry's payment id (dry run, payment only at Stripe: its Stripe id). */
  paymentId?: string | undefined;
  /** Minor units. */
  amount?: number | undefined;
  currency?: string | undefined;
  /** The refund's status (accepted or already imported rows). */
  status?: string | undefined;
  errorCode?: string | undefined;
  message: string;
  violations?: Violation[] | undefined;
}

export interface BulkDeps {
  db: Db;
  gateway: StripeGateway;
  /** The configured defaults; what an admin stored in the database applies over them. */
  settings: PolicySettings;
  now?: (() => Date) | undefined;
  /** Who the refunds are requested for: the batch's creator ('key:…', 'user:…', 'cli:…'). */
  actor: string;
  batchId?: string | undefined;
  metrics?: Metrics | undefined;
}

export interface RowRunner {
  run(row: BulkRow): Promise<RowOutcome>;
  /** Dry runs: counts an outcome already decided (a batch resumed after a crash). */
  remember(outcome: Pick<RowOutcome, 'outcome' | 'paymentId' | 'amount'>): void;
}

const rowError = (errorCode: string, message: string, extra: Partial<RowOutcome> = {}): RowOutcome => ({
  outcome: 'error',
  errorCode,
  message,
  ...extra,
});

/** A Stripe or network failure from the gateway (as opposed to a bug or a database failure). */
function isStripeFailure(error: unknown): boolean {
  const e = error as { type?: unknown; rawType?: unknown; statusCode?: unknown };
  return (
    typeof e?.type === 'string' &&
    (e.type.startsWith('Stripe') || typeof e.rawType === 'string' || typeof e.statusCode === 'number')
  );
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown })?.code === '23505';
}

export async function findImported(
  db: Queryable,
  key: string,
): Promise<{ id: string; status: string; amount: number; currency: string; payment_id: string } | undefined> {
  const [row] = await db.query<{
    id: string;
    status: string;
    amount: number;
    currency: string;
    payment_id: string;
  }>(
    `SELECT id, status, amount, currency, payment_id FROM refunds WHERE metadata ->> '${BULK_KEY_METADATA}' = $1`,
    [key],
  );
  return row ? { ...row, amount: Number(row.amount) } : undefined;
}

export function createRowRunner(deps: BulkDeps, options: { dryRun: boolean }): RowRunner {
  const now = deps.now ?? (() => new Date());
  // Dry run: what earlier rows would commit, per payment (minor units).
  const planned = new Map<string, number>();
  const plan = (paymentId: string | undefined, amount: number | undefined) => {
    if (paymentId && amount) planned.set(paymentId, (planned.get(paymentId) ?? 0) + amount);
  };

  const alreadyImported = async (row: BulkRow): Promise<RowOutcome | undefined> => {
    const existing = await findImported(deps.db, row.key);
    if (!existing) return undefined;
    return {
      outcome: 'already_imported',
      refundId: existing.id,
      paymentId: existing.payment_id,
      amount: existing.amount,
      currency: existing.currency,
      status: existing.status,
      message: `Already imported as ${existing.id} (${existing.status}); not refunded again.`,
    };
  };

  const decide = async (row: BulkRow): Promise<RowOutcome> => {
    if (row.malformed) return rowError(row.malformed.code, row.malformed.message);
    const { input } = row;
    const reason = input.reason?.toLowerCase();
    if (!reason || !isRefundReason(reason)) {
      return rowError(
        'invalid_reason',
        input.reason
          ? `Unknown reason '${input.reason}': use ${REFUND_REASONS_TEXT}.`
          : `The reason is missing: use ${REFUND_REASONS_TEXT}.`,
      );
    }
    if (reason === 'other' && !input.note) {
      return rowError('missing_note', "A note is required when the reason is 'other'.");
    }
    const amountText = parseAmountText(input.amount);
    if (amountText.kind === 'invalid') return rowError('invalid_amount', amountText.message);
    const connectAsk = {
      reverseTransfer: parseFlagText(input.reverse_transfer),
      refundApplicationFee: parseFlagText(input.refund_application_fee),
    };
    for (const column of ['reverse_transfer', 'refund_application_fee'] as const) {
      if (input[column] !== undefined && parseFlagText(input[column]) === undefined) {
        return rowError('invalid_flag', `The ${column} '${input[column]}' is not true or false.`);
      }
    }
    if (!input.payment_id && !input.order_id && !input.stripe_id) {
      return rowError('missing_payment', 'The row names no payment: fill payment_id, order_id or stripe_id.');
    }

    const done = await alreadyImported(row);
    if (done) return done;

    // The row's references must all name one payment (resolvePayment refuses a mismatch). A dry
    // run registers nothing: a payment only Stripe knows is looked at there.
    let payment: Payment;
    let known: boolean;
    try {
      ({ payment, known } = await resolvePayment(
        { db: deps.db, gateway: deps.gateway },
        { paymentId: input.payment_id, orderId: input.order_id, stripeId: input.stripe_id },
        { register: !options.dryRun },
      ));
    } catch (error) {
      if (error instanceof ApiError) return rowError(error.code, error.message);
      if (isStripeFailure(error)) {
        return rowError(
          'stripe_error',
          `Stripe could not be asked about the payment: ${(error as Error).message}`,
        );
      }
      throw error;
    }

    let amount: number | undefined;
    if (amountText.kind === 'decimal') {
      if (ambiguousForCurrency(amountText, minorUnitDigits(payment.currency))) {
        return rowError(
          'invalid_amount',
          `The amount '${input.amount}' is ambiguous in ${payment.currency.toUpperCase()}, which has three decimals: write ${amountText.text} (or ${input.amount}.000) if you mean ${amountText.text}, or use a point for decimals.`,
          { paymentId: payment.id, currency: payment.currency },
        );
      }
      amount = parseMajorAmount(amountText.text, payment.currency);
      if (amount === undefined) {
        const digits = minorUnitDigits(payment.currency);
        return rowError(
          'invalid_amount',
          `The amount '${input.amount}' has more decimals than ${payment.currency.toUpperCase()} allows (${digits}).`,
          { paymentId: payment.id, currency: payment.currency },
        );
      }
      if (amount === 0) {
        return rowError('invalid_amount', 'The amount must be more than zero.', {
          paymentId: payment.id,
          currency: payment.currency,
        });
      }
    }

    if (options.dryRun) {
      // The same decision as a real run, without the lock; earlier rows of this file count as planned.
      const decision = await loadDecision(
        deps.db,
        payment,
        { amount, currency: input.currency, reason, ...connectAsk },
        { defaults: deps.settings, now: now(), registered: known, planned: planned.get(payment.id) ?? 0 },
      );
      const base = { paymentId: payment.id, amount: decision.amount, currency: payment.currency };
      if (decision.violations.length > 0) {
        return {
          outcome: 'would_reject',
          ...base,
          violations: decision.violations,
          errorCode: decision.violations[0]!.code,
          message: decision.violations.map((v) => v.message).join(' '),
        };
      }
      const money = formatMoney(decision.amount, payment.currency);
      return decision.needsApproval
        ? { outcome: 'would_need_approval', ...base, message: `Would refund ${money} after approval.` }
        : { outcome: 'would_accept', ...base, message: `Would refund ${money}.` };
    }

    try {
      const result = await requestRefund(
        { db: deps.db, gateway: deps.gateway, settings: deps.settings, now },
        {
          paymentId: payment.id,
          amount,
          currency: input.currency,
          reason,
          note: input.note,
          ...connectAsk,
          metadata: {
            [BULK_KEY_METADATA]: row.key,
            refundry_bulk_line: String(row.line),
            ...(deps.batchId ? { refundry_batch_id: deps.batchId } : {}),
          },
          actor: deps.actor,
        },
      );
      if (result.kind === 'rejected') {
        return {
          outcome: 'rejected',
          paymentId: payment.id,
          amount,
          currency: payment.currency,
          violations: result.violations,
          errorCode: result.violations[0]?.code,
          message: result.violations.map((v) => v.message).join(' '),
        };
      }
      const refund = result.refund;
      const money = formatMoney(refund.amount, refund.currency);
      return {
        outcome: refund.status === 'awaiting_approval' ? 'needs_approval' : 'accepted',
        refundId: refund.id,
        paymentId: payment.id,
        amount: refund.amount,
        currency: refund.currency,
        status: refund.status,
        message:
          refund.status === 'awaiting_approval'
            ? `Refund of ${money} waits for approval.`
            : `Refund of ${money} queued for Stripe.`,
      };
    } catch (error) {
      // Another process imported the same row at the same moment: its refund stands.
      if (isUniqueViolation(error)) {
        const done = await alreadyImported(row);
        if (done) return done;
      }
      if (error instanceof ApiError) return rowError(error.code, error.message, { paymentId: payment.id });
      throw error;
    }
  };

  return {
    async run(row) {
      const outcome = await decide(row);
      if (options.dryRun) {
        if (outcome.outcome === 'would_accept' || outcome.outcome === 'would_need_approval') {
          plan(outcome.paymentId, outcome.amount);
        }
      } else if (
        outcome.outcome === 'accepted' ||
        outcome.outcome === 'needs_approval' ||
        outcome.outcome === 'rejected'
      ) {
        deps.metrics?.refundRequests.inc({ outcome: outcome.outcome });
      }
      deps.metrics?.bulkRows.inc({ outcome: outcome.outcome });
      return outcome;
    },
    remember(outcome) {
      if (outcome.outcome === 'would_accept' || outcome.outcome === 'would_need_approval') {
        plan(outcome.paymentId, outcome.amount);
      }
    },
  };
}
