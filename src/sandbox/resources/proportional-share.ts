// How much of an application fee or a destination transfer a refund takes back (Connect's
// `refund_application_fee` and `reverse_transfer`). Pure, so it is unit- and property-tested alone.
//
// Stripe documents the rule, not the arithmetic: "if the full amount is refunded, the application fee
// will be refunded as well; otherwise proportionally" (the transfer likewise), and it rounds its own
// fees to the nearest minor unit, halves up. The sandbox does the same: a partial refund takes
// total × part ÷ whole rounded half up, never more than what is left; the refund that leaves nothing
// of the charge takes all that is left, so a sequence of partial refunds adding up to the whole
// gives back exactly the whole fee (transfer): no minor unit lost or given twice.

/**
 * @param total the fee (or transfer) amount
 * @param part the refund's amount
 * @param whole the charge's amount
 * @param left what is not yet refunded (reversed) of the fee (transfer)
 * @param completes whether this refund leaves nothing of the charge to refund
 */
export function proportionalShare(
  total: number,
  part: number,
  whole: number,
  left: number,
  completes: boolean,
): number {
  if (left <= 0 || whole <= 0) return 0;
  if (completes) return left;
  // Exact integer arithmetic: total × part can pass 2^53 for the largest amounts.
  const share = Number((2n * BigInt(total) * BigInt(part) + BigInt(whole)) / (2n * BigInt(whole)));
  return Math.min(share, left);
}
