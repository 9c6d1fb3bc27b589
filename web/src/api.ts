// The dashboard's only door to the service: same-origin fetch with the session cookie, the CSRF
// token on unsafe methods, and the service's error objects turned into ApiFailure. The dashboard
// has no powers of its own: every call goes through the same /api/v1 routes and policy as API keys.

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

export interface Payment {
  id: string;
  stripe_payment_intent_id: string | null;
  stripe_charge_id: string | null;
  order_id: string | null;
  customer_id: string | null;
  customer_email: string | null;
  amount: number;
  currency: string;
  captured_at: string;
  fraud_flagged: boolean;
  /** Stripe's facts: its customer, what it counts as refunded, a dispute. */
  stripe_customer_id?: string | null;
  stripe_amount_refunded?: number;
  disputed?: boolean;
  amount_captured: number;
  amount_refunded: number;
  amount_in_flight: number;
  amount_refundable: number;
  created_at: string;
  // Stripe Connect (platforms): where the charge lives and its fee and transfer, from Stripe.
  charge_type?: 'platform' | 'destination' | 'direct';
  stripe_account?: string | null;
  connected_account?: string | null;
  application_fee?: { id: string; amount: number; amount_refunded: number } | null;
  transfer?: { id: string; destination: string; amount: number; amount_reversed: number } | null;
}

/** A connected account Refundry knows (GET /api/v1/connect/accounts). */
export interface ConnectedAccount {
  id: string;
  name: string | null;
  country: string | null;
  default_currency: string | null;
}

/** What a refund would take back of a Connect payment (on eligibility answers). */
export interface ConnectVerdict {
  reverse_transfer: boolean;
  refund_application_fee: boolean;
  transfer_share: number;
  transfer_left: number | null;
  uncovered: number;
  fee_share: number;
  needs_approval: boolean;
}

/** A broken policy rule: the service's English `message`, and the facts to word it in the page's locale. */
export interface Violation {
  code: string;
  message: string;
  param?: string;
  currency?: string;
  /** Minor units. */
  amount?: number;
  remaining?: number;
  captured_days_ago?: number;
  refund_window_days?: number;
  requested_currency?: string;
  reason?: string;
}

/** Why a refund waits for an approver (the service's policy decides; words.ts says it in words). */
export type ApprovalReason = 'above_threshold' | 'fraud_flagged' | 'transfer_uncovered';

export interface Eligibility {
  object: 'eligibility';
  payment_id: string;
  eligible: boolean;
  currency: string;
  refundable_amount: number;
  needs_approval_above: number;
  /** Present when the request named an amount. */
  amount?: number;
  needs_approval?: boolean;
  /** Why it must wait for an approver: above the threshold, a fraud-flagged payment, a transfer that cannot cover its share. */
  approval_reasons?: ApprovalReason[];
  violations: Violation[];
  /** Connect payments: the transfer and fee this refund would take back. */
  connect?: ConnectVerdict | null;
}

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

export interface HistoryEntry {
  from: RefundStatus | null;
  to: RefundStatus;
  actor: string;
  /** The actor's display name ('Ada Admin', 'API key shop', 'Refundry worker'), and a person's email. */
  actor_name?: string | null;
  actor_email?: string | null;
  reason: string | null;
  stripe_refund_id: string | null;
  stripe_event_id?: string | null;
  at: string;
}

export interface Refund {
  id: string;
  payment_id: string;
  amount: number;
  currency: string;
  reason: RefundReason;
  note: string | null;
  status: RefundStatus;
  origin: string;
  requested_by: string;
  customer_token: string | null;
  stripe_refund_id: string | null;
  failure_code: string | null;
  failure_message: string | null;
  attempts: number;
  approved_by: string | null;
  approved_at: string | null;
  /** Why it waits (or waited) for an approver, as decided when it was accepted. */
  approval_reasons?: ApprovalReason[];
  requested_by_name?: string | null;
  requested_by_email?: string | null;
  approved_by_name?: string | null;
  approved_by_email?: string | null;
  /** "Try again": the failed refund this one retries; on GET /refunds/:id, the retry of this one. */
  retry_of?: string | null;
  retried_as?: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  final_at: string | null;
  history?: HistoryEntry[];
  /** On GET /refunds/:id: the failure in plain words, and the customer emails about it. */
  failure_text?: string | null;
  emails?: CustomerEmail[];
  /** On GET /refunds/:id, and on lists with expand=payment. */
  payment?: Payment | null;
  // Stripe Connect: what the refund asked, and the reversal and fee refund Stripe made.
  reverse_transfer?: boolean;
  refund_application_fee?: boolean;
  transfer_reversal?: { id: string; amount: number | null } | null;
  fee_refund?: { id: string; amount: number | null } | null;
}

export interface CustomerEmail {
  id: string;
  kind: 'refund_succeeded' | 'refund_failed' | string;
  to: string;
  /** pending: queued or waiting to retry; failed: given up. */
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  queued_at: string;
  sent_at: string | null;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  last_error: string | null;
}
