// The merchant's webhook endpoints: where refund events are delivered, which types, and the secret
// deliveries are signed with (returned once, at creation; afterwards only its first characters).
import type { Queryable } from '../db/db.ts';
import { newId, randomToken } from '../shared/ids.ts';
import { isoOrNull } from '../shared/iso-time.ts';

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  enabled_events: string[];
  status: 'enabled' | 'disabled';
  created_by: string;
  created_at: Date;
  disabled_at: Date | null;
}

export interface DeliveryCounts {
  pending: number;
  sent: number;
  failed: number;
  skipped: number;
}

const COLUMNS = 'id, url, description, enabled_events, status, created_by, created_at, disabled_at';

export async function createWebhookEndpoint(
  db: Queryable,
  input: { url: string; description?: string | undefined; enabledEvents: string[]; createdBy: string },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const secret = `whsec_${randomToken(40)}`;
  const [endpoint] = await db.query<WebhookEndpoint>(
    `INSERT INTO webhook_endpoints (id, url, description, enabled_events, secret, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [newId('we'), input.url, input.description ?? null, input.enabledEvents, secret, input.createdBy],
  );
  return { endpoint: endpoint!, secret };
}

export async function listWebhookEndpoints(db: Queryable): Promise<WebhookEndpoint[]> {
  return db.query<WebhookEndpoint>(
    `SELECT ${COLUMNS} FROM webhook_endpoints ORDER BY created_at DESC, id DESC`,
  );
}

export async function getWebhookEndpoint(db: Queryable, id: string): Promise<WebhookEndpoint | undefined> {
  const [row] = await db.query<WebhookEndpoint>(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1`, [
    id,
  ]);
  return row;
}

/**
 * Disables an endpoint (kept, with its delivery history): nothing new is enqueued for it and
 * deliveries still waiting are skipped. Returns undefined when there is no such endpoint.
 */
export async function disableWebhookEndpoint(
  db: Queryable,
  id: string,
): Promise<WebhookEndpoint | undefined> {
  const [row] = await db.query<WebhookEndpoint>(
    `UPDATE webhook_endpoints SET status = 'disabled', disabled_at = COALESCE(disabled_at, now())
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  return row;
}

export async function deliveryCounts(
  db: Queryable,
  endpointIds: string[],
): Promise<Map<string, DeliveryCounts>> {
  const counts = new Map<string, DeliveryCounts>();
  for (const id of endpointIds) counts.set(id, { pending: 0, sent: 0, failed: 0, skipped: 0 });
  if (endpointIds.length === 0) return counts;
  const rows = await db.query<{ endpoint_id: string; status: keyof DeliveryCounts; n: number }>(
    `SELECT endpoint_id, status, count(*)::int AS n FROM notifications
     WHERE endpoint_id = ANY ($1) GROUP BY endpoint_id, status`,
    [endpointIds],
  );
  for (const row of rows) counts.get(row.endpoint_id)![row.status] = row.n;
  return counts;
}

export function serializeWebhookEndpoint(e: WebhookEndpoint, deliveries?: DeliveryCounts) {
  return {
    id: e.id,
    object: 'webhook_endpoint',
    url: e.url,
    description: e.description,
    enabled_events: e.enabled_events,
    status: e.status,
    created_by: e.created_by,
    created_at: new Date(e.created_at).toISOString(),
    disabled_at: isoOrNull(e.disabled_at),
    ...(deliveries ? { deliveries } : {}),
  };
}
