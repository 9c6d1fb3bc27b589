// An HTTP operation declared once, beside its route: the zod schemas the route parses its input
// with (the very same objects, never a copy), the response schemas, the scope it needs and every
// error code it can answer with. The OpenAPI document (src/openapi/document.ts) is made from these
// declarations, the contract test holds real responses to it, and a route check fails when a
// route and a declaration drift apart. A leaf module: it imports nothing from src/.
import { z } from 'zod';

/**
 * The API's version, in the document (`info.version`) and on every response (`Refundry-Version`).
 * Dated, like Stripe's: a new date only for a change that is not backwards compatible (docs/api.md).
 */
export const API_VERSION = '2026-12-01';
export const VERSION_HEADER = 'Refundry-Version';

/** Who may call an operation. */
export type Access =
  /** An API key (`Authorization: Bearer rfk_…`) or a dashboard session with the scope. */
  | { kind: 'api'; scope: string }
  /** No authentication (health checks, the document itself, sign-in). */
  | { kind: 'public' }
  /** The dashboard's session cookie. */
  | { kind: 'session' }
  /** Stripe's webhook signature (Stripe-Signature). */
  | { kind: 'stripe-signature' }
  /** The customer's unguessable link token in the path. */
  | { kind: 'customer-token' };

export interface ResponseSpec {
  description: string;
  /** JSON body schema (output side); omitted for a body-less answer (204). */
  schema?: z.ZodType | undefined;
  /** For non-JSON bodies (text/csv, text/html, text/plain): the media type, body described in words. */
  mediaType?: string | undefined;
  /** Response headers worth naming (Location, Idempotent-Replayed, Retry-After). */
  headers?: Record<string, string> | undefined;
  example?: unknown;
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** The full path in Fastify's notation (`/api/v1/refunds/:id`). */
  path: string;
  operationId: string;
  summary: string;
  description?: string | undefined;
  tag: string;
  access: Access;
  /** The schemas the route parses its path parameters, query and JSON body with. */
  params?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  body?: z.ZodType | undefined;
  /** The body is optional (a POST that also takes none). */
  bodyOptional?: boolean | undefined;
  /** Other request media types the route takes, described in words (text/csv). */
  otherBodies?: Record<string, string> | undefined;
  /** The route honours Idempotency-Key (a retry with the same key is answered, not redone). */
  idempotencyKey?: boolean | undefined;
  /** Success answers by status. */
  responses: Record<number, ResponseSpec>;
  /**
   * Refusals specific to this operation, by status: the error codes it can answer with. The
   * refusals every operation of its kind shares (authentication, scope, bad input, the database
   * away) are added by the document from `access` and the input schemas.
   */
  errors?: Record<number, readonly string[]> | undefined;
  /** An example request body. */
  example?: unknown;
}

/** An operation as its feature declares it: the feature's list gives the tag. */
export type Declaration = Omit<Operation, 'tag'>;

/** Declares a feature's operations under one tag (their section of the reference). */
export const operations = (tag: string, list: Declaration[]): Operation[] =>
  list.map((op) => ({ ...op, tag }));

// ---- Errors ----

/**
 * A refund policy rule a request breaks, with the facts behind it (amounts in minor units). The
 * policy's `Violation` type (src/policy/policy.ts) is this schema's, so the two cannot drift.
 */
export const violationSchema = z
  .strictObject({
    code: z.string().meta({
      description:
        'outside_refund_window, fraud_flagged, currency_mismatch, invalid_amount, amount_exceeds_remaining, nothing_to_refund, not_payment_owner, reason_blocked, payment_disputed; for platforms no_transfer_to_reverse or no_application_fee.',
    }),
    message: z.string().meta({ description: 'For people, amounts in the payment’s currency.' }),
    param: z.string(),
    /** The payment's currency, whenever an amount is named. */
    currency: z.string().optional(),
    /** The amount asked for (minor units). */
    amount: z.number().int().optional(),
    /** What remains refundable, counting refunds in flight (minor units). */
    remaining: z.number().int().optional(),
    /** outside_refund_window: whole days since capture, and the window. */
    captured_days_ago: z.number().int().optional(),
    refund_window_days: z.number().int().optional(),
    /** currency_mismatch: the currency the request named. */
    requested_currency: z.string().optional(),
    /** reason_blocked: the reason. */
    reason: z.string().optional(),
  })
  .meta({ id: 'Violation' });

