// Sending email: over SMTP (nodemailer, pooled connections) when a host is configured, otherwise
// into a folder, one RFC 822 `.eml` file per message (what the embedded default does, so a laptop
// install "sends" mail without a server and anyone can open the files).
import { rename as renameCallback, writeFile as writeFileCallback } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Transporter } from 'nodemailer';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../shared/private-files.ts';

// nodemailer (its SMTP transport and its MIME composer, which compose-email.ts builds on) is loaded
// when the first message is sent, not when the service starts: about 0.15 s of `npm start`'s time
// to ready, for mail that may never be sent in a session.
const composer = () => import('./compose-email.ts');

export type MailConfig =
  | {
      kind: 'smtp';
      host: string;
      port: number;
      user?: string | undefined;
      password?: string | undefined;
      from: string;
    }
  | { kind: 'dir'; dir: string; from: string };

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per notification, so a receiver can recognise a resend after a crash. */
  messageId: string;
  /** Names the file in folder mode (a resend overwrites the same file). */
  key: string;
  /** Sent as X-Refundry-Refund. */
  refundId?: string | undefined;
}

export interface Mailer {
  /** For logs: 'smtp host:port' or 'dir <path>'; never credentials. */
  readonly description: string;
  send(mail: OutgoingEmail): Promise<void>;
  close(): void;
}

/** Told when the mail folder had to be tightened to owner-only. */
type WarnLogger = { warn(obj: object, msg: string): void };

export function createMailer(config: MailConfig, logger?: WarnLogger): Mailer {
  if (config.kind === 'smtp') {
    let transport: Promise<Transporter> | undefined;
    const open = async () => {
      const { default: nodemailer } = await import('nodemailer');
      return nodemailer.createTransport({
        pool: true,
        maxConnections: 4,
        host: config.host,
        port: config.port,
        // Port 465 is TLS from the first byte; others upgrade with STARTTLS when the server offers it.
        secure: config.port === 465,
        ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
        logger: false,
      });
    };
    return {
      description: `smtp ${config.host}:${config.port}`,
      async send(mail) {
        transport ??= open();
        const [smtp, { mailComposerOptions }] = await Promise.all([transport, composer()]);
        await smtp.sendMail(mailComposerOptions({ ...mail, from: config.from }));
      },
      close: () => {
        void transport?.then(
          (smtp) => smtp.close(),
          () => {},
        );
      },
    };
  }
  // The folder holds customers' addresses and status-page links: owner-only, like the data folder.
  let ready = false;
  return {
    description: `dir ${config.dir}`,
    async send(mail) {
      if (!ready) {
        ensurePrivateDir(config.dir, logger);
        ready = true;
      }
      // The message is what nodemailer's MailComposer makes of it (what its transports send),
      // written directly (compose-email.ts), with CRLF line ends throughout, as SMTP carries it.
      // No transport in between: a folder needs none, and the stream transport's plumbing cost
      // more CPU than composing the message.
      const { composeEmail } = await composer();
      const composed = await composeEmail({ ...crlf(mail), from: config.from });
      const file = join(config.dir, `${mail.key.replace(/[^A-Za-z0-9_.-]/g, '_')}.eml`);
      // Written whole then renamed, so a reader never sees half a message. In libuv's thread pool,
      // off the event loop (which, in embedded mode, the database shares): creating a file costs
      // more than composing it on some disks. The callback API, not fs/promises, whose FileHandle
      // per file costs the event loop more than the write itself.
      await writeFile(`${file}.tmp`, composed, { mode: PRIVATE_FILE_MODE });
      await rename(`${file}.tmp`, file);
    },
    close: () => {},
  };
}

const writeFile = promisify(writeFileCallback);
const rename = promisify(renameCallback);

/** The email with its text and html bodies in CRLF line ends (headers are composed with CRLF). */
function crlf(mail: OutgoingEmail): OutgoingEmail {
  const toCrlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
  return { ...mail, text: toCrlf(mail.text), html: toCrlf(mail.html) };
}
