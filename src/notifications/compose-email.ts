// A customer email as RFC 5322 bytes: exactly the message nodemailer's MailComposer makes of it,
// written directly.
//
// MailComposer builds a tree of MIME nodes (each node sets, normalises and re-reads its headers
// through regular expressions, and draws random bytes for a boundary it may never use) and then
// writes the tree out through a pipeline of streams. Per email that cost more CPU than anything
// else the notification worker does. Our emails always have one shape: a few headers and a
// multipart/alternative of a text and an HTML part. So this module writes that shape itself, with
// nodemailer's own pieces for everything that takes judgement: header values (addresses
// punycoded and MIME-encoded, encoded words for non-ASCII text) by MimeNode.encodeHeaderValue,
// folding by foldLines, parameters by buildHeaderValue, bodies by its quoted-printable encoder.
// A body that would not be quoted-printable or 7bit in MailComposer's hands (mostly non-Latin
// text, which it sends as base64), or that its streams would encode in slices (64 KiB or more,
// or ending in whitespace), goes the whole way through MailComposer instead.
// test/notifications/compose-email.test.ts holds both outputs to the same bytes.
import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { buildHeaderValue, foldLines, hasLongerLines, isPlainText } from 'nodemailer/lib/mime-funcs';
import MimeNode from 'nodemailer/lib/mime-node';
import { encode as encodeQuotedPrintable, wrap as wrapQuotedPrintable } from 'nodemailer/lib/qp';

export interface EmailMessage {
  from: string;
  to: string;
  subject: string;
  /** Both bodies with CRLF line ends, as SMTP carries them. */
  text: string;
  html: string;
  /** `<id@host>`, stable per notification, so a receiver can recognise a resend after a crash. */
  messageId: string;
  /** Sent as X-Refundry-Refund (the header is left out without it). */
  refundId?: string | undefined;
  /** Default: now. */
  date?: Date;
  /** The random part of the multipart boundary (default: 8 random bytes in hex, as MailComposer). */
  baseBoundary?: string;
}

/** The message as MailComposer builds it (same options), for the mailer and the comparison test. */
export function mailComposerOptions(mail: EmailMessage) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: mail.refundId ? { 'X-Refundry-Refund': mail.refundId } : {},
    ...(mail.date ? { date: mail.date } : {}),
    ...(mail.baseBoundary ? { baseBoundary: mail.baseBoundary } : {}),
  };
}

/** The whole message, byte for byte what MailComposer would write. */
export async function composeEmail(mail: EmailMessage): Promise<string | Buffer> {
  return writeEmail(mail) ?? new MailComposer(mailComposerOptions(mail)).compile().build();
}

/**
 * The message written here, or undefined when a body takes an encoding only MailComposer's
 * streams write (see the top of the file).
 */
export function writeEmail(mail: EmailMessage): string | undefined {
  const text = textPart('text/plain; charset=utf-8', mail.text);
  const html = textPart('text/html; charset=utf-8', mail.html);
  if (text === undefined || html === undefined) return undefined;
  const date = mail.date ?? new Date();
  // MailComposer's root node is node 1 of its tree: "--_NmP-<random>-Part_1".
  const boundary = `--_NmP-${mail.baseBoundary ?? randomBytes(8).toString('hex')}-Part_1`;
  const head = [
    header('X-Refundry-Refund', mail.refundId ?? ''),
    header('From', mail.from),
    header('To', mail.to),
    header('Subject', mail.subject),
    header('Message-ID', mail.messageId),
    header('Date', date.toUTCString().replace(/GMT/, '+0000')),
    'MIME-Version: 1.0',
    header('Content-Type', buildHeaderValue({ value: 'multipart/alternative', params: { boundary } })),
  ];
  return `${head.filter((line) => line !== '').join('\r\n')}\r\n\r\n--${boundary}\r\n${text}\r\n--${boundary}\r\n${html}\r\n--${boundary}--\r\n`;
}

/** Encodes header values as a MimeNode does; holds no state between calls. */
const headerValues = new MimeNode(false);

/** One header line, folded at 76 columns; '' when the value is empty (MailComposer leaves it out). */
function header(key: string, value: string): string {
  const encoded = headerValues.encodeHeaderValue(key, value);
  return encoded.trim() ? foldLines(`${key}: ${encoded}`, 76) : '';
}

/**
 * A text part (its headers and body) as MailComposer writes it: 7bit when the text is plain ASCII
 * in short lines, else quoted-printable; undefined when MailComposer would choose base64 or its
 * encoder would split the body (the caller then leaves the message to MailComposer).
 */
function textPart(contentType: string, content: string): string | undefined {
  const head = `${header('Content-Type', contentType)}\r\n`;
  if (isPlainText(content) && !hasLongerLines(content, 76)) {
    return `${head}Content-Transfer-Encoding: 7bit\r\n\r\n${content}`;
  }
  if (!mostlyLatin(content)) return undefined;
  const bytes = Buffer.from(content, 'utf8');
  const last = bytes[bytes.length - 1];
  if (bytes.length >= ONE_SLICE || last === 0x20 || last === 0x09) return undefined;
  const body = wrapQuotedPrintable(encodeQuotedPrintable(bytes), 76);
  return `${head}Content-Transfer-Encoding: quoted-printable\r\n\r\n${body}`;
}

/**
 * MailComposer's quoted-printable encoder works in 64 KiB slices and holds back whitespace that
 * ends a slice; a body under one slice that does not end in whitespace is encoded and wrapped
 * exactly as encode() then wrap() at 76 columns do.
 */
const ONE_SLICE = 64 * 1024;

/**
 * MimeNode's choice between quoted-printable and base64 for text: quoted-printable when Latin
 * letters outnumber non-ASCII and control characters (nodemailer's _getTextEncoding).
 */
function mostlyLatin(value: string): boolean {
  let other = 0;
  let latin = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x08 || code === 0x0b || code === 0x0c || (code >= 0x0e && code <= 0x1f) || code >= 0x80) {
      other++;
    } else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) {
      latin++;
    }
  }
  return other < latin;
}
