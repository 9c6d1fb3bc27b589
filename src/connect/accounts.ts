// The connected accounts Refundry knows (connect_accounts): every account a payment was made on or
// for (a trigger on payments adds it) and every account a Connect event came from. The backfill
// reads the events of the recently active ones, reconciliation lists the refunds of each, and the
// dashboard shows their names (Stripe's business_profile.name, fetched once).
import type { Queryable } from '../db/db.ts';
import type { StripeAccount } from '../stripe/gateway.ts';

export interface ConnectAccount {
  id: string;
  name: string | null;
  country: string | null;
  defaultCurrency: string | null;
  firstSeenAt: Date;
  lastActivityAt: Date;
}

interface Row {
  id: string;
  name: string | null;
  country: string | null;
  default_currency: string | null;
  first_seen_at: Date;
  last_activity_at: Date;
}

const toAccount = (r: Row): ConnectAccount => ({
  id: r.id,
  name: r.name,
  country: r.country,
  defaultCurrency: r.default_currency,
  firstSeenAt: r.first_seen_at,
  lastActivityAt: r.last_activity_at,
});

export const isAccountId = (id: string) => /^acct_[A-Za-z0-9]+$/.test(id);

/** Notes activity on these accounts (adding those not known yet), in one statement. */
export async function noteAccountActivity(db: Queryable, accounts: readonly string[]): Promise<void> {
  const ids = [...new Set(accounts.filter(isAccountId))];
  if (ids.length === 0) return;
  await db.query(
    `INSERT INTO connect_accounts (id) SELECT unnest($1::text[])
     ON CONFLICT (id) DO UPDATE SET last_activity_at = now()`,
    [ids],
  );
}

/** Stores what Stripe says about an account (name, country, currency). */
export async function saveAccountDetails(db: Queryable, a: StripeAccount): Promise<void> {
  await db.query(
    `INSERT INTO connect_accounts (id, name, country, default_currency) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, country = EXCLUDED.country,
       default_currency = EXCLUDED.default_currency`,
    [a.id, a.name, a.country, a.defaultCurrency],
  );
}

/** Accounts whose details were never fetched from Stripe (at most `limit`). */
export async function accountsWithoutDetails(db: Queryable, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    'SELECT id FROM connect_accounts WHERE country IS NULL ORDER BY first_seen_at, id LIMIT $1',
    [limit],
  );
  return rows.map((r) => r.id);
}

/** A page of known accounts in id order, after `afterId` (bounded memory for long lists). */
export async function accountsAfter(
  db: Queryable,
  afterId: string,
  limit: number,
  activeSince?: Date,
): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM connect_accounts WHERE id > $1 AND ($3::timestamptz IS NULL OR last_activity_at >= $3)
     ORDER BY id LIMIT $2`,
    [afterId, limit, activeSince ?? null],
  );
  return rows.map((r) => r.id);
}

/** Every known account, for the dashboard's account filter (ids and names; newest activity first). */
export async function listAccounts(db: Queryable, limit = 1000): Promise<ConnectAccount[]> {
  const rows = await db.query<Row>(
    'SELECT * FROM connect_accounts ORDER BY last_activity_at DESC, id LIMIT $1',
    [limit],
  );
  return rows.map(toAccount);
}

export async function getAccount(db: Queryable, id: string): Promise<ConnectAccount | undefined> {
  const [row] = await db.query<Row>('SELECT * FROM connect_accounts WHERE id = $1', [id]);
  return row ? toAccount(row) : undefined;
}

export function serializeAccount(a: ConnectAccount) {
  return {
    id: a.id,
    object: 'connected_account',
    name: a.name,
    country: a.country,
    default_currency: a.defaultCurrency,
    first_seen_at: a.firstSeenAt.toISOString(),
    last_activity_at: a.lastActivityAt.toISOString(),
  };
}
