// Who did something, for people: every actor string Refundry records ('user:<id>', 'key:<id>',
// 'worker', 'webhook', 'cli:<login>', …) as a display name, with the email of people. History rows,
// refunds, approvals, reconciliation runs and resolutions, policy changes and CSV exports all show
// names through here, so nobody reads `usr_…` ids. One query per kind for a whole page of actors.
import type { Queryable } from '../db/db.ts';

export interface ActorInfo {
  /** 'Ada Admin', 'API key shop backend', 'Refundry worker'. */
  name: string;
  /** People only. */
  email: string | null;
  kind: 'user' | 'key' | 'system';
}

const SYSTEM_NAMES: Record<string, string> = {
  worker: 'Refundry worker',
  webhook: 'Stripe event',
  backfill: 'Stripe event (backfill)',
  poller: 'Status check at Stripe',
  reconciliation: 'Reconciliation',
  stripe: 'Stripe (made outside Refundry)',
  schedule: 'Daily schedule',
  cli: 'Command line',
  system: 'Refundry',
};

/** Names that need no database: system actors and 'cli:<login>'. Undefined for users and keys. */
export function systemActorName(actor: string): string | undefined {
  if (SYSTEM_NAMES[actor]) return SYSTEM_NAMES[actor];
  if (actor.startsWith('cli:')) return `Command line (${actor.slice(4)})`;
  if (actor.startsWith('user:') || actor.startsWith('key:')) return undefined;
  return actor;
}

/**
 * Display names for the given actors (duplicates and nulls are fine). Users show their name, or
 * their email when they have none; a deleted user or key shows as "Unknown user/key …" rather than
 * its bare id.
 */
export async function describeActors(
  db: Queryable,
  actors: Iterable<string | null | undefined>,
): Promise<Map<string, ActorInfo>> {
  const all = new Set<string>();
  for (const a of actors) if (a) all.add(a);
  const names = new Map<string, ActorInfo>();
  const users: string[] = [];
  const keys: string[] = [];
  for (const a of all) {
    if (a.startsWith('user:')) users.push(a.slice(5));
    else if (a.startsWith('key:')) keys.push(a.slice(4));
    else names.set(a, { name: systemActorName(a) ?? a, email: null, kind: 'system' });
  }
  if (users.length) {
    for (const u of await db.query<{ id: string; name: string; email: string }>(
      'SELECT id, name, email FROM users WHERE id = ANY($1)',
      [users],
    )) {
      names.set(`user:${u.id}`, { name: u.name.trim() || u.email, email: u.email, kind: 'user' });
    }
  }
  if (keys.length) {
    for (const k of await db.query<{ id: string; name: string }>(
      'SELECT id, name FROM api_keys WHERE id = ANY($1)',
      [keys],
    )) {
      names.set(`key:${k.id}`, { name: `API key ${k.name}`, email: null, kind: 'key' });
    }
  }
  for (const a of all) {
    if (names.has(a)) continue;
    const user = a.startsWith('user:');
    names.set(a, {
      name: user ? 'Unknown user' : 'Unknown API key',
      email: null,
      kind: user ? 'user' : 'key',
    });
  }
  return names;
}

/** `{X_name, X_email}` for one actor field of an API object (nulls when there is no actor). */
export function actorFields<K extends string>(
  field: K,
  actor: string | null | undefined,
  names: Map<string, ActorInfo>,
): Record<`${K}_name` | `${K}_email`, string | null> {
  const info = actor ? names.get(actor) : undefined;
  return {
    [`${field}_name`]: info?.name ?? null,
    [`${field}_email`]: info?.email ?? null,
  } as Record<`${K}_name` | `${K}_email`, string | null>;
}
