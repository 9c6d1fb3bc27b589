// API keys: a random secret shown once; only its SHA-256 is stored. Lookup is by hash (an index
// probe on a digest, so timing reveals nothing about the key), then the digests are compared with
// timingSafeEqual for good measure.
import { hash as digestOf, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/db.ts';
import { fieldsOf } from '../db/row-fields.ts';
import { newId, randomToken } from '../shared/ids.ts';
import { ttlCache } from '../shared/ttl-cache.ts';

export const SCOPES = [
  'payments:write',
  'payments:read',
  'refunds:read',
  'refunds:write',
  'refunds:approve',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  revokedAt: Date | null;
}

/** SHA-256 of the key, in hex (one-shot: a quarter of the CPU of createHash() on every request). */
export function hashKey(key: string): string {
  return digestOf('sha256', key);
}

export async function createApiKey(
  db: Queryable,
  input: { name: string; scopes: Scope[] },
): Promise<{ key: string; apiKey: ApiKey }> {
  const key = `rfk_${randomToken(32)}`;
  const id = newId('key');
  const prefix = key.slice(0, 8);
  const [row] = await db.query<{ created_at: Date }>(
    'INSERT INTO api_keys (id, name, prefix, key_hash, scopes) VALUES ($1, $2, $3, $4, $5) RETURNING created_at',
    [id, input.name, prefix, hashKey(key), input.scopes],
  );
  return {
    key,
    apiKey: {
      id,
      name: input.name,
      prefix,
      scopes: input.scopes,
      createdAt: row!.created_at,
      revokedAt: null,
    },
  };
}

/**
 * Live keys are remembered for API_KEY_CACHE_MS by the hash of their secret, so a busy client costs
 * no query per request. Revoking a key empties the cache of the process that revoked it at once;
 * other processes stop accepting it within API_KEY_CACHE_MS. Unknown secrets are never cached.
 */
export const API_KEY_CACHE_MS = 1_000;
const liveKeys = ttlCache<ApiKey | undefined>(API_KEY_CACHE_MS);

/** The live key for this secret, or undefined (unknown or revoked). */
export async function verifyApiKey(db: Queryable, key: string): Promise<ApiKey | undefined> {
  if (!/^rfk_[0-9A-Za-z]{32}$/.test(key)) return undefined;
  const hash = hashKey(key);
  const found = await liveKeys.get(db, hash, () => lookUpKey(db, hash));
  // Unknown and revoked keys are looked up every time: only live keys stay cached.
  if (!found) liveKeys.invalidateKey(db, hash);
  return found;
}

async function lookUpKey(db: Queryable, hash: string): Promise<ApiKey | undefined> {
  const [row] = await db.query<KeyRow>(
    'SELECT id, name, prefix, key_hash, scopes, created_at, revoked_at FROM api_keys WHERE key_hash = $1',
    [hash],
  );
  if (!row || !timingSafeEqual(Buffer.from(row.key_hash), Buffer.from(hash))) return undefined;
  if (row.revoked_at) return undefined;
  return toApiKey(row);
}

export async function listApiKeys(db: Queryable): Promise<ApiKey[]> {
  const rows = await db.query<KeyRow>(
    'SELECT id, name, prefix, key_hash, scopes, created_at, revoked_at FROM api_keys ORDER BY created_at, id',
  );
  return rows.map(toApiKey);
}

export async function revokeApiKey(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query(
    'UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING id',
    [id],
  );
  liveKeys.invalidate();
  return rows.length > 0;
}

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string[];
  created_at: Date;
  revoked_at: Date | null;
}

function toApiKey(row: KeyRow): ApiKey {
  return {
    ...fieldsOf(row, 'id', 'name', 'prefix'),
    scopes: row.scopes.filter(isScope),
    ...fieldsOf(row, 'created_at', 'revoked_at'),
  };
}
