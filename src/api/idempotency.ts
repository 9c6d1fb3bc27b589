// Idempotency-Key for Refundry's own API. The first request with a key claims it and stores its
// response IN THE TRANSACTION OF ITS EFFECT (the refund), so the two commit together: a crash or a
// lost response leaves either both or neither, never a key stuck "in progress". A replay with the
// same body gets the stored response; with another body, a 422. A replay arriving while the first
// request is still running waits on the key's row until that commits, then gets its response.
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/db.ts';
import { ApiError } from '../http/http-error.ts';

export interface IdempotencyClaim {
  scope: string;
  key: string;
  /** SHA-256 of the request body as parsed JSON. */
  hash: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

export function idempotencyClaim(scope: string, key: string, body: unknown): IdempotencyClaim {
  return {
    scope,
    key,
    hash: createHash('sha256')
      .update(JSON.stringify(body ?? null))
      .digest('hex'),
  };
}

/**
 * Inside the effect's transaction, before it: claims the key (undefined: go ahead), or returns the
 * response stored by the request that claimed it (a replay), or refuses a different body (422).
 */
export async function claimKey(tx: Queryable, claim: IdempotencyClaim): Promise<StoredResponse | undefined> {
  const inserted = await tx.query(
    'INSERT INTO api_idempotency (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key',
    [claim.scope, claim.key, claim.hash],
  );
  if (inserted.length > 0) return undefined;
  return storedResponse(tx, claim);
}

/** The response stored under the key (checking the body), undefined when the key is unused. */
export async function storedResponse(
  db: Queryable,
  claim: IdempotencyClaim,
): Promise<StoredResponse | undefined> {
  const [row] = await db.query<{ request_hash: string; status_code: number | null; response: unknown }>(
    'SELECT request_hash, status_code, response FROM api_idempotency WHERE scope = $1 AND key = $2',
    [claim.scope, claim.key],
  );
  if (!row) return undefined;
  if (row.request_hash !== claim.hash) {
    throw new ApiError(
      422,
      'idempotency_conflict',
      'This Idempotency-Key was used with a different request body.',
      'Idempotency-Key',
    );
  }
  if (row.status_code === null) {
    // Only a row written by an older Refundry (which stored the response in a later commit).
    throw new ApiError(
      409,
      'idempotency_conflict',
      'A request with this Idempotency-Key is still being processed; retry later.',
      'Idempotency-Key',
    );
  }
  return { status: row.status_code, body: row.response };
}

/** Inside the same transaction, after the effect: the response a replay will get. */
export async function recordResponse(tx: Queryable, claim: IdempotencyClaim, response: StoredResponse) {
  await tx.query('UPDATE api_idempotency SET status_code = $3, response = $4 WHERE scope = $1 AND key = $2', [
    claim.scope,
    claim.key,
    response.status,
    JSON.stringify(response.body),
  ]);
}

/**
 * A request refused with a 4xx (nothing was written): its answer is kept under the key too, so a
 * replay gets the same answer. Returns what a replay of this key gets now: this answer, or the
 * one stored first if another request with the key got there first.
 */
export async function recordRefusal(
  db: Queryable,
  claim: IdempotencyClaim,
  response: StoredResponse,
): Promise<StoredResponse & { replayed: boolean }> {
  const inserted = await db.query(
    `INSERT INTO api_idempotency (scope, key, request_hash, status_code, response) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING key`,
    [claim.scope, claim.key, claim.hash, response.status, JSON.stringify(response.body)],
  );
  if (inserted.length > 0) return { ...response, replayed: false };
  const stored = await storedResponse(db, claim);
  return stored ? { ...stored, replayed: true } : { ...response, replayed: false };
}
