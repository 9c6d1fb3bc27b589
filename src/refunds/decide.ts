// The refund policy's answer for one refund of one payment, written once: the rules every refund
// meets (policy/policy.ts) and, for a platform's payment, what it takes back of the transfer and
// the fee and whether that needs an approver (policy/connect-policy.ts). decideRefund is pure: its
// callers load what it reads, under the payment's lock when accepting (request-refund.ts), without
// it when only asking (loadDecision: the eligibility check and the bulk dry run).
import type { PolicySettings } from '../config.ts';
import { proportionalShare } from '../connect/connect-share.ts';
import type { Queryable } from '../db/db.ts';
import { amountsFrom, type Payment, paymentAmounts } from '../payments/payments.ts';
import {
  type ConnectCommitted,
  type ConnectDecision,
  type ConnectPayment,
  evaluateConnect,
} from '../policy/connect-policy.ts';
import { type ApprovalReason, evaluate, type PolicyDecision } from '../policy/policy.ts';
import { loadPolicySettings } from '../policy/policy-settings.ts';
import type { RefundReason } from './reasons.ts';

/** What is asked: the amount (omitted: all that remains), the reason, and the Connect choices. */
export interface RefundAsk {
  amount?: number | undefined;
  currency?: string | undefined;
  reason?: RefundReason | undefined;
  /** The signed-in customer the merchant's app asks for; the payment must be theirs. */
  customerId?: string | undefined;
  reverseTransfer?: boolean | undefined;
  refundApplicationFee?: boolean | undefined;
}

/** What the decision reads besides the payment: the time, what is committed, the settings. */
export interface DecisionFacts {
  now: Date;
  /** Refunded and in flight on the payment, in its minor unit. */
  refundedAndInFlight: number;
  settings: Required<PolicySettings>;
  /** Reversals committed against the payment's transfer; null: not evaluated (see loadDecision). */
  reversals: ConnectCommitted | null;
}

export interface RefundDecision extends PolicyDecision {
  /** Null when the Connect rules were not evaluated (a payment not registered yet). */
  connect: ConnectDecision | null;
}

export function decideRefund(ask: RefundAsk, payment: Payment, facts: DecisionFacts): RefundDecision {
  const decision = evaluate({ amount: ask.amount, currency: ask.currency, reason: ask.reason }, payment, {
    now: facts.now,
    refundedAndInFlight: facts.refundedAndInFlight,
    settings: facts.settings,
    customerId: ask.customerId,
  });
  if (!facts.reversals) return { ...decision, connect: null };
  const connect = evaluateConnect(
    ask,
    connectPaymentOf(payment),
    decision.amount,
    facts.reversals,
    facts.settings.connect,
  );
  const violations = [...decision.violations, ...connect.violations];
  // Why it waits for an approver, as the refund records it (the approvals queue says it in words).
  const approvalReasons: ApprovalReason[] =
    violations.length > 0
      ? []
      : [
          ...(decision.needsApproval ? decision.approvalReasons : []),
          ...(connect.needsApproval ? (['transfer_uncovered'] as const) : []),
        ];
  return { ...decision, violations, needsApproval: approvalReasons.length > 0, approvalReasons, connect };
}

/**
 * Loads what a decision reads and decides, without locking (an answer to a question, not an
 * acceptance): what is committed on the payment (plus `planned`: earlier rows of the same bulk
 * file), the settings in force (an admin's changes over the configured defaults) and the transfer's
 * reversals. A payment not registered yet has nothing committed here, and its Connect rules are
 * left to the real run (its fee and transfer are read from Stripe when it is registered).
 */
export async function loadDecision(
  db: Queryable,
  payment: Payment,
  ask: RefundAsk,
  context: { defaults: PolicySettings; now: Date; registered?: boolean; planned?: number },
): Promise<RefundDecision> {
  const registered = context.registered ?? true;
  const amounts = registered
    ? await paymentAmounts(db, payment)
    : amountsFrom(payment, { succeeded: 0, sent: 0, unsent: 0 });
  const settings = await loadPolicySettings(db, context.defaults);
  return decideRefund(ask, payment, {
    now: context.now,
    refundedAndInFlight: amounts.refunded + amounts.inFlight + (context.planned ?? 0),
    settings,
    reversals: registered ? await committedTransferReversals(db, payment) : null,
  });
}

/** What the Connect rules read of a payment (src/policy/connect-policy.ts): Stripe's facts. */
export function connectPaymentOf(payment: Payment): ConnectPayment {
  const c = payment.connect;
  return {
    amount: payment.amount,
    applicationFee: c.applicationFee
      ? { amount: c.applicationFee.amount, refunded: c.applicationFee.refunded }
      : null,
    transfer: c.transfer ? { amount: c.transfer.amount, reversed: c.transfer.reversed } : null,
  };
}

/**
 * The reversals committed against a destination charge's transfer by its refunds here: those Stripe
 * answered with (recorded), and the estimated shares of those accepted and not sent yet. Read under
 * the payment's lock; a payment without a transfer needs no statement.
 */
export async function committedTransferReversals(tx: Queryable, payment: Payment): Promise<ConnectCommitted> {
  const committed = { reversalsRecorded: 0, reversalsPending: 0 };
  const transfer = payment.connect.transfer;
  if (!transfer) return committed;
  const rows = await tx.query<{
    amount: string | number;
    transfer_reversed: string | number | null;
    sent: boolean;
  }>(
    `SELECT amount, transfer_reversed, (status NOT IN ('awaiting_approval', 'queued')) AS sent FROM refunds
     WHERE payment_id = $1 AND reverse_transfer
       AND status NOT IN ('failed', 'canceled', 'rejected', 'refunded_another_way')`,
    [payment.id],
  );
  for (const r of rows) {
    if (r.transfer_reversed !== null) committed.reversalsRecorded += Number(r.transfer_reversed);
    else if (!r.sent)
      committed.reversalsPending += proportionalShare(transfer.amount, Number(r.amount), payment.amount);
  }
  return committed;
}
