// The refund policy's Connect rules, pure: what a refund on a platform's payment takes back of the
// transfer and the application fee, and whether it must wait for an approver because the refund's
// share of the transfer is more than the transfer has left to reverse (the platform would bear the
// difference). The request's choice wins; otherwise the platform's defaults apply, where the payment
// has a transfer or a fee at all. No I/O: callers load, this decides.
import type { ConnectSettings } from '../config.ts';
import { proportionalShare } from '../connect/connect-share.ts';
import type { Violation } from './policy.ts';

export type { ConnectSettings };

/** What the rules read of a payment: Stripe's facts. */
export interface ConnectPayment {
  /** Captured, minor units. */
  amount: number;
  applicationFee: { amount: number; refunded: number } | null;
  transfer: { amount: number; reversed: number } | null;
}

/** Reversals Stripe has not told of yet, from refunds accepted here. */
export interface ConnectCommitted {
  /** Reversals recorded on this payment's refunds (Stripe's answers), in case Stripe's total is older. */
  reversalsRecorded: number;
  /** Estimated shares of refunds accepted here with reverse_transfer and not sent yet. */
  reversalsPending: number;
}

export interface ConnectRequest {
  reverseTransfer?: boolean | undefined;
  refundApplicationFee?: boolean | undefined;
}

export interface ConnectDecision {
  reverseTransfer: boolean;
  refundApplicationFee: boolean;
  violations: Violation[];
  /** With reverse_transfer: the refund's proportional share of the transfer (an estimate). */
  transferShare: number;
  /** What the transfer has left to reverse, counting refunds accepted here and not sent yet (0 without one). */
  transferLeft: number;
  /** How much of the share the transfer cannot cover (the platform pays it). */
  uncovered: number;
  /** With refund_application_fee: the refund's proportional share of the fee (an estimate). */
  feeShare: number;
  needsApproval: boolean;
}

export function evaluateConnect(
  request: ConnectRequest,
  payment: ConnectPayment,
  refundAmount: number,
  committed: ConnectCommitted,
  settings: ConnectSettings,
): ConnectDecision {
  const violations: Violation[] = [];
  const transfer = payment.transfer;
  const fee = payment.applicationFee;
  if (request.reverseTransfer === true && !transfer) {
    violations.push({
      code: 'no_transfer_to_reverse',
      message:
        'The payment has no transfer to a connected account (it is not a destination charge), so there is nothing to reverse.',
      param: 'reverse_transfer',
    });
  }
  if (request.refundApplicationFee === true && !fee) {
    violations.push({
      code: 'no_application_fee',
      message: 'The payment has no application fee to refund.',
      param: 'refund_application_fee',
    });
  }
  const reverseTransfer = transfer !== null && (request.reverseTransfer ?? settings.reverseTransfer);
  const refundApplicationFee =
    fee !== null && (request.refundApplicationFee ?? settings.refundApplicationFee);
  const amount = Math.max(0, refundAmount);
  let transferShare = 0;
  let transferLeft = 0;
  let uncovered = 0;
  if (transfer) {
    const reversed = Math.max(transfer.reversed, committed.reversalsRecorded);
    transferLeft = Math.max(0, transfer.amount - reversed - committed.reversalsPending);
  }
  if (transfer && reverseTransfer) {
    transferShare = proportionalShare(transfer.amount, amount, payment.amount);
    uncovered = Math.max(0, transferShare - transferLeft);
  }
  const feeShare =
    fee && refundApplicationFee
      ? Math.min(
          proportionalShare(fee.amount, amount, payment.amount),
          Math.max(0, fee.amount - fee.refunded),
        )
      : 0;
  return {
    reverseTransfer,
    refundApplicationFee,
    violations,
    transferShare,
    transferLeft,
    uncovered,
    feeShare,
    needsApproval: violations.length === 0 && settings.approveUncovered && uncovered > 0,
  };
}
