import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import {
  composeEmail,
  type EmailMessage,
  mailComposerOptions,
  writeEmail,
} from '../../src/notifications/compose-email.ts';
import { renderCustomerEmail } from '../../src/notifications/email-content.ts';
import type { EmailPayload } from '../../src/notifications/outbox.ts';
import type { CustomerEmailKind } from '../../src/notifications/plan.ts';
import { parseMime } from '../support/smtp-receiver.ts';

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

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/** A customer email as the mailer hands it to the composer, with a fixed date and boundary. */
function customerMail(
  kind: CustomerEmailKind,
  over: Partial<EmailPayload> = {},
  to = 'c1@example.com',
): EmailMessage {
  const content = renderCustomerEmail(
    kind,
    { ...base, ...over },
    { publicUrl: 'https://refunds.shop.example' },
  );
  return {
    from: 'Refunds <refunds@shop.example>',
    to,
    subject: content.subject,
    text: crlf(content.text),
    html: crlf(content.html),
    messageId: '<ntf_1@refundry>',
    refundId: 'rf_1',
    date: new Date('2026-12-02T11:00:00Z'),
    baseBoundary: '0123456789abcdef',
  };
}

/** What MailComposer itself writes (its tree and streams) of the same email, as text. */
async function byMailComposer(mail: EmailMessage): Promise<string> {
  return (await new MailComposer(mailComposerOptions(mail)).compile().build()).toString('utf8');
}

const composed = async (mail: EmailMessage) => (await composeEmail(mail)).toString();

describe('composing a customer email', () => {
  const cases: Array<[string, EmailMessage]> = [
    ['a refund on its way', customerMail('refund_succeeded')],
    ['a failed refund', customerMail('refund_failed', { failure_code: 'expired_or_canceled_card' })],
    ['a refund failed after success', customerMail('refund_failed', { failed_after_success: true })],
    [
      'an amount in euros (non-ASCII subject and bodies)',
      customerMail('refund_succeeded', { currency: 'eur' }),
    ],
    ['a three-decimal currency', customerMail('refund_succeeded', { currency: 'kwd' })],
    ['an order id in accents and emoji', customerMail('refund_succeeded', { order_id: 'Ünïcødé-№42 🎁' })],
    ['an order id in CJK', customerMail('refund_succeeded', { order_id: '注文番号一二三四五六七八九十' })],
    [
      'an order id with =, tabs and long runs',
      customerMail('refund_succeeded', { order_id: `a=b\tc ${'x'.repeat(150)}` }),
    ],
    ['no order and no link', customerMail('refund_succeeded', { order_id: null, customer_token: null })],
    [
      'a recipient with a name and an IDN domain',
      customerMail('refund_succeeded', {}, '"Zoë, M." <zoë@bücher.example>'),
    ],
    [
      'plain ASCII bodies in short lines (7bit)',
      { ...customerMail('refund_succeeded'), text: 'Hello\r\n', html: '<p>Hi</p>\r\n' },
    ],
    [
      'no refund id header, an empty subject',
      { ...customerMail('refund_succeeded'), refundId: undefined, subject: '' },
    ],
  ];

  it.each(cases)('%s: written here, the same bytes as MailComposer', async (_name, mail) => {
    expect(writeEmail(mail)).toBeDefined();
    expect(await composed(mail)).toBe(await byMailComposer(mail));
  });

  it('keeps the content: both parts decode to the text and HTML given, the subject to its words', async () => {
    const mail = customerMail('refund_succeeded', { currency: 'eur', order_id: 'Ünïcødé-№42 🎁' });
    const parsed = parseMime(await composed(mail));
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.messageId).toBe('<ntf_1@refundry>');
    expect(parsed.headers.get('x-refundry-refund')).toBe('rf_1');
    expect(parsed.headers.get('to')).toBe('c1@example.com');
    // (The parser reads line ends as LF.)
    expect(parsed.text).toBe(mail.text.replace(/\r\n/g, '\n'));
    expect(parsed.html).toBe(mail.html.replace(/\r\n/g, '\n'));
  });

  it('leaves to MailComposer the bodies it would encode otherwise, with the same result', async () => {
    const mostlyNonLatin = { ...customerMail('refund_succeeded'), text: '払い戻し'.repeat(50) };
    const trailingSpace = { ...customerMail('refund_succeeded'), text: 'Grüße, \r\nend ' };
    const large = { ...customerMail('refund_succeeded'), html: `<p>${'é'.repeat(40_000)}</p>` };
    for (const mail of [mostlyNonLatin, trailingSpace, large]) {
      expect(writeEmail(mail)).toBeUndefined();
      expect(await composed(mail)).toBe(await byMailComposer(mail));
    }
  });

  it('draws a new boundary and the date of now when none is given', () => {
    const { date: _date, baseBoundary: _boundary, ...mail } = customerMail('refund_succeeded');
    const [a, b] = [writeEmail(mail)!, writeEmail(mail)!];
    const boundaryOf = (m: string) => /boundary="(--_NmP-[0-9a-f]{16}-Part_1)"/.exec(m)?.[1];
    expect(boundaryOf(a)).toBeDefined();
    expect(boundaryOf(a)).not.toBe(boundaryOf(b));
    const date = new Date(/^Date: (.+)$/m.exec(a)![1]!);
    expect(Math.abs(date.getTime() - Date.now())).toBeLessThan(60_000);
  });
});
