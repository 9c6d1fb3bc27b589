// The notification delivery loop: claim due outbox rows (shared with every other process through
// SKIP LOCKED and leases), send each (customer email or signed merchant webhook), mark it sent, or
// schedule a retry with exponential backoff, or give up after maxAttempts (kept as 'failed').
import type { Db } from '../db/db.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { batcher } from '../shared/batcher.ts';
import { newWorkerId } from '../shared/ids.ts';
import type { Logger } from '../shared/logger.ts';
import { startPollingLoop } from '../shared/polling-loop.ts';
import { taskSlots } from '../shared/task-slots.ts';
import { renderCustomerEmail } from './email-content.ts';
import type { Mailer } from './mailer.ts';
import { type NotificationMetrics, notificationMetrics } from './notification-metrics.ts';
import type { EmailPayload } from './outbox.ts';
import {
  type ClaimedNotification,
  claimNotifications,
  markFinal,
  markRetry,
  markSentMany,
  releaseNotification,
  retryDelayMs,
} from './outbox-queue.ts';
import type { CustomerEmailKind } from './plan.ts';
import { sendWebhook } from './webhook-sender.ts';
import type { TargetPolicy } from './webhook-target.ts';

export interface NotificationWorkerOptions {
  db: Db;
  logger: Logger;
  mailer: Mailer;
  /** Base URL of the customer status page links in emails. */
  publicUrl: string;
  workerId?: string;
  /** Deliveries in flight at once in this process (default 32). */
  concurrency?: number;
  pollIntervalMs?: number;
  /**
   * After a pass that claimed fewer deliveries than it had room for, how long to let more arrive
   * before the next claim (default 100 ms; 0: claim again at once).
   */
  gatherMs?: number;
  leaseMs?: number;
  /** Attempts before a delivery is given up (status 'failed'). */
  maxAttempts?: number;
  backoff?: { baseMs?: number; capMs?: number };
  webhookTimeoutMs?: number;
  /** Which addresses merchant webhooks may reach (WEBHOOK_ALLOW_PRIVATE); default: public only. */
  webhookTarget?: TargetPolicy | undefined;
  metrics?: Metrics | undefined;
  now?: () => Date;
}

export interface NotificationWorkerStats {
  sent: number;
  retried: number;
  gaveUp: number;
  skipped: number;
}

export interface NotificationWorker {
  readonly workerId: string;
  readonly stats: NotificationWorkerStats;
  /** Looks for due work now instead of at the next poll. */
  poke(): void;
  stop(): Promise<void>;
}

interface EndpointRow {
  id: string;
  url: string;
  secret: string;
  status: 'enabled' | 'disabled';
}

type Attempt =
  | { kind: 'sent' }
  /** `error`: the class kept on the row and shown in the API; `detail`: for the log only. */
  | { kind: 'failed'; error: string; detail?: string | undefined }
  | { kind: 'skipped'; error: string }
  | { kind: 'released' };

export async function startNotificationWorker(
  options: NotificationWorkerOptions,
): Promise<NotificationWorker> {
  const { db, logger, mailer } = options;
  const workerId = options.workerId ?? newWorkerId();
  // Emails written to a folder take a fraction of a millisecond each and an SMTP pool queues what
  // its connections are not sending yet, so deliveries are claimed many at a time: each claim and
  // each "sent" mark is one statement for the whole group.
  const slots = taskSlots(options.concurrency ?? 32);
  const leaseMs = options.leaseMs ?? 120_000;
  const stats: NotificationWorkerStats = { sent: 0, retried: 0, gaveUp: 0, skipped: 0 };
  const attempt = attempter(options, () => loop.stopping);
  const settle = settler(options, workerId, stats);
  const deliver = async (n: ClaimedNotification) => settle(n, await attempt(n));

  /**
   * One pass: claim up to the free slots and start delivering; true when it found work, 'partial'
   * when it found fewer than it had room for (the loop then waits gatherMs).
   */
  const pass = async (): Promise<boolean | 'partial'> => {
    const free = await slots.free();
    if (free === 0) return true;
    const claimed = await claimNotifications(db, { workerId, limit: free, leaseMs });
    for (const n of claimed) {
      slots.hold(
        deliver(n).catch((error: unknown) =>
          logger.error(
            { err: error, notificationId: n.id, refundId: n.refund_id },
            'notification worker error',
          ),
        ),
      );
    }
    // Fewer than there was room for: the queue is empty for now. Under a steady flow, claiming
    // again at once would take a handful each time; a short wait lets the next claim (and its
    // "sent" mark) carry many, at the cost of that wait in an email's delay.
    if (claimed.length > 0 && claimed.length < free) return 'partial';
    return claimed.length > 0;
  };
  const loop = startPollingLoop({
    pass,
    intervalMs: options.pollIntervalMs ?? 1_000,
    gatherMs: options.gatherMs ?? 100,
    onError: (error) => logger.error({ err: error }, 'notification loop error'),
  });
  logger.info({ workerId, mail: mailer.description }, 'notification worker started');

  return {
    workerId,
    stats,
    poke: () => loop.poke(),
    async stop() {
      await loop.stop();
      await slots.drain();
      logger.info({ workerId, stats }, 'notification worker stopped');
    },
  };
}

