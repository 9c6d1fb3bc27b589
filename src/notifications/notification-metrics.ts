// Notification metrics, on the service's own registry: deliveries by channel and outcome (counted
// by the process that made them) and the outbox by status (read from the database at scrape time,
// so every process reports the same numbers).
import { Counter, Gauge } from 'prom-client';
import type { Queryable } from '../db/db.ts';
import type { Metrics } from '../metrics/metrics.ts';

export interface NotificationMetrics {
  deliveries: Counter<'channel' | 'outcome'>;
}

const byRegistry = new WeakMap<object, NotificationMetrics>();

/** Registers (once per registry) and returns the notification metrics. */
export function notificationMetrics(metrics: Metrics, db?: Queryable): NotificationMetrics {
  const existing = byRegistry.get(metrics.registry);
  if (existing) return existing;
  const registers = [metrics.registry];
  const created: NotificationMetrics = {
    deliveries: new Counter({
      name: 'refundry_notification_deliveries_total',
      help: 'Notification delivery attempts by channel (email, webhook) and outcome (sent, retry, gave_up, skipped).',
      labelNames: ['channel', 'outcome'],
      registers,
    }),
  };
  new Gauge({
    name: 'refundry_notifications',
    help: 'Notifications waiting (pending) or given up (failed) in the outbox, by channel.',
    labelNames: ['channel', 'status'],
    registers,
    async collect() {
      if (!db) return;
      this.reset();
      const rows = await db.query<{ channel: string; status: string; n: number }>(
        // Only the small, indexed sets: sent rows grow forever and are counted by the counter.
        `SELECT channel, status, count(*)::int AS n FROM notifications
         WHERE status IN ('pending', 'failed') GROUP BY channel, status`,
      );
      for (const r of rows) this.set({ channel: r.channel, status: r.status }, r.n);
    },
  });
  byRegistry.set(metrics.registry, created);
  return created;
}
