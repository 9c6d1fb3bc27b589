// Plain words for codes the service and Stripe use, so an agent never has to look them up.
import type { ApprovalReason, RefundReason, RefundStatus, Violation } from './api.ts';
import { formatMoney, formatNumber } from './format.ts';

export const STATUS_LABEL: Record<RefundStatus, string> = {
  awaiting_approval: 'Awaiting approval',
  queued: 'Queued',
  pending: 'Pending at Stripe',
  requires_action: 'Needs customer action',
  succeeded: 'Succeeded',
  failed: 'Failed',
  canceled: 'Canceled',
  rejected: 'Rejected',
  refunded_another_way: 'Refunded another way',
};

/** Badge tone per status, used as a CSS class. */
export const STATUS_TONE: Record<RefundStatus, 'ok' | 'warn' | 'bad' | 'info' | 'muted'> = {
  awaiting_approval: 'warn',
  queued: 'info',
  pending: 'info',
  requires_action: 'warn',
  succeeded: 'ok',
  failed: 'bad',
  canceled: 'muted',
  rejected: 'muted',
  refunded_another_way: 'ok',
};

// Keyed by any string (a violation or an old row may name one), checked to label every reason.
export const REASON_LABEL: Record<string, string> = {
  requested_by_customer: 'Requested by customer',
  duplicate: 'Duplicate payment',
  fraudulent: 'Fraudulent',
  other: 'Other',
} satisfies Record<RefundReason, string>;

/**
 * Why a refund waits for an approver, in words (the approvals queue, the refund page). `account`:
 * the connected account whose transfer the refund would reverse.
 */
export function approvalReasonText(reason: ApprovalReason | string, account?: string | null): string {
  switch (reason) {
    case 'above_threshold':
      return 'Above the approval threshold.';
    case 'fraud_flagged':
      return 'The payment is flagged as fraudulent: the policy refunds it only after an approver agrees.';
    case 'transfer_uncovered':
      return `The transfer to ${account ?? 'the connected account'} cannot cover this refund’s share of it: reversing it would leave the platform paying the difference.`;
    default:
      return reason.replace(/_/g, ' ');
  }
}

/** Stripe's refund failure_reason values (and a few of ours) in plain words. */
const FAILURE_WORDS: Record<string, string> = {
  expired_or_canceled_card:
    'The card was expired or canceled, so the bank could not return the money to it. Refund the customer another way.',
  lost_or_stolen_card:
    'The card was reported lost or stolen, so the bank could not return the money to it. Refund the customer another way.',
  charge_for_pending_refund_disputed:
    'The customer disputed the payment while the refund was pending, so Stripe canceled the refund.',
  insufficient_funds: 'Your Stripe balance did not have enough funds to cover the refund.',
  declined: 'The customer’s bank declined the refund.',
  merchant_request: 'The refund was canceled at the merchant’s request.',
  unknown: 'Stripe did not give a reason for the failure.',
  expired: 'The customer did not provide the details Stripe needed in time, so the refund expired.',
};

export function failureInWords(code: string | null, message: string | null): string | undefined {
  if (!code && !message) return undefined;
  if (code && FAILURE_WORDS[code]) return FAILURE_WORDS[code];
  return message ?? `Stripe reported: ${code}.`;
}

/** Policy rule codes as short titles; the service's message says why. */
export const RULE_TITLE: Record<string, string> = {
  outside_refund_window: 'Outside the refund window',
  fraud_flagged: 'Payment flagged as fraud',
  payment_disputed: 'Payment disputed',
  currency_mismatch: 'Wrong currency',
  invalid_amount: 'Invalid amount',
  amount_exceeds_remaining: 'More than what remains refundable',
  nothing_to_refund: 'Nothing left to refund',
  not_payment_owner: 'Not the customer’s payment',
  blocked_reason: 'Reason not allowed',
  reason_blocked: 'Reason not allowed',
  no_transfer_to_reverse: 'No transfer to reverse',
  no_application_fee: 'No application fee',
};

export function ruleTitle(code: string): string {
  return RULE_TITLE[code] ?? code.replace(/_/g, ' ');
}

/**
 * Why a rule blocks a refund, worded from the violation's facts in the browser's locale (money in
 * the payment's currency), falling back to the service's English message.
 */
export function violationText(v: Violation): string {
  const money = (minor: number | undefined) =>
    minor !== undefined && v.currency ? formatMoney(minor, v.currency) : undefined;
  switch (v.code) {
    case 'amount_exceeds_remaining': {
      const amount = money(v.amount);
      const remaining = money(v.remaining);
      if (amount && remaining) {
        return `${amount} is more than the ${remaining} that remains refundable (counting refunds in flight).`;
      }
      break;
    }
    case 'outside_refund_window':
      if (v.captured_days_ago !== undefined && v.refund_window_days !== undefined) {
        return `The payment was captured ${formatNumber(v.captured_days_ago)} days ago; refunds are allowed for ${formatNumber(v.refund_window_days)} days.`;
      }
      break;
    case 'reason_blocked':
      if (v.reason)
        return `The refund policy does not accept the reason “${REASON_LABEL[v.reason] ?? v.reason}”.`;
      break;
    case 'currency_mismatch':
      if (v.currency && v.requested_currency) {
        return `The refund is in ${v.requested_currency.toUpperCase()}, but the payment was in ${v.currency.toUpperCase()}.`;
      }
      break;
  }
  return v.message;
}

/**
 * An actor in words: the name the service sent ('Ada Admin', 'API key shop'), else words for
 * Refundry's own actors. People and keys are never shown by their bare ids.
 */
export function actorInWords(actor: string, name?: string | null): string {
  if (name) return name;
  const kind = actor.includes(':') ? actor.slice(0, actor.indexOf(':')) : actor;
  const rest = actor.includes(':') ? actor.slice(actor.indexOf(':') + 1) : '';
  switch (kind) {
    case 'user':
      return 'A user';
    case 'key':
      return 'An API key';
    case 'worker':
      return 'Refundry worker';
    case 'webhook':
      return 'Stripe event';
    case 'poller':
      return 'Status check at Stripe';
    case 'backfill':
      return 'Stripe event (backfill)';
    case 'reconciliation':
      return 'Reconciliation';
    case 'stripe':
      return 'Stripe (made outside Refundry)';
    case 'schedule':
      return 'Daily schedule';
    case 'cli':
      return rest ? `Command line (${rest})` : 'Command line';
    case 'system':
      return 'Refundry';
    default:
      return actor;
  }
}
