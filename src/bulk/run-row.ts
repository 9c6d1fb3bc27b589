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
import { isRefundReason, REFUND_REASONS_TEXT, type RefundReason } from '../refunds/reasons.ts';
import type { Refund } from '../refunds/refunds.ts';
import { type RequestRefundDeps, requestRefund, resolvePayment } from '../refunds/request-refund.ts';
import { formatMoney, minorUnitDigits, parseMajorAmount } from '../shared/money.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import {
  type AmountText,
  ambiguousForCurrency,
  type BulkRow,
  type BulkRowInput,
  parseAmountText,
  parseFlagText,
} from './bulk-rows.ts';

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

/**
 * Decides each row of one import, in file order. A dry run keeps, per payment, what the rows it
 * would accept commit (`remember`), so a later row of the same file is checked against them.
 */
export function createRowRunner(deps: BulkDeps, options: { dryRun: boolean }): RowRunner {
  const now = deps.now ?? (() => new Date());
  // Dry run: what earlier rows would commit, per payment (minor units).
  const planned = new Map<string, number>();
  const remember = (outcome: Pick<RowOutcome, 'outcome' | 'paymentId' | 'amount'>) => {
    if (outcome.outcome !== 'would_accept' && outcome.outcome !== 'would_need_approval') return;
    const { paymentId, amount } = outcome;
    if (paymentId && amount) planned.set(paymentId, (planned.get(paymentId) ?? 0) + amount);
  };

  // Each step either finds what the next one needs or ends the row with an outcome; the cheap checks
  // of the file come first, so a row that is wrong on its face costs no look-up.
  const decide = async (row: BulkRow): Promise<RowOutcome> => {
    const written = checkRowText(row);
    if (ended(written)) return written;
    const imported = await alreadyImported(deps.db, row.key);
    if (imported) return imported;
    const found = await findRowPayment(deps, row.input, { register: !options.dryRun });
    if (ended(found)) return found;
    const amount = rowAmount(written.amount, row.input.amount, found.payment);
    if (ended(amount)) return amount;
    const ask: RowAsk = {
      amount: amount.minor,
      currency: row.input.currency,
      reason: written.reason,
      ...written.connectAsk,
    };
    if (options.dryRun) {
      const facts = { now: now(), planned: planned.get(found.payment.id) ?? 0 };
      return wouldOutcome(deps, found, ask, facts);
    }
    return requestRowRefund({ ...deps, now }, row, found.payment, ask);
  };

  return {
    async run(row) {
      const outcome = await decide(row);
      if (options.dryRun) {
        remember(outcome);
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
    remember,
  };
}

/** A step that ends the row returns the row's outcome; one that passes returns what it found. */
function ended<T extends object>(step: T | RowOutcome): step is RowOutcome {
  return 'outcome' in step;
}

/** What a row asks of the policy, once every check has passed. */
export interface RowAsk {
  /** Minor units of the payment's currency; undefined: all that remains. */
  amount: number | undefined;
  /** The currency the row names, if any (the policy refuses one that is not the payment's). */
  currency: string | undefined;
  reason: RefundReason;
  /** Connect: undefined leaves the choice to the policy's default. */
  reverseTransfer: boolean | undefined;
  refundApplicationFee: boolean | undefined;
}

/** What the row's own text says, read without the database or Stripe. */
export interface WrittenRow {
  reason: RefundReason;
  /** 'all', or a decimal that can only be read against the payment's currency (rowAmount). */
  amount: Exclude<AmountText, { kind: 'invalid' }>;
  connectAsk: Pick<RowAsk, 'reverseTransfer' | 'refundApplicationFee'>;
}

/**
 * The checks a row's text must pass before anything is looked up, so a row that is wrong on its face
 * costs no query: a readable line, a known reason (and a note for 'other'), an amount, true or false
 * flags, and at least one reference to a payment. Pure; the first failure is the row's error.
 */
export function checkRowText(row: BulkRow): WrittenRow | RowOutcome {
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
  const amount = parseAmountText(input.amount);
  if (amount.kind === 'invalid') return rowError('invalid_amount', amount.message);
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
  return { reason, amount, connectAsk };
}

/**
 * The refund an earlier import of the same row made, as the row's outcome: the row's key is kept in
 * the refund's metadata, so importing a file again (or resuming a batch) never refunds a row twice.
 */
async function alreadyImported(db: Queryable, key: string): Promise<RowOutcome | undefined> {
  const existing = await findImported(db, key);
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
}

/** The payment a row names, and whether Refundry has it registered (a dry run may find it only at Stripe). */
interface FoundPayment {
  payment: Payment;
  known: boolean;
}

/**
 * The payment the row's references name: they must all name one payment (resolvePayment refuses a
 * mismatch). A dry run registers nothing (`register` false): a payment only Stripe knows is looked
 * at there. A refusal or a Stripe failure is the row's error; anything else is a bug and is thrown.
 */
async function findRowPayment(
  deps: Pick<BulkDeps, 'db' | 'gateway'>,
  input: BulkRowInput,
  options: { register: boolean },
): Promise<FoundPayment | RowOutcome> {
  try {
    return await resolvePayment(
      { db: deps.db, gateway: deps.gateway },
      { paymentId: input.payment_id, orderId: input.order_id, stripeId: input.stripe_id },
      options,
    );
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
}

/**
 * The row's amount in the payment's minor units (undefined: all that remains). Read only now because
 * the currency decides it: how many decimals it has makes "1,000" ambiguous in a three-decimal
 * currency, and a fraction with more digits than it allows is refused rather than rounded.
 */
export function rowAmount(
  amount: WrittenRow['amount'],
  written: string | undefined,
  payment: Pick<Payment, 'id' | 'currency'>,
): { minor: number | undefined } | RowOutcome {
  if (amount.kind === 'all') return { minor: undefined };
  const refused = (message: string) =>
    rowError('invalid_amount', message, { paymentId: payment.id, currency: payment.currency });
  const digits = minorUnitDigits(payment.currency);
  if (ambiguousForCurrency(amount, digits)) {
    return refused(
      `The amount '${written}' is ambiguous in ${payment.currency.toUpperCase()}, which has three decimals: write ${amount.text} (or ${written}.000) if you mean ${amount.text}, or use a point for decimals.`,
    );
  }
  const minor = parseMajorAmount(amount.text, payment.currency);
  if (minor === undefined) {
    return refused(
      `The amount '${written}' has more decimals than ${payment.currency.toUpperCase()} allows (${digits}).`,
    );
  }
  if (minor === 0) return refused('The amount must be more than zero.');
  return { minor };
}

/**
 * Dry run: the decision a real run would take, without the payment's lock and without writing.
 * `planned` is what earlier rows of the same file would already commit against this payment.
 */
async function wouldOutcome(
  deps: Pick<BulkDeps, 'db' | 'settings'>,
  found: FoundPayment,
  ask: RowAsk,
  facts: { now: Date; planned: number },
): Promise<RowOutcome> {
  const { payment } = found;
  const decision = await loadDecision(deps.db, payment, ask, {
    defaults: deps.settings,
    now: facts.now,
    registered: found.known,
    planned: facts.planned,
  });
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

/**
 * Real run: the row asks requestRefund, the API's own path (policy under the payment's lock, the
 * rejection recorded), with the row's key, line and batch in the refund's metadata. The key is
 * unique: when another process imported the same row at the same moment, its refund stands.
 */
async function requestRowRefund(
  deps: RequestRefundDeps & Pick<BulkDeps, 'actor' | 'batchId'>,
  row: BulkRow,
  payment: Payment,
  ask: RowAsk,
): Promise<RowOutcome> {
  try {
    const result = await requestRefund(
      { db: deps.db, gateway: deps.gateway, settings: deps.settings, now: deps.now },
      {
        paymentId: payment.id,
        amount: ask.amount,
        currency: ask.currency,
        reason: ask.reason,
        note: row.input.note,
        reverseTransfer: ask.reverseTransfer,
        refundApplicationFee: ask.refundApplicationFee,
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
        amount: ask.amount,
        currency: payment.currency,
        violations: result.violations,
        errorCode: result.violations[0]?.code,
        message: result.violations.map((v) => v.message).join(' '),
      };
    }
    return acceptedOutcome(result.refund, payment);
  } catch (error) {
    if (isUniqueViolation(error)) {
      const done = await alreadyImported(deps.db, row.key);
      if (done) return done;
    }
    if (error instanceof ApiError) return rowError(error.code, error.message, { paymentId: payment.id });
    throw error;
  }
}

/** A refund the real run made: queued for Stripe, or waiting for an approver. */
function acceptedOutcome(
  refund: Pick<Refund, 'id' | 'status' | 'amount' | 'currency'>,
  payment: Payment,
): RowOutcome {
  const money = formatMoney(refund.amount, refund.currency);
  const waits = refund.status === 'awaiting_approval';
  return {
    outcome: waits ? 'needs_approval' : 'accepted',
    refundId: refund.id,
    paymentId: payment.id,
    amount: refund.amount,
    currency: refund.currency,
    status: refund.status,
    message: waits ? `Refund of ${money} waits for approval.` : `Refund of ${money} queued for Stripe.`,
  };
}
