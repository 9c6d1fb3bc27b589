// A refund's share of a fee or a transfer, as Stripe describes `refund_application_fee` and
// `reverse_transfer`: proportional to the refund's part of the charge. Stripe documents the rule,
// not the rounding; this rounds half up to the minor unit (as the sandbox does, and as Stripe rounds
// its own fees). Used to estimate, before a refund is sent, what it would take back, never to
// record what Stripe did (that is read from Stripe's answer). Pure.

/** round(whole × part ÷ of), half up, exact for any safe integers. */
export function proportionalShare(whole: number, part: number, of: number): number {
  if (of <= 0 || whole <= 0 || part <= 0) return 0;
  const numerator = BigInt(whole) * BigInt(part) * 2n + BigInt(of);
  return Number(numerator / (2n * BigInt(of)));
}
