// Idempotency-Key for Refundry's own API. A request with a key stores its response IN THE
// TRANSACTION OF ITS EFFECT (the refund), so the two commit together: a crash or a lost response
// leaves either both or neither, never a key stuck "in progress". A replay with the same body gets
// the stored response; with another body, a 422. The key's row is written once, with the response,
// at the end of that transaction (one write, no claim row updated later): two requests with one key
// running at once both get that far, the second's insert waits for the first's commit and fails on
// the key taken, and the second's writes roll back and it goes again — to find the stored answer.
// Each step works on many keys in one statement (requests accepted together share a transaction).
import { hash } from 'node:crypto';
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
    // One-shot: a quarter of the CPU of createHash().update().digest() for a body this small.
    hash: hash('sha256', JSON.stringify(body ?? null)),
  };
}

/** One string per (scope, key), for sets and maps. */
export const claimId = (c: Pick<IdempotencyClaim, 'scope' | 'key'>) => `${c.scope}\u0000${c.key}`;

/** A stored key's row, as storedResponses and the acceptance's look-up read it. */
export interface StoredKeyRow {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response: unknown;
}

/**
 * What each used key answers (one statement): the stored response, a 422 for a different body, or
 * a 409 for a row an older Refundry left without its response. Unused keys are absent.
 */
export async function storedResponses(
  db: Queryable,
  claims: readonly IdempotencyClaim[],
): Promise<Map<string, StoredResponse | ApiError>> {
  if (claims.length === 0) return new Map();
  const rows = await db.query<StoredKeyRow>(
    `SELECT i.scope, i.key, i.request_hash, i.status_code, i.response
     FROM unnest($1::text[], $2::text[]) AS c(scope, key)
     JOIN api_idempotency i ON i.scope = c.scope AND i.key = c.key`,
    [claims.map((c) => c.scope), claims.map((c) => c.key)],
  );
  return answersOf(rows, claims);
}

/** storedResponses' answers from the keys' rows, however they were read. */
export function answersOf(
  rows: readonly StoredKeyRow[],
  claims: readonly IdempotencyClaim[],
): Map<string, StoredResponse | ApiError> {
  const answers = new Map<string, StoredResponse | ApiError>();
  const hashes = new Map(claims.map((c) => [claimId(c), c.hash]));
  for (const row of rows) {
    const id = claimId(row);
    if (row.request_hash !== hashes.get(id)) {
      answers.set(
        id,
        new ApiError(
          422,
          'idempotency_conflict',
          'This Idempotency-Key was used with a different request body.',
          'Idempotency-Key',
        ),
      );
    } else if (row.status_code === null) {
      // Only a row written by an older Refundry (which claimed the key in a commit of its own).
      answers.set(
        id,
        new ApiError(
          409,
          'idempotency_conflict',
          'A request with this Idempotency-Key is still being processed; retry later.',
          'Idempotency-Key',
        ),
      );
    } else {
      answers.set(id, { status: row.status_code, body: row.response });
    }
  }
  return answers;
}

/**
 * A response with its body serialized once (`json`, JSON.stringify of the body): the bytes stored
 * under the key (keepAnswers' parameter) are the bytes the API sends.
 */
export interface SerializedResponse extends StoredResponse {
  json: string;
}

export const serializedResponse = (response: StoredResponse): SerializedResponse => ({
  ...response,
  json: JSON.stringify(response.body),
});

/**
 * keepAnswers' jsonb parameter: the keys with their responses, as JSON.stringify would write
 * `[{scope, key, hash, status, body}, …]`, each body spliced in from its one serialization.
 */
export function answersParam(
  responses: ReadonlyArray<{ claim: IdempotencyClaim; response: SerializedResponse }>,
): string {
  let out = '[';
  for (const [i, { claim, response }] of responses.entries()) {
    out += `${i === 0 ? '' : ','}{"scope":${JSON.stringify(claim.scope)},"key":${JSON.stringify(claim.key)},"hash":${JSON.stringify(claim.hash)},"status":${JSON.stringify(response.status)}`;
    // JSON.stringify leaves out a field whose value has no JSON (undefined).
    out += response.json === undefined ? '}' : `,"body":${response.json}}`;
  }
  return `${out}]`;
}

/**
 * A data-modifying CTE (`kept`) for the statement that writes a transaction's effects: stores each
 * key of `param` (answersParam, jsonb) with its response. A key another transaction stored meanwhile
 * fails the statement with a unique violation on api_idempotency_pkey (its insert waits for that
 * one's commit): nothing of the statement is written, and the caller goes again. Inserted in key
 * order, so two transactions storing the same keys cannot deadlock.
 */
export const keepAnswers = (param: string) => `kept AS (
       INSERT INTO api_idempotency (scope, key, request_hash, status_code, response)
       SELECT r.scope, r.key, r.hash, r.status, r.body
       FROM jsonb_to_recordset(${param}::jsonb) AS r(scope text, key text, hash text, status int, body jsonb)
       ORDER BY r.scope, r.key
     )`;

/**
 * A request refused with a 4xx before it reached its transaction (nothing was written): its answer
 * is kept under the key too, so a replay gets the same answer. Returns what this key answers now:
 * this refusal, or what another request with the key stored first.
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
  const stored = (await storedResponses(db, [claim])).get(claimId(claim));
  if (stored instanceof ApiError) throw stored;
  return stored ? { ...stored, replayed: true } : { ...response, replayed: false };
}
