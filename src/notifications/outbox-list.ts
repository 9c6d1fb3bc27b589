// The outbox as operators read it (GET /api/v1/notifications): a page of deliveries, newest first,
// filtered by status, channel or refund, each as the API shows it.

import { conditions } from '../db/conditions.ts';
import type { Queryable } from '../db/db.ts';
import { type Cursor, readPage } from '../db/keyset.ts';
import { isoOrNull } from '../shared/iso-time.ts';

export interface NotificationFilter {
  status?: 'pending' | 'sent' | 'failed' | 'skipped' | undefined;
  channel?: 'email' | 'webhook' | undefined;
  refundId?: string | undefined;
}

interface NotificationRow {
  id: string;
  refund_id: string;
  channel: string;
  kind: string;
  recipient: string | null;
  endpoint_id: string | null;
  event_id: string | null;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/** Newest first, a page at a time (exact cursors: src/db/keyset.ts); undefined: no such cursor. */
export async function listNotifications(
  db: Queryable,
  filter: NotificationFilter,
  page: { limit: number } & Cursor,
): Promise<{ data: NotificationRow[]; hasMore: boolean } | undefined> {
  const { where, params, add } = conditions();
  if (filter.status) add('n.status = ?', filter.status);
  if (filter.channel) add('n.channel = ?', filter.channel);
  if (filter.refundId) add('n.refund_id = ?', filter.refundId);
  return readPage<NotificationRow>(
    db,
    {
      table: 'notifications',
      alias: 'n',
      columns: `id, refund_id, channel, kind, recipient, endpoint_id, payload->>'id' AS event_id, status,
          attempts, next_attempt_at, last_error, created_at, sent_at`,
      where,
      params,
    },
    page,
  );
}

/** A delivery as the API shows it: the event id of webhooks only, the next attempt of pending ones. */
export function serializeNotification(r: NotificationRow) {
  return {
    id: r.id,
    object: 'notification',
    refund_id: r.refund_id,
    channel: r.channel,
    kind: r.kind,
    recipient: r.recipient,
    endpoint_id: r.endpoint_id,
    event_id: r.channel === 'webhook' ? r.event_id : null,
    status: r.status,
    attempts: r.attempts,
    next_attempt_at: r.status === 'pending' ? isoOrNull(r.next_attempt_at) : null,
    last_error: r.last_error,
    created_at: isoOrNull(r.created_at),
    sent_at: isoOrNull(r.sent_at),
  };
}
