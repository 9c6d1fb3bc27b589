import { describe, expect, it } from 'vitest';
import { failureInWords, renderCustomerEmail } from './email-content.ts';
import type { EmailPayload } from './outbox.ts';

const base: EmailPayload = {
  refund_id: 'rf_1',
  amount: 2145,
  currency: 'usd',
  order_id: '1042',
  payment_reference: 'pi_3Nxyz9876',
  customer_token: 'Tok0123456789abcdefABCDEFghijklm',
  failure_code: null,
  failure_message: null,
  failed_after_success: false,
  at: '2026-11-02T09:00:00.000Z',
};
const ctx = { publicUrl: 'https://refunds.shop.example/' };

describe('customer emails', () => {
  it('says the refund is on its way, in both parts, with the amount and the status link', () => {
    const mail = renderCustomerEmail('refund_succeeded', base, ctx);
    expect(mail.subject).toBe('Your refund of $21.45 is on its way');
    const link = 'https://refunds.shop.example/r/Tok0123456789abcdefABCDEFghijklm';
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('$21.45');
      expect(part).toContain('order 1042');
      expect(part).toContain(link);
    }
    expect(mail.html).toContain(`href="${link}"`);
  });

  it('formats zero- and three-decimal currencies as people write them', () => {
    expect(
      renderCustomerEmail('refund_succeeded', { ...base, currency: 'jpy', amount: 500 }, ctx).subject,
    ).toBe('Your refund of ¥500 is on its way');
    expect(
      renderCustomerEmail('refund_succeeded', { ...base, currency: 'kwd', amount: 1500 }, ctx).subject,
    ).toContain('1.500');
  });

  it('explains a failure and what happens next, also after an earlier success', () => {
    const late = renderCustomerEmail(
      'refund_failed',
      { ...base, failure_code: 'expired_or_canceled_card', failed_after_success: true },
      ctx,
    );
    expect(late.subject).toBe('Your refund of $21.45 could not be completed');
    expect(late.text).toContain(
      'was sent, but it has now failed because the card used for the payment has expired',
    );
    expect(late.text).toContain('What happens next');
    expect(late.html).toContain('What happens next');
    expect(failureInWords('charge_disputed')).not.toContain('bank');
    expect(failureInWords(null)).toContain('bank');
  });

  it('escapes everything that reaches the HTML, and masks the payment when there is no order', () => {
    const mail = renderCustomerEmail('refund_succeeded', { ...base, order_id: '<script>x</script>"' }, ctx);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;x&lt;/script&gt;&quot;');
    const noOrder = renderCustomerEmail('refund_succeeded', { ...base, order_id: null }, ctx);
    expect(noOrder.text).toContain('payment ending in 9876');
    expect(noOrder.text).not.toContain('pi_3N');
    const noLink = renderCustomerEmail('refund_succeeded', { ...base, customer_token: null }, ctx);
    expect(noLink.text).not.toContain('/r/');
  });
});