/**
 * One try at a delivery: the customer email, or the signed event to a merchant endpoint that is
 * still enabled. Once the worker is stopping, a delivery not started yet is given back.
 */
function attempter(
  options: NotificationWorkerOptions,
  stopping: () => boolean,
): (n: ClaimedNotification) => Promise<Attempt> {
  const { db, mailer } = options;
  const webhookTimeoutMs = options.webhookTimeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  return async (n) => {
    if (n.channel === 'email') {
      const content = renderCustomerEmail(n.kind as CustomerEmailKind, n.payload as unknown as EmailPayload, {
        publicUrl: options.publicUrl,
      });
      if (stopping()) return { kind: 'released' };
      try {
        await mailer.send({
          to: n.recipient!,
          ...content,
          messageId: `<${n.id}@refundry>`,
          key: n.id,
          refundId: n.refund_id,
        });
        return { kind: 'sent' };
      } catch (error) {
        return { kind: 'failed', ...mailFailure(error) };
      }
    }
    const [endpoint] = await db.query<EndpointRow>(
      'SELECT id, url, secret, status FROM webhook_endpoints WHERE id = $1',
      [n.endpoint_id],
    );
    if (endpoint?.status !== 'enabled') return { kind: 'skipped', error: 'endpoint disabled' };
    if (stopping()) return { kind: 'released' };
    const result = await sendWebhook({
      url: endpoint.url,
      secret: endpoint.secret,
      eventId: String(n.payload.id),
      body: JSON.stringify(n.payload),
      timeoutMs: webhookTimeoutMs,
      nowSec: Math.floor(now().getTime() / 1000),
      target: options.webhookTarget,
    });
    return result.ok ? { kind: 'sent' } : { kind: 'failed', error: result.error, detail: result.detail };
  };
}

/**
 * What follows a try, on the row this worker holds: marked sent (many in one statement), given
 * back, skipped, given up after maxAttempts (kept as 'failed'), or retried after a backoff; each
 * counted and logged.
 */
function settler(
  options: NotificationWorkerOptions,
  workerId: string,
  stats: NotificationWorkerStats,
): (n: ClaimedNotification, result: Attempt) => Promise<void> {
  const { db, logger } = options;
  const maxAttempts = options.maxAttempts ?? 12;
  const backoff = { baseMs: options.backoff?.baseMs ?? 10_000, capMs: options.backoff?.capMs ?? 3_600_000 };
  const counters: NotificationMetrics | undefined = options.metrics
    ? notificationMetrics(options.metrics, db)
    : undefined;
  // Deliveries that end together are marked sent together (one statement per batch).
  const markSentBatched = batcher(async (ids: string[]) => {
    const held = await markSentMany(db, ids, workerId);
    return ids.map((id) => held.has(id));
  });

  return async (n, result) => {
    const log = { notificationId: n.id, refundId: n.refund_id, channel: n.channel, kind: n.kind };
    if (result.kind === 'released') {
      await releaseNotification(db, n.id, workerId);
    } else if (result.kind === 'sent') {
      if (await markSentBatched(n.id)) {
        stats.sent++;
        counters?.deliveries.inc({ channel: n.channel, outcome: 'sent' });
        logger.debug(log, 'notification sent');
      }
    } else if (result.kind === 'skipped') {
      await markFinal(db, n.id, workerId, 'skipped', result.error);
      stats.skipped++;
      counters?.deliveries.inc({ channel: n.channel, outcome: 'skipped' });
    } else if (n.attempts >= maxAttempts) {
      await markFinal(db, n.id, workerId, 'failed', result.error);
      stats.gaveUp++;
      counters?.deliveries.inc({ channel: n.channel, outcome: 'gave_up' });
      logger.error(
        { ...log, attempts: n.attempts, error: result.error, detail: result.detail },
        'notification given up',
      );
    } else {
      const delay = retryDelayMs(n.attempts, backoff);
      await markRetry(db, n.id, workerId, delay, result.error);
      stats.retried++;
      counters?.deliveries.inc({ channel: n.channel, outcome: 'retry' });
      logger.warn(
        {
          ...log,
          attempts: n.attempts,
          retryInMs: Math.round(delay),
          error: result.error,
          detail: result.detail,
        },
        'notification delivery failed; will retry',
      );
    }
  };
}

const MAIL_CLASSES: Record<string, string> = {
  ETIMEDOUT: 'timeout',
  ETLS: 'tls_error',
  EDNS: 'dns_failed',
  ECONNECTION: 'connection_failed',
  ESOCKET: 'connection_failed',
  EENVELOPE: 'smtp_envelope_refused',
};

/**
 * A failed email as a class for the row (`smtp_550`, `smtp_auth_failed`, `timeout`, …) and the
 * server's words, bounded, for the log.
 */
function mailFailure(error: unknown): { error: string; detail: string } {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const cls =
    e.code === 'EAUTH'
      ? 'smtp_auth_failed'
      : e.responseCode
        ? `smtp_${e.responseCode}`
        : ((e.code ? MAIL_CLASSES[e.code] : undefined) ?? 'send_failed');
  const parts = [e.code, e.responseCode, e.message].filter((p) => p !== undefined && p !== '');
  return { error: cls, detail: (parts.join(' ') || String(error)).slice(0, 300) };
}