/**
 * Fields some error codes carry beside code, message and param. Every error body is documented
 * with exactly these, so an undocumented field fails the contract test.
 */
export const ERROR_EXTRAS: Record<string, z.ZodRawShape> = {
  forbidden: { required_scope: z.string() },
  policy_violation: { payment_id: z.string(), violations: z.array(violationSchema) },
  invalid_csv: { expected_columns: z.array(z.string()) },
  already_retried: { retried_as: z.string() },
  amount_exceeds_remaining: { amount: z.number().int(), remaining: z.number().int(), currency: z.string() },
  sign_in_delayed: { retry_after_seconds: z.number().int() },
  too_many_attempts: { retry_after_seconds: z.number().int() },
};

/** One error body: `{error: {code, message, param?, …}}` with `code` one of `codes`. */
export function errorSchema(codes: readonly string[]) {
  const extras: z.ZodRawShape = {};
  for (const code of codes) Object.assign(extras, ERROR_EXTRAS[code] ?? {});
  const optionalExtras = Object.fromEntries(
    Object.entries(extras).map(([k, v]) => [k, (v as z.ZodType).optional()]),
  );
  return z.strictObject({
    error: z.strictObject({
      code: z.enum(codes as [string, ...string[]]),
      message: z.string().meta({ description: 'For people; may change. Match on `code`.' }),
      param: z.string().optional().meta({ description: 'The field, header or path part at fault.' }),
      ...optionalExtras,
    }),
  });
}

/** The refusals shared by the operations of a kind (see `Operation.errors`). */
export function sharedErrors(op: Operation): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  const add = (status: number, ...codes: string[]) => {
    out[status] = [...new Set([...(out[status] ?? []), ...codes])];
  };
  const takesInput = op.params || op.query || op.body || op.idempotencyKey;
  if (takesInput) add(400, 'invalid_request');
  if (op.params) add(414, 'uri_too_long');
  if (op.body || op.otherBodies) {
    add(400, 'invalid_request');
    add(413, 'request_too_large');
    add(415, 'unsupported_media_type');
  }
  if (op.access.kind === 'api') {
    add(401, 'unauthenticated');
    add(403, 'forbidden');
    // A dashboard session must prove the request comes from the dashboard.
    if (op.method !== 'get') add(403, 'csrf_token_missing', 'csrf_token_invalid', 'cross_origin');
  }
  if (op.access.kind === 'api' || op.access.kind === 'session') add(503, 'database_unavailable');
  for (const [status, codes] of Object.entries(op.errors ?? {})) add(Number(status), ...codes);
  return out;
}

// ---- Shapes shared by many responses ----

/** An ISO 8601 time as Refundry writes it (UTC, milliseconds). */
export const isoTime = z.string().meta({ format: 'date-time', example: '2026-05-20T12:00:00.000Z' });

/** A list page: `{object: 'list', data, has_more}`. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({ object: z.literal('list'), data: z.array(item), has_more: z.boolean() });

/** A list given whole, without pages: `{object: 'list', data}` (users, API keys, webhook endpoints). */
export const wholeListOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({ object: z.literal('list'), data: z.array(item) });

/** `{X_name, X_email}` beside an actor field (auth/actor-names.ts), present where the route adds them. */
export const actorFieldsOf = <K extends string>(field: K) =>
  ({
    [`${field}_name`]: z.string().nullable().optional(),
    [`${field}_email`]: z.string().nullable().optional(),
  }) as Record<`${K}_name` | `${K}_email`, z.ZodOptional<z.ZodNullable<z.ZodString>>>;

/** OpenAPI's path notation for a Fastify path: `/refunds/:id` → `/refunds/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');
