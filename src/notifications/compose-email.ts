// An email as the RFC 5322 bytes nodemailer's MailComposer makes of it, without its streams.
//
// MailComposer compiles a message into a tree of MIME nodes (every header, address, encoded word
// and the choice of transfer encoding is decided there) and then writes the tree out through a
// pipeline of streams: a PassThrough, a quoted-printable Transform per part, a trailing-newline
// Transform, setImmediate between parts and an AbortController per pipeline. For a customer
// email of ~2 KB that writing costs about three times the compiling (0.25 ms against 0.09 ms of
// CPU per email, most of it stream bookkeeping and the garbage it leaves), and the notification
// worker writes one per refund. So the tree is still compiled by MailComposer, and when it is of
// the shape our emails have (text parts, quoted-printable or 7bit, in one multipart node or
// alone) it is written out here in one synchronous pass with nodemailer's own header builder
// and quoted-printable encoder, which produce the same bytes (test/notifications/
// compose-email.test.ts compares them with MailComposer's own output). Any other tree is
// written by MailComposer itself.
import MailComposer from 'nodemailer/lib/mail-composer';
import type MimeNode from 'nodemailer/lib/mime-node';
import { encode as encodeQuotedPrintable, wrap as wrapQuotedPrintable } from 'nodemailer/lib/qp';

export type MailOptions = ConstructorParameters<typeof MailComposer>[0];

/** The whole message, as MailComposer would build it. */
export async function composeEmail(mail: MailOptions): Promise<string | Buffer> {
  const root = new MailComposer(mail).compile();
  return writeMessage(root) ?? root.build();
}

/**
 * The message of a compiled tree, written in one pass; undefined when the tree holds anything
 * this writer does not make exactly as MailComposer's streams do (then build() writes it).
 */
export function writeMessage(root: MimeNode): string | undefined {
  const out = writeNode(root);
  if (out === undefined) return undefined;
  // What the stream's last stage (LastNewline) does: the message ends with a line break.
  return out.endsWith('\n') ? out : out.endsWith('\r') ? `${out}\n` : `${out}\r\n`;
}

/**
 * The quoted-printable Transform encodes its input in 64 KiB slices and holds back whitespace that
 * ends a chunk; a body shorter than a slice that does not end in whitespace is one slice, encoded
 * and wrapped exactly as encode() then wrap() at 76 columns do.
 */
const ONE_SLICE = 64 * 1024;

/** MimeNode.stream() without streams, for the node shapes it can take; see writeMessage. */
function writeNode(node: MimeNode): string | undefined {
  let out = `${node.buildHeaders()}\r\n\r\n`;
  const content = node.content;
  if (content) {
    const body = textBody(node, content);
    if (body === undefined) return undefined;
    out += body;
  }
  if (node.multipart) {
    for (const [i, child] of node.childNodes.entries()) {
      const part = writeNode(child);
      if (part === undefined) return undefined;
      out += `${i > 0 ? '\r\n' : ''}--${node.boundary}\r\n${part}`;
    }
    out += `\r\n--${node.boundary}--\r\n`;
  }
  return out;
}

/** A text part's encoded body, or undefined for any other content (a Buffer, a stream, a file). */
function textBody(node: MimeNode, content: NonNullable<MimeNode['content']>): string | undefined {
  if (typeof content !== 'string' || !/^text\//i.test(node.contentType ?? '')) return undefined;
  const encoding = node.getTransferEncoding();
  if (encoding === '7bit') return content;
  if (encoding !== 'quoted-printable') return undefined;
  const bytes = Buffer.from(content, 'utf8');
  const last = bytes[bytes.length - 1];
  if (bytes.length >= ONE_SLICE || last === 0x20 || last === 0x09) return undefined;
  return wrapQuotedPrintable(encodeQuotedPrintable(bytes), 76);
}
