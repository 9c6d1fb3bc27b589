// The customer emails, written from the outbox payload: a plain-text and an HTML part that say the
// same thing, with the amount in the currency's own notation and the link to the status page.
// Pure; every value that reaches the HTML is escaped.
import { formatMoney } from '../shared/money.ts';
import type { EmailPayload } from './outbox.ts';
import type { CustomerEmailKind } from './plan.ts';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface EmailContext {
  /** Base URL customers can reach, e.g. https://refunds.example.com (no trailing slash needed). */
  publicUrl: string;
}

export function statusPageUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/r/${encodeURIComponent(token)}`;
}

/** "order 1234", or the payment's reference with all but its last 4 characters hidden. */
export function paymentLabel(orderId: string | null, paymentReference: string | null): string {
  if (orderId) return `order ${orderId}`;
  if (paymentReference) return `payment ending in ${paymentReference.slice(-4)}`;
  return 'your payment';
}

/** Stripe's refund failure codes, in words a customer understands. */
export function failureInWords(code: string | null): string {
  switch (code) {
    case 'expired_or_canceled_card':
      return 'the card used for the payment has expired or been canceled, so the bank could not put the money back on it';
    case 'lost_or_stolen_card':
      return 'the card used for the payment was reported lost or stolen, so the bank could not put the money back on it';
    case 'declined':
      return "the bank declined to put the money back on the payment's card or account";
    case 'insufficient_funds':
    case 'merchant_request':
    case 'charge_for_pending_refund_disputed':
      return 'the refund could not be completed on our side';
    case 'unknown':
    case null:
      return 'the bank could not return the money to the original payment method';
    default:
      // Stripe refused the request itself (e.g. charge_disputed): no bank was involved.
      return 'the refund could not be made to the original payment method';
  }
}

export function renderCustomerEmail(
  kind: CustomerEmailKind,
  data: EmailPayload,
  context: EmailContext,
): EmailContent {
  const amount = formatMoney(data.amount, data.currency);
  const about = paymentLabel(data.order_id, data.payment_reference);
  const link = data.customer_token ? statusPageUrl(context.publicUrl, data.customer_token) : null;
  const paragraphs: string[] = [];
  let subject: string;
  if (kind === 'refund_succeeded') {
    subject = `Your refund of ${amount} is on its way`;
    paragraphs.push(
      `Good news: your refund of ${amount} for ${about} has been sent back to the payment method you paid with.`,
      'Depending on your bank, it can take 5 to 10 business days to show on your statement.',
    );
  } else {
    subject = `Your refund of ${amount} could not be completed`;
    paragraphs.push(
      data.failed_after_success
        ? `We are sorry: your refund of ${amount} for ${about} was sent, but it has now failed because ${failureInWords(data.failure_code)}.`
        : `We are sorry: your refund of ${amount} for ${about} failed because ${failureInWords(data.failure_code)}.`,
      'What happens next: the money has not been lost. We have been told and will return it to you another way; we will contact you if we need details, such as an account to send it to. You do not need to do anything now.',
    );
  }
  const linkLine = 'You can follow your refund at any time here:';
  const text = [
    'Hello,',
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...(link ? [linkLine, link, ''] : []),
    'Thank you.',
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f5f6f8;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2430;">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;line-height:1.5;">
<h1 style="font-size:20px;margin:0 0 16px;">${escapeHtml(subject)}</h1>
<p>Hello,</p>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${
  link
    ? `<p>${escapeHtml(linkLine)}</p>
<p><a href="${escapeHtml(link)}" style="display:inline-block;background:#2454d6;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;">See your refund's status</a></p>
<p style="font-size:13px;color:#5b6270;word-break:break-all;">${escapeHtml(link)}</p>`
    : ''
}
<p>Thank you.</p>
</div>
</body>
</html>
`;
  return { subject, text, html };
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
