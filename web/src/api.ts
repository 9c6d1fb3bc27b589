// The dashboard's only door to the service: same-origin fetch with the session cookie, the CSRF
// token on unsafe methods, and the service's error objects turned into ApiFailure. The dashboard
// has no powers of its own: every call goes through the same /api/v1 routes and policy as API keys.

import type { components } from '../../src/client/schema.ts';
import {
  DEFAULT_REFUND_REASON,
  type RefundReason,
  REFUND_REASONS as SERVER_REFUND_REASONS,
} from '../../src/refunds/reasons.ts';
import type { RefundStatus } from '../../src/refunds/refund-states.ts';

export interface ErrorBody {
  code: string;
  message: string;
  param?: string;
  violations?: Violation[];
  [key: string]: unknown;
}

export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly param: string | undefined;
  readonly body: ErrorBody;
  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.param = body.param;
    this.body = body;
  }
}

let csrfToken: string | undefined;
let onUnauthenticated: (() => void) | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when any request answers 401 (session expired or logged out elsewhere). */
export function setUnauthenticatedHandler(handler: (() => void) | undefined): void {
  onUnauthenticated = handler;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '' && v !== false) params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Sent as-is (e.g. CSV text) with this content type instead of JSON. */
  rawBody?: { text: string; contentType: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let body: string | undefined;
  if (opts.rawBody) {
    headers['content-type'] = opts.rawBody.contentType;
    body = opts.rawBody.text;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal ?? null,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiFailure(0, {
      code: 'network_error',
      message: 'Refundry could not be reached. Check your connection and try again.',
    });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = (json as { error?: ErrorBody } | undefined)?.error ?? {
      code: `http_${res.status}`,
      message: `The server answered ${res.status} ${res.statusText}.`,
    };
    if (res.status === 401 && !path.startsWith('/auth/')) onUnauthenticated?.();
    throw new ApiFailure(res.status, err);
  }
  return json as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) =>
  request<T>('GET', path, { query, ...(signal ? { signal } : {}) });
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
  request<T>('POST', path, { body: body ?? {}, ...(headers ? { headers } : {}) });
export const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, { body });
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, { body });
export const del = <T>(path: string) => request<T>('DELETE', path);

/** A fresh random key per form submission, sent as Idempotency-Key: a double submit refunds once. */
export function newIdempotencyKey(): string {
  return `dash_${crypto.randomUUID()}`;
}

// ---- Shapes returned by the service (snake_case, as the REST API sends them) ----

export type Role = 'viewer' | 'agent' | 'approver' | 'admin';
export type Scope =
  | 'payments:write'
  | 'payments:read'
  | 'refunds:read'
  | 'refunds:write'
  | 'refunds:approve'
  | 'admin';

export interface User {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

export interface Session {
  user: User;
  scopes: Scope[];
  csrf_token: string;
  /** The policy lets people approve refunds they requested themselves (off: four eyes). */
  allow_self_approval?: boolean;
}

export interface List<T> {
  object: 'list';
  data: T[];
  has_more?: boolean;
}

// The service's wire shapes, from the types generated from its OpenAPI document
// (src/client/schema.ts: types only, no server code), so the dashboard never retypes them by hand.
type Schemas = components['schemas'];
export type Payment = Schemas['Payment'];
/** A connected account Refundry knows (GET /api/v1/connect/accounts). */
export type ConnectedAccount = Schemas['ConnectedAccount'];
/** A broken policy rule: the service's English `message`, and the facts to word it in the page's locale. */
export type Violation = Schemas['Violation'];
export type Eligibility = Schemas['Eligibility'];
/** What a refund would take back of a Connect payment (on eligibility answers). */
export type ConnectVerdict = NonNullable<Eligibility['connect']>;
/** Why a refund waits for an approver (the service's policy decides; words.ts says it in words). */
export type ApprovalReason = Schemas['Refund']['approval_reasons'][number];
export type HistoryEntry = Schemas['RefundHistoryEntry'];
/**
 * A refund as lists answer it (with `expand=payment`, its payment) and as GET /refunds/:id answers it
 * (with its timeline, emails and payment): the detail's fields are there on the refund page only.
 */
export type Refund = Schemas['Refund'] &
  Partial<Omit<Schemas['RefundDetail'], keyof Schemas['Refund'] | 'payment'>> & { payment?: Payment | null };
export type CustomerEmail = Schemas['RefundDetail']['emails'][number];

// The closed set of statuses, from the server's state machine (a module with no server code).
export { FINAL_STATUSES, REFUND_STATUSES } from '../../src/refunds/refund-states.ts';
export type { RefundStatus };

// The reasons, from the server's module (no server code either), in the dashboard's order: the
// usual one first, then the others as the server lists them.
export const REFUND_REASONS: readonly RefundReason[] = [
  DEFAULT_REFUND_REASON,
  ...SERVER_REFUND_REASONS.filter((r) => r !== DEFAULT_REFUND_REASON),
];
export { DEFAULT_REFUND_REASON, type RefundReason };
