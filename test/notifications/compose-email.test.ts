import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { composeEmail, type MailOptions, writeMessage } from '../../src/notifications/compose-email.ts';
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
function customerMail(kind: CustomerEmailKind, over: Partial<EmailPayload> = {}, to = 'c1@example.com') {
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
    headers: { 'X-Refundry-Refund': 'rf_1' },
    date: new Date('2026-12-02T11:00:00Z'),
    baseBoundary: '0123456789abcdef',
  } satisfies MailOptions;
}

/** What MailComposer itself writes (its streams), as text. */
async function byMailComposer(mail: MailOptions): Promise<string> {
  return (await new MailComposer(mail).compile().build()).toString('utf8');
}

const composed = async (mail: MailOptions) => (await composeEmail(mail)).toString();

describe('composing an email without streams', () => {
  const cases: Array<[string, MailOptions]> = [
    ['a refund on its way', customerMail('refund_succeeded')],
    ['a failed refund', customerMail('refund_failed', { failure_code: 'expired_or_canceled_card' })],
    ['a refund failed after success', customerMail('refund_failed', { failed_after_success: true })],
    [
      'an amount in euros (non-ASCII subject and bodies)',
      customerMail('refund_succeeded', { currency: 'eur' }),
    ],
    ['three-decimal and zero-decimal currencies', customerMail('refund_succeeded', { currency: 'kwd' })],
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
  ];

  it.each(cases)('%s: the same bytes as MailComposer, written in one pass', async (_name, mail) => {
    expect(writeMessage(new MailComposer(mail).compile())).toBeDefined();
    expect(await composed(mail)).toBe(await byMailComposer(mail));
  });

  it('keeps the content: both parts decode to the text and HTML given, the subject to its words', async () => {
    const mail = customerMail('refund_succeeded', { currency: 'eur', order_id: 'Ünïcødé-№42 🎁' });
    const parsed = parseMime(await composed(mail));
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.messageId).toBe('<ntf_1@refundry>');
    expect(parsed.headers.get('x-refundry-refund')).toBe('rf_1');
    // (The parser reads line ends as LF.)
    expect(parsed.text).toBe(mail.text.replace(/\r\n/g, '\n'));
    expect(parsed.html).toBe(mail.html.replace(/\r\n/g, '\n'));
  });

  it('leaves to MailComposer what it does not write the same way, with the same result', async () => {
    const mostlyNonLatin = { ...customerMail('refund_succeeded'), text: '払い戻し'.repeat(50) };
    const trailingSpace = { ...customerMail('refund_succeeded'), text: 'Grüße, \r\nend ' };
    const large = { ...customerMail('refund_succeeded'), html: `<p>${'é'.repeat(40_000)}</p>` };
    const attachment = {
      ...customerMail('refund_succeeded'),
      attachments: [{ filename: 'a.txt', content: Buffer.from('data') }],
    };
    for (const mail of [mostlyNonLatin, trailingSpace, large, attachment]) {
      expect(writeMessage(new MailComposer(mail).compile())).toBeUndefined();
      expect(await composed(mail)).toBe(await byMailComposer(mail));
    }
  });
});
